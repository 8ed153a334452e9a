"""Naming an event the way people do (DESIGN: "Ids"): an id prefix, as with git, or its sequence number.

A number is taken while it names one event (in a v2 ledger with branches a
number can repeat, and then only an id prefix will do). An id prefix needs
four characters at least and must match one event; `sha256:` may be left out.
Every command that takes an EVENT argument (diff, report --since, revert,
show) resolves it here, so all of them accept and refuse the same names.
"""

from __future__ import annotations

from collections.abc import Sequence

from workflow.errors import InputError
from workflow.ledger import Event

MIN_PREFIX = 4


def resolve_event(events: Sequence[Event], ref: str, article: str = "") -> Event:
    """The one event `ref` names (`4`, `#4`, `ab12…`, `sha256:ab12…`); an input error says why not."""
    where = f" in {article!r}" if article else ""
    key = ref.strip().lstrip("#")
    if key.isdigit():
        numbered = [e for e in events if e.seq == int(key)]
        if len(numbered) == 1:
            return numbered[0]
        if len(numbered) > 1:
            ids = ", ".join(e.id[7:19] for e in numbered)
            raise InputError(f"event number {key} is more than one event{where} (on different branches: {ids}); "
                             "give an id prefix instead (see `byline log`)")
    prefix = key.removeprefix("sha256:").lower()
    matches = [e for e in events if e.id.removeprefix("sha256:").startswith(prefix)]
    if len(matches) > 1:
        raise InputError(f"{ref!r} matches more than one event{where}; give more of the id (see `byline log`)")
    if matches and len(prefix) < MIN_PREFIX and key.isdigit():  # a number no event has, not a short id
        matches = []
    if matches and len(prefix) < MIN_PREFIX:
        raise InputError(f"{ref!r} is too short to name an event{where}; "
                         f"give at least {MIN_PREFIX} characters of its id")
    if not matches:
        last = f" (1…{len(events)})" if events else ""
        raise InputError(f"no event {ref!r}{where}: give its number{last} or an id prefix (see `byline log`)")
    return matches[0]
