"""Checking articles afresh: the selected rules over one article, stamped with place and severity, waivers applied.

Loaded only when some article is not in the check cache (`workflow.checks.runner`).
"""

from __future__ import annotations

from typing import Iterator

from workflow.checks.context import Context
from workflow.checks.registry import Selection
from workflow.checks.rule import Hit, Rule
from workflow.model.state import State
from workflow.problems import Finding
from workflow.workspace import Workspace


def check_article(ws: Workspace, slug: str, selection: Selection) -> list[Finding]:
    """Run the selected rules on one article; waivers recorded in its ledger mark findings waived."""
    from workflow.reading.verify import verify_article  # noqa: PLC0415

    verified = verify_article(ws, slug)
    ctx = Context(ws, slug, verified.state, verified)
    findings: list[Finding] = []
    for active in selection.active:
        for hit in _hits(active, ctx):
            findings.append(_stamp(ctx, active, hit, selection.severity.get(active.code)))
    return _apply_waivers(ctx.state, findings)


def _hits(active: Rule, ctx: Context) -> Iterator[Hit]:
    """The rule's hits as Hit records, each unit rule's hits carrying their unit."""
    if active.scope == "record":
        items: Iterator[tuple[str | None, Hit | str]] = ((None, h) for h in active.check(ctx))
    elif ctx.state is None:
        return
    elif active.scope == "article":
        items = ((None, h) for h in active.check(ctx))
    else:
        items = ((unit.id, h) for unit in ctx.state.units for h in active.check(ctx, unit))
    for unit_id, hit in items:
        hit = Hit(hit) if isinstance(hit, str) else hit
        if hit.unit is None and unit_id is not None:
            hit = Hit(hit.message, unit_id, hit.file, hit.line, hit.severity)
        yield hit


def _stamp(ctx: Context, active: Rule, hit: Hit, configured: str | None) -> Finding:
    """The finding: configured severity wins over the rule's own grading; place defaults to the unit's PO entry."""
    severity = configured or hit.severity or active.severity
    if hit.file is not None:
        file, line = hit.file, hit.line
    else:
        file = ctx.po_path
        line = hit.line if hit.line is not None or hit.unit is None else ctx.po_lines.get(hit.unit)
    return Finding(active.code, active.name, severity, ctx.slug, hit.unit, file, line, hit.message)


def _apply_waivers(state: State | None, findings: list[Finding]) -> list[Finding]:
    if state is None or not state.waivers:
        return findings
    waived = {(w.rule.upper(), w.unit) for w in state.waivers}
    result = []
    for f in findings:
        is_waived = (f.rule, None) in waived or (f.unit is not None and any(
            (f.rule, part) in waived for part in (f.unit, *f.unit.split("+"))))
        result.append(f._replace(waived=True) if is_waived else f)
    return result


def check_many(ws: Workspace, slugs: list[str], selection: Selection) -> list[list[Finding]]:
    """`check_article` over the articles, in worker processes when there are enough (`workflow.parallel`)."""
    from functools import partial  # noqa: PLC0415

    from workflow.parallel import map_articles  # noqa: PLC0415

    return list(map_articles(partial(_check_selected, selection), ws, slugs))


def _check_selected(selection: Selection, ws: Workspace, slug: str) -> list[Finding]:
    """`check_article` with the selection first, so that it can be bound once for every worker."""
    return check_article(ws, slug, selection)
