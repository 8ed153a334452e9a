"""The HTML report: one self-contained page for a desk chief, an ombudsman or a reader.

Everything is inline (CSS, the SVG chart, one small script that opens the
histories for printing). Each author gets a colour and an underline style, so
authorship never rests on colour alone; the English is one span per run of
one author, which keeps large articles quick to open.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.reports.record import Agent, Report, label

# Colour-blind-safe hues (Okabe–Ito, darkened for 4.5:1 text contrast on white), paired with underline styles.
PALETTE = ("#0060a0", "#a34f00", "#007358", "#a0306e", "#5a4a9c", "#6b6400", "#b3261e", "#3d5566")
UNDERLINES = ("solid", "dashed", "dotted", "double", "wavy")
BAR_HEIGHT = 26
CHART_WIDTH = 640
LABEL_WIDTH = 190
VERDICT_ERRORS = 5  # blocking findings listed under the verdict; the rest are under Checks


@dataclass(frozen=True, slots=True)
class Style:
    """How one agent's words look: a CSS class, a colour and an underline style."""

    css: str
    colour: str
    underline: str
    agent: Agent


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of the contributions chart, in SVG coordinates."""

    y: int
    width: int
    colour: str
    label: str
    value: str


def styles(report: Report) -> dict[str, Style]:
    """A style for every agent, in order of first appearance."""
    return {
        agent.id: Style(f"a{index}", PALETTE[index % len(PALETTE)], UNDERLINES[index % len(UNDERLINES)], agent)
        for index, agent in enumerate(report.agents)
    }


def bars(report: Report, palette: dict[str, Style]) -> list[Bar]:
    """The contributions chart: share of the final words, with units touched in the label."""
    span = CHART_WIDTH - LABEL_WIDTH - 150
    result = []
    for index, item in enumerate(report.contributions):
        style = palette.get(item.agent)
        result.append(Bar(
            y=index * (BAR_HEIGHT + 8),
            width=max(round(item.share * span), 2 if item.words else 0),
            colour=style.colour if style else "#666",
            label=report.name(item.agent),
            value=f"{item.share:.0%} · {item.words} words · {item.units} units",
        ))
    return result


def render(report: Report) -> str:
    """The report page as HTML text."""
    from workflow.reports.jinja import template

    palette = styles(report)
    chart = bars(report, palette)
    return template("report.html.j2").render(
        r=report, styles=palette, bars=chart, chart_width=CHART_WIDTH, label_width=LABEL_WIDTH,
        chart_height=max(len(chart) * (BAR_HEIGHT + 8), BAR_HEIGHT), bar_height=BAR_HEIGHT,
        errors=sum(1 for f in report.findings if f.blocking), verdict_errors=VERDICT_ERRORS, label=label,
    )
