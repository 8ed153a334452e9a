"""The ledger as a graph: each event names its parents; the file holds the events in one canonical order.

v2 events list their `parents`; a v1 event's parent is its `prev`. The file
order is canonical — Kahn's algorithm, placing next among the events whose
parents are all placed the one with the smallest (`at`, `id`) — so a ledger
file is a function of its set of events: two desks that merge the same events
write the same bytes, and an event recorded after every head is appended at
the end. `Walk` computes the state of any parent-closed set of events, sharing
the work along chains and merging concurrent heads from their common
ancestors, as git's recursive merge does.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    Data = Mapping[str, Any]


def parents(data: Data) -> tuple[str, ...]:
    """The ids an event follows: v2's `parents`, v1's `prev`."""
    if data.get("v") == 1:
        return (data["prev"],) if data.get("prev") else ()
    return tuple(data.get("parents") or ())


def heads(events: Sequence[Data]) -> list[str]:
    """The ids no event names as a parent, in file order: what the next event will follow."""
    named = {parent for data in events for parent in parents(data)}
    return [data["id"] for data in events if data["id"] not in named]


def is_chain(events: Sequence[Data]) -> bool:
    """Whether every event follows the one on the line before (a ledger that never branched)."""
    previous: str | None = None
    for data in events:
        if parents(data) != ((previous,) if previous else ()):
            return False
        previous = data["id"]
    return True


def ancestor_masks(events: Sequence[Data]) -> list[int]:
    """Each event's ancestors (every event it follows, directly or not) as a bit mask of file positions.

    `events` in file order, parents first; a parent not among them is ignored
    (the ledger reader has already refused such a file).
    """
    position: dict[str, int] = {}
    masks: list[int] = []
    for index, data in enumerate(events):
        mask = 0
        for parent in parents(data):
            found = position.get(parent)
            if found is not None:
                mask |= masks[found] | 1 << found
        masks.append(mask)
        position[data["id"]] = index
    return masks


def canonical_order(events: Sequence[Data]) -> list[int]:
    """The indices of `events` in canonical order: Kahn's algorithm, smallest (`at`, `id`) first.

    Every parent must be among `events` (a KeyError names the first missing).
    Ties on `at` (events of one second, or BYLINE_NOW) fall to the id, so the
    order never depends on which desk merged first.
    """
    position = {data["id"]: index for index, data in enumerate(events)}
    waiting = [len(set(parents(data))) for data in events]
    children: list[list[int]] = [[] for _ in events]
    for index, data in enumerate(events):
        for parent in set(parents(data)):
            children[position[parent]].append(index)
    ready = [(data["at"], data["id"], index) for index, data in enumerate(events) if not waiting[index]]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, _, index = heapq.heappop(ready)
        order.append(index)
        for child in children[index]:
            waiting[child] -= 1
            if not waiting[child]:
                heapq.heappush(ready, (events[child]["at"], events[child]["id"], child))
    return order


def union(*sides: Iterable[Data]) -> list[Data]:
    """Every event of every side once, in canonical order: the merged ledger."""
    seen: dict[str, Data] = {}
    for side in sides:
        for data in side:
            seen.setdefault(data["id"], data)
    events = list(seen.values())
    return [events[index] for index in canonical_order(events)]


class Operations:
    """What `Walk` needs of a replay: a fresh state, a copy, one event applied, a three-way merge."""

    def new(self) -> Any:
        raise NotImplementedError

    def copy(self, state: Any) -> Any:
        raise NotImplementedError

    def apply(self, state: Any, index: int) -> None:
        raise NotImplementedError

    def merge(self, base: Any, ours: Any, theirs: Any, sides: tuple[list[int], list[int]]) -> Any:
        """A new state merging `ours` and `theirs`; `sides` are the indices each has that the base lacks."""
        raise NotImplementedError


class Walk:
    """The states of parent-closed sets of a ledger's events, each computed once.

    Events are applied in file order. Along a chain one state is updated in
    place; a state is copied only where the ledger forks (its event has
    several children: a possible merge base) or where a merge reads it.
    """

    def __init__(self, events: Sequence[Data], operations: Operations) -> None:
        """`events` in file order, each parent before its children (a KeyError names a missing parent)."""
        self.events = events
        self.ops = operations
        position: dict[str, int] = {}
        self.parents: list[list[int]] = []
        for index, data in enumerate(events):
            self.parents.append([position[p] for p in parents(data)])
            position[data["id"]] = index
        self.children = [0] * len(events)
        self.child_mask = [0] * len(events)
        for index, found in enumerate(self.parents):
            for parent in found:
                self.children[parent] += 1
                self.child_mask[parent] |= 1 << index
        self.ancestry: list[int] = []
        for index, found in enumerate(self.parents):
            mask = 1 << index
            for parent in found:
                mask |= self.ancestry[parent]
            self.ancestry.append(mask)
        self._state: dict[int, Any] = {}  # index -> the state of its ancestry, while something still needs it
        self._pending = list(self.children)
        self._merged: dict[int, Any] = {}  # mask -> the merged state of a set with several heads
        self.done = 0

    def advance(self) -> None:
        """Apply the next event of the file."""
        index = self.done
        found = self.parents[index]
        if not found:
            state = self.ops.new()
        elif len(found) == 1:
            parent = found[0]
            self._pending[parent] -= 1
            if self._pending[parent] == 0 and self.children[parent] == 1:
                state = self._state.pop(parent)  # the only child: carry on in place
            else:
                state = self.ops.copy(self._state[parent])
        else:
            mask = 0
            for parent in found:
                self._pending[parent] -= 1
                mask |= self.ancestry[parent]
            state = self.ops.copy(self.state_of(mask))
        self.ops.apply(state, index)
        self._state[index] = state
        self.done += 1

    def state_of(self, mask: int) -> Any:
        """The state of a parent-closed set of applied events, given as a bit mask of their indices.

        Do not change it: it may be the live state of an event, or a merge kept for reuse.
        """
        tops = self.heads_of(mask)
        if len(tops) == 1:
            return self._state[tops[0]]
        if mask in self._merged:
            return self._merged[mask]
        left_mask = self.ancestry[tops[0]]
        merged = self._state[tops[0]]
        for top in tops[1:]:
            right_mask = self.ancestry[top]
            base_mask = left_mask & right_mask
            sides = (_indices(left_mask & ~base_mask), _indices(right_mask & ~base_mask))
            merged = self.ops.merge(self.state_of(base_mask), merged, self._state[top], sides)
            left_mask |= right_mask
            self._merged[left_mask] = merged
        return merged

    def heads_of(self, mask: int) -> list[int]:
        """The events of the set that no other event of the set follows, in file order."""
        return [index for index in _indices(mask) if not self.child_mask[index] & mask]


def _indices(mask: int) -> list[int]:
    """The positions of the set bits of `mask`, smallest first."""
    result = []
    while mask:
        low = mask & -mask
        result.append(low.bit_length() - 1)
        mask ^= low
    return result
