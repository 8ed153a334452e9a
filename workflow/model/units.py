"""Unit layout: units built from an alignment, and carried through each edit.

An edit is a delta on the whole English text. The new text is split into
sentences; each sentence belongs to the unit whose kept (or moved) characters
it holds most of, a sentence holding much of two units merges them, and a
sentence made only of new text is an addition unless it sits inside one unit.
Units whose English was deleted stay as empty units at the place it was.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from workflow.model.state import Unit
from workflow.text.delta import Edit, PositionMap
from workflow.text.segment import Span, split_english
from workflow.text.tokenmatch import kept_characters

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up)
if TYPE_CHECKING:
    from typing import Any

ADDITION = -1
# A second unit merges into a sentence's owner when it holds this share of the
# sentence's kept characters (and at least MERGE_MIN_CHARS of them).
MERGE_SHARE = 0.25
MERGE_MIN_CHARS = 12
# A sentence whose kept characters are fewer than this share of its letters is new text.
FRESH_SHARE = 0.25


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The English sentences as `byline align ARTICLE` numbers them (1-based there), by span.

    Listing units and correcting one must number sentences alike; both use this.
    """
    return [(s.start, s.end) for s in split_english(text)]


def units_from_beads(
    beads: Sequence[tuple[Any, ...]], text_length: int
) -> tuple[Unit, ...]:
    """Units from aligned groups: (source ids, target sentence spans, confidence[, runner-up]), in English order.

    Groups without source are additions and make no unit; groups without target
    are omissions and make an empty unit where their English would be. The
    runner-up, if given, is (source ids, its sentence spans, probability).
    Groups whose English crossed (a sentence moved before its neighbour's)
    give units in the order of their English, as every view lists them.
    """
    units: list[Unit] = []
    position = 0
    for sources, spans, confidence, *rest in beads:
        runner_up = None
        if rest and rest[0] is not None:
            other_sources, other_spans, probability = rest[0]
            span = (other_spans[0].start, other_spans[-1].end) if other_spans else None
            runner_up = (tuple(other_sources), span, probability)
        if not sources:
            if spans:
                position = spans[-1].end
            continue
        if spans:
            units.append(Unit(tuple(sources), spans[0].start, spans[-1].end, confidence, runner_up))
            position = spans[-1].end
        else:
            end = min(position, text_length)
            units.append(Unit(tuple(sources), end, end, confidence, runner_up))
    return tuple(sorted(units, key=lambda unit: (unit.start, unit.end)))


def _carried_runner_up(unit: Unit, mapper: PositionMap) -> tuple[tuple[str, ...], tuple[int, int] | None, float] | None:
    """A unit's runner-up through an edit that left the unit's English as it was: its span follows the text."""
    if unit.runner_up is None:
        return None
    sources, span, probability = unit.runner_up
    if span is not None:
        span = (mapper.map(span[0], left=True), max(mapper.map(span[0], left=True), mapper.map(span[1], left=False)))
    return sources, span, probability


def carry_units(
    old_text: str, new_text: str, pieces: list[Edit], units: Sequence[Unit], source_order: dict[str, int]
) -> tuple[Unit, ...]:
    """The units of `new_text` after the edit `pieces` turned `old_text` into it."""
    owner_of = _old_owners(len(old_text), units)
    sentences = split_english(new_text)
    kept = kept_characters(old_text, new_text)
    owners: list[set[int] | None] = []
    for span in sentences:
        counts: Counter[int] = Counter()
        letters = 0
        for pos in range(span.start, span.end):
            if new_text[pos].isspace():
                continue
            letters += 1
            if kept[pos] >= 0:
                counts[owner_of[kept[pos]]] += 1
        # A sentence that keeps only a stray character or two is new text.
        owners.append(_owners(counts) if sum(counts.values()) >= FRESH_SHARE * letters else None)
    fresh = [owner is None for owner in owners]
    _fill_inside(owners)
    groups = _merge(owners, len(units))
    mapper = PositionMap(pieces)
    result: list[Unit] = []
    placed: set[int] = set()
    for members, sentence_ids in groups:
        sentence_ids = _largest_run(sentence_ids)
        sources = sorted({sid for i in members for sid in units[i].sources}, key=lambda sid: source_order.get(sid, 0))
        confidence = min(units[i].confidence for i in members)
        first, last = sentences[sentence_ids[0]], sentences[sentence_ids[-1]]
        runner_up = None
        if len(members) == 1:
            (only,) = members
            if old_text[units[only].start : units[only].end] == new_text[first.start : last.end]:
                runner_up = _carried_runner_up(units[only], mapper)
        result.append(Unit(tuple(sources), first.start, last.end, confidence, runner_up))
        placed.update(members)
    for index, unit in enumerate(units):
        if index in placed:
            continue
        pos = mapper.map(unit.start, left=True)
        rewrite = _fresh_sentence_at(sentences, fresh, owners, pos)
        if rewrite is not None:
            # The unit's English was rewritten in place: the new sentence renders it.
            owners[rewrite] = {index}
            span = sentences[rewrite]
            result.append(Unit(unit.sources, span.start, span.end, unit.confidence))
        else:
            result.append(Unit(unit.sources, pos, pos, unit.confidence))
    return _tidy(result)


