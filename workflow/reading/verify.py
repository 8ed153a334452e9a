"""`byline verify`: the chain, the events, and the working files against replay.

A small orchestrator of `verify_*` steps, each returning problems as data;
signatures are checked by `workflow.signing` when the roster holds keys.
"""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from workflow.errors import BylineError
from workflow.ledger import scan
from workflow.model.replay import replay
from workflow.model.state import State
from workflow.model.working_files import working_files
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


class Finding(namedtuple("Finding", "article file line kind message")):
    """One problem `verify` found: where, what kind, and the evidence."""

    __slots__ = ()
    article: str
    file: str
    line: int | None
    kind: str  # chain | torn | replay | unrecorded | signature
    message: str


class Verified(namedtuple("Verified", "article events findings state signed", defaults=((),))):
    """An article's verification: its problems and, when the chain holds, its state."""

    __slots__ = ()
    article: str
    events: int
    findings: tuple[Finding, ...]
    state: State | None
    signed: tuple[tuple[str, str, int], ...]  # (agent, key fingerprint, events signed)


def verify_article(ws: Workspace, slug: str, *, authorship: bool = True) -> Verified:
    """Every check on one article; `authorship=False` when the caller needs no blame from the state."""
    path = ws.ledger_file(slug)
    rel = ws.relative(path)
    events, problem = scan(path)
    findings: list[Finding] = []
    if problem is not None:
        kind = "torn" if problem.message.startswith("torn") else "chain"
        findings.append(Finding(slug, rel, problem.line, kind, problem.message))
        return Verified(slug, len(events), tuple(findings), None)
    try:
        state = replay(slug, events, authorship=authorship)
    except BylineError as exc:
        findings.append(Finding(slug, rel, None, "replay", str(exc)))
        return Verified(slug, len(events), tuple(findings), None)
    from workflow.signing import verify_signatures  # noqa: PLC0415

    signature_findings, signed = verify_signatures(ws, slug, events)
    findings.extend(Finding(slug, rel, line, "signature", message) for line, message in signature_findings)
    findings.extend(verify_working_files(ws, state))
    return Verified(slug, len(events), tuple(findings), state, tuple(signed))


def verify_summary(root: Path, slug: str) -> dict[str, Any]:
    """One article's verification as plain data (what `byline verify` prints; picklable for workers)."""
    result = verify_article(Workspace(root), slug, authorship=False)
    return {
        "article": slug,
        "events": result.events,
        "head": result.state.head if result.state else None,
        "signed": [{"agent": a, "key": k, "events": n} for a, k, n in result.signed],
        "findings": [{"file": f.file, "line": f.line, "kind": f.kind, "message": f.message} for f in result.findings],
    }


def verify_working_files(ws: Workspace, state: State) -> list[Finding]:
    """Working files that differ from replay hold an unrecorded change."""
    findings = []
    for path, expected in working_files(ws, state).items():
        rel = ws.relative(path)
        try:
            actual = path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            findings.append(Finding(state.article, rel, None, "unrecorded", "missing; `byline verify` expects the file replay yields"))
            continue
        if actual != expected:
            line, excerpt = first_difference(expected, actual)
            hint = "record it with `byline record` or restore it" if path.suffix in (".md", ".po") else "restore it"
            findings.append(Finding(state.article, rel, line, "unrecorded", f"unrecorded change: {excerpt}; {hint}"))
    return findings


def first_difference(expected: str, actual: str) -> tuple[int, str]:
    """The first differing line, shown as a short -/+ diff."""
    old, new = expected.split("\n"), actual.split("\n")
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a != b:
            return number, f"line {number}: -{_short(a)!r} +{_short(b)!r}"
    number = min(len(old), len(new)) + 1
    if len(old) > len(new):
        return number, f"line {number}: -{_short(old[number - 1])!r} (removed)"
    return number, f"line {number}: +{_short(new[number - 1])!r} (added)"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
