"""`byline verify`: the chain, the events, and the working files against replay.

A small orchestrator of `verify_*` steps, each returning problems as data;
signatures are checked by `workflow.signing` when the roster holds keys.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence
from pathlib import Path

from workflow.errors import BylineError, InputError
from workflow.ledger import Event, scan
from workflow.model.replay import replay
from workflow.model.state import State
from workflow.model.working_files import legacy_po, working_files
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


def record_failures(problems: Sequence[Problem]) -> list[Problem]:
    """The problems that make the record itself untrustworthy: its chain, replay, signatures, or events of another
    article. Working files that differ from it (unrecorded work) leave what it records standing."""
    return [p for p in problems if p.kind is not Kind.UNRECORDED]


def verify_summary(ws: Workspace, slug: str) -> dict[str, Any]:
    """One article's verification as plain data (what `byline verify` prints; picklable for workers).

    Every article of a run is verified with the one workspace, and so with the one reading of byline.toml.
    """
    result = verify_article(ws, slug, authorship=False)
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
        if same_text(expected, actual) or (path.suffix == ".po" and actual == legacy_po(state, ws.config)):
            continue
        hint = "record it with `byline record` or restore it" if path.suffix in (".md", ".po") else "restore it"
        for line, excerpt in differences(expected, actual):  # every place, not only the first
            problems.append(Problem(Kind.UNRECORDED, f"unrecorded change: {excerpt}; {hint}", state.article, rel, line))
    return problems


def differences(expected: str, actual: str) -> list[tuple[int, str]]:
    """Each place where `actual` differs from `expected`: its line in `actual` and a short -/+ diff.

    Lines are compared as the one working-file comparison sees them (a
    paragraph re-wrapped over several lines is one line), and named by the
    line of the file they start on.
    """
    from difflib import SequenceMatcher

    from workflow.text.compare import canonical_lines

    old, new = canonical_lines(expected), canonical_lines(actual)
    places: list[tuple[int, str]] = []
    matcher = SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "delete":
            line = new[j1][0] if j1 < len(new) else (new[-1][0] + 1 if new else 1)
            places.append((line, f"line {line}: -{_short(old[i1][1])!r} (removed)"))
        elif op == "insert":
            places.append((new[j1][0], f"line {new[j1][0]}: +{_short(new[j1][1])!r} (added)"))
        else:
            for k in range(max(i2 - i1, j2 - j1)):
                a, b = old[min(i1 + k, i2 - 1)][1], new[min(j1 + k, j2 - 1)]
                if k < i2 - i1 and k < j2 - j1:
                    places.append((b[0], f"line {b[0]}: -{_short(_changed(a, b[1]))!r} +{_short(_changed(b[1], a))!r}"))
                elif k < j2 - j1:
                    places.append((b[0], f"line {b[0]}: +{_short(b[1])!r} (added)"))
                else:
                    places.append((b[0], f"line {b[0]}: -{_short(a)!r} (removed)"))
    return places


def _changed(line: str, other: str) -> str:
    """`line` from a little before where it first differs from `other` (a long paragraph's change shows)."""
    start = next((k for k, (x, y) in enumerate(zip(line, other, strict=False)) if x != y), min(len(line), len(other)))
    return line if start < 20 else "…" + line[start - 15 :]


def first_difference(expected: str, actual: str) -> tuple[int, str]:
    """The first place `actual` differs from `expected` (`differences`)."""
    found = differences(expected, actual)
    return found[0] if found else (1, "line 1: differs")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
