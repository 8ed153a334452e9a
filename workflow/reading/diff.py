"""`byline diff`: what changed in each sentence between two versions of the English.

A version is the state after an event (named by its number or an id prefix).
Units are matched across versions by their source segments, so a unit that
was merged or split is compared with everything it came from.
"""

from __future__ import annotations

from collections import namedtuple

from workflow.errors import InputError
from workflow.ids import resolve_event
from workflow.model.replay import replay
from workflow.model.state import State, Unit
from workflow.text.delta import word_diff


class UnitDiff(namedtuple("UnitDiff", "unit before after words")):
    """One unit's English before and after, with its word-level diff."""

    __slots__ = ()
    unit: str
    before: str
    after: str
    words: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, object]:
        return {"unit": self.unit, "before": self.before, "after": self.after,
                "words": [{"op": op, "text": text} for op, text in self.words]}


def version(state: State, ref: str | None, default: int) -> State:
    """The state after the event `ref` (or after event number `default`)."""
    events = state.events
    line = resolve_event(events, ref, state.article).line if ref else default
    return state if line == len(events) else replay(state.article, events[:line], authorship=False)


def unit_diffs(old: State, new: State, unit: str | None = None) -> list[UnitDiff]:
    """Changed units between two states (or the one named), in the order of the newer English."""
    result = []
    by_source: dict[str, list[Unit]] = {}
    for earlier_unit in old.units:
        for sid in earlier_unit.sources:
            by_source.setdefault(sid, []).append(earlier_unit)
    for current in new.units:
        if unit is not None and unit != current.id and unit not in current.sources:
            continue
        earlier = sorted({u for sid in current.sources for u in by_source.get(sid, ())}, key=lambda u: (u.start, u.end))
        before = " ".join(old.unit_target(u) for u in earlier)
        after = new.unit_target(current)
        if before != after or unit is not None:
            result.append(UnitDiff(current.id, before, after, tuple(word_diff(before, after))))
    return result


def first_translation(state: State) -> int:
    """The line of the first translate event (the version diffs start from)."""
    for event in state.events:
        if event.type == "translate":
            return event.line
    raise InputError(f"article {state.article!r} has no translation yet; nothing to diff")
