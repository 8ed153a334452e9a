"""The whole record as one JSON document, for dashboards and archives.

The document is versioned (`format`, `version`); docs/reports.md describes
every field. Additive changes keep the version; anything else bumps it.
"""

from __future__ import annotations

import json as _json
from dataclasses import asdict
from typing import Any

from workflow.problems import Problem
from workflow.reports.record import Report

FORMAT = "byline-report"
VERSION = 1


def document(report: Report) -> dict[str, Any]:
    """The report as plain JSON data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "article": report.article,
        "title": report.title,
        "verdict": {"state": report.verdict.state, "title": report.verdict.title, "detail": report.verdict.detail,
                    "errors": [_finding(f) for f in report.verdict.errors]},
        "publication": report.publication.to_json() if report.publication else None,
        "source": dict(report.source_meta),
        "head": report.head,
        "credit_line": report.credit_line,
        "organization": report.organization,
        "integrity": asdict(report.integrity),
        "agents": [{"id": a.id, "name": a.name, "roles": list(a.roles), "software": a.software} for a in report.agents],
        "steps": [asdict(s) for s in report.steps],
        "units": [_row(r) for r in report.rows],
        "contributions": [asdict(c) | {"share": round(c.share, 4)} for c in report.contributions],
        "findings": [_finding(f) for f in report.findings],
        "waivers": [{"rule": r, "unit": u, "agent": a, "reason": why} for r, u, a, why in report.waivers],
        "since": report.since,
        "changed_since": [_diff(unit, words) for unit, words in report.changed_since],
    }


def _row(row) -> dict[str, Any]:
    return {
        "id": row.id,
        "addition": row.addition,
        "source": row.source,
        "target": row.target,
        "runs": [{"text": text, "agent": agent or None} for text, agent in row.runs],
        "stale": row.stale,
        "omitted": row.omitted,
        "waivers": [{"rule": rule, "agent": agent, "reason": reason} for rule, agent, reason in row.waivers],
        "confidence": round(row.confidence, 3),
        "history": [
            {"seq": c.seq, "stage": c.stage, "agent": c.agent, "at": c.at,
             "words": [{"op": op, "text": text} for op, text in c.words]}
            for c in row.history
        ],
    }


def _finding(found: Problem) -> dict[str, Any]:
    """A check finding as the report shows it: the `byline check --json` fields but the article."""
    return {"rule": found.rule, "name": found.name, "severity": found.severity, "unit": found.unit,
            "file": found.file, "line": found.line, "message": found.message, "waived": found.waived}


def _diff(unit: str, words: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {"unit": unit, "words": [{"op": op, "text": text} for op, text in words]}


def render(report: Report) -> str:
    """The document, indented, UTF-8 text, ending with a newline."""
    return _json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"
