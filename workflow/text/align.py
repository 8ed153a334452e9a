"""Align Korean source sentences with the English sentences that render them.

Meaning is the main evidence: every sentence is embedded once by a
multilingual sentence encoder (embed.py), and so are two adjacent sentences
joined where a multi-sentence bead may hold them; a bead scores the cosine of its two sides relative to how
close each side comes to its neighbours (the margin criterion of LASER and
Vecalign), so that a sentence that resembles everything is no evidence.
Length, bead-shape priors and a weight on the hand-made evidence of
evidence.py make up the rest; every weight was chosen on the folds of
benchmarks/folds.py by benchmarks/align_tune.py. (A penalty for a bead
boundary inside a sentence the segmenter cut in two, after "U.S." or before a
lower-case start, was tried and tuned to nothing on this corpus, whose gold
itself often pairs such fragments with the next line.)

A monotonic dynamic programme over the article finds the best path; its
forward-backward posteriors give each bead's confidence and runner-up (the
best other pairing of its sentences), which the record keeps so that checks
never load the encoder. With `crossing=True` a second pass lets units cross:
a pairing off the path whose margin is high (an English sentence moved before
its neighbour's) replaces the path's beads where that scores better.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workflow.text.evidence import DEFAULT_EVIDENCE, EvidenceModel, Lexicon, Scorer

if TYPE_CHECKING:
    import numpy as np

    from workflow.text.embed import Embedder

__all__ = ["AlignModel", "Article", "Bead", "DEFAULT_MODEL", "Lexicon", "RunnerUp", "align_article", "align_sentences"]


@dataclass(frozen=True, slots=True)
class RunnerUp:
    """The best other pairing of a bead's sentences and its posterior probability."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    probability: float


