"""Build a realistic archive-size benchmark workspace from ../shared/data/ko-en-news.

Run: `.venv/bin/python benchmarks/make_workspace.py --articles 2000 --out /tmp/ws2000 [--seed 1] [--workers N]
[--profile]`.

Each article is 25 consecutive news lines. It is ingested, translated, edited by two editors and approved; most
are then published, and the rest of an archive's life is mixed in by article number (`LIVES`): machine
translations, stories waiting for approval, Korean corrected after publication (stale units), corrections and
re-publications, and sources never translated. Events are dated along one year, so `--since` has something to
select.

The steps are byline's own library calls, so every ledger is a real one that `byline verify` passes. Three
things make an archive build in minutes rather than hours (DESIGN.md, "Speed targets' conditions"):

- translations come as PO pairs, one unit per corpus line, so nothing is aligned;
- the Korean segmenter's answer for a paragraph is kept for the next article with the same paragraph;
- a scratch workspace needs no durability: fsync is skipped while building, and one `os.sync` ends the build.

Articles are built in worker processes (one per core by default), each writing its own articles' folders.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from workflow.init import init_workspace
from workflow.model.replay import load
from workflow.steps.signoff import approve
from workflow.steps.source import ingest
from workflow.steps.target import record, translate
from workflow.workspace import Workspace, write_atomic

DATA_PARTS = ("shared", "data", "ko-en-news")
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
MACHINE = "mt:deepl"
SYNONYMS = {"said": "stated", "government": "administration", "officials": "authorities", "big": "large",
            "also": "additionally", "would": "will", "will": "would", "people": "residents", "new": "fresh"}
CLAUSES = (", officials said", ", according to the report", ", the agency added", " last week")
# What happens to article number i is LIVES[i % len(LIVES)]: the words name the steps after the ingest.
#   translate/mt: a person's translation, or a machine's run by a translator; edit: one editor's pass
#   approve/publish: sign-off and publication; korean: the Korean corrected afterwards (units go stale)
#   correct: the English corrected to match, then published again
LIVES = (
    "translate edit edit approve publish",
    "translate edit edit approve",
    "mt edit edit approve publish",
    "translate edit edit approve publish korean",
    "translate edit",
    "translate edit edit approve publish",
    "mt edit",
    "translate edit edit approve publish korean correct approve publish",
    "translate edit edit approve publish",
    "translate edit edit approve publish",
    "translate edit edit approve publish",
    "mt edit edit approve publish",
    "translate edit edit approve publish",
    "translate edit edit approve",
    "translate edit edit approve publish korean",
    "translate edit edit approve publish",
    "mt",
    "translate edit edit approve publish",
    "translate edit edit approve publish",
    "",
)
START = 1767225600  # 2026-01-01T00:00:00Z: the year the archive's events fall in
YEAR = 365 * 86400
STEP = 5400  # 90 minutes between one article's steps


@dataclass(frozen=True, slots=True)
class Corpus:
    """The parallel news lines: Korean and English, one sentence pair a line."""

    ko: tuple[str, ...]
    en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds spent per step over the whole build (summed over the workers)."""

    ingest: float
    translate: float
    edit: float
    approve: float
    publish: float
    correct: float


def find_data() -> Path:
    """../shared/data/ko-en-news beside the repository, or beside a folder above it (a git worktree's)."""
    here = Path(__file__).resolve().parents[1]
    for folder in here.parents:
        candidate = folder.joinpath(*DATA_PARTS)
        if candidate.is_dir():
            return candidate
    return here.parent.joinpath(*DATA_PARTS)


def load_corpus(folder: Path | None = None) -> Corpus:
    """The dev.ko/dev.en pairs; a clear error when ../shared/data is absent."""
    folder = folder or find_data()
    ko, en = folder / "dev.ko", folder / "dev.en"
    if not ko.is_file() or not en.is_file():
        sys.exit(f"{folder}: dev.ko/dev.en not found; the benchmark needs ../shared/data/ko-en-news beside the repo")
    lines = zip(ko.read_text("utf-8").splitlines(), en.read_text("utf-8").splitlines(), strict=True)
    pairs = [(k.strip(), e.strip()) for k, e in lines if k.strip() and e.strip()]
    return Corpus(tuple(k for k, _ in pairs), tuple(e for _, e in pairs))


