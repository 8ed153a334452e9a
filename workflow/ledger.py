"""The ledger: one article's events, one canonical JSON line each, hash-linked into a graph.

A line is the RFC 8785 serialisation of the event; `id` is the SHA-256 of the
event without `id` and `sig`. A v2 event names its `parents` (the ledger's
heads when it was recorded: two or more after desks merged), `prev` is its
first parent and `seq` its depth; a v1 event (older ledgers, never rewritten)
names the line before as `prev` and its line number as `seq`. The lines are in
the canonical order of `workflow.graph`. Reading checks every line, so a
changed, removed, reordered or inserted line is named by its line number.
Appends are one `write` of one whole line, flushed and fsynced, under the
article lock held by the caller.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import namedtuple
from collections.abc import Callable, Mapping
from json import JSONDecodeError
from pathlib import Path

from workflow import __version__
from workflow.canonical import canonical, loads_with_canonical
from workflow.errors import InputError, IntegrityError, LedgerError, TornLedgerError
from workflow.problems import Kind, Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    Signer = Callable[[str], Mapping[str, str]]

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
EVENT_TYPES = frozenset(
    {"ingest", "source-update", "translate", "align", "edit", "approve", "waive", "publish", "correct", "review"}
)
# Event types that change the English or how it pairs with the Korean.
TEXT_TYPES = frozenset({"translate", "edit", "correct", "align"})
_REQUIRED = ("v", "seq", "prev", "type", "article", "at", "agent", "id")
_MARKERS = (b"<<<<<<<", b"=======", b">>>>>>>", b"|||||||")
MERGED_WITHOUT_BYLINE = (
    "this ledger was merged without byline's merge driver; run `byline init` in this clone, "
    "then redo the merge (docs/git.md)"
)


class Event(namedtuple("Event", "line data")):
    """One recorded step, as read from its ledger line."""

    __slots__ = ()
    line: int
    data: Mapping[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def type(self) -> str:
        return self.data["type"]

    @property
    def seq(self) -> int:
        return self.data["seq"]

    @property
    def parents(self) -> tuple[str, ...]:
        """The ids this event follows (v1: its `prev`)."""
        if self.data["v"] == 1:
            return (self.data["prev"],) if self.data["prev"] else ()
        return tuple(self.data["parents"])

    @property
    def agent(self) -> str:
        return self.data["agent"]["id"]

    @property
    def stage(self) -> str:
        return self.data.get("stage") or self.data["type"]

    @property
    def at(self) -> str:
        return self.data["at"]


def sha256(data: bytes | str) -> str:
    """`sha256:<hex>` of bytes (or of a text's UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def event_id(data: Mapping[str, Any]) -> str:
    """The id of an event: the hash of its canonical form without `id` and `sig`."""
    return sha256(canonical({k: v for k, v in data.items() if k not in ("id", "sig")}))


def now() -> str:
    """The current UTC time, to the second; BYLINE_NOW fixes it for reproducible samples."""
    fixed = os.environ.get("BYLINE_NOW")
    if fixed:
        import re  # only where the time is fixed

        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ", fixed):
            raise InputError(f"BYLINE_NOW={fixed!r} is not a UTC time like 2026-11-27T09:14:03Z; set it so or unset it")
        return fixed
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def read_events(path: Path) -> list[Event]:
    """Every event of a ledger, checked; a torn or broken line raises with its number."""
    events, problem = scan(path)
    if problem is not None:
        error = TornLedgerError if problem.kind is Kind.TORN else IntegrityError
        raise error(f"{path}:{problem.line}: {problem.message}")
    return events


def scan(path: Path) -> tuple[list[Event], Problem | None]:
    """Read a ledger up to its first problem: the good events and that problem (torn or chain, with its line)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], None
    return scan_bytes(raw)


def scan_bytes(raw: bytes) -> tuple[list[Event], Problem | None]:
    """`scan` for a ledger's content (as git's merge driver holds it)."""
    events: list[Event] = []
    lines = raw.split(b"\n")
    tail = lines.pop()  # bytes after the last newline: empty unless the last append was torn
    seen: dict[str, Event] = {}
    for number, line in enumerate(lines, start=1):
        event, message = _check_line(line, number, events, seen)
        if message:
            return events, Problem(Kind.CHAIN, message, line=number)
        assert event is not None
        events.append(event)
        seen[event.id] = event
    problem = _order_problem(events)
    if problem is not None:
        return events[: (problem.line or 1) - 1], problem
    if tail:
        event, message = _check_line(tail, len(lines) + 1, events, seen)
        if message is None:
            return events, Problem(Kind.TORN, f"{UNFINISHED}; run `byline repair ARTICLE` to complete it",
                                   line=len(lines) + 1)
        return events, Problem(
            Kind.TORN,
            f"torn last line ({len(tail)} bytes without a newline, an interrupted append); "
            "run `byline repair ARTICLE` to set it aside",
            line=len(lines) + 1,
        )
    return events, None


# A last line that holds a whole, valid event and lacks only its newline (some editors save files so).
UNFINISHED = "torn last line: a complete event without its final newline"


def _check_line(
    line: bytes, number: int, events: list[Event], seen: Mapping[str, Event]
) -> tuple[Event | None, str | None]:
    try:
        data, canonical_line, hashed = loads_with_canonical(line, ("id", "sig"))
    except (JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        if line.startswith(_MARKERS):
            return None, f"a git conflict marker: {MERGED_WITHOUT_BYLINE}"
        return None, f"not a JSON event ({_short(exc)}); the line was altered"
    except ValueError as exc:  # rfc8785 refuses NaN, infinities and over-large integers
        return None, f"value outside canonical JSON ({_short(exc)}); the line was altered"
    if not isinstance(data, dict):
        return None, "not a JSON object; the line was altered"
    missing = [key for key in (*_REQUIRED, *(("parents",) if data.get("v") == 2 else ())) if key not in data]
    if missing:
        return None, f"event lacks {', '.join(missing)}"
    if data["v"] not in READABLE_VERSIONS or type(data["v"]) is not int:
        return None, f"ledger format v{data['v']!r} is not one this byline reads (v{FORMAT_VERSION}); upgrade byline"
    if canonical_line != line:
        return None, "line is not in canonical form (RFC 8785); it was edited by hand"
    expected = sha256(hashed)
    if data["id"] != expected:
        return None, f"id does not match the content: expected {expected}, found {data['id']!r}"
    if data["id"] in seen:
        return None, f"the event of line {seen[data['id']].line} again; a line was duplicated"
    place = _v1_place(data, number, events) if data["v"] == 1 else _v2_place(data, number, seen)
    if place:
        return None, place
    shape = _envelope_problem(data)
    if shape:
        return None, shape
    return Event(number, data), None


def _v1_place(data: Mapping[str, Any], number: int, events: list[Event]) -> str | None:
    """A v1 event sits on the v1 chain at the top of the file: seq is its line, prev the line before."""
    if events and events[-1].data["v"] != 1:
        return "a v1 event after v2 events; a line was moved, or a desk records with an old byline (upgrade it)"
    if type(data["seq"]) is not int or data["seq"] != number:
        return f"seq is {data['seq']!r} where line {number} was expected; a line was removed, inserted or moved"
    prev = events[-1].id if events else None
    if data["prev"] != prev:
        return f"prev is {data['prev']!r}, expected {prev!r}; the chain is broken here"
    return None


def _v2_place(data: Mapping[str, Any], number: int, seen: Mapping[str, Event]) -> str | None:
    """A v2 event follows parents found above it; prev is its first parent, seq one more than theirs."""
    parents = data["parents"]
    strings = isinstance(parents, list) and all(isinstance(p, str) for p in parents)
    if not strings or len(set(parents)) != len(parents):
        return "parents must be a list of distinct event ids"
    if not parents and number != 1:
        return "an event without parents after the first line; a second start of the article was spliced in"
    missing = [p for p in parents if p not in seen]
    if missing:
        return f"parent {missing[0]!r} is not an earlier line; a line was removed or moved"
    lines = [seen[p].line for p in parents]
    if lines != sorted(lines):
        return "parents are not listed in file order"
    if data["prev"] != (parents[0] if parents else None):
        return f"prev is {data['prev']!r}, but its first parent is {parents[0] if parents else None!r}"
    depth = 1 + max((seen[p].seq for p in parents), default=0)
    if type(data["seq"]) is not int or data["seq"] != depth:
        return f"seq is {data['seq']!r} where {depth} (one more than its parents') was expected"
    return None


def _order_problem(events: list[Event]) -> Problem | None:
    """Where the file leaves byline's canonical order (it is a function of the events, see workflow.graph)."""
    from workflow import graph

    datas = [event.data for event in events]
    if graph.is_chain(datas):
        return None
    for index, expected in enumerate(graph.canonical_order(datas)):
        if expected != index:
            return Problem(
                Kind.CHAIN,
                f"events out of byline's canonical order (expected {events[expected].id[:19]}… here, "
                f"line {expected + 1}); {MERGED_WITHOUT_BYLINE}",
                line=index + 1,
            )
    return None


