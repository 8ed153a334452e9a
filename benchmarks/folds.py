"""The one fold scheme that the corpus benchmarks tune and report on.

The ko-en-news dev split (1,000 line pairs) is cut into documents of 25
consecutive lines (40 documents), and the documents into 4 folds of 10
consecutive documents. Consecutive lines come from the same stories, so folds
are contiguous: a story that spans two documents stays on one side of the cut.

- **dev folds** (0 and 1, documents 0-19, lines 1-500): what any benchmark may
  fit statistics and tune weights on. The aligner's shipped defaults were
  chosen there; so are the checks' thresholds.
- **held-out folds** (2 and 3, documents 20-39, lines 501-1000): what the
  figures are reported on. Nothing is tuned on them.

`rotations()` gives the k-fold cross-validation pairs (tune on the other
three folds, report on the one left out, once for each fold) for re-running a
tuning procedure: every fold is reported by a tuning that never saw it, so
the mean over the rotations shows that the procedure generalises rather than
that one split was lucky.

benchmarks/ is not a package: scripts in this folder import it as `folds`
(their own folder is on sys.path); tests load it by path.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ko-en-news"
LINES_PER_DOC = 25
DOCS_PER_FOLD = 10
FOLDS = 4
DEV_FOLDS = (0, 1)
HELD_OUT_FOLDS = (2, 3)


def fold_of(document: int) -> int:
    """The fold a document (0-based, in corpus order) belongs to."""
    return document // DOCS_PER_FOLD


def documents(folds: tuple[int, ...], count: int = FOLDS * DOCS_PER_FOLD) -> list[int]:
    """The indices of the documents in `folds`, in corpus order."""
    return [doc for doc in range(count) if fold_of(doc) in folds]


def rotations() -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(tune folds, report fold) pairs, leave one fold out: each fold is reported by a tuning that never saw it."""
    return [(tuple(fold for fold in range(FOLDS) if fold != out), (out,)) for out in range(FOLDS)]


def read_pairs(folder: Path = DATA, stem: str = "dev") -> list[tuple[str, str]]:
    """(Korean, English) line pairs of `<stem>.ko` and `<stem>.en` in `folder`."""
    ko = (folder / f"{stem}.ko").read_text(encoding="utf-8").splitlines()
    en = (folder / f"{stem}.en").read_text(encoding="utf-8").splitlines()
    if len(ko) != len(en):
        raise SystemExit(f"{folder}/{stem}.ko has {len(ko)} lines but {stem}.en has {len(en)}: "
                         "they must pair line by line")
    return list(zip(ko, en, strict=True))
