"""Build a realistic benchmark workspace from ../shared/data/ko-en-news in one process.

Run: `.venv/bin/python benchmarks/make_workspace.py --articles 400 --out /tmp/ws400 [--seed 1] [--profile]`.
Each article is about 25 consecutive news lines: ingested, translated, edited by two editors, approved.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from workflow.init import init_workspace
from workflow.steps.signoff import approve
from workflow.steps.source import ingest
from workflow.steps.target import record, translate
from workflow.workspace import Workspace, write_atomic

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ko-en-news"
UNITS = 25
ROSTER = """
[people.reporter]
name = "Park Minseo"
roles = ["reporter"]

[people.cslee]
name = "Claire Shinyoung Oh Lee"
roles = ["translator"]

[people.jkang]
name = "Jisoo Kang"
roles = ["translator"]

[people.ewhong]
name = "Eugene Whong"
roles = ["editor"]

[people.mfoster]
name = "Malcolm Foster"
roles = ["editor"]

[people.rdavis]
name = "Rachel Davis"
roles = ["editor", "copy editor"]
"""
TRANSLATORS = ("cslee", "jkang")
EDITORS = ("ewhong", "mfoster", "rdavis")
SYNONYMS = {"said": "stated", "government": "administration", "officials": "authorities", "big": "large",
            "also": "additionally", "would": "will", "will": "would", "people": "residents", "new": "fresh"}
CLAUSES = (", officials said", ", according to the report", ", the agency added", " last week")


@dataclass(frozen=True, slots=True)
class Corpus:
    """The parallel news lines: Korean and English, one sentence pair a line."""

    ko: tuple[str, ...]
    en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds spent per step over the whole build."""

    ingest: float
    translate: float
    edit: float
    approve: float


def load_corpus(folder: Path = DATA) -> Corpus:
    """The dev.ko/dev.en pairs; a clear error when ../shared/data is absent."""
    ko, en = folder / "dev.ko", folder / "dev.en"
    if not ko.is_file() or not en.is_file():
        sys.exit(f"{folder}: dev.ko/dev.en not found; the benchmark needs ../shared/data/ko-en-news beside the repo")
    pairs = [(k.strip(), e.strip()) for k, e in zip(ko.read_text("utf-8").splitlines(),
                                                    en.read_text("utf-8").splitlines()) if k.strip() and e.strip()]
    return Corpus(tuple(k for k, _ in pairs), tuple(e for _, e in pairs))


def article_lines(corpus: Corpus, index: int, seed: int) -> tuple[list[str], list[str]]:
    """`UNITS` consecutive pairs for article `index`, wrapping around the corpus, offset by seed."""
    size = len(corpus.ko)
    start = (seed * 97 + index * UNITS) % size
    picks = [(start + i) % size for i in range(UNITS)]
    return [corpus.ko[i] for i in picks], [corpus.en[i] for i in picks]


def headline(sentence: str) -> str:
    """A short title from the article's first English sentence."""
    return " ".join(sentence.split()[:8]).rstrip(",.;:")


def replace_word(text: str, rng: random.Random) -> str:
    """An editor's word choice: the first word with a synonym in a random paragraph changes."""
    paragraphs = text.split("\n\n")
    for p in rng.sample(range(len(paragraphs)), len(paragraphs)):
        words = paragraphs[p].split(" ")
        for i, word in enumerate(words):
            if word in SYNONYMS:
                words[i] = SYNONYMS[word]
                paragraphs[p] = " ".join(words)
                return "\n\n".join(paragraphs)
    return add_clause(text, rng)


def add_clause(text: str, rng: random.Random) -> str:
    """An editor's addition: a clause before the final full stop of a random paragraph."""
    paragraphs = text.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs) if p.endswith(".")]
    p = rng.choice(candidates) if candidates else len(paragraphs) - 1
    body = paragraphs[p].rstrip()
    stop = body[-1] if body.endswith(".") else ""
    paragraphs[p] = body[: len(body) - len(stop)] + rng.choice(CLAUSES) + (stop or ".")
    return "\n\n".join(paragraphs)


def drop_word(text: str, rng: random.Random) -> str:
    """A copy editor's cut: one word from the middle of a random long paragraph."""
    paragraphs = text.split("\n\n")
    p = rng.randrange(len(paragraphs))
    words = paragraphs[p].split(" ")
    if len(words) > 6:
        del words[rng.randrange(2, len(words) - 2)]
        paragraphs[p] = " ".join(words)
    return "\n\n".join(paragraphs)


def make_workspace(out: Path, articles: int, seed: int = 1, corpus: Corpus | None = None) -> Timings:
    """Build the workspace at `out` (which must not hold one yet); return seconds per step."""
    corpus = corpus or load_corpus()
    root = init_workspace(out)
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    ws = Workspace(root)
    people = {p.id: p for p in ws.config.people}
    rng = random.Random(seed)
    spent = {"ingest": 0.0, "translate": 0.0, "edit": 0.0, "approve": 0.0}
    drafts = root / ".drafts"
    drafts.mkdir(exist_ok=True)
    for index in range(articles):
        slug = f"news-{index + 1:04d}"
        ko, en = article_lines(corpus, index, seed)
        ko_file, en_file = drafts / f"{slug}.ko.md", drafts / f"{slug}.en.md"
        ko_file.write_text("\n\n".join(ko) + "\n", encoding="utf-8")
        en_file.write_text("\n\n".join(en) + "\n", encoding="utf-8")
        first, second = rng.sample(EDITORS, 2)
        steps = (
            ("ingest", lambda: ingest(ws, ko_file, slug, people["reporter"], title=headline(en[0]))),
            ("translate", lambda: translate(ws, slug, en_file, people[rng.choice(TRANSLATORS)])),
            ("edit", lambda: edit(ws, slug, people[first], lambda t: replace_word(add_clause(t, rng), rng))),
            ("edit", lambda: edit(ws, slug, people[second], lambda t: drop_word(replace_word(t, rng), rng))),
            ("approve", lambda: approve(ws, slug, people[second])),
        )
        for name, step in steps:
            start = time.perf_counter()
            step()
            spent[name] += time.perf_counter() - start
        ko_file.unlink()
        en_file.unlink()
    drafts.rmdir()
    return Timings(**spent)


def edit(ws: Workspace, slug: str, person, change) -> None:  # type: ignore[no-untyped-def]
    """Change en.md as an editor would and record it with `byline record`'s library call."""
    path = ws.target_file(slug)
    write_atomic(path, change(path.read_text("utf-8")))
    record(ws, slug, person, note="edit pass")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="Print the top functions by cumulative time.")
    options = parser.parse_args()
    if (options.out / "byline.toml").exists():
        sys.exit(f"{options.out}: already holds a workspace; choose a new --out folder")
    start = time.perf_counter()
    if options.profile:
        import cProfile  # noqa: PLC0415
        import pstats  # noqa: PLC0415

        profiler = cProfile.Profile()
        timings = profiler.runcall(make_workspace, options.out, options.articles, options.seed)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        timings = make_workspace(options.out, options.articles, options.seed)
    total = time.perf_counter() - start
    steps = "  ".join(f"{name} {seconds:.1f}s" for name, seconds in vars_of(timings).items())
    print(f"{options.articles} articles ({options.articles * UNITS} units) in {total:.1f}s  [{steps}]")


def vars_of(timings: Timings) -> dict[str, float]:
    """The per-step seconds as a name → seconds mapping (slotted dataclasses have no __dict__)."""
    return {name: getattr(timings, name) for name in Timings.__slots__}


if __name__ == "__main__":
    main()