def _fresh_sentence_at(sentences: list[Span], fresh: list[bool], owners: list[set[int] | None], pos: int) -> int | None:
    """The first wholly new, still unowned sentence from `pos` on, before any owned one.

    A deletion may start inside the sentence before (the diff joins what it can),
    so the sentence holding `pos` itself is passed over when it is owned.
    """
    for index, span in enumerate(sentences):
        if span.end <= pos:
            continue
        if fresh[index] and owners[index] == {ADDITION}:
            return index
        if span.start >= pos:
            return None
    return None


def _old_owners(length: int, units: Sequence[Unit]) -> list[int]:
    owner = [ADDITION] * length
    for index, unit in enumerate(units):
        for pos in range(unit.start, unit.end):
            owner[pos] = index
    return owner


def _owners(counts: Counter[int]) -> set[int] | None:
    units = {k: v for k, v in counts.items() if k != ADDITION}
    total = sum(counts.values())
    if not total:
        return None
    best, best_count = max(counts.items(), key=lambda kv: (kv[1], kv[0] != ADDITION))
    if best == ADDITION:
        return {ADDITION}
    return {
        unit for unit, count in units.items()
        if unit == best or (count >= MERGE_MIN_CHARS and count >= MERGE_SHARE * best_count)
    }


def _fill_inside(owners: list[set[int] | None]) -> None:
    """A wholly new sentence between two sentences of one unit belongs to that unit."""
    for i, owner in enumerate(owners):
        if owner is not None:
            continue
        before = next((o for o in reversed(owners[:i]) if o is not None), None)
        after = next((o for o in owners[i + 1 :] if o is not None), None)
        if before is not None and after is not None and before == after and ADDITION not in before:
            owners[i] = before
        else:
            owners[i] = {ADDITION}


def _merge(owners: list[set[int] | None], count: int) -> list[tuple[set[int], list[int]]]:
    """Group sentences by unit, joining units that share a sentence (union-find)."""
    parent = list(range(count))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for owner in owners:
        linked = sorted(u for u in owner or () if u != ADDITION)
        for other in linked[1:]:
            parent[find(other)] = find(linked[0])
    sentences: dict[int, list[int]] = defaultdict(list)
    members: dict[int, set[int]] = defaultdict(set)
    for index, owner in enumerate(owners):
        for unit in owner or ():
            if unit != ADDITION:
                root = find(unit)
                if index not in sentences[root]:
                    sentences[root].append(index)
                members[root].add(unit)
    return [(members[root], sorted(sentences[root])) for root in sentences]


def _largest_run(indices: list[int]) -> list[int]:
    """The longest stretch of consecutive sentences; strays elsewhere become additions."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return max(runs, key=len)


def _tidy(units: list[Unit]) -> tuple[Unit, ...]:
    """Units in text order, none overlapping another (an empty unit sits at a boundary)."""
    units.sort(key=lambda u: (u.start, u.end))
    tidy: list[Unit] = []
    for unit in units:
        if tidy and unit.start < tidy[-1].end:
            if unit.start == unit.end:
                unit = Unit(unit.sources, tidy[-1].end, tidy[-1].end, unit.confidence)
            else:
                unit = Unit(unit.sources, max(unit.start, tidy[-1].end), max(unit.end, tidy[-1].end), unit.confidence)
        tidy.append(unit)
    return tuple(tidy)