@dataclass(frozen=True, slots=True)
class Bead:
    """Source sentences and the target sentences that render them.

    Source sentences are consecutive; target sentences are consecutive unless
    the bead crosses another (then they are in text order, possibly apart).
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    runner_up: RunnerUp | None = None


@dataclass(frozen=True, slots=True)
class AlignModel:
    """The weights that score a bead, in -log probability units.

    Chosen on all four folds by `benchmarks/align_tune.py --every-fold` (its
    search, from hand-set round values, moved only `cross`); the same
    procedure run leaving each fold out (`--rotations`) gives the figures on
    folds it never saw. `floor_weight` is searched but was left at 0.
    """

    # (source count, target count) -> prior cost of that bead shape.
    priors: Mapping[tuple[int, int], float] = field(
        default_factory=lambda: {
            (1, 1): 0.0, (1, 0): 3.0, (0, 1): 3.0, (2, 1): 2.5, (1, 2): 2.5, (2, 2): 4.0, (1, 3): 4.0,
        }
    )
    similarity: float = 20.0  # times the bead's cosine less `neighbours` times its sides' neighbourhood
    neighbours: float = 0.5  # 0: raw cosine; 1: the full margin against the k nearest
    nearest: int = 1  # k: the neighbourhood is the mean of the k best cosines
    length: float = 0.5  # times the Gale–Church length cost
    evidence: float = 0.5  # times the hand-made evidence (numbers, names, lexicon)
    floor: float = 0.3  # a raw cosine below this is evidence against the pairing, however it compares
    floor_weight: float = 0.0  # times how far the bead's cosine falls below `floor`
    temperature: float = 3.0  # posteriors are computed on cost / temperature (sets what < 0.5 flags)
    cross: float = 1.2  # the least a crossing must gain over the path's beads
    cross_window: int = 4  # how many beads away a crossing partner may be
    lengths: EvidenceModel = DEFAULT_EVIDENCE


DEFAULT_MODEL = AlignModel()

# --- scoring --------------------------------------------------------------------------


class _Vectors:
    """The unit vectors of one side: each sentence, and each run of two and three adjacent sentences.

    A run of two is the normalised sum of its sentences' vectors, or, where
    `joined` has it, the embedding of the two sentences' joined text.
    """

    def __init__(self, single: np.ndarray, joined: Mapping[int, np.ndarray] | None = None) -> None:
        import numpy as np

        self.joined = frozenset(joined or ())
        pairs = single[:-1] + single[1:]
        pairs = pairs / np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-6)
        for start, vector in (joined or {}).items():
            pairs[start] = vector
        self.runs = {1: single, 2: pairs}
        if len(single) >= 3:
            triple = pairs[:-1] + single[2:]
            self.runs[3] = triple / np.maximum(np.linalg.norm(triple, axis=1, keepdims=True), 1e-6)
        else:
            self.runs[3] = np.zeros((0, single.shape[1] if single.ndim == 2 else 0), dtype=single.dtype)


class Article:
    """One article made ready to align: its sentences, their vectors, raw cosines and hand-made evidence.

    Nothing here depends on AlignModel's weights (only on the length
    statistics), so benchmarks/align_tune.py prepares each document once and
    scores every candidate model on it; tables are computed on first use.

    Each sentence is embedded once. A run of two sentences is embedded as one
    text only where `joined` asks (align_article does, for the runs that the
    first pass's likely 1-2/2-1/2-2 beads hold): a third of the encoder's work
    of embedding every run, at no cost in accuracy on the dev folds. The
    joined texts' vectors are kept, so another model reuses them.
    """

    def __init__(self, source: Sequence[str], target: Sequence[str], lexicon: Lexicon | None = None,
                 embedder: Embedder | None = None, lengths: EvidenceModel = DEFAULT_EVIDENCE) -> None:
        self.source = [unicodedata.normalize("NFC", text) for text in source]
        self.target = [unicodedata.normalize("NFC", text) for text in target]
        self.n, self.m = len(self.source), len(self.target)
        self.lengths = lengths
        self.embedder = embedder or default_embedder()
        if self.n and self.m:
            vectors = self.embedder.embed(self.source + self.target)
            self.xs, self.ys = _Vectors(vectors[: self.n]), _Vectors(vectors[self.n :])
            self.evidence = Scorer(self.source, self.target, lexicon, lengths, sizes=(1, 2, 3))
        self._pairs: dict[tuple[str, int], np.ndarray] = {}  # ("s" or "t", start) -> joined text's vector
        self._cosine: dict[tuple[int, int], np.ndarray] = {}
        self._near: dict[int, tuple[dict[int, np.ndarray], dict[int, np.ndarray]]] = {}
        self._hand: dict[tuple[str, int, int], np.ndarray] = {}

    def joined(self, source_starts: set[int], target_starts: set[int]) -> Article:
        """This article with the runs of two beginning at these positions embedded as joined text."""
        import copy

        if source_starts == self.xs.joined and target_starts == self.ys.joined:
            return self
        wanted = [("s", i) for i in sorted(source_starts)] + [("t", j) for j in sorted(target_starts)]
        missing = [key for key in wanted if key not in self._pairs]
        if missing:
            sides = {"s": self.source, "t": self.target}
            vectors = self.embedder.embed([f"{sides[side][k]} {sides[side][k + 1]}" for side, k in missing])
            self._pairs.update(zip(missing, vectors, strict=True))
        view = copy.copy(self)  # shares the sentences, the evidence, its tables and the joined vectors
        view.xs = _Vectors(self.xs.runs[1], {i: self._pairs[("s", i)] for i in source_starts})
        view.ys = _Vectors(self.ys.runs[1], {j: self._pairs[("t", j)] for j in target_starts})
        view._cosine, view._near = {}, {}
        return view

    def cosine(self, di: int, dj: int) -> np.ndarray:
        """cos[i, j] of source[i:i+di] and target[j:j+dj], each run embedded as one text."""
        if (di, dj) not in self._cosine:
            self._cosine[(di, dj)] = self.xs.runs[di] @ self.ys.runs[dj].T
        return self._cosine[(di, dj)]

    def nearest(self, k: int) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """How close each run of each side comes to the other side's sentences: the mean of its k best cosines."""
        if k not in self._near:
            self._near[k] = ({d: _nearest(v @ self.ys.runs[1].T, k) for d, v in self.xs.runs.items() if len(v)},
                             {d: _nearest(v @ self.xs.runs[1].T, k) for d, v in self.ys.runs.items() if len(v)})
        return self._near[k]

    def hand(self, kind: str, di: int, dj: int) -> np.ndarray:
        """The hand-made `length` or `content` cost of every bead of shape (di, dj), [i, j] by its end (inf: none)."""
        import numpy as np

        key = (kind, di, dj)
        if key not in self._hand:
            score = self.evidence.length if kind == "length" else self.evidence.content
            table = np.full((self.n + 1, self.m + 1), np.inf)
            for i in range(di, self.n + 1):
                for j in range(dj, self.m + 1):
                    table[i, j] = score(i, j, di, dj)
            self._hand[key] = table
        return self._hand[key]


class _Costs:
    """Bead costs for one article under one model, each (shape) a matrix over bead end positions."""

    def __init__(self, article: Article, model: AlignModel) -> None:
        self.model = model
        self.article = article
        self.n, self.m = n, m = article.n, article.m
        self.xs, self.ys = article.xs, article.ys
        self.near_x, self.near_y = article.nearest(max(1, min(model.nearest, n, m)))
        self.tables: dict[tuple[int, int], np.ndarray] = {}
        for di, dj in model.priors:
            if di and dj and di <= n and dj <= m:
                self.tables[(di, dj)] = self._table(di, dj)

    def _table(self, di: int, dj: int) -> np.ndarray:
        """cost[i, j] of the bead source[i-di:i] ↔ target[j-dj:j] (inf where it does not fit)."""
        import numpy as np

        model = self.model
        cos = self.article.cosine(di, dj)
        sim = cos - model.neighbours * (self.near_x[di][:, None] + self.near_y[dj][None, :]) / 2
        table = np.full((self.n + 1, self.m + 1), np.inf)
        table[di:, dj:] = model.priors[(di, dj)] - model.similarity * sim
        if model.floor_weight:
            table[di:, dj:] += model.floor_weight * np.maximum(0.0, model.floor - cos)
        if model.length:
            table += model.length * self.article.hand("length", di, dj)
        if model.evidence:
            table += model.evidence * self.article.hand("content", di, dj)
        return table

    def cost(self, i: int, j: int, di: int, dj: int) -> float:
        """-log score of the bead source[i-di:i] ↔ target[j-dj:j] as a step of the path."""
        if di and dj:
            return float(self.tables[(di, dj)][i, j])
        return self.model.priors[(di, dj)]

    def pair(self, sources: Sequence[int], targets: Sequence[int]) -> float:
        """The cost of any unit (its targets possibly apart): for the crossing pass."""
        import numpy as np

        model = self.model
        if not sources or not targets:
            return model.priors[(1, 0)] * len(sources) + model.priors[(0, 1)] * len(targets)
        i0, j0 = sources[0], targets[0]
        contiguous = list(targets) == list(range(j0, j0 + len(targets)))
        shape = (len(sources), len(targets))
        if contiguous and shape in self.tables:
            return float(self.tables[shape][i0 + shape[0], j0 + shape[1]])
        a = self.xs.runs[len(sources)][i0] if len(sources) in self.xs.runs else None
        if a is None:
            return math.inf
        b = np.sum(self.ys.runs[1][list(targets)], axis=0)
        b = b / max(float(np.linalg.norm(b)), 1e-6)
        near_b = float(np.mean(self.near_y[1][list(targets)]))
        sim = float(a @ b) - model.neighbours * (float(self.near_x[len(sources)][i0]) + near_b) / 2
        prior = model.priors.get(shape, max(model.priors.values()))
        return prior - model.similarity * sim + model.floor_weight * max(0.0, model.floor - float(a @ b))


def _nearest(similarities: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest values of each row."""
    import numpy as np

    k = min(k, similarities.shape[1])
    return np.mean(np.partition(similarities, similarities.shape[1] - k, axis=1)[:, -k:], axis=1)


# --- dynamic programme ----------------------------------------------------------------


def _band(n: int, m: int) -> list[range]:
    """For each source position, the target positions the path may visit.

    A band around the diagonal keeps long articles fast; it is wide enough for
    runs of omitted or added sentences.
    """
    if not n:
        return [range(m + 1)]
    # Rows must overlap by at least one cell, or no path connects them.
    width = max(12, (n + m) // 4, math.ceil(m / n))
    rows = []
    for i in range(n + 1):
        centre = i * m / n
        rows.append(range(max(0, int(centre - width)), min(m, int(centre + width) + 1) + 1))
    return rows


def _logaddexp(a: float, b: float) -> float:
    """log(exp(a) + exp(b)) without overflow."""
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + math.log1p(math.exp(low - high))


Edge = tuple[int, int, int, int]  # (end i, end j, source count, target count)


def _lattice(costs: _Costs) -> tuple[dict[tuple[int, int], tuple[float, tuple[int, int] | None]], dict[Edge, float],
                                      dict[tuple[int, int], float]]:
    """Best-path table, every edge's cost, and the forward log scores (at the posterior temperature)."""
    n, m = costs.n, costs.m
    beta = 1.0 / costs.model.temperature
    shapes = [shape for shape in costs.model.priors if not (shape[0] and shape[1]) or shape in costs.tables]
    band = _band(n, m)
    edges: dict[Edge, float] = {}
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
    for i in range(n + 1):
        for j in band[i]:
            if i == j == 0:
                continue
            best_cost, best_shape, total = math.inf, None, -math.inf
            for di, dj in shapes:
                start = (i - di, j - dj)
                if start not in best:
                    continue
                cost = costs.cost(i, j, di, dj)
                if cost == math.inf:
                    continue
                edges[(i, j, di, dj)] = cost
                if best[start][0] + cost < best_cost:
                    best_cost, best_shape = best[start][0] + cost, (di, dj)
                total = _logaddexp(total, forward[start] - beta * cost)
            if best_shape is not None:
                best[(i, j)] = (best_cost, best_shape)
                forward[(i, j)] = total
    return best, edges, forward


def _backward(n: int, m: int, edges: Mapping[Edge, float], beta: float) -> dict[tuple[int, int], float]:
    """log of the summed score of all paths from each cell to the end."""
    backward: dict[tuple[int, int], float] = {(n, m): 0.0}
    for (i, j, di, dj), cost in sorted(edges.items(), key=lambda item: (-item[0][0], -item[0][1])):
        if (i, j) in backward:
            start = (i - di, j - dj)
            backward[start] = _logaddexp(backward.get(start, -math.inf), backward[(i, j)] - beta * cost)
    return backward


def _posteriors(edges: Mapping[Edge, float], forward: Mapping[tuple[int, int], float],
                backward: Mapping[tuple[int, int], float], total: float, beta: float) -> dict[Edge, float]:
    """The posterior probability of every edge of the lattice."""
    result = {}
    for (i, j, di, dj), cost in edges.items():
        start = (i - di, j - dj)
        if start in forward and (i, j) in backward:
            result[(i, j, di, dj)] = min(1.0, math.exp(forward[start] - beta * cost + backward[(i, j)] - total))
    return result


def _sides(edge: Edge) -> tuple[tuple[int, ...], tuple[int, ...]]:
    i, j, di, dj = edge
    return tuple(range(i - di, i)), tuple(range(j - dj, j))


def _runner_ups(path: Sequence[Edge], posterior: Mapping[Edge, float]) -> list[RunnerUp | None]:
    """For each edge of the path, the most probable other edge that holds one of its sentences."""
    by_source: dict[int, list[tuple[float, Edge]]] = {}
    by_target: dict[int, list[tuple[float, Edge]]] = {}
    for edge, probability in posterior.items():
        sources, targets = _sides(edge)
        for s in sources:
            by_source.setdefault(s, []).append((probability, edge))
        for t in targets:
            by_target.setdefault(t, []).append((probability, edge))
    result: list[RunnerUp | None] = []
    for edge in path:
        sources, targets = _sides(edge)
        candidates = [c for s in sources for c in by_source.get(s, ())]
        candidates += [c for t in targets for c in by_target.get(t, ())]
        others = [c for c in candidates if c[1] != edge]
        if not others:
            result.append(None)
            continue
        probability, other = max(others, key=lambda c: (c[0], c[1]))
        other_sources, other_targets = _sides(other)
        result.append(RunnerUp(other_sources, other_targets, round(probability, 4)))
    return result


# --- units that cross -----------------------------------------------------------------


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))


