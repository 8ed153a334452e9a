"""`report --format dot|svg` draws a graph people can read (issue #20, item 8), measured from real Graphviz output."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import clients
import pytest
from helpers import invoke

EVENTS = 20


@pytest.fixture
def twenty(workspace: Path) -> Path:
    """Article nk with 20 events: ingest, translate, then edits by two editors and approvals, alternating."""
    ws = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    for number in range(EVENTS - 2):
        if number % 3 == 2:
            result = invoke("approve", "nk", "--by", "mfoster", *ws)
        else:
            text = en.read_text(encoding="utf-8")
            en.write_text(text.replace("residents said", f"residents said ({number})", 1) if "residents said" in text
                          else re.sub(r"\(\d+\)", f"({number})", text, count=1), encoding="utf-8")
            result = invoke("record", "nk", "--by", "ewhong" if number % 2 else "mfoster", *ws)
        assert result.exit_code == 0, result.output
    log = invoke("log", "nk", *ws).stdout
    assert len([line for line in log.splitlines() if line.startswith("#")]) == EVENTS
    return workspace


def _dot(root: Path) -> str:
    result = invoke("report", "nk", "--format", "dot", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout


def _layout(dot_source: str) -> list[list[str]]:
    dot = clients.program("dot", "apt-get install graphviz")
    result = subprocess.run([dot, "-Tplain"], input=dot_source, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [line.split() for line in result.stdout.splitlines()]


def test_one_node_per_event_on_a_timeline(twenty: Path) -> None:
    layout = _layout(_dot(twenty))
    nodes = {fields[1].strip('"'): float(fields[2]) for fields in layout if fields[0] == "node"}
    events = [name for name in nodes if re.fullmatch(r"event-\d+", name)]
    assert len(events) == EVENTS
    people = 4 + 1  # the roster, and byline itself
    assert len(nodes) <= EVENTS + people, sorted(nodes)
    xs = [nodes[f"event-{seq}"] for seq in range(1, EVENTS + 1)]
    assert xs == sorted(xs) and len(set(xs)) == EVENTS, "events run left to right in ledger order"


def test_svg_from_real_dot_is_at_most_2000_px_wide(twenty: Path) -> None:
    dot = clients.program("dot", "apt-get install graphviz")
    svg = subprocess.run([dot, "-Tsvg"], input=_dot(twenty), capture_output=True, text=True, timeout=60).stdout
    width = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert width, svg[:300]
    px = float(width.group(1)) * 96 / 72
    assert px <= 2000, f"{px:.0f} px wide for {EVENTS} events"


def test_svg_renders_in_under_a_second(twenty: Path) -> None:
    clients.program("dot", "apt-get install graphviz")
    start = time.perf_counter()
    result = invoke("report", "nk", "--format", "svg", "--workspace", str(twenty))
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    assert "<svg" in result.stdout and "Eugene Whong" in result.stdout
    assert elapsed < 1.0, f"svg took {elapsed:.2f} s for {EVENTS} events"
