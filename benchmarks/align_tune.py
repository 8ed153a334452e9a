"""Choose the aligner's weights on tuning folds only: the procedure behind AlignModel's defaults.

A coordinate search, one round (or `--rounds N`) over each weight and shape
prior, keeps a step when it raises the mean link F1 of the clean, free and
swap conditions on the tuning folds (benchmarks/folds.py; the dev folds unless
told otherwise). The
temperature, which sets what the views flag for checking, is then calibrated
on the same folds: the one whose low-confidence flag best matches the units
that are wrong there (F1 of the flag against the errors). It prints the
weights found and the figures on the folds it did not tune on.
`--rotations` runs the search once per rotation of folds.rotations() (tune on
three folds, report on the fourth), then each fold's figures and their mean:
every figure there comes from a fold its tuning never saw: these are the
figures to quote for the procedure. `--every-fold` runs it on all four folds
and reports nothing: that is how the shipped defaults were chosen (the most
data the procedure can have); the corpus's unseen test split
(`align_eval.py --unseen`) is their check. Each document is embedded and its
hand-made evidence computed once (align.Article), so a rotation takes a few
minutes.

Run: python benchmarks/align_tune.py [--rotations | --every-fold] [--rounds N] [--cache FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import align_eval as ev
import folds

from workflow.text.align import DEFAULT_MODEL, AlignModel, Article, Lexicon, align_article
from workflow.text.embed import Embedder
from workflow.text.evidence import EvidenceModel
from workflow.text.vectorcache import VectorCache

PRIORS = ((1, 0), (1, 2), (2, 1), (2, 2), (1, 3))
STEPS: dict[str, tuple[float, ...]] = {
    "similarity": (0.75, 1.33), "neighbours": (-0.25, 0.25), "length": (0.0, 0.5, 2.0), "evidence": (0.0, 0.5, 2.0),
    "cross": (0.6, 1.5), "nearest": (-2, 2), "floor_weight": (0.0, 0.5, 2.0), "floor": (-0.05, 0.05),
}
TEMPERATURES = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
# Where every search starts: round values set by hand, not the shipped defaults (which a search chose on
# every fold, so starting a rotation from them would carry the left-out fold into its tuning).
START = AlignModel(
    priors={(1, 1): 0.0, (1, 0): 3.0, (0, 1): 3.0, (2, 1): 2.5, (1, 2): 2.5, (2, 2): 4.0, (1, 3): 4.0},
    similarity=20.0, neighbours=0.5, nearest=1, length=0.5, evidence=0.5, floor=0.3, floor_weight=0.0,
    temperature=3.0, cross=2.0, cross_window=4,
)
Prepared = dict[str, list[Article]]  # condition -> every document, made ready under one tuning's lexicon


def prepare(by_condition: dict[str, list[ev.Document]], lexicon: Lexicon, lengths: EvidenceModel,
            embedder: Embedder) -> Prepared:
    """Every document of every condition embedded once, with the tuning folds' lexicon and length statistics."""
    return {condition: [Article(d.source, d.target, lexicon, embedder, lengths) for d in docs]
            for condition, docs in by_condition.items()}


Figures = dict[str, tuple[float, float, float, float, float]]  # condition -> P, R, F1, flag P, flag R


def figures(model: AlignModel, prepared: Prepared, by_condition: dict[str, list[ev.Document]],
            chosen: list[int]) -> Figures:
    """Link P/R/F1 and the low-confidence flag's P/R per condition on the chosen documents."""
    out = {}
    for condition in ev.CONDITIONS:
        docs = [by_condition[condition][k] for k in chosen]
        beads = [align_article(prepared[condition][k], model, crossing=True) for k in chosen]
        p, r, f = ev.prf([ev.links(b) for b in beads], docs)
        fp, fr, _, _ = ev.flag_quality(beads, docs)
        out[condition] = (p, r, f, fp, fr)
    return out


def flag_f1(result: Figures) -> float:
    """The harmonic mean of the flag's precision and recall, averaged over the conditions."""
    return sum(2 * fp * fr / (fp + fr) if fp + fr else 0.0 for *_, fp, fr in result.values()) / len(result)


def mean_f1(result: Figures) -> float:
    return sum(f for _, _, f, _, _ in result.values()) / len(result)


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
    if name == "floor":
        value = round(current + amount, 4)
        return dataclasses.replace(model, floor=value) if 0 < value < 1 else None
    if name in ("length", "evidence", "floor_weight"):
        start = 5.0 if name == "floor_weight" else 0.3
        changes: dict[str, Any] = {name: current * amount if current else (start if amount else 0.0)}
        return dataclasses.replace(model, **changes)
    changes = {name: current * amount}
    return dataclasses.replace(model, **changes)