Unit = tuple[tuple[int, ...], tuple[int, ...]]


def _contiguous(targets: Sequence[int]) -> bool:
    return list(targets) == list(range(targets[0], targets[0] + len(targets))) if targets else True


def _moves(units: Sequence[Unit], window: int) -> list[tuple[tuple[int, ...], tuple[Unit, ...]]]:
    """Candidate re-pairings: (indices of the units replaced, the units that replace them).

    Every unit a move makes has its English in one piece: a unit may sit out of
    order, but its English is one span of the text.
    """
    moves: list[tuple[tuple[int, ...], tuple[Unit, ...]]] = []
    for a, (src_a, tgt_a) in enumerate(units):
        if len(src_a) == 2 and len(tgt_a) == 2:  # two sentences that traded places read as one 2-2 bead
            moves.append(((a,), (((src_a[0],), (tgt_a[1],)), ((src_a[1],), (tgt_a[0],)))))
        for b in range(a + 1, min(len(units), a + window + 1)):
            src_b, tgt_b = units[b]
            if src_a and src_b and tgt_a and tgt_b:
                moves.append(((a, b), ((src_a, tgt_b), (src_b, tgt_a))))
            if src_a and not tgt_a and tgt_b and not src_b:
                moves.append(((a, b), ((src_a, tgt_b),)))
            if src_b and not tgt_b and tgt_a and not src_a:
                moves.append(((a, b), ((src_b, tgt_a),)))
            for giver, taker in ((a, b), (b, a)):
                src_g, tgt_g = units[giver]
                src_t, tgt_t = units[taker]
                if src_t and not tgt_t and src_g and len(tgt_g) > 1:
                    for t in tgt_g:
                        rest = tuple(x for x in tgt_g if x != t)
                        if _contiguous(rest):
                            moves.append(((giver, taker), ((src_g, rest), (src_t, (t,)))))
    return moves


