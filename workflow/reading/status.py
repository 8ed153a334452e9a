"""`byline status`: where each article stands, cheaply (no heavy imports)."""

from __future__ import annotations

from collections.abc import Sequence

from workflow.errors import BylineError
from workflow.ledger import scan
from workflow.model.replay import replay
from workflow.model.state import State
from workflow.problems import Problem
from workflow.reading.credit import credited_editors
from workflow.reading.publication import last_publication
from workflow.reading.verify import verify_working_files
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


def article_status(ws: Workspace, slug: str) -> dict[str, Any]:
    """Stages done and by whom, counts, and problems of one article."""
    events, problem = scan(ws.ledger_file(slug))
    problems = [f"{ws.relative(ws.ledger_file(slug))}:{problem.line}: {problem.message}"] if problem else []
    try:
        state = replay(slug, events, authorship=False)
    except BylineError as exc:
        return {"article": slug, "events": len(events), "problems": [*problems, str(exc)]}
    return state_status(ws, state, problems, check_files=not problem)


def state_status(ws: Workspace, state: State, problems: list[str], *, check_files: bool = True,
                 unrecorded: Sequence[Problem] | None = None) -> dict[str, Any]:
    """The status record of a replayed article (the archive index keeps it, computed from a state it has).

    `unrecorded` are the working files' problems when the caller has already compared them (verify has).
    """
    slug, events = state.article, state.events
    stages: dict[str, list[str]] = {}
    for step in state.steps:
        names = stages.setdefault(step.stage, [])
        if step.agent not in names:
            names.append(step.agent)
    units = state.units
    if check_files:
        compared = verify_working_files(ws, state) if unrecorded is None else unrecorded
        problems.extend(f"{f.file}: {f.message}" for f in compared)
    target_hash, source_hash = state.target_hash(), state.source_hash()
    publication = last_publication(state)
    return {
        "article": slug,
        "title": state.source_meta.get("title"),
        "events": len(events),
        "head": state.head,
        "stages": stages,
        "segments": len(state.segments),
        "units": len(units),
        "untranslated": [s.id for s in state.untranslated()] if state.translated else [s.id for s in state.segments],
        "stale": [u.id for u in units if state.is_stale(u)],
        "omitted": [u.id for u in units if u.start == u.end],
        "low_confidence": [u.id for u in units if u.low_confidence],
        "additions": len(state.additions()),
        "approvals": [
            {"agent": a.agent, "stage": a.stage, "current": a.source == source_hash and a.target == target_hash}
            for a in state.approvals
        ],
        "published": publication is not None,
        "publication": publication.to_json() if publication else None,
        "editors": list(credited_editors(state)),
        "conflicts": [{"unit": c.unit, "agents": list(c.agents)} for c in state.conflicts],
        "problems": problems,
    }


def publication_line(publication: dict[str, Any]) -> str:
    """"published … (current)" or "the live page is out of date: N change(s) since …", from status's entry."""
    when = f"published {publication['at']} (event {publication['event'][7:19]})"
    if publication["current"]:
        return f"{when}: the live page is current"
    n = publication["changes_since"]
    return (f"{when}: the live page is out of date, {n} change{'' if n == 1 else 's'} since; "
            f"republish with `byline publish`")


def format_status(status: dict[str, Any]) -> str:
    """A few human lines for one article."""
    lines = [f"{status['article']}: {status.get('title') or '(untitled)'} — {status['events']} event(s)"]
    if "stages" in status:
        done = ", ".join(f"{stage} by {' and '.join(who)}" for stage, who in status["stages"].items())
        lines.append(f"  stages: {done or 'none'}")
        if status.get("editors"):
            lines.append(f"  edited by: {', '.join(status['editors'])} (changes to the English since the translation)")
        lines.append(
            f"  {status['segments']} segments, {status['units']} units, {len(status['untranslated'])} untranslated, "
            f"{len(status['stale'])} stale, {len(status['omitted'])} omitted, {status['additions']} addition(s)"
        )
        for key, label in (("stale", "stale"), ("low_confidence", "check alignment"), ("untranslated", "untranslated")):
            if status[key] and status["units"]:
                lines.append(f"  {label}: {', '.join(status[key][:12])}{' …' if len(status[key]) > 12 else ''}")
        current = [a for a in status["approvals"] if a["current"]]
        lapsed = len(status["approvals"]) - len(current)
        if status["approvals"]:
            holding = ", ".join(f"{a['agent']} ({a['stage']})" for a in current) or "none current"
            lines.append(f"  approvals: {holding}" + (f"; {lapsed} lapsed" if lapsed else ""))
    publication = status.get("publication")
    if publication:
        lines.append(f"  {publication_line(publication)}")
    for conflict in status.get("conflicts", ()):
        where = "the Korean: record the settled source with `byline ingest`" if conflict["unit"] == "source" else \
            "resolve it in en.md, then `byline record`"
        lines.append(f"  conflict: {conflict['unit']} changed differently "
                     f"by {' and '.join(conflict['agents'])}; {where}")
    for problem in status["problems"]:
        lines.append(f"  problem: {problem}")
    return "\n".join(lines)