def search(start: AlignModel, score: object, rounds: int = 2) -> AlignModel:
    """Coordinate search from `start`, keeping each step that raises `score(model)`."""
    model, best = start, score(start)  # type: ignore[operator]
    print(f"  start {best:.4f}", flush=True)
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
                    print(f"  round {number}: {name} {amount:+g} -> {value:.4f}", flush=True)
    return model


def calibrate(model: AlignModel, score: object) -> AlignModel:
    """The model with the temperature whose flag best matches the errors (`score(model)` -> flag F1)."""
    results = {t: score(dataclasses.replace(model, temperature=t)) for t in TEMPERATURES}  # type: ignore[operator]
    best = max(results, key=lambda t: (results[t], -abs(t - model.temperature)))
    print("  temperature: " + ", ".join(f"{t:g} -> {v:.3f}" for t, v in results.items()) + f"; chose {best:g}")
    return dataclasses.replace(model, temperature=best)


def show(model: AlignModel) -> str:
    """The weights that differ from the shipped defaults."""
    changed = {f.name: getattr(model, f.name) for f in dataclasses.fields(model)
               if f.name != "lengths" and getattr(model, f.name) != getattr(DEFAULT_MODEL, f.name)}
    return ", ".join(f"{k}={v}" for k, v in changed.items()) or "the shipped defaults"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rotations", action="store_true", help="search once per rotation of the folds")
    parser.add_argument("--cache", type=Path, help="a vector cache file to reuse between runs")
    parser.add_argument("--every-fold", action="store_true",
                        help="tune on all four folds (how the shipped defaults were chosen; reports nothing)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the coordinate search (default 1)")
    args = parser.parse_args()
    if not (folds.DATA / "dev.ko").exists():
        print(f"skipped: no corpus at {folds.DATA}")
        return 0
    docs = ev.load_documents(folds.read_pairs())
    by_condition = ev.conditions(docs)
    embedder = Embedder(VectorCache(str(args.cache)) if args.cache else None)
    splits = folds.rotations() if args.rotations else [(folds.DEV_FOLDS, folds.HELD_OUT_FOLDS)]
    if args.every_fold:
        splits = [(tuple(range(folds.FOLDS)), ())]
    reported: list[tuple[tuple[int, ...], Figures]] = []
    for tune_folds, report_folds in splits:
        tune, report = folds.documents(tune_folds, len(docs)), folds.documents(report_folds, len(docs))
        fitting = ev.line_pairs([docs[k] for k in tune])
        lexicon, lengths = Lexicon.from_pairs(fitting), EvidenceModel.fit(fitting)
        prepared = prepare(by_condition, lexicon, lengths, embedder)
        start = dataclasses.replace(START, lengths=lengths)
        print(f"tune on folds {tune_folds}, report on folds {report_folds}", flush=True)

        def score(m: AlignModel, tune: list[int] = tune, prepared: Prepared = prepared) -> float:
            return mean_f1(figures(m, prepared, by_condition, tune))

        def flags(m: AlignModel, tune: list[int] = tune, prepared: Prepared = prepared) -> float:
            return flag_f1(figures(m, prepared, by_condition, tune))

        model = calibrate(search(start, score, args.rounds), flags)
        print(f"  found: {show(model)}")
        if not report:
            continue
        result = figures(model, prepared, by_condition, report)
        reported.append((report_folds, result))
        for condition, (p, r, f, fp, fr) in result.items():
            print(f"  reported on {report_folds}: {condition:6} P {p:.3f} R {r:.3f} F1 {f:.3f}   "
                  f"flag P {fp:.2f} R {fr:.2f}", flush=True)
    if len(reported) > 1:
        print("\nlink F1 on each fold, as reported by the tuning that left it out (flag P/R beside)")
        for condition in ev.CONDITIONS:
            cells = [result[condition] for _, result in reported]
            row = "  ".join(f"{fold}: {c[2]:.3f} ({c[3]:.2f}/{c[4]:.2f})"
                            for (fold, _), c in zip(reported, cells, strict=True))
            mean = sum(c[2] for c in cells) / len(cells)
            print(f"  {condition:6} {row}   mean {mean:.3f}  (flag P {sum(c[3] for c in cells) / len(cells):.2f} "
                  f"R {sum(c[4] for c in cells) / len(cells):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
