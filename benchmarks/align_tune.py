"""Choose the aligner's weights on tuning folds only: the procedure behind AlignModel's defaults.

A coordinate search, two rounds over each weight and shape prior, keeps a step
when it raises the mean link F1 of the clean, free and swap conditions on the
tuning folds (benchmarks/folds.py; the dev folds unless told otherwise). It
prints the weights found and the figures on the folds it did not tune on.
`--rotations` runs the search once per rotation of folds.rotations(), to show
that the procedure generalises rather than one split was lucky (slow: about
a quarter of an hour per rotation on two shared cores).

Run: python benchmarks/align_tune.py [--rotations] [--cache FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import align_eval as ev
import folds

from workflow.text.align import DEFAULT_MODEL, AlignModel, Lexicon, align_sentences
from workflow.text.embed import Embedder
from workflow.text.evidence import EvidenceModel
from workflow.text.vectorcache import VectorCache

PRIORS = ((1, 0), (1, 2), (2, 1), (2, 2), (1, 3))
STEPS: dict[str, tuple[float, ...]] = {
    "similarity": (0.75, 1.33), "neighbours": (-0.25, 0.25), "length": (0.0, 0.5, 2.0), "evidence": (0.0, 0.5, 2.0),
    "cross": (0.6, 1.5), "nearest": (-2, 2),
}


def figures(model: AlignModel, by_condition: dict[str, list[ev.Document]], chosen: list[int], lexicon: Lexicon,
            embedder: Embedder) -> dict[str, tuple[float, float, float]]:
    """Link P/R/F1 per condition on the chosen documents."""
    out = {}
    for condition in ev.CONDITIONS:
        docs = [by_condition[condition][k] for k in chosen]
        beads = [align_sentences(d.source, d.target, lexicon, model=model, embedder=embedder, crossing=True)
                 for d in docs]
        out[condition] = ev.prf([ev.links(b) for b in beads], docs)
    return out


def mean_f1(result: dict[str, tuple[float, float, float]]) -> float:
    return sum(f for _, _, f in result.values()) / len(result)


def step(model: AlignModel, name: str | tuple[int, int], amount: float) -> AlignModel | None:
    """The model with one weight moved, or None where the move leaves the weight's range."""
    if isinstance(name, tuple):
        priors = dict(model.priors)
        priors[name] += amount
        if name == (1, 0):
            priors[(0, 1)] = priors[(1, 0)]
        return dataclasses.replace(model, priors=priors)
    current = getattr(model, name)
    if name == "nearest":
        return dataclasses.replace(model, nearest=max(1, int(current + amount)))
    if name == "neighbours":
        value = current + amount
        return dataclasses.replace(model, neighbours=value) if 0 <= value <= 1 else None
    if name in ("length", "evidence"):
        return dataclasses.replace(model, **{name: current * amount if current else (0.3 if amount else 0.0)})
    return dataclasses.replace(model, **{name: current * amount})


def search(start: AlignModel, score: object, rounds: int = 2) -> AlignModel:
    """Coordinate search from `start`, keeping each step that raises `score(model)`."""
    model, best = start, score(start)  # type: ignore[operator]
    print(f"  start {best:.4f}")
    moves: list[tuple[str | tuple[int, int], tuple[float, ...]]] = [*STEPS.items(), *((p, (-1.0, 1.0)) for p in PRIORS)]
    for number in range(rounds):
        for name, amounts in moves:
            for amount in amounts:
                candidate = step(model, name, amount)
                if candidate is None:
                    continue
                value = score(candidate)  # type: ignore[operator]
                if value > best + 1e-4:
                    model, best = candidate, value
                    print(f"  round {number}: {name} -> {value:.4f}")
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rotations", action="store_true", help="search once per rotation of the folds")
    parser.add_argument("--cache", type=Path, help="a vector cache file to reuse between runs")
    args = parser.parse_args()
    if not (folds.DATA / "dev.ko").exists():
        print(f"skipped: no corpus at {folds.DATA}")
        return 0
    docs = ev.load_documents(folds.read_pairs())
    by_condition = ev.conditions(docs)
    embedder = Embedder(VectorCache(str(args.cache)) if args.cache else None)
    splits = folds.rotations() if args.rotations else [(folds.DEV_FOLDS, folds.HELD_OUT_FOLDS)]
    for tune_folds, report_folds in splits:
        tune, report = folds.documents(tune_folds, len(docs)), folds.documents(report_folds, len(docs))
        fitting = ev.line_pairs([docs[k] for k in tune])
        lexicon = Lexicon.from_pairs(fitting)
        start = dataclasses.replace(DEFAULT_MODEL, lengths=EvidenceModel.fit(fitting))
        print(f"tune on folds {tune_folds}, report on folds {report_folds}")
        def score(m: AlignModel, tune: list[int] = tune, lexicon: Lexicon = lexicon) -> float:
            return mean_f1(figures(m, by_condition, tune, lexicon, embedder))

        model = search(start, score)
        print(f"  found: {model}")
        for condition, (p, r, f) in figures(model, by_condition, report, lexicon, embedder).items():
            print(f"  reported on {report_folds}: {condition:6} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
