"""A compact Markdown summary sized for a pull-request comment.

It opens with the verdict (ready to publish, blocked and by what, published and
current, or published with changes since), then the record's integrity, the
credit line, stages, contributions, the omitted and waived units, findings,
and — with `--since` — the units whose English changed after that event, as
word diffs.
"""

from __future__ import annotations

from workflow.reports.record import Report, label

MAX_CHANGED = 30


def render(report: Report) -> str:
    """The summary as Markdown text."""
    parts = [f"### {_cell(report.title)} (`{report.article}`)", "", _verdict(report), "", _badge(report), ""]
    if report.credit_line:
        parts += [f"> {_cell(report.credit_line)}", ""]
    parts += _stages(report) + _contributions(report) + _labelled(report) + _findings(report) + _changed(report)
    return "\n".join(parts).rstrip("\n") + "\n"


def _verdict(report: Report) -> str:
    """The report's first line: the verdict in bold, then what it rests on."""
    return f"**{_cell(report.verdict.title)}**: {_cell(report.verdict.detail)}"


def _labelled(report: Report) -> list[str]:
    """The omitted and waived units and additions, each with what stands in for its English."""
    lines = [f"- `{row.id}` {_cell(label(report, row))}" for row in report.rows if row.omitted or row.waivers]
    return ["**Omitted and waived**", "", *lines, ""] if lines else []


def _badge(report: Report) -> str:
    head = f" · head `{report.head[7:19]}`" if report.head else ""
    if report.integrity.ok:
        return f"**Record verified**: {report.integrity.events} event(s), chain intact{head}"
    return f"**Record has problems**: {_cell('; '.join(report.integrity.problems))}"


def _cell(text: str) -> str:
    """Recorded text (names, notes, reasons, the English) made inert: no HTML, no table breaks, no hidden characters.

    Markdown passes raw HTML through, so a `<script>` in a waiver reason would
    reach every page that renders the comment; escaping `&`, `<` and `>` keeps
    the words and drops the markup.
    """
    from workflow.text.characters import escape

    text = escape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\n", " ")


def _stages(report: Report) -> list[str]:
    lines = ["**Stages**", "", "| # | step | by | at | "
                               "units | words +/− | note |", "| --- | --- | --- | --- "
                                                                                    "| --- | --- | --- |"]
    for s in report.steps:
        counts = f"+{s.inserted}/−{s.deleted}" if s.units else ""
        step = s.type if s.stage == s.type else f"{s.type} ({s.stage})"
        lines.append(f"| {s.seq} | {step} | {_cell(report.name(s.agent))} | {s.at} "
                     f"| {s.units or ''} | {counts} | {_cell(s.note or '')} |")
    return lines + [""]


def _contributions(report: Report) -> list[str]:
    lines = ["**Contributions**", "", "| who | words | share | units | approvals |", "| --- | --- | --- | --- | --- |"]
    for c in report.contributions:
        lines.append(f"| {_cell(report.name(c.agent))} | {c.words} | {c.share:.0%} | {c.units} | {c.approvals} |")
    return lines + [""]


def _findings(report: Report) -> list[str]:
    if not report.findings and not report.waivers:
        return ["**Checks**: no findings", ""]
    lines = ["**Checks**", ""]
    for f in report.findings:
        where = f" ({f.unit})" if f.unit else ""
        waived = " (waived)" if f.waived else ""
        lines.append(f"- {f.severity}{waived} `{f.rule}` {f.name}{where}: {_cell(f.message)}")
    for rule, unit, agent, reason in report.waivers:
        where = f" ({unit})" if unit else ""
        lines.append(f"- waived `{_cell(rule)}`{where} by {_cell(report.name(agent))}: {_cell(reason)}")
    return lines + [""]


def _changed(report: Report) -> list[str]:
    if report.since is None:
        return []
    if not report.changed_since:
        return [f"**Changed since #{report.since}**: nothing", ""]
    lines = [f"**Changed since #{report.since}**", ""]
    for unit, words in report.changed_since[:MAX_CHANGED]:
        lines.append(f"- `{unit}`: {_marked(words)}")
    if len(report.changed_since) > MAX_CHANGED:
        lines.append(f"- … and {len(report.changed_since) - MAX_CHANGED} more unit(s)")
    return lines + [""]


def _marked(words: tuple[tuple[str, str], ...]) -> str:
    """A word diff in Markdown: deletions struck through, insertions in bold."""
    out = []
    for op, raw in words:
        text = _cell(raw)
        core = text.strip()
        if op == "equal" or not core:
            out.append(text)
        else:
            mark = "~~" if op == "delete" else "**"
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)
