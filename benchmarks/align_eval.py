"""Measure the sentence aligner on ko-en-news: link precision, recall, F1, confidence and speed.

Documents are 25 consecutive line pairs; gold links every Korean sentence of a
line to every English sentence of the same line. Folds are those of
benchmarks/folds.py. The aligner's defaults were chosen on all four folds
(`align_tune.py --every-fold`), so every fold figure printed here is tuned on:
it compares systems and conditions. The figures that count are those of a
tuning that never saw the fold (`align_tune.py --rotations`, k-fold) and
those on unseen documents (`--unseen`, e.g. the corpus's test split).

Three conditions, each made from every document with a seed of its own:
- clean: the document as it is;
- free: one English line deleted and one sentence of another document's
  English inserted (an omission and an addition);
- swap: two pairs of adjacent English lines trade places (gold follows them),
  as when a translator moves a sentence earlier in a paragraph.

Confidence: a unit is wrong when its links differ from gold for its sentences;
the low-confidence flag (confidence below 0.5, what the views mark "check")
is scored against those errors.

The speed figures at the end are benchmarks/align_speed.py's.

Run: python benchmarks/align_eval.py [--unseen KO EN] [--speed-only | --no-speed] [--system NAME]...
  --unseen KO EN: also report on another line-aligned pair of files (every
  document counts as unseen), e.g. the corpus's test split kept elsewhere.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import align_speed
import folds

from workflow.text.align import Bead, Lexicon, align_sentences
from workflow.text.embed import Embedder
from workflow.text.evidence import EvidenceModel
from workflow.text.segment import split_english, split_korean
from workflow.text.vectorcache import VectorCache

LOW_CONFIDENCE = 0.5
Line = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Document:
    """Sentences of both sides and the gold links between them."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    gold: frozenset[tuple[int, int]]
    lines: tuple[Line, ...]  # per line, in source order: (ko sentences, en sentences)


def sentences(text: str, spans: list) -> tuple[str, ...]:  # type: ignore[type-arg]
    """The sentence texts of a line (the whole line if the splitter finds none)."""
    return tuple(text[span.start : span.end] for span in spans) or (text,)


def load_documents(pairs: Sequence[tuple[str, str]]) -> list[Document]:
    """Documents of 25 line pairs, sentence-segmented per line (a last short document is dropped)."""
    lines = [(sentences(ko, split_korean(ko)), sentences(en, split_english(en))) for ko, en in pairs]
    size = folds.LINES_PER_DOC
    return [build(lines[start : start + size]) for start in range(0, len(lines) - size + 1, size)]


def build(lines: Sequence[Line], order: Sequence[int] | None = None, foreign: frozenset[int] = frozenset()) -> Document:
    """A document from per-line sentences.

    The English of the lines comes in `order` (default: the lines' own order);
    lines whose index is in `foreign` have no gold links.
    """
    order = list(range(len(lines))) if order is None else list(order)
    source: list[str] = []
    ko_ids = []
    for ko, _ in lines:
        ko_ids.append(range(len(source), len(source) + len(ko)))
        source.extend(ko)
    target: list[str] = []
    en_ids: dict[int, range] = {}
    for index in order:
        en = lines[index][1]
        en_ids[index] = range(len(target), len(target) + len(en))
        target.extend(en)
    gold = {
        (s, t)
        for index in range(len(lines))
        if index not in foreign
        for s in ko_ids[index]
        for t in en_ids[index]
    }
    return Document(tuple(source), tuple(target), frozenset(gold), tuple(lines))


def free(doc: Document, other: Document, seed: int) -> Document:
    """Delete one English line and insert one English sentence from another document."""
    rng = random.Random(seed)
    lines = list(doc.lines)
    dropped = rng.randrange(len(lines))
    lines[dropped] = (lines[dropped][0], ())
    intruder = rng.choice(other.target)
    position = rng.randrange(len(lines) + 1)
    lines.insert(position, ((), (intruder,)))
    return build(lines, foreign=frozenset({position}))


def swap(doc: Document, seed: int) -> Document:
    """Two pairs of adjacent English lines trade places; gold follows the lines."""
    rng = random.Random(seed)
    n = len(doc.lines)
    first = rng.randrange(n - 1)
    second = rng.choice([p for p in range(n - 1) if abs(p - first) >= 2])
    order = list(range(n))
    for p in (first, second):
        order[p], order[p + 1] = order[p + 1], order[p]
    return build(doc.lines, order)


