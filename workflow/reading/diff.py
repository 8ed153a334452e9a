"""`byline diff`: what changed between two versions: each sentence's English, the additions, moves, the Korean.

A version is the state after an event (named by its number or an id prefix).
Units are matched across versions by their source segments, so a unit that
was merged or split is compared with everything it came from; additions are
matched by their ids. A paragraph moved is shown as its units' moves, not as
English deleted in one place and added in another.
"""

from __future__ import annotations

from collections import namedtuple

from workflow.errors import InputError
from workflow.ids import resolve_event
from workflow.model.replay import replay
from workflow.model.state import ADDITION_PREFIX, State, Unit
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


class AdditionDiff(namedtuple("AdditionDiff", "id op before after words")):
    """English with no Korean behind it that came, went or changed between two versions (`op` added, removed,
    changed), named by its addition id."""

    __slots__ = ()
    id: str
    op: str
    before: str
    after: str
    words: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "op": self.op, "before": self.before, "after": self.after,
                "words": [{"op": op, "text": text} for op, text in self.words]}


class Place(namedtuple("Place", "paragraph after")):
    """Where a unit or an addition stands: its paragraph (from 1) and what stands before it (None: first)."""

    __slots__ = ()
    paragraph: int
    after: str | None

    def __str__(self) -> str:
        return f"paragraph {self.paragraph} ({f'after {self.after}' if self.after else 'first'})"


class Move(namedtuple("Move", "unit before after")):
    """A unit or an addition that changed place among the others (its English may have changed too)."""

    __slots__ = ()
    unit: str
    before: Place
    after: Place

    def to_json(self) -> dict[str, object]:
        return {"unit": self.unit, "from": self.before._asdict(), "to": self.after._asdict()}


class Changes(namedtuple("Changes", "units additions moves source")):
    """Everything that changed between two versions: each unit's English (a sentence cut shows as the unit
    now omitted), the additions, what moved, and the Korean behind each unit."""

    __slots__ = ()
    units: tuple[UnitDiff, ...]
    additions: tuple[AdditionDiff, ...]
    moves: tuple[Move, ...]
    source: tuple[UnitDiff, ...]

    def __bool__(self) -> bool:
        return bool(self.units or self.additions or self.moves or self.source)

    def to_json(self) -> dict[str, object]:
        return {"units": [d.to_json() for d in self.units], "additions": [a.to_json() for a in self.additions],
                "moves": [m.to_json() for m in self.moves], "source": [d.to_json() for d in self.source]}


def changes(old: State, new: State, unit: str | None = None) -> Changes:
    """What changed from `old` to `new` (or only for the unit, segment or addition `unit` names)."""
    if unit is not None and unit.startswith(ADDITION_PREFIX):
        return Changes((), tuple(addition_diffs(old, new, unit)), tuple(m for m in moves(old, new) if m.unit == unit),
                       ())
    units = unit_diffs(old, new, unit)
    units.extend(_dropped(old, new, unit))
    return Changes(tuple(units), tuple(addition_diffs(old, new)) if unit is None else (),
                   tuple(m for m in moves(old, new) if unit is None or _names(m.unit, unit)),
                   tuple(source_diffs(old, new, unit)))


def known(old: State, new: State, name: str) -> bool:
    """Whether either version has the unit, segment or addition `name`."""
    if name.startswith(ADDITION_PREFIX):
        return any(a.id == name for state in (old, new) for a in state.added)
    return any(_names(u.id, name) for state in (old, new) for u in state.units)


def _names(uid: str, name: str) -> bool:
    """Whether the unit `uid` is the one `name` names (its id, or one of its segments)."""
    return uid == name or name in uid.split("+")


def _dropped(old: State, new: State, unit: str | None) -> list[UnitDiff]:
    """Units of `old` whose segments no unit of `new` covers any more: their English is gone (now omitted)."""
    covered = {sid for u in new.units for sid in u.sources}
    return [UnitDiff(u.id, old.unit_target(u), "", tuple(word_diff(old.unit_target(u), "")))
            for u in old.units if not covered & set(u.sources) and old.unit_target(u)
            and (unit is None or _names(u.id, unit))]