def _envelope_problem(data: Mapping[str, Any]) -> str | None:
    """What is wrong with the fields every reader relies on, if anything."""
    if data["type"] not in EVENT_TYPES:
        return f"unknown event type {data['type']!r}"
    if not isinstance(data["at"], str) or not isinstance(data.get("stage", ""), str):
        return "at and stage must be strings"
    for key in ("agent", "operator"):
        person = data.get(key, {"id": "-"})
        if not isinstance(person, dict) or not isinstance(person.get("id"), str):
            return f"{key} must be an object with a string id"
    sig = data.get("sig")
    signed = isinstance(sig, dict) and all(isinstance(sig.get(k), str) for k in ("key", "alg", "value"))
    if sig is not None and not signed:
        return "sig must be an object with string key, alg and value"
    return None


def _short(exc: BaseException, limit: int = 80) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def append(path: Path, body: Mapping[str, Any], events: list[Event], signer: Signer | None = None,
           vet: Callable[[Mapping[str, Any]], None] | None = None) -> Event:
    """Append one event after `events` (the ledger as read under the lock), as a v2 event following every head.

    Naming all heads as parents leaves one head, and an event after all heads
    is last in canonical order, so this is always a plain append. The caller
    holds the article lock; the line is written whole, then fsynced. `vet`
    sees the finished event (id and signature included) before anything is
    written and raises to refuse it.
    """
    from workflow import graph

    heads = graph.heads([event.data for event in events])
    tops = set(heads)
    depth = {event.id: event.seq for event in events if event.id in tops}
    data: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "seq": 1 + max((depth[head] for head in heads), default=0),
        "prev": heads[0] if heads else None,
        "parents": heads,
        **body,
        "tool": {"name": "byline", "version": __version__},
    }
    data.setdefault("at", now())
    data["id"] = event_id(data)
    if signer is not None:
        data["sig"] = dict(signer(data["id"]))
    if vet is not None:
        vet(data)
    line = canonical(data) + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LedgerError(f"{path}: cannot be appended to ({exc.strerror}); nothing was recorded") from exc
    try:
        _write_line(path, fd, line)
    finally:
        os.close(fd)
    # The event as a reader will read it back (lists, not tuples; 1.0 as 1), so that a recording may apply it
    # to its replay rather than read the ledger again.
    return Event(len(events) + 1, json.loads(line))


