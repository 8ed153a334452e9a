"""Replay of a ledger that branched: desks recorded concurrently and git merged their events.

`workflow.graph.Walk` applies the events in file order and asks for the state
of every set of events it needs; where a set has several heads, this module
merges their states three-way from the state of their common ancestors. The
English goes through the one merge (`workflow.model.merge`); the Korean, the
sign-offs and the rest are merged here:

- the Korean (text, segments, metadata): taken from the side that changed it;
  both sides changing it differently is a conflict on unit `source`, and the
  first side's Korean is provisional until a source is recorded again;
- sign-offs, waivers and steps: every one of both sides, in file order
  (an approval stays pinned to the texts it approved);
- review marks (needs review, a translator's comment): per unit, from the
  side that changed it, the later where both did;
- the Korean each unit's English was last written from (`basis`): per
  segment, from the side that refreshed it.

The accumulators are `workflow.model.replay.Replay` objects, made by the
factory the caller passes, so this module needs no import of replay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from workflow import graph
from workflow.errors import IntegrityError
from workflow.ledger import TEXT_TYPES, Event
from workflow.model.merge import Version, merge3
from workflow.model.state import SOURCE_CONFLICT, Branch, Conflict, Side, State

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    Factory = Callable[[], Any]

SOURCE_TYPES = ("ingest", "source-update")


def replay_graph(events: list[Event], factory: Factory) -> State:
    """The state of a whole ledger (or a prefix of one) that branched."""
    walk = _walk(events, factory)
    for _ in events:
        walk.advance()
    mask = (1 << len(events)) - 1
    tops = walk.heads_of(mask)
    return walk.state_of(mask).snapshot(events, tuple(events[i].id for i in tops))


def versions_graph(events: list[Event], factory: Factory) -> Iterator[State]:
    """The state after each line of a ledger that branched: the record as it stood at that line."""
    walk = _walk(events, factory)
    for count in range(1, len(events) + 1):
        walk.advance()
        mask = (1 << count) - 1
        tops = walk.heads_of(mask)
        yield walk.state_of(mask).snapshot(events[:count], tuple(events[i].id for i in tops))


def _walk(events: list[Event], factory: Factory) -> graph.Walk:
    try:
        return graph.Walk([event.data for event in events], _Operations(events, factory))
    except KeyError as exc:
        raise IntegrityError(f"an event names parent {exc.args[0]!r}, which is not before it in the ledger") from None


class _Operations(graph.Operations):
    """Replay's accumulators, as `graph.Walk` drives them."""

    def __init__(self, events: list[Event], factory: Factory) -> None:
        self.events = events
        self.factory = factory
        self.position = {event.id: index for index, event in enumerate(events)}

    def new(self) -> Any:
        return self.factory()

    def copy(self, state: Any) -> Any:
        return state.copy()

    def apply(self, state: Any, index: int) -> None:
        state.apply(self.events[index])

    def merge(self, base: Any, ours: Any, theirs: Any, sides: tuple[list[int], list[int]]) -> Any:
        mine, yours = ([self.events[i] for i in side] for side in sides)
        merged = ours.copy()
        _merge_source(merged, base, ours, theirs, mine, yours)
        _merge_target(merged, base, ours, theirs, mine, yours)
        merged.basis = _merge_basis(base.basis, ours.basis, theirs.basis)
        order = self.position.__getitem__
        merged.marks = _merge_marks(base.marks, ours.marks, theirs.marks, order)
        for name in ("approvals", "waivers", "steps"):
            known = {record.event for record in getattr(ours, name)}
            extra = [record for record in getattr(theirs, name) if record.event not in known]
            setattr(merged, name, sorted([*getattr(ours, name), *extra], key=lambda record: order(record.event)))
        merged.origins = {**theirs.origins, **ours.origins}
        merged.retired = list(dict.fromkeys([*ours.retired, *theirs.retired]))
        merged.next_segment = max(ours.next_segment, theirs.next_segment)
        return merged


def _merge_source(merged: Any, base: Any, ours: Any, theirs: Any, mine: list[Event], yours: list[Event]) -> None:
    """The Korean from the side that changed it; both changing it differently is a conflict on `source`."""

    def source(state: Any) -> tuple[str, tuple[Any, ...]]:
        return state.source_text, state.segments

    carried = [c for state in (ours, theirs) for c in state.conflicts if c.unit == SOURCE_CONFLICT]
    if source(ours) == source(base) and not carried:
        merged.source_text, merged.segments, merged.source_meta = (
            theirs.source_text,
            theirs.segments,
            dict(theirs.source_meta),
        )
    elif source(theirs) != source(base) and source(theirs) != source(ours) or carried:
        sides = [*(s for c in carried for s in c.sides)]
        for state, events in ((ours, mine), (theirs, yours)):
            if source(state) != source(base) and all(s.text != state.source_text for s in sides):
                sides.append(Side(_branch(events, SOURCE_TYPES, None), state.source_text))
        others = [c for c in merged.conflicts if c.unit != SOURCE_CONFLICT]
        merged.conflicts = [*others, Conflict(SOURCE_CONFLICT, 0, 0, tuple(sides))]