def addition_diffs(old: State, new: State, aid: str | None = None) -> list[AdditionDiff]:
    """Additions added, removed or changed, by id, in the order of the newer English (removed ones last);
    the one `aid` names even if it did not change."""
    text_old, text_new = old.target_text or "", new.target_text or ""
    before = {a.id: text_old[a.start : a.end] for a in old.added}
    after = {a.id: text_new[a.start : a.end] for a in new.added}
    found = []
    for key in [*after, *(k for k in before if k not in after)]:
        if aid is not None and key != aid:
            continue
        was, now = before.get(key, ""), after.get(key, "")
        if was == now and aid is None:
            continue
        op = ("added" if key not in before else "removed" if key not in after
              else "changed" if was != now else "unchanged")
        found.append(AdditionDiff(key, op, was, now, tuple(word_diff(was, now))))
    return found


def source_diffs(old: State, new: State, unit: str | None = None) -> list[UnitDiff]:
    """The Korean of each unit of `new` that changed since `old` (segments added or removed included)."""
    live_old = {s.id: old.source_text[s.start : s.end] for s in old.segments}
    live_new = {s.id: new.source_text[s.start : s.end] for s in new.segments}
    groups: list[tuple[str, tuple[str, ...]]] = [(u.id, u.sources) for u in new.units]
    grouped = {sid for _, sources in groups for sid in sources}
    groups.extend((sid, (sid,)) for sid in [*live_new, *live_old] if sid not in grouped)
    found, seen = [], set()
    for uid, sources in groups:
        if uid in seen or (unit is not None and not _names(uid, unit)):
            continue
        seen.add(uid)
        was = " ".join(live_old[sid] for sid in sources if sid in live_old)
        now = " ".join(live_new[sid] for sid in sources if sid in live_new)
        if was != now:
            found.append(UnitDiff(uid, was, now, tuple(word_diff(was, now))))
    return found


def moves(old: State, new: State) -> list[Move]:
    """Units and additions that changed place: the fewest stretches of text that, moved, give the new order.

    Units are matched by their segments (a unit that was joined or split is
    matched with what it came from), additions by id. A stretch is what
    stands together in both versions (a paragraph moved, several sentences
    taken along); the stretches that keep their order are kept, as many as
    can be and, among as many, those with more units (and among those, the
    ones earlier in the new text: of two sentences swapped, the second is the
    one shown moved). What a move passed over is not moved; a stretch moved
    is the move of each unit in it.
    """
    old_items, new_items = _placed(old), _placed(new)
    rank: dict[str, int] = {}
    for index, (key, _start, _place) in enumerate(old_items):
        for part in key.split("+"):
            rank.setdefault(part, index)
    matched = [(min(rank[p] for p in key.split("+") if p in rank), key, place)
               for key, _start, place in new_items if any(p in rank for p in key.split("+"))]
    stretches: list[list[int]] = []  # indices into `matched`, each stretch consecutive in both versions
    for index, (r, _key, _place) in enumerate(matched):
        if stretches and r - matched[stretches[-1][-1]][0] in (0, 1):
            stretches[-1].append(index)
        else:
            stretches.append([index])
    kept = _kept_stretches([(matched[s[0]][0], matched[s[-1]][0], len(s)) for s in stretches])
    return [Move(matched[i][1], old_items[matched[i][0]][2], matched[i][2])
            for n, stretch in enumerate(stretches) if n not in kept for i in stretch]


def _kept_stretches(stretches: list[tuple[int, int, int]]) -> set[int]:
    """Which stretches (first rank, last rank, units) stay: the most that keep their order, then the most units."""
    best: list[tuple[int, int]] = []  # per stretch: (stretches, units) of the best ordered chain ending there
    before: list[int | None] = []
    for i, (first, _last, units) in enumerate(stretches):
        choice, score = None, (1, units)
        for j in range(i):
            if stretches[j][1] <= first and (best[j][0] + 1, best[j][1] + units) > score:
                choice, score = j, (best[j][0] + 1, best[j][1] + units)
        best.append(score)
        before.append(choice)
    kept: set[int] = set()
    at = max(range(len(best)), key=lambda i: best[i], default=None)
    while at is not None:
        kept.add(at)
        at = before[at]
    return kept


def _placed(state: State) -> list[tuple[str, int, Place]]:
    """The units with English and the additions of a state, in text order, each with its place."""
    text = state.target_text or ""
    items = sorted([(u.id, u.start) for u in state.units if u.end > u.start]
                   + [(a.id, a.start) for a in state.added], key=lambda item: item[1])
    placed, previous = [], None
    for key, start in items:
        placed.append((key, start, Place(text.count("\n\n", 0, start) + 1, previous)))
        previous = key
    return placed
