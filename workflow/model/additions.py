"""Additions: English that renders no Korean sentence, with ids that stay put (DESIGN: "Ids").

An addition (an editor's context line, the credit line) is a sentence of
the English that no unit covers. Its id is `add:` + the first eight hex
digits of the event that made it + `-` + an ordinal among that event's new
additions (`add:3f9a2c1b-1`), so it does not change when text around it
changes, and two desks' additions made on different branches cannot share
one. Replay carries the ids through each change of the English: an addition
keeps the id of the earlier addition it overlaps (positions carried through
the edit), or of an earlier one with the same text (moved); any other is new.
Checks, waivers, the PO view, diffs and reports all name additions so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from workflow.model.state import ADDITION_PREFIX, Addition, Unit, addition_spans


def carry(
    previous: Sequence[Addition], was: Mapping[str, str], text: str, units: Sequence[Unit], event_id: str,
    mapped: Callable[[int, bool], int] | None = None,
) -> tuple[Addition, ...]:
    """The additions of `text` after the event `event_id`, each keeping the id of the one it continues.

    `was` is each earlier addition's text; `mapped(position, left)` carries
    a position of the earlier English into `text` (absent: `text` is a new
    version or a merge, and only identical text continues an addition).
    """
    spans = addition_spans(text, units)
    moved = [(a, mapped(a.start, False), mapped(a.end, True)) for a in previous] if mapped is not None else []
    taken: set[str] = set()
    found: list[Addition | None] = []
    for start, end in spans:
        best, overlap = None, 0
        for addition, old_start, old_end in moved:
            shared = min(end, old_end) - max(start, old_start)
            if addition.id not in taken and shared > overlap:
                best, overlap = addition, shared
        if best is None:
            best = next((a for a in previous if a.id not in taken and was.get(a.id) == text[start:end]), None)
        if best is not None:
            taken.add(best.id)
        found.append(None if best is None else Addition(best.id, start, end))
    ordinal = 0
    result = []
    for kept, (start, end) in zip(found, spans, strict=True):
        if kept is None:
            ordinal += 1
            kept = Addition(new_id(event_id, ordinal), start, end)
        result.append(kept)
    return tuple(result)


def texts(additions: Sequence[Addition], text: str | None) -> dict[str, str]:
    """Each addition's text in `text`, by id."""
    return {a.id: (text or "")[a.start : a.end] for a in additions}


def new_id(event_id: str, ordinal: int) -> str:
    """`add:` + the event's first eight hex digits + the ordinal."""
    return f"{ADDITION_PREFIX}{event_id.removeprefix('sha256:')[:8]}-{ordinal}"