def _merge_target(merged: Any, base: Any, ours: Any, theirs: Any, mine: list[Event], yours: list[Event]) -> None:
    """The English through the one three-way merge, conflicts labelled with the branches that made them."""
    kept_source = [c for c in merged.conflicts if c.unit == SOURCE_CONFLICT]
    if theirs.target_text is None:
        return
    if ours.target_text is None:
        merged.target_text, merged.units, merged.added = theirs.target_text, theirs.units, theirs.added
        merged.authorship = theirs.authorship.copy() if theirs.authorship is not None else None
        merged.conflicts = [*kept_source, *(c for c in theirs.conflicts if c.unit != SOURCE_CONFLICT)]
        return
    result = merge3(_version(base, "base"), _version(ours, "ours"), _version(theirs, "theirs"))
    merged.target_text, merged.units, merged.authorship = result.text, result.units, result.authorship
    from workflow.model.additions import carry, texts

    both = [*ours.added, *(a for a in theirs.added if a.id not in {o.id for o in ours.added})]
    was = {**texts(theirs.added, theirs.target_text), **texts(ours.added, ours.target_text)}
    latest = (yours or mine)[-1].id if (yours or mine) else ""
    merged.added = carry(both, was, result.text, result.units, latest)
    labelled = []
    for conflict in result.conflicts:
        sides = tuple(
            side._replace(label=_branch(mine if side.label == "ours" else yours, TEXT_TYPES, conflict.unit))
            if side.label in ("ours", "theirs")
            else side
            for side in conflict.sides
        )
        labelled.append(conflict._replace(sides=sides))
    merged.conflicts = [*kept_source, *labelled]


def _version(state: Any, label: str) -> Version:
    return Version(
        state.target_text or "",
        state.units,
        state.authorship,
        label,
        tuple(c for c in state.conflicts if c.unit != SOURCE_CONFLICT),
    )


def _branch(events: Sequence[Event], types: Sequence[str] | frozenset[str], unit: str | None) -> Branch:
    """A side of a conflict: its latest event, and who on that side changed the conflicting text."""
    wanted = _segments(unit)
    agents: list[str] = []
    for event in events:
        if event.type in types and (wanted is None or _touches(event, wanted)) and event.agent not in agents:
            agents.append(event.agent)
    if not agents:  # the region is text between units, which edits do not list: whoever changed the English
        agents = list(dict.fromkeys(event.agent for event in events if event.type in types))
    return Branch(events[-1].id if events else "", tuple(agents))


def _segments(unit: str | None) -> set[str] | None:
    """The source segments a conflict's unit name covers; None for the text between units."""
    if unit is None or ":" in unit or unit == "text":
        return None
    return {sid for name in unit.split(",") for sid in name.split("+")}


def _touches(event: Event, segments: set[str]) -> bool:
    """Whether an event changed the English of any of `segments` (a translation changes all)."""
    if event.type == "translate":
        return True
    named = [entry.get("unit", "") for entry in event.data.get("units", []) if isinstance(entry, dict)]
    named += [uid for uid in event.data.get("touched", []) if isinstance(uid, str)]
    return any(sid in segments for uid in named for sid in uid.split("+"))


def _merge_marks(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                 order: Callable[[str], int]) -> dict[str, Any]:
    """Per unit, the review mark (needs review, comment) of the side that changed it; where both did, the later one.

    A mark one side set and the other cleared stays set: a unit waiting for
    review is not confirmed by a desk that never saw the request.
    """
    merged = {}
    for uid in dict.fromkeys([*ours, *theirs]):
        mine, yours = ours.get(uid), theirs.get(uid)
        if mine == base.get(uid):
            value = yours
        elif yours == base.get(uid) or yours is None:
            value = mine
        else:
            value = yours if mine is None or order(yours.event) > order(mine.event) else mine
        if value is not None:
            merged[uid] = value
    return merged


def _merge_basis(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> dict[str, str]:
    """Per segment, the Korean its English was last written from: the side that refreshed it wins."""
    merged = {}
    for sid in dict.fromkeys([*ours, *theirs]):
        value = theirs.get(sid) if ours.get(sid) == base.get(sid) else ours.get(sid)
        if value is not None:
            merged[sid] = value
    return merged