def _crossings(units: list[Unit], confidences: list[float], costs: _Costs) -> None:
    """Let units cross where a pairing off the monotonic path gains more than `model.cross` (in place).

    Moves, best first, until none gains enough: a 2-2 bead splits into two
    crossed pairs; two nearby units trade their English; an omitted Korean
    sentence takes a nearby addition; a unit gives one of its English sentences
    to a nearby omission. The units a move makes get the confidence its gain warrants.
    """
    model = costs.model
    for _ in range(2 * len(units) + 1):
        best_gain, best_move = model.cross, None
        for replaced, made in _moves(units, model.cross_window):
            before = sum(costs.pair(*units[k]) for k in replaced)
            gain = before - sum(costs.pair(*unit) for unit in made)
            if gain > best_gain:
                best_gain, best_move = gain, (replaced, made)
        if best_move is None:
            return
        replaced, made = best_move
        confidence = _sigmoid(best_gain / model.temperature)
        for k in sorted(replaced, reverse=True):
            del units[k]
            del confidences[k]
        at = min(replaced)
        units[at:at] = list(made)
        confidences[at:at] = [confidence] * len(made)


# --- the aligner ----------------------------------------------------------------------

_DEFAULT_EMBEDDER: Embedder | None = None


def default_embedder() -> Embedder:
    """A process-wide embedder without a vector cache (the model loads once per process)."""
    global _DEFAULT_EMBEDDER
    if _DEFAULT_EMBEDDER is None:
        from workflow.text.embed import Embedder

        _DEFAULT_EMBEDDER = Embedder()
    return _DEFAULT_EMBEDDER