def article_lines(corpus: Corpus, index: int, seed: int) -> tuple[list[str], list[str]]:
    """`UNITS` consecutive pairs for article `index`, wrapping around the corpus, offset by seed.

    Each pass over the corpus starts one line later than the one before, so a large archive does not repeat
    the same few dozen articles.
    """
    size = len(corpus.ko)
    start = (seed * 97 + index * UNITS + index // max(1, size // UNITS)) % size
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


def correct_korean(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    """A desk's correction of the Korean: a number in one line goes up by one (or a word is added); which line."""
    order = rng.sample(range(len(lines)), len(lines))
    for i in order:
        match = re.search(r"\d+", lines[i])
        if match:
            fixed = lines[i][: match.start()] + str(int(match.group()) + 1) + lines[i][match.end():]
            return [*lines[:i], fixed, *lines[i + 1:]], i
    i = order[0]
    return [*lines[:i], "다시 " + lines[i], *lines[i + 1:]], i


def _first_pass(text: str, rng: random.Random) -> str:
    """The first editor's pass: a clause added, then a word replaced."""
    return replace_word(add_clause(text, rng), rng)


def _second_pass(text: str, rng: random.Random) -> str:
    """The second editor's pass: a word replaced, then one cut."""
    return drop_word(replace_word(text, rng), rng)


def correct_english(text: str, line: int) -> str:
    """The English correction that follows the Korean one: a note on the corrected paragraph."""
    paragraphs = text.split("\n\n")
    line = min(line, len(paragraphs) - 1)
    paragraphs[line] = paragraphs[line].rstrip() + " (Corrected.)"
    return "\n\n".join(paragraphs)


def po_text(state, english: list[str], paragraphs: list[tuple[int, int]]) -> str:
    """A translation as PO pairs: each corpus line's English against the source segments of its paragraph."""
    from workflow.formats.po import Entry, write

    entries = []
    for (start, end), target in zip(paragraphs, english, strict=True):  # a corpus line a paragraph
        sources = [s.id for s in state.segments if start <= s.start < end]
        entries.append(Entry("+".join(sources), state.source_text[start:end], target))
    return write(entries, {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"})


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each blank-line-separated paragraph of the ingested Korean."""
    spans, pos = [], 0
    for paragraph in text.split("\n\n"):
        spans.append((pos, pos + len(paragraph)))
        pos += len(paragraph) + 2
    return spans


class Builder:
    """One worker's share of the build: the workspace, its people, and the seconds spent per step."""

    def __init__(self, root: Path, corpus: Corpus, seed: int, total: int) -> None:
        self.ws = Workspace(root)
        self.people = {p.id: p for p in self.ws.config.people}
        self.corpus = corpus
        self.seed = seed
        self.total = total
        self.spent = dict.fromkeys(Timings.__slots__, 0.0)
        self.drafts = root / ".drafts"

    def article(self, index: int) -> None:
        """Build article number `index` (0-based) through the steps its life names."""
        slug = f"news-{index + 1:04d}"
        rng = random.Random(self.seed * 1_000_003 + index)
        ko, en = article_lines(self.corpus, index, self.seed)
        clock = iter(range(START + index * (YEAR - 30 * 86400) // max(1, self.total), 2**40, STEP))
        life = LIVES[index % len(LIVES)].split()
        ko_file = self.drafts / f"{slug}.ko.md"
        translator = self.people[rng.choice(TRANSLATORS)]
        first, second = (self.people[p] for p in rng.sample(EDITORS, 2))
        editors = iter((first, second, second))
        corrected_line = 0

        self._step("ingest", clock, self._ingest, slug, ko_file, ko, headline(en[0]))
        for word in life:
            if word in ("translate", "mt"):
                origin = MACHINE if word == "mt" else "human"
                self._step("translate", clock, self._translate, slug, translator, en, origin)
            elif word == "edit":
                who = next(editors)
                change = partial(_first_pass, rng=rng) if who is first else partial(_second_pass, rng=rng)
                self._step("edit", clock, self._edit, slug, who, change, "edit", "edit pass")
            elif word == "approve":
                self._step("approve", clock, approve, self.ws, slug, second)
            elif word == "publish":
                self._step("publish", clock, self._publish, slug, second)
            elif word == "korean":
                ko, corrected_line = correct_korean(ko, rng)
                self._step("ingest", clock, self._ingest, slug, ko_file, ko, None, "Korean corrected")
            elif word == "correct":
                self._step("correct", clock, self._edit, slug, second, partial(correct_english, line=corrected_line),
                           "correct", "The figure in this paragraph was corrected to match the Korean original.")
            else:
                raise ValueError(f"unknown step {word!r} in LIVES")

    def _step(self, name: str, clock, run: Callable[..., object], *args: object) -> None:
        """`run(*args)` at the next time of the article's clock, its seconds added to step `name`."""
        os.environ["BYLINE_NOW"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(next(clock)))
        start = time.perf_counter()
        run(*args)
        self.spent[name] += time.perf_counter() - start

    def _ingest(self, slug: str, path: Path, ko: list[str], title: str | None, note: str | None = None) -> None:
        path.write_text("\n\n".join(ko) + "\n", encoding="utf-8")
        ingest(self.ws, path, slug, self.people["reporter"], title=title,
               url=f"https://news.example.kr/{slug}" if title else None, note=note)
        path.unlink()

    def _translate(self, slug: str, person, english: list[str], origin: str) -> None:
        state = load(self.ws, slug)
        path = self.drafts / f"{slug}.en.po"
        path.write_text(po_text(state, english, paragraph_spans(state.source_text)), encoding="utf-8")
        translate(self.ws, slug, path, person, origin=origin)
        path.unlink()

    def _edit(self, slug: str, person, change, stage: str, note: str) -> None:
        """Change en.md as an editor would and record it with `byline record`'s library call."""
        path = self.ws.target_file(slug)
        write_atomic(path, change(path.read_text("utf-8")))
        record(self.ws, slug, person, stage=stage, kind=stage, note=note)

    def _publish(self, slug: str, person) -> None:
        from workflow.steps.publish import publish

        publish(self.ws, slug, person, url=f"https://en.news.example/{slug}", force=True)


@contextlib.contextmanager
def _scratch_speedups() -> Iterator[None]:
    """While building: kiwipiepy's sentences kept per paragraph, and no fsync; both put back afterwards.

    The corpus has 1,000 lines and the archive many more articles, so most paragraphs come round again. A scratch
    workspace needs no durability: `make_workspace` syncs once at the end.
    """
    from workflow.text import segment

    analyser, kiwi, fsync = segment.kiwi(), segment.kiwi, os.fsync
    known: dict[str, list] = {}

    class Remembering:
        def split_into_sents(self, text: str):
            if text not in known:
                known[text] = list(analyser.split_into_sents(text))
            return known[text]

    remembering = Remembering()
    segment.kiwi = lambda: remembering
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        segment.kiwi, os.fsync = kiwi, fsync


def _build_share(root: Path, corpus: Corpus, seed: int, total: int, indices: range) -> dict[str, float]:
    """A worker's job: build the articles numbered `indices`; the seconds spent per step."""
    builder = Builder(root, corpus, seed, total)
    builder.drafts = root / f".drafts-{os.getpid()}"
    builder.drafts.mkdir(exist_ok=True)
    with _scratch_speedups():
        for index in indices:
            builder.article(index)
    builder.drafts.rmdir()
    return builder.spent


def make_workspace(out: Path, articles: int, seed: int = 1, corpus: Corpus | None = None,
                   workers: int | None = None) -> Timings:
    """Build the workspace at `out` (which must not hold one yet); return seconds per step."""
    corpus = corpus or load_corpus()
    root = init_workspace(out).root
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    workers = max(1, min(workers or os.cpu_count() or 1, articles))
    saved = os.environ.get("BYLINE_NOW")
    try:
        if workers == 1:
            spent = [_build_share(root, corpus, seed, articles, range(articles))]
        else:
            from concurrent.futures import ProcessPoolExecutor

            # Interleaved shares, so each worker gets the same mix of lives.
            shares = [range(w, articles, workers) for w in range(workers)]
            with ProcessPoolExecutor(max_workers=workers) as pool:
                jobs = [(root, corpus, seed, articles, s) for s in shares]
                spent = list(pool.map(_build_share, *zip(*jobs, strict=True)))
    finally:
        if saved is None:
            os.environ.pop("BYLINE_NOW", None)
        else:
            os.environ["BYLINE_NOW"] = saved
    os.sync()
    return Timings(**{name: sum(s[name] for s in spent) for name in Timings.__slots__})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="Worker processes (default: one per core).")
    parser.add_argument("--profile", action="store_true",
                        help="Build in this process and print the top functions by cumulative time.")
    options = parser.parse_args()
    if (options.out / "byline.toml").exists():
        sys.exit(f"{options.out}: already holds a workspace; choose a new --out folder")
    start = time.perf_counter()
    if options.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        timings = profiler.runcall(make_workspace, options.out, options.articles, options.seed, workers=1)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    else:
        timings = make_workspace(options.out, options.articles, options.seed, workers=options.workers)
    total = time.perf_counter() - start
    steps = "  ".join(f"{name} {getattr(timings, name):.1f}s" for name in Timings.__slots__)
    print(f"{options.articles} articles ({options.articles * UNITS} units) in {total:.1f}s  [{steps}]")


if __name__ == "__main__":
    main()