CONDITIONS = ("clean", "free", "swap")


def conditions(docs: list[Document]) -> dict[str, list[Document]]:
    """Each document under each condition; seeds are the document's index."""
    return {
        "clean": docs,
        "free": [free(doc, docs[(k + 7) % len(docs)], seed=k) for k, doc in enumerate(docs)],
        "swap": [swap(doc, seed=1000 + k) for k, doc in enumerate(docs)],
    }


# --- scoring ------------------------------------------------------------------------


def links(beads: Sequence[Bead]) -> set[tuple[int, int]]:
    """Every (source, target) pair that a bead joins."""
    return {(s, t) for bead in beads for s in bead.source for t in bead.target}


def prf(predicted: Sequence[set[tuple[int, int]]], docs: Sequence[Document]) -> tuple[float, float, float]:
    """Micro-averaged link precision, recall and F1."""
    hits = sum(len(p & d.gold) for p, d in zip(predicted, docs, strict=True))
    found = sum(len(p) for p in predicted)
    gold = sum(len(d.gold) for d in docs)
    precision, recall = (hits / found if found else 0.0), hits / gold
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def unit_errors(beads: Sequence[Bead], doc: Document) -> list[bool]:
    """For each bead, whether its links differ from gold for the sentences it holds."""
    result = []
    for bead in beads:
        touching = {(s, t) for s, t in doc.gold if s in bead.source or t in bead.target}
        result.append(touching != {(s, t) for s in bead.source for t in bead.target})
    return result


def flag_quality(outputs: Sequence[Sequence[Bead]], docs: Sequence[Document]) -> tuple[float, float, int, int]:
    """Precision and recall of `confidence < LOW_CONFIDENCE` against wrong units; units, errors."""
    flagged = hits = errors = units = 0
    for beads, doc in zip(outputs, docs, strict=True):
        for bead, wrong in zip(beads, unit_errors(beads, doc), strict=True):
            low = bead.confidence < LOW_CONFIDENCE
            units += 1
            flagged += low
            errors += wrong
            hits += low and wrong
    return (hits / flagged if flagged else 1.0), (hits / errors if errors else 1.0), units, errors


# --- reference: Gale–Church, length only -------------------------------------------

GALE_CHURCH_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}


def gale_church(source: Sequence[str], target: Sequence[str], model: EvidenceModel) -> list[Bead]:
    """The classic length-only aligner with the fitted ko→en ratio and variance."""
    def length(text: str) -> int:
        return sum(1 for char in text if not char.isspace())

    def cost(ko: int, en: int, shape: tuple[int, int]) -> float:
        prior = -math.log(GALE_CHURCH_PRIORS[shape])
        if not ko or not en:
            return prior
        delta = abs(en - ko * model.ratio) / math.sqrt(ko * model.variance)
        return prior - math.log(max(math.erfc(delta / math.sqrt(2)), 1e-300))

    ko_len = [length(text) for text in source]
    en_len = [length(text) for text in target]
    n, m = len(source), len(target)
    table: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    for i in range(n + 1):
        for j in range(m + 1):
            options = [
                (table[(i - di, j - dj)][0] + cost(sum(ko_len[i - di : i]), sum(en_len[j - dj : j]), (di, dj)),
                 (di, dj))
                for di, dj in GALE_CHURCH_PRIORS
                if (i - di, j - dj) in table
            ]
            if options and (i, j) != (0, 0):
                table[(i, j)] = min(options)
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = table[(i, j)][1]  # type: ignore[misc]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), 1.0))
        i, j = i - di, j - dj
    return beads[::-1]


# --- report ----------------------------------------------------------------------------


def line_pairs(docs: Sequence[Document]) -> list[tuple[str, str]]:
    """(Korean, English) text of every line of the documents: the fitting data."""
    return [(" ".join(ko), " ".join(en)) for doc in docs for ko, en in doc.lines if ko and en]


System = Callable[[Document], Sequence[Bead]]


