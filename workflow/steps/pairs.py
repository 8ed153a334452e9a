"""English from bilingual files (PO, XLIFF): whole translations and per-unit edits.

A bilingual file names each unit by id, so the new English and the units'
spans are known exactly; no alignment or guessing is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow.errors import FormatError
from workflow.formats import Pair
from workflow.model.state import ADDITION_PREFIX, State, Unit
from workflow.text.normalize import normalise
from workflow.text.segment import blocks


def clean_target(text: str) -> str:
    """One unit's English: NFC, single spaces, no surrounding space, paragraphs kept."""
    return normalise(text, keep_nbsp=True)[0].strip("\n")


def text_from_pairs(path: Path, state: State, pairs: Sequence[Pair]) -> tuple[str, tuple[Unit, ...]]:
    """A whole English article from bilingual pairs, laid out like the source's paragraphs."""
    live = {s.id for s in state.segments}
    block_of = _source_blocks(state)
    parts: list[tuple[str, str, tuple[str, ...]]] = []  # (separator before it, English, sources)
    previous_block: int | None = None
    for pair in pairs:
        if pair.unit.startswith(ADDITION_PREFIX):
            sources: tuple[str, ...] = ()
        else:
            sources = tuple(pair.unit.split("+"))
            unknown = [sid for sid in sources if sid not in live]
            if unknown:
                raise FormatError(path, None, f"unit {pair.unit!r} names segment {unknown[0]!r}, "
                                              f"which article {state.article!r} does not have")
        block, heading = block_of.get(sources[0], (None, False)) if sources else (previous_block, False)
        same_paragraph = block is not None and block == previous_block and not heading
        previous_block = block
        target = clean_target(pair.target)
        if heading and target:
            target = "# " + target
        parts.append((" " if same_paragraph else "\n\n", target, sources))
    text, units, pos = "", [], 0
    for separator, target, sources in parts:
        if not target:
            if sources:
                units.append(Unit(sources, pos, pos))
            continue
        text += separator if text else ""
        pos = len(text)
        start = pos + (2 if target.startswith("# ") else 0)
        text += target
        pos = len(text)
        if sources:
            units.append(Unit(sources, start, pos))
    return text + "\n", tuple(units)


def _source_blocks(state: State) -> dict[str, tuple[int, bool]]:
    """Each segment's source block: its number, and whether it is a heading."""
    result: dict[str, tuple[int, bool]] = {}
    spans = list(blocks(state.source_text))
    for segment in state.segments:
        for index, (span, kind) in enumerate(spans):
            if span.start <= segment.start < span.end or span.start == segment.start:
                result[segment.id] = (index, kind == "heading")
                break
    return result


Replacement = tuple[int, int, str, "Unit | None"]  # (start, end, new English, the unit it is, if any)


def apply_pairs(path: Path, state: State, pairs: Sequence[Pair]) -> tuple[str, tuple[Unit, ...]]:
    """The English after replacing each unit's (and addition's) text with the file's target."""
    text = state.target_text or ""
    by_id = {u.id: u for u in state.units}
    additions = {a.id: (a.start, a.end) for a in state.added}
    # Files exported before additions had ids numbered them in text order (`add:1`, `add:2`, …).
    additions.update({f"{ADDITION_PREFIX}{n}": (a.start, a.end) for n, a in enumerate(state.added, start=1)})
    replacements: list[Replacement] = []
    for pair in pairs:
        target = clean_target(pair.target)
        if pair.unit.startswith(ADDITION_PREFIX):
            if pair.unit not in additions:
                raise FormatError(path, None, f"entry {pair.unit!r} is not an addition of "
                                              "the current English; export a fresh file")
            start, end = additions[pair.unit]
            if target != text[start:end]:  # an addition left as it was replaces nothing
                replacements.append((start, end, target, None))
            continue
        unit = by_id.get(pair.unit)
        if unit is None:
            raise FormatError(path, None, f"unit {pair.unit!r} is not a unit of article {state.article!r} "
                                          "now; export a fresh file and redo the change")
        if unit.start == unit.end and not target:
            continue  # still omitted: nothing to replace (its place may lie inside an addition's English)
        if unit.start == unit.end:
            before = text[: unit.start]
            target = ("" if not before or before.endswith((" ", "\n")) else " ") + target
        replacements.append((unit.start, unit.end, target, unit))
    replacements.sort(key=lambda r: (r[0], r[1]))
    pieces, units, pos, out_len = [], [], 0, 0
    replaced = {r[3].id for r in replacements if r[3] is not None}
    for start, end, target, unit in replacements:
        if start < pos:
            raise FormatError(path, None, "two entries cover the same English; export a fresh file")
        kept = text[pos:start]
        pieces.append(kept)
        out_len += len(kept)
        lead = len(target) - len(target.lstrip(" "))
        if unit is not None:
            span = (out_len + lead, out_len + len(target))
            unchanged = span == (unit.start, unit.end) and text[unit.start : unit.end] == target[lead:]
            units.append(unit if unchanged else Unit(unit.sources, *span, unit.confidence))
        pieces.append(target)
        out_len += len(target)
        pos = end
    pieces.append(text[pos:])
    new_text = "".join(pieces)
    shifted = _shift_untouched(state, replacements, replaced)
    return new_text, tuple(sorted([*units, *shifted], key=lambda u: (u.start, u.end)))


def _shift_untouched(state: State, replacements: list[Replacement], replaced: set[str]) -> list[Unit]:
    """Units the file did not mention, moved by the length changes before them."""
    result = []
    for unit in state.units:
        if unit.id in replaced:
            continue
        shift = sum(len(t) - (e - s) for s, e, t, _ in replacements
                    if e <= unit.start and (s, e) != (unit.start, unit.start))
        # An omission's place inside rewritten English (an addition's) keeps its offset there, or the end of
        # the new text when that is shorter.
        shift -= sum(max(0, unit.start - s - len(t)) for s, e, t, _ in replacements if s < unit.start < e)
        result.append(unit if not shift else Unit(unit.sources, unit.start + shift, unit.end + shift, unit.confidence))
    return result
