"""Measure the sentence aligner on ko-en-news: link precision, recall, F1 and speed.

Documents are 25 consecutive line pairs; gold links every Korean sentence of a
line to every English sentence of the same line. Length statistics and the
lexicon are fitted on the first half of the documents; figures are reported on
the second half (held out) and on all. "built-in glossary" is the aligner as a new
workspace has it; "+ learned lexicon" adds what the first half teaches.
Run: python benchmarks/align_eval.py
"""

from __future__ import annotations

import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workflow.text.align import AlignModel, Bead, Lexicon, align_sentences
from workflow.text.segment import split_english, split_korean

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ko-en-news"
LINES_PER_DOC = 25


@dataclass(frozen=True, slots=True)
class Document:
    """Sentences of both sides and the gold links between them."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    gold: frozenset[tuple[int, int]]
    lines: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # per line: (ko sentences, en sentences)


def sentences(text: str, spans: list) -> tuple[str, ...]:
    """The sentence texts of a line (the whole line if the splitter finds none)."""
    return tuple(text[span.start : span.end] for span in spans) or (text,)


def load_documents() -> list[Document]:
    """Split the dev split into documents of 25 line pairs, sentence-segmented per line."""
    ko_lines = (DATA / "dev.ko").read_text(encoding="utf-8").splitlines()
    en_lines = (DATA / "dev.en").read_text(encoding="utf-8").splitlines()
    lines = [
        (sentences(ko, split_korean(ko)), sentences(en, split_english(en)))
        for ko, en in zip(ko_lines, en_lines, strict=True)
    ]
    return [build(lines[start : start + LINES_PER_DOC]) for start in range(0, len(lines), LINES_PER_DOC)]


def build(lines: list[tuple[tuple[str, ...], tuple[str, ...]]], foreign: frozenset[int] = frozenset()) -> Document:
    """A document from per-line sentences; lines whose index is in `foreign` have no gold links."""
    source: list[str] = []
    target: list[str] = []
    gold = set()
    for index, (ko, en) in enumerate(lines):
        ko_ids = range(len(source), len(source) + len(ko))
        en_ids = range(len(target), len(target) + len(en))
        source.extend(ko)
        target.extend(en)
        if index not in foreign and ko and en:
            gold.update((s, t) for s in ko_ids for t in en_ids)
    return Document(tuple(source), tuple(target), frozenset(gold), tuple(lines))


def with_noise(doc: Document, other: Document, seed: int) -> Document:
    """Delete one English line and insert one English sentence from another document."""
    rng = random.Random(seed)
    lines = list(doc.lines)
    dropped = rng.randrange(len(lines))
    lines[dropped] = (lines[dropped][0], ())
    intruder = rng.choice(other.target)
    position = rng.randrange(len(lines) + 1)
    lines.insert(position, ((), (intruder,)))
    return build(lines, foreign=frozenset({position}))


def links(beads: tuple[Bead, ...] | list[Bead]) -> set[tuple[int, int]]:
    """Every (source, target) pair that a bead joins."""
    return {(s, t) for bead in beads for s in bead.source for t in bead.target}


def score(predicted: list[set[tuple[int, int]]], docs: list[Document]) -> tuple[float, float, float]:
    """Micro-averaged link precision, recall and F1."""
    hits = sum(len(p & d.gold) for p, d in zip(predicted, docs, strict=True))
    found = sum(len(p) for p in predicted)
    gold = sum(len(d.gold) for d in docs)
    precision, recall = hits / found, hits / gold
    return precision, recall, 2 * precision * recall / (precision + recall)


# --- reference: Gale–Church, length only -------------------------------------------

GALE_CHURCH_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}


def gale_church(source: tuple[str, ...], target: tuple[str, ...], model: AlignModel) -> list[Bead]:
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
    table = {(0, 0): (0.0, None)}
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
        di, dj = table[(i, j)][1]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), 1.0))
        i, j = i - di, j - dj
    return beads[::-1]


# --- report ----------------------------------------------------------------------------


def line_pairs(docs: list[Document]) -> list[tuple[str, str]]:
    """(Korean, English) text of every line of the documents: the fitting data."""
    return [(" ".join(ko), " ".join(en)) for doc in docs for ko, en in doc.lines if ko and en]


def main() -> int:
    if not (DATA / "dev.ko").exists():
        print(f"skipped: no corpus at {DATA}")
        return 0
    docs = load_documents()
    half = len(docs) // 2
    fit_docs = docs[:half]
    noisy = [with_noise(doc, docs[(k + 7) % len(docs)], seed=k) for k, doc in enumerate(docs)]
    model = AlignModel.fit(line_pairs(fit_docs))
    lexicon = Lexicon.from_pairs(line_pairs(fit_docs))
    print(f"corpus: {DATA} ({len(docs)} documents of {LINES_PER_DOC} line pairs)")
    print(f"fitted on documents 0-{half - 1} (lines 1-{half * LINES_PER_DOC}): "
          f"length ratio {model.ratio:.3f}, variance {model.variance:.3f}, "
          f"lexicon of {len(lexicon.translations)} Korean terms; weights tuned on the same documents")
    print(f"held out: documents {half}-{len(docs) - 1}")
    systems = {
        "gale-church (length only)": lambda d: gale_church(d.source, d.target, model),
        "byline, built-in glossary": lambda d: align_sentences(d.source, d.target, model=model),
        "byline + learned lexicon": lambda d: align_sentences(d.source, d.target, lexicon, model=model),
    }
    print(f"\n{'system':28} {'variant':7} {'docs':7}    P      R      F1")
    for name, system in systems.items():
        for variant, corpus in (("clean", docs), ("noisy", noisy)):
            predicted = [links(system(doc)) for doc in corpus]
            for label, chosen in (("held", range(half, len(docs))), ("all", range(len(docs)))):
                p, r, f = score([predicted[k] for k in chosen], [corpus[k] for k in chosen])
                print(f"{name:28} {variant:7} {label:7} {p:.3f}  {r:.3f}  {f:.3f}")
    start = time.perf_counter()
    for doc in docs + noisy:
        align_sentences(doc.source, doc.target, lexicon, model=model)
    elapsed = (time.perf_counter() - start) * 1000 / (2 * len(docs))
    print(f"\nspeed: {elapsed:.1f} ms per document (byline + learned lexicon, segmentation excluded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