def report(name: str, system: System, by_condition: dict[str, list[Document]], groups: dict[str, list[int]]) -> None:
    """One line per condition and fold group: P, R, F1, and the low-confidence flag's P/R."""
    for condition in CONDITIONS:
        corpus = by_condition[condition]
        outputs = [system(doc) for doc in corpus]
        for label, chosen in groups.items():
            docs = [corpus[k] for k in chosen]
            out = [outputs[k] for k in chosen]
            p, r, f = prf([links(beads) for beads in out], docs)
            fp, fr, units, errors = flag_quality(out, docs)
            print(f"{name:30} {condition:6} {label:22} {p:.3f}  {r:.3f}  {f:.3f}   "
                  f"flag P {fp:.2f} R {fr:.2f} ({errors} wrong of {units} units)")


SYSTEMS = ("gale-church (length only)", "byline, new workspace", "byline, monotonic", "byline")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unseen", nargs=2, metavar=("KO", "EN"), type=Path,
                        help="also report on these line-aligned files (every document unseen)")
    parser.add_argument("--speed-only", action="store_true", help="print only the speed figures")
    parser.add_argument("--cache", type=Path, help="a vector cache file to reuse between runs (quality figures only)")
    parser.add_argument("--system", action="append", choices=SYSTEMS,
                        help="report only this system (repeatable; default: every one)")
    parser.add_argument("--no-speed", action="store_true", help="leave out the speed figures")
    args = parser.parse_args()
    if not (folds.DATA / "dev.ko").exists():
        print(f"skipped: no corpus at {folds.DATA}")
        return 0
    docs = load_documents(folds.read_pairs())
    dev, held = folds.documents(folds.DEV_FOLDS, len(docs)), folds.documents(folds.HELD_OUT_FOLDS, len(docs))
    fit_docs = [docs[k] for k in dev]
    model = EvidenceModel.fit(line_pairs(fit_docs))
    lexicon = Lexicon.from_pairs(line_pairs(fit_docs))
    embedder = Embedder(VectorCache(str(args.cache)) if args.cache else None)
    systems: dict[str, System] = {
        "gale-church (length only)": lambda d: gale_church(d.source, d.target, model),
        "byline, new workspace": lambda d: align_sentences(d.source, d.target, embedder=embedder, crossing=True),
        "byline, monotonic": lambda d: align_sentences(d.source, d.target, lexicon, embedder=embedder),
        "byline": lambda d: align_sentences(d.source, d.target, lexicon, embedder=embedder, crossing=True),
    }
    assert tuple(systems) == SYSTEMS
    systems = {name: system for name, system in systems.items() if not args.system or name in args.system}
    held_docs = [(docs[k].source, docs[k].target) for k in held[:10]]
    if args.speed_only:
        align_speed.report(held_docs)
        return 0
    print(f"corpus: {folds.DATA} ({len(docs)} documents of {folds.LINES_PER_DOC} line pairs)")
    print(f"folds: {folds.FOLDS} of {folds.DOCS_PER_FOLD} documents; dev folds {folds.DEV_FOLDS} "
          f"(documents {dev[0]}-{dev[-1]}), held-out folds {folds.HELD_OUT_FOLDS} (documents {held[0]}-{held[-1]})")
    print(f"fitted on the dev folds: length ratio {model.ratio:.3f}, variance {model.variance:.3f}, "
          f"lexicon of {len(lexicon.translations)} Korean terms")
    print("byline: the shipped weights (chosen on all four folds by align_tune.py --every-fold), the dev folds'")
    print("lexicon as a workspace would have learnt it, crossing units allowed; 'new workspace': no learnt lexicon.")
    print("Every fold below was tuned on: for untuned figures see align_tune.py --rotations, and --unseen here.")
    by_condition = conditions(docs)
    groups = {"folds 2-3 (tuned on)": held, "folds 0-1 (tuned on)": dev}
    print(f"\n{'system':30} {'cond':6} {'folds':22} P      R      F1")
    for name, system in systems.items():
        report(name, system, by_condition, groups)
    if args.unseen:
        ko_lines, en_lines = (path.read_text(encoding="utf-8").splitlines() for path in args.unseen)
        unseen = load_documents(list(zip(ko_lines, en_lines, strict=True)))
        print(f"\nunseen: {args.unseen[0]} ({len(unseen)} documents)")
        for name, system in systems.items():
            report(name, system, conditions(unseen), {"unseen": list(range(len(unseen)))})
    if not args.no_speed:
        print()
        align_speed.report(held_docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
