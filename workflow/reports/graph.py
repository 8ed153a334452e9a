"""The record as a picture people can read: one box per event on a left-to-right timeline.

PROV's own drawing (`prov.dot`) gives every unit version its own node, so an
article of 18 units came out 20,000 px wide and took seconds to lay out. Here
each event is one small box in ledger order, coloured by who recorded it, with
what it touched summarised ("18 units"); the full story (name, note, units)
is the box's tooltip. A legend lists the people and their colours. Graphviz
`dot` lays it out; 20 events fit in under 2,000 px.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess

from workflow.errors import InputError
from workflow.ledger import Event
from workflow.model.state import State
from workflow.workspace import Workspace

# Fills that stay readable behind black text, one per agent in order of first appearance.
PALETTE = ("#cfe2f3", "#d9ead3", "#fff2cc", "#f4cccc", "#d9d2e9", "#fce5cd", "#d0e0e3", "#ead1dc")
_WIDTH = 0.8  # inches: a box; with the rank gap, 20 events take about 1,450 pt (1,930 px)


def render_dot(ws: Workspace, state: State) -> str:
    """The timeline in Graphviz dot."""
    colours: dict[str, str] = {}
    names: dict[str, str] = {}
    lines = [
        f"digraph {_quote(state.article)} {{",
        "  rankdir=LR; ranksep=0.18; nodesep=0.12; margin=0.05;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=8, margin="0.04,0.03",'
        f" width={_WIDTH}];",
        '  edge [arrowsize=0.5, color="#666666"];',
    ]
    for event in state.events:
        agent = dict(event.data.get("agent", {}))
        key = agent.get("id", event.agent)
        colours.setdefault(key, PALETTE[len(colours) % len(PALETTE)])
        names.setdefault(key, _display(ws, agent))
        when = event.at[5:16].replace("T", " ")
        label = "\n".join((f"#{event.seq} {event.type}", _short(names[key]), _touched(event), when))
        tooltip = f"#{event.seq} {event.type} ({event.stage}) by {names[key]} at {event.at}"
        if event.data.get("note"):
            tooltip += f": {event.data['note']}"
        lines.append(f"  {_quote(f'event-{event.seq}')} [label={_quote(label)}, fillcolor={_quote(colours[key])},"
                     f" tooltip={_quote(tooltip)}];")
    for before, after in itertools.pairwise(state.events):
        lines.append(f"  {_quote(f'event-{before.seq}')} -> {_quote(f'event-{after.seq}')};")
    if colours:  # the legend: people and tools with their colours, stacked beside the first event
        lines.append('  subgraph cluster_legend { label="who"; fontname="Helvetica"; fontsize=8; color="#bbbbbb";')
        for key, colour in colours.items():
            lines.append(f"    {_quote(f'agent-{key}')} [label={_quote(names[key])}, fillcolor={_quote(colour)},"
                         " shape=box, width=0];")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(ws: Workspace, state: State) -> bytes:
    """The timeline drawn by Graphviz `dot`."""
    dot = shutil.which("dot")
    if dot is None:
        raise InputError("--format svg needs Graphviz's `dot` on PATH; install graphviz "
                         "(e.g. apt-get install graphviz)")
    result = subprocess.run([dot, "-Tsvg"], input=render_dot(ws, state).encode("utf-8"), capture_output=True,
                            timeout=120, check=False)
    if result.returncode != 0:
        raise InputError(f"Graphviz dot failed: {result.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return result.stdout


def _display(ws: Workspace, agent: dict) -> str:
    """The name people know an agent by: the roster's, else the event's, else the id."""
    roster = {p.id: p.name for p in ws.config.people}
    name = roster.get(agent.get("id", "")) or agent.get("name") or agent.get("id", "?")
    return f"{name} (software)" if agent.get("type") == "software" else str(name)


def _short(name: str) -> str:
    """A name that fits a box: the first initial and the last word (`C. Lee`)."""
    words = name.replace(" (software)", "").split()
    if len(words) < 2:
        return name[:14]
    return f"{words[0][0]}. {words[-1]}"[:14]


def _touched(event: Event) -> str:
    """What an event touched, in a few words."""
    data = event.data
    if data.get("units"):
        count = len(data["units"])
        return f"{count} unit" + ("s" if count != 1 else "")
    if event.type == "translate":
        return f"{len(data.get('layout', []))} units"
    if event.type == "waive":
        return str(data.get("rule", "waiver"))
    if event.type in ("ingest", "source-update"):
        return f"{len(data.get('source', {}).get('segments', []))} sentences"
    return event.stage


def _quote(value: str) -> str:
    """A dot string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
