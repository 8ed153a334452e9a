"""Reports: golden Markdown and JSON, every --format through the CLI, the HTML page's promises."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import invoke

from workflow.model.replay import load
from workflow.problems import Kind, Problem
from workflow.reports import FORMATS, render
from workflow.reports.record import gather
from workflow.workspace import Workspace

GOLDEN = Path(__file__).parent / "golden"
FIXED_NOW = "2026-11-27T09:00:00Z"


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixed event times, so reports (and their event ids) are the same on every run."""
    monkeypatch.setenv("BYLINE_NOW", FIXED_NOW)


def _edit(root: Path) -> None:
    en = root / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8")
    en.write_text(text.replace("residents said", "residents told reporters").replace("program", "programme"),
                  encoding="utf-8")


@pytest.fixture
def edited(workspace_copy: Path) -> Path:
    """The sample article translated by cslee, edited by ewhong, approved by mfoster (through the library)."""
    from workflow.steps.signoff import approve
    from workflow.steps.target import record

    _edit(workspace_copy)
    ws = Workspace(workspace_copy)
    record(ws, "nk", ws.config.person("ewhong"), note="tighten attribution")
    approve(ws, "nk", ws.config.person("mfoster"))
    return workspace_copy


@pytest.fixture
def edited_cli(workspace: Path) -> Path:
    """What `edited` is, recorded with `byline record` and `byline approve`."""
    _edit(workspace)
    ws = ["--workspace", str(workspace)]
    assert invoke("record", "nk", "--by", "ewhong", "--note", "tighten attribution", *ws).exit_code == 0
    assert invoke("approve", "nk", "--by", "mfoster", *ws).exit_code == 0
    return workspace


def _report(root: Path, since: str | None = "2"):
    """The report with one fixed finding instead of the live checks, so the golden files test rendering."""
    ws = Workspace(root)
    report = gather(ws, load(ws, "nk"), since=since, with_checks=False)
    finding = Problem(Kind.CHECK, "number 3 from the source is missing from the English", "nk", "translations/nk/en.po",
                      12, "s4", "BL201", "number-mismatch", "warning")
    return dataclasses.replace(report, findings=(finding,), checked=True)  # the finding stands for the checks


def _golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; BYLINE_REGEN_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("BYLINE_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with BYLINE_REGEN_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs; if intended, regenerate with BYLINE_REGEN_GOLDEN=1"
    )


def test_markdown_golden(edited: Path) -> None:
    from workflow.reports import markdown

    _golden("report.md", markdown.render(_report(edited)))


def test_json_golden(edited: Path) -> None:
    from workflow.reports import json as json_report

    _golden("report.json", json_report.render(_report(edited)))


def test_json_document_is_versioned_and_complete(edited: Path) -> None:
    from workflow.reports import json as json_report

    doc = json.loads(json_report.render(_report(edited)))
    assert (doc["format"], doc["version"]) == ("byline-report", 1)
    assert (
        doc["credit_line"] == "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong."
    )  # an approval is not editing
    assert {a["id"] for a in doc["agents"]} == {"reporter", "cslee", "ewhong", "mfoster"}
    assert len(doc["units"]) == 5
    for unit in doc["units"]:
        assert "".join(run["text"] for run in unit["runs"]) == unit["target"]


@pytest.mark.parametrize("fmt", FORMATS, ids=FORMATS)
def test_report_cli_every_format(edited_cli: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "svg" and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    out = tmp_path / f"report.{fmt}"
    result = invoke("report", "nk", "--format", fmt, "-o", str(out), "--workspace", str(edited_cli))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 200


def test_report_markdown_to_stdout_with_since(edited_cli: Path) -> None:
    result = invoke("report", "nk", "--format", "md", "--since", "2", "--workspace", str(edited_cli))
    assert result.exit_code == 0, result.output
    assert "**Changed since #2**" in result.output
    assert "~~said~~" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--since", "99"), "no event '99' in 'nk'"), (("--format", "pdf"), "invalid choice: 'pdf'")],
    ids=["unknown-event", "unknown-format"],
)
def test_report_input_errors_exit_2(edited_cli: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke("report", "nk", *args, "--workspace", str(edited_cli))
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_html_is_self_contained_with_one_span_per_author_run(edited: Path) -> None:
    ws = Workspace(edited)
    report = dataclasses.replace(_report(edited), findings=())
    page = render(ws, load(ws, "nk"), "html")
    assert not re.search(r"<link|<img|\bsrc=|@import|url\(", page)
    assert "<details>" in page and "<svg" in page
    spans = re.findall(r'<span class="a\d+" title="[^"]*">', page)
    assert len(spans) == sum(len([r for r in row.runs if r[1]]) for row in report.rows)
    for agent in report.agents:
        assert agent.name in page


def test_runs_cover_each_row_exactly(edited: Path) -> None:
    state = load(Workspace(edited), "nk")
    text = state.target_text or ""
    report = _report(edited)
    units = {u.id: u for u in state.units}
    assert [row.id for row in report.rows if not row.addition] == list(units)
    for row in report.rows:
        if not row.addition:
            unit = units[row.id]
            assert row.target == text[unit.start : unit.end]
        pairs = zip(row.runs, row.runs[1:], strict=False)
        assert all(a != b for (_, a), (_, b) in pairs), "adjacent runs share an author"
