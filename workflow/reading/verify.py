"""`byline verify`: the chain, the events, and the working files against replay.

A small orchestrator of `verify_*` steps, each returning problems as data;
signatures are checked by `workflow.signing` when the roster holds keys.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from pathlib import Path

from workflow.errors import BylineError, InputError
from workflow.ledger import Event, scan
from workflow.model.replay import replay
from workflow.model.state import State
from workflow.model.working_files import working_files
from workflow.problems import Kind, Problem
from workflow.text.compare import same_text
from workflow.workspace import Workspace, read_working

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


class Verified(namedtuple("Verified", "article events problems state signed on_disk", defaults=((), None))):
    """An article's verification: its problems and, when the chain holds, its state.

    `on_disk` holds the working files as verify read them (by path), so that
    the checks after it need not read them again.
    """

    __slots__ = ()
    article: str
    events: int
    problems: tuple[Problem, ...]
    state: State | None
    signed: tuple[tuple[str, str, int], ...]  # (agent, key fingerprint, events signed)
    on_disk: Mapping[Path, str] | None


def verify_article(ws: Workspace, slug: str, *, authorship: bool = True) -> Verified:
    """Every check on one article; `authorship=False` when the caller needs no blame from the state."""
    path = ws.ledger_file(slug)
    rel = ws.relative(path)
    events, problem = scan(path)
    if problem is not None:
        return Verified(slug, len(events), (problem._replace(article=slug, file=rel),), None)
    try:
        state = replay(slug, events, authorship=authorship)
    except BylineError as exc:
        return Verified(slug, len(events), (Problem(Kind.REPLAY, str(exc), slug, rel),), None)
    from workflow.signing import verify_signatures

    bad_signatures, signed = verify_signatures(ws, slug, events)
    problems = verify_articles(slug, rel, events)
    problems.extend(Problem(Kind.SIGNATURE, message, slug, rel, line) for line, message in bad_signatures)
    on_disk: dict[Path, str] = {}
    problems.extend(verify_working_files(ws, state, on_disk))
    return Verified(slug, len(events), tuple(problems), state, tuple(signed), on_disk)


def verify_summary(root: Path, slug: str) -> dict[str, Any]:
    """One article's verification as plain data (what `byline verify` prints; picklable for workers)."""
    result = verify_article(Workspace(root), slug, authorship=False)
    return {
        "article": slug,
        "events": result.events,
        "head": result.state.head if result.state else None,
        "heads": list(result.state.heads) if result.state else [],  # several while desks' merged work awaits a record
        "signed": [{"agent": a, "key": k, "events": n} for a, k, n in result.signed],
        "findings": [{"file": p.file, "line": p.line, "kind": p.kind.value, "message": p.message}
                     for p in result.problems],
    }


def verify_articles(slug: str, rel: str, events: list[Event]) -> list[Problem]:
    """Events that name another article: a ledger copied into this folder, or an event spliced in (BL404)."""
    return [Problem(Kind.ARTICLE, f"event {event.seq} ({event.type} by {event.agent}) belongs to article "
                                  f"{event.data['article']!r}, not {slug!r}: it "
                                  "was copied or spliced in from another ledger",
                    slug, rel, event.line)
            for event in events if event.data.get("article") != slug]


def verify_working_files(ws: Workspace, state: State, on_disk: dict[Path, str] | None = None) -> list[Problem]:
    """Working files that differ from replay hold an unrecorded change; `on_disk` collects what was read."""
    problems = []
    for path, expected in working_files(ws, state).items():
        rel = ws.relative(path)
        try:
            data = read_working(ws.root, path)
        except InputError as exc:  # a link, FIFO, device or folder: never read
            problems.append(Problem(Kind.UNRECORDED, str(exc).split(": ", 1)[-1], state.article, rel))
            continue
        if data is None:
            problems.append(Problem(Kind.UNRECORDED, "missing; `byline verify` expects the file replay yields",
                                    state.article, rel))
            continue
        actual = data.decode("utf-8", errors="replace")
        if on_disk is not None:
            on_disk[path] = actual
        if not same_text(expected, actual):
            line, excerpt = first_difference(expected, actual)
            hint = "record it with `byline record` or restore it" if path.suffix in (".md", ".po") else "restore it"
            problems.append(Problem(Kind.UNRECORDED, f"unrecorded change: {excerpt}; {hint}", state.article, rel, line))
    return problems


def first_difference(expected: str, actual: str) -> tuple[int, str]:
    """The first differing line, shown as a short -/+ diff."""
    old, new = expected.split("\n"), actual.split("\n")
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):  # the shorter decides
        if a != b:
            return number, f"line {number}: -{_short(a)!r} +{_short(b)!r}"
    number = min(len(old), len(new)) + 1
    if len(old) > len(new):
        return number, f"line {number}: -{_short(old[number - 1])!r} (removed)"
    return number, f"line {number}: +{_short(new[number - 1])!r} (added)"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