def _write_line(path: Path, fd: int, line: bytes) -> None:
    """One write of the whole line, then fsync; on failure cut the file back to where it was."""
    size = os.fstat(fd).st_size
    try:
        written = os.write(fd, line)
        if written != len(line):
            raise LedgerError(f"{path}: only {written} of {len(line)} bytes "
                              "were written; free disk space and record again")
        os.fsync(fd)
    except OSError as exc:
        _cut(fd, size)
        raise LedgerError(f"{path}: the event could not be appended "
                          f"({exc.strerror}); nothing was recorded, try again") from exc
    except LedgerError:
        _cut(fd, size)
        raise


def _cut(fd: int, size: int) -> None:
    """Best effort: take a half-written line back off (a crash here leaves a torn line for `repair`)."""
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError:
        pass


def repair(path: Path) -> Path | None:
    """Move a torn last line into a side file and cut it from the ledger; None if whole.

    A last line that is a complete, valid event lacking only its newline is
    completed instead (the newline appended) and `path` itself is returned.
    """
    raw = path.read_bytes()
    cut = raw.rfind(b"\n") + 1
    if cut == len(raw):
        return None
    _, problem = scan(path)
    if problem is not None and problem.message.startswith(UNFINISHED):
        with open(path, "ab") as handle:
            handle.write(b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        return path
    ns = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 1_000_000_000)) + f"{ns // 1000 % 1_000_000:06d}Z"
    side = path.with_name(f"{path.name}.torn-{stamp}")
    from workflow.workspace import write_atomic

    write_atomic(side, raw[cut:])
    with open(path, "r+b") as handle:
        handle.truncate(cut)
        handle.flush()
        os.fsync(handle.fileno())
    return side
