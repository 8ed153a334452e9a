"""The recording protocol every step uses: lock, replay, append, working files.

One article's events are appended under its exclusive lock. A `.pending`
marker holds the ledger head from the first append until the working files
are written, so that a recorder killed in between leaves a trace the next one
can finish from; nothing else is needed to keep files and ledger in step.
"""

from __future__ import annotations

import contextlib
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping

from workflow.ledger import Event, append, read_events
from workflow.model.replay import replay
from workflow.model.state import State
from workflow.model.working_files import working_files, write_working_files
from workflow.workspace import Workspace, article_lock, write_atomic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


class Recorded(namedtuple("Recorded", "event state")):
    """The outcome of a step: the event appended (None: nothing to record) and the state after it."""

    __slots__ = ()
    event: Event | None
    state: State


def commit(
    ws: Workspace,
    slug: str,
    build: Callable[[State], Mapping[str, Any] | None],
    *,
    signer: Any = None,
    authorship: bool = False,
) -> Recorded:
    """Under the lock: replay, build the event body, append it, write the working files.

    Replays skip authorship (the costly part) unless the builder needs it
    (`authorship=True`); the returned state carries none.
    """
    with recording(ws, slug) as events:
        state = replay(slug, events, authorship=authorship)
        body = build(state)
        if body is None:
            return Recorded(None, state)
        event = append_recorded(ws, slug, events, body, signer)
        return Recorded(event, finish_recording(ws, slug, events))


@contextlib.contextmanager
def recording(ws: Workspace, slug: str) -> Iterator[list[Event]]:
    """Hold the article lock and yield the ledger's events, after finishing any interrupted recording.

    A `.pending` marker holds the ledger head from the first append until the
    working files are written; if a process died in between, the marker tells
    the next recording to bring the files it left behind up to date first.
    """
    folder = ws.translation_dir(slug)
    with article_lock(folder):
        events = read_events(ws.ledger_file(slug))
        marker = folder / PENDING
        if marker.exists():
            _finish_interrupted(ws, slug, events, marker.read_text(encoding="utf-8").strip())
        yield events


def append_recorded(ws: Workspace, slug: str, events: list[Event], body: Mapping[str, Any], signer: Any = None) -> Event:
    """Append one event inside `recording` (marking the recording pending first) and add it to `events`."""
    marker = ws.translation_dir(slug) / PENDING
    if not marker.exists():
        write_atomic(marker, events[-1].id if events else "none")
    # Every event names its language (DESIGN.md): the source's for ingests, the English's otherwise.
    event = append(ws.ledger_file(slug), {"article": slug, "lang": ws.config.target_lang, **body}, events, signer)
    events.append(event)
    return event


def finish_recording(ws: Workspace, slug: str, events: list[Event]) -> State:
    """Write the working files the events yield and clear the pending marker; the state (no authorship)."""
    state = replay(slug, events, authorship=False)
    write_working_files(ws, state)
    (ws.translation_dir(slug) / PENDING).unlink(missing_ok=True)
    return state


PENDING = ".pending"


def _finish_interrupted(ws: Workspace, slug: str, events: list[Event], head_before: str) -> None:
    """Bring working files left one event behind by a killed recorder up to date.

    Only files still exactly as the event before left them are rewritten; a
    file someone changed since holds their work and is kept.
    """
    if events and events[-1].id != head_before:
        previous = working_files(ws, replay(slug, events[:-1]))
        for path, content in working_files(ws, replay(slug, events)).items():
            try:
                stale = path.read_text(encoding="utf-8") == previous.get(path)
            except (FileNotFoundError, UnicodeDecodeError):
                stale = path not in previous
            if stale:
                write_atomic(path, content)
    (ws.translation_dir(slug) / PENDING).unlink()
