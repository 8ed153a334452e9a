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
from pathlib import Path

from workflow.errors import BylineError, InputError, IntegrityError
from workflow.ledger import Event, append, read_events
from workflow.model.replay import continuing
from workflow.model.state import State
from workflow.model.working_files import working_files, write_working_files
from workflow.text.compare import same_text
from workflow.workspace import Workspace, article_lock, read_working, write_atomic

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
    consumes: tuple[Path, ...] = (),
    resolves: tuple[str, ...] = (),
) -> Recorded:
    """Under the lock: replay, refuse to overwrite unrecorded work, build the event body, append it, write the files.

    `consumes` names the working files the step itself records (`byline
    record` reads en.md or en.po); every other working file must hold nothing
    the record lacks, or the step is refused before anything is written.
    The ledger is replayed once; the appended event is then applied to that
    replay alone. Replay skips authorship (the costly part) unless the builder
    needs it (`authorship=True`); the returned state carries it only then.
    While a merge conflict stands, only a step that `resolves` its kind
    ("target": a change to the English, "source": a source) may record.
    """
    with recording(ws, slug) as events:
        state, after = continuing(slug, events, authorship=authorship)
        refuse_during_conflict(ws, state, resolves)
        refuse_unrecorded(ws, state, consumes)
        body = build(state)
        if body is None:
            return Recorded(None, state)
        event = append_recorded(ws, slug, events, body, signer)
        return Recorded(event, finish_recording(ws, slug, after(events)))


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
        strangers = [e for e in events if e.data.get("article") != slug]
        if strangers:
            raise IntegrityError(f"{ws.relative(ws.ledger_file(slug))}:{strangers[0].line}: "
                                 f"event {strangers[0].seq} belongs "
                                 f"to article {strangers[0].data.get('article')!r}, "
                                 f"not {slug!r}; `byline verify {slug}` "
                                 "says more; nothing recorded")
        marker = folder / PENDING
        if marker.exists():
            _finish_interrupted(ws, slug, events, marker.read_text(encoding="utf-8").strip())
        yield events


def append_recorded(
    ws: Workspace, slug: str, events: list[Event], body: Mapping[str, Any], signer: Any = None
) -> Event:
    """Append one event inside `recording` (marking the recording pending first) and add it to `events`.

    The finished event is first checked as `verify` will check it (whose
    signature it needs, and whether it holds): one that would not verify is
    refused with nothing written.
    """
    marker = ws.translation_dir(slug) / PENDING

    def vet(data: Mapping[str, Any]) -> None:
        from workflow.signing import vet as vet_signature

        vet_signature(ws, events, data)
        if not marker.exists():
            write_atomic(marker, events[-1].id if events else "none")

    # Every event names its language (DESIGN.md): the source's for ingests, the English's otherwise.
    event = append(ws.ledger_file(slug), {"article": slug, "lang": ws.config.target_lang, **body}, events, signer, vet)
    events.append(event)
    return event


def finish_recording(ws: Workspace, slug: str, state: State) -> State:
    """Write the working files of the state after the appended events and clear the pending marker."""
    write_working_files(ws, state)
    (ws.translation_dir(slug) / PENDING).unlink(missing_ok=True)
    return state


PENDING = ".pending"


def refuse_during_conflict(ws: Workspace, state: State, resolves: tuple[str, ...]) -> None:
    """While desks' changes conflict, only their resolution is recorded: no sign-off of a provisional text."""
    from workflow.model.state import SOURCE_CONFLICT

    standing = {"source" if c.unit == SOURCE_CONFLICT else "target" for c in state.conflicts}
    if not standing or standing & set(resolves):
        return
    conflict = state.conflicts[0]
    who = " and ".join(conflict.agents) or "two desks"
    how = ("record the settled Korean with `byline "
           f"ingest FILE --article {state.article}`" if conflict.unit == SOURCE_CONFLICT
           else f"resolve it in {ws.relative(ws.target_file(state.article))}, "
                f"then `byline record {state.article} --by WHO`")
    from workflow.errors import ConflictError

    raise ConflictError(f"{state.article}: an unresolved merge conflict in "
                        f"{conflict.unit} (changed differently by {who}); "
                        f"{how}; nothing recorded")


def refuse_unrecorded(ws: Workspace, state: State, consumes: tuple[Path, ...] = ()) -> None:
    """Refuse (exit 2) when a working file holds work the record lacks, so that nothing rewrites it unseen.

    Working files are compared with what replay yields by the one comparison
    (`workflow.text.compare.same_text`); a PO file that differs only in form
    (re-wrapped by a PO editor, an older head) holds no work. A link, FIFO,
    device or folder where a working file belongs is an input error before
    anything is read.
    """
    if not state.events:
        return
    for path, expected in working_files(ws, state).items():
        data = read_working(ws.root, path)
        if path in consumes or data is None:
            continue
        text = data.decode("utf-8", errors="replace")
        if same_text(expected, text) or (path.suffix == ".po" and not _po_holds_work(path, state, data)):
            continue
        from workflow.reading.verify import first_difference

        _, excerpt = first_difference(expected, text)
        raise InputError(
            f"{ws.relative(path)}: holds a change that is not recorded ({excerpt}); record it first with "
            f"`byline record {state.article} --by WHO`, or restore the file; nothing was changed"
        )


def _po_holds_work(path: Path, state: State, data: bytes) -> bool:
    """Whether en.po's entries change the English (False for a re-wrapped or re-headed but otherwise equal file)."""
    from workflow import formats
    from workflow.steps.pairs import apply_pairs

    try:
        document = formats.module("po").read(path, data)
        assert document.pairs is not None
        text, units = apply_pairs(path, state, document.pairs)
    except BylineError:
        return True
    return text != state.target_text or units != state.units


def _finish_interrupted(ws: Workspace, slug: str, events: list[Event], head_before: str) -> None:
    """Bring working files left one event behind by a killed recorder up to date.

    Only files still exactly as the event before left them are rewritten; a
    file someone changed since holds their work and is kept.
    """
    if events and events[-1].id != head_before:
        before, after = continuing(slug, events[:-1], authorship=False)
        previous = working_files(ws, before)
        for path, content in working_files(ws, after(events)).items():
            try:
                stale = path.read_text(encoding="utf-8") == previous.get(path)
            except (FileNotFoundError, UnicodeDecodeError):
                stale = path not in previous
            if stale:
                write_atomic(path, content)
    (ws.translation_dir(slug) / PENDING).unlink()
