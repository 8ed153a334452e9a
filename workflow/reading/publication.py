"""What readers were shown, and whether it still holds: the last publication and the corrections since the first.

One place for the facts `status`, the reports' verdict, the archive index and
the published page itself read: the event a live page was made from, whether
the texts are still the ones it showed (`current`), how many events since
changed a text, and the corrections (their public notes and dates) readers
must be told about.
"""

from __future__ import annotations

from collections import namedtuple

from workflow.ledger import TEXT_TYPES
from workflow.model.state import State

# Event types after a publication that make what readers saw differ from the record; a correction always
# does, since its public note belongs on the page even where it changed no word.
CHANGING_TYPES = TEXT_TYPES | {"source-update", "correct"}


class Publication(namedtuple("Publication", "event at url current changes_since")):
    """The latest publication: its event id and time, the URL it was given, whether it is current, changes since."""

    __slots__ = ()
    event: str
    at: str
    url: str | None
    current: bool
    changes_since: int

    def to_json(self) -> dict[str, object]:
        """The `publication` entry of `status --json` (DESIGN: its shape, which the archive reproduces)."""
        return {"event": self.event, "at": self.at, "current": self.current, "changes_since": self.changes_since}


class Correction(namedtuple("Correction", "event at agent note")):
    """A correction made after the article was first published: its event, date, who made it, its public note."""

    __slots__ = ()
    event: str
    at: str
    agent: str
    note: str


def last_publication(state: State) -> Publication | None:
    """The latest `publish` event and what happened since; None for an article never published.

    Current means the Korean and the English are still the ones published and
    no correction came after (a correction's note is news to readers even
    when the words went back to what they were).
    """
    index = next((i for i in range(len(state.events) - 1, -1, -1) if state.events[i].type == "publish"), None)
    if index is None:
        return None
    event = state.events[index]
    later = state.events[index + 1 :]
    base = event.data.get("base", {})
    changes = sum(1 for e in later if e.type in CHANGING_TYPES)
    same = base.get("source") == state.source_hash() and base.get("target") == state.target_hash()
    current = same and not any(e.type == "correct" for e in later)
    url = event.data.get("output", {}).get("url")
    return Publication(event.id, event.at, url if isinstance(url, str) else None, current, changes)


def first_published_at(state: State) -> str | None:
    """When the article was first published (the first `publish` event), if ever."""
    return next((e.at for e in state.events if e.type == "publish"), None)


def corrections(state: State) -> tuple[Correction, ...]:
    """The corrections readers must be told about: `correct` events after the first publication, oldest first.

    A correction recorded before anything was published corrected nothing a
    reader saw, so it is not listed.
    """
    start = next((i for i, e in enumerate(state.events) if e.type == "publish"), None)
    if start is None:
        return ()
    return tuple(
        Correction(e.id, e.at, e.agent, str(e.data.get("note") or "").strip())
        for e in state.events[start + 1 :] if e.type == "correct"
    )
