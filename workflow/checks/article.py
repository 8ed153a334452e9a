"""Checking articles afresh: the selected rules over one article, stamped with place and severity, waivers applied.

Loaded only when some article is not in the check cache (`workflow.checks.runner`).
"""

from __future__ import annotations

from collections.abc import Iterator

from workflow.checks.context import Context
from workflow.checks.registry import Selection
from workflow.checks.rule import Rule
from workflow.model.state import State
from workflow.problems import Kind, Problem, finding
from workflow.workspace import Workspace


def check_article(ws: Workspace, slug: str, selection: Selection) -> list[Problem]:
    """Run the selected rules on one article; waivers recorded in its ledger mark findings waived."""
    from workflow.reading.verify import verify_article

    # Without authorship, the costly part of replay: the rules that need whose words survive (credit)
    # replay it again, and only where the article has a credit line or an editor who also translated.
    verified = verify_article(ws, slug, authorship=False)
    ctx = Context(ws, slug, verified.state, verified)
    findings: list[Problem] = []
    for active in selection.active:
        for hit in _hits(active, ctx):
            findings.append(_stamp(ctx, active, hit, selection.severity.get(active.code)))
    return _apply_waivers(ws, ctx.state, findings)


def _hits(active: Rule, ctx: Context) -> Iterator[Problem]:
    """The rule's findings as Problems, each unit rule's findings carrying their unit."""
    if active.scope == "record":
        items: Iterator[tuple[str | None, Problem | str]] = ((None, h) for h in active.check(ctx))
    elif ctx.state is None:
        return
    elif active.scope == "article":
        items = ((None, h) for h in active.check(ctx))
    else:
        items = ((unit.id, h) for unit in ctx.state.units for h in active.check(ctx, unit))
    for unit_id, hit in items:
        found = finding(hit) if isinstance(hit, str) else hit
        if found.unit is None and unit_id is not None:
            found = found._replace(unit=unit_id)
        yield found


def _stamp(ctx: Context, active: Rule, found: Problem, configured: str | None) -> Problem:
    """The finding stamped: configured severity wins over the rule's own; the place defaults to the unit's PO entry."""
    severity = configured or found.severity or active.severity
    if found.file is not None:
        file, line = found.file, found.line
    else:
        file = ctx.po_path
        line = found.line if found.line is not None or found.unit is None else ctx.po_lines.get(found.unit)
    return Problem(Kind.CHECK, found.message, ctx.slug, file, line, found.unit, active.code, active.name, severity)


def _apply_waivers(ws: Workspace, state: State | None, findings: list[Problem]) -> list[Problem]:
    """Mark findings waived by the record's waivers — only those that the policy lets stand, on the words they saw.

    A waiver of an integrity finding, or one by someone the policy does not
    let waive (written by hand, or by an older byline), waives nothing; nor
    does one whose unit (or, for the article, whose texts) changed since it
    was recorded — on this line of work or on a branch merged in since.
    """
    if state is None or not state.waivers:
        return findings
    from workflow.checks.registry import rules
    from workflow.permissions import waiver_refusal

    config = ws.config
    known = {r.code: (r.name, r.family) for r in rules()}
    people = {p.id: p for p in config.people}
    waived = {(w.rule.upper(), w.unit) for w in state.waivers if state.waiver_holds(w)
              and waiver_refusal(config, state, people.get(w.agent), w.agent, w.rule.upper(), known) is None}
    result = []
    for f in findings:
        is_waived = (f.rule, None) in waived or (f.unit is not None and any(
            (f.rule, part) in waived for part in (f.unit, *f.unit.split("+"))))
        result.append(f._replace(waived=True) if is_waived else f)
    return result


def check_many(ws: Workspace, slugs: list[str], selection: Selection) -> Iterator[list[Problem]]:
    """`check_article` over the articles, in order, in worker processes when there are enough (`workflow.parallel`)."""
    from functools import partial

    from workflow.parallel import map_articles

    return map_articles(partial(_check_selected, selection), ws, slugs)


def _check_selected(selection: Selection, ws: Workspace, slug: str) -> list[Problem]:
    """`check_article` with the selection first, so that it can be bound once for every worker."""
    return check_article(ws, slug, selection)
