"""The merged ledger: the union of two ledgers' events, in canonical order, every line kept byte for byte.

This is the one function every merge driver computes (git hands each driver
only its own path, so the en.md and en.po drivers compute the merged ledger
themselves): given the same two ledgers, it gives the same bytes on any desk.
No event is rewritten, so every id and signature stays valid.
"""

from __future__ import annotations

from collections import namedtuple

from workflow import graph
from workflow.errors import BylineError
from workflow.ledger import Event, scan_bytes


class Unmergeable(BylineError):
    """Two ledgers that cannot be merged as they are: one is damaged, or they began separately."""


class MergedLedger(namedtuple("MergedLedger", "data events")):
    """The merged ledger's bytes and its events."""

    __slots__ = ()
    data: bytes
    events: list[Event]


def merged_ledger(ours: bytes, theirs: bytes, where: str) -> MergedLedger:
    """The union of the events of two ledgers (file contents), in canonical order.

    Each side must read whole on its own; `where` names the ledger in errors.
    """
    sides: list[list[Event]] = []
    lines: dict[str, bytes] = {}
    for name, data in (("ours", ours), ("theirs", theirs)):
        events, problem = scan_bytes(data)
        if problem is not None:
            raise Unmergeable(f"{where}: {name}, line {problem.line}: {problem.message}; merge this ledger by hand")
        raw = data.split(b"\n")
        for event in events:
            lines.setdefault(event.id, raw[event.line - 1] + b"\n")
        sides.append(events)
    if sides[0] and sides[1] and sides[0][0].id != sides[1][0].id:
        raise Unmergeable(
            f"{where}: the two sides began this article separately (different first events); "
            "keep one of them under another slug"
        )
    datas = {event.id: event.data for side in sides for event in side}
    merged = b"".join(lines[data["id"]] for data in graph.union(datas.values()))
    events, problem = scan_bytes(merged)
    if problem is not None:
        raise Unmergeable(
            f"{where}: the merged ledger would not verify (line {problem.line}: {problem.message}); "
            "a desk may be recording with an old byline (upgrade it)"
        )
    return MergedLedger(merged, events)