JOIN_BELOW = 0.1  # a multi-sentence bead less probable than this in the first pass is not worth embedding (dev folds)


def _solve(article: Article, model: AlignModel) -> tuple[_Costs, list[Edge], dict[Edge, float]]:
    """The best monotonic path and every edge's posterior under the article's current vectors."""
    n, m = article.n, article.m
    costs = _Costs(article, model)
    best, edges, forward = _lattice(costs)
    beta = 1.0 / model.temperature
    backward = _backward(n, m, edges, beta)
    posterior = _posteriors(edges, forward, backward, forward[(n, m)], beta)
    path: list[Edge] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]  # type: ignore[misc]
        path.append((i, j, di, dj))
        i, j = i - di, j - dj
    path.reverse()
    return costs, path, posterior


def _contested(path: Sequence[Edge], posterior: Mapping[Edge, float]) -> tuple[set[int], set[int]]:
    """Where runs of two begin (source, target) in the path's beads and in every likely multi-sentence bead."""
    sources: set[int] = set()
    targets: set[int] = set()
    chosen = set(path)
    for edge, probability in posterior.items():
        i, j, di, dj = edge
        if edge not in chosen and probability < JOIN_BELOW:
            continue
        sources.update(range(i - di, i - 1) if di >= 2 else ())
        targets.update(range(j - dj, j - 1) if dj >= 2 else ())
    return sources, targets


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    lexicon: Lexicon | None = None,
    *,
    model: AlignModel = DEFAULT_MODEL,
    embedder: Embedder | None = None,
    crossing: bool = False,
) -> tuple[Bead, ...]:
    """Align Korean `source` sentences with English `target` sentences.

    Every sentence of each side is in exactly one bead; a bead with an empty
    side is an omission (source only) or an addition (target only). Each bead's
    confidence is its posterior probability over all monotonic alignments of
    the article; its runner-up the most probable other pairing of its
    sentences. Beads come in path order; with `crossing`, a bead's English may
    come before its predecessor's (each bead's English stays one run).
    """
    return align_article(Article(source, target, lexicon, embedder, model.lengths), model, crossing=crossing)


def align_article(article: Article, model: AlignModel = DEFAULT_MODEL, *, crossing: bool = False) -> tuple[Bead, ...]:
    """align_sentences on a prepared article (its vectors and evidence reused across models).

    A first pass scores runs of two sentences by their summed vectors; the runs
    that any likely multi-sentence bead holds are then embedded as joined text
    and the article scored again, so each 1-2/2-1/2-2 decision is made on the
    meaning of the joined sentences.
    """
    n, m = article.n, article.m
    if not n or not m:
        beads = [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
        return tuple(beads)
    costs, path, posterior = _solve(article, model)
    refined = article.joined(*_contested(path, posterior))
    if refined is not article:
        costs, path, posterior = _solve(refined, model)
    runner_ups = _runner_ups(path, posterior)
    units = [_sides(edge) for edge in path]
    confidences = [posterior.get(edge, 0.0) for edge in path]
    if crossing:
        runner_of = dict(zip(units, runner_ups, strict=True))
        holder = {("s", s): unit for unit in units for s in unit[0]}
        holder |= {("t", t): unit for unit in units for t in unit[1]}
        _crossings(units, confidences, costs)
        # A unit the crossing pass made has the path's pairing of its first sentence as its runner-up.
        runner_ups = []
        for unit, confidence in zip(units, confidences, strict=True):
            if unit in runner_of:
                runner_ups.append(runner_of[unit])
                continue
            path_unit = holder[("s", unit[0][0]) if unit[0] else ("t", unit[1][0])]
            runner_ups.append(RunnerUp(path_unit[0], path_unit[1], round(1.0 - confidence, 4)))
    beads = [
        Bead(tuple(src), tuple(sorted(tgt)), round(min(conf, 1.0), 4), runner)
        for (src, tgt), conf, runner in zip(units, confidences, runner_ups, strict=True)
    ]
    return tuple(beads)
