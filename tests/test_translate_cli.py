"""Recording translations: free-form Markdown/HTML aligned to the source, PO pairs, replay equality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import KOREAN, invoke

from workflow.ledger import read_events
from workflow.model.replay import replay
from workflow.model.working_files import working_files
from workflow.workspace import Workspace


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


@pytest.fixture
def ingested(empty_workspace: Path) -> Path:
    (empty_workspace / "ko.md").write_text(KOREAN, encoding="utf-8")
    assert (
        invoke(
            "ingest", str(empty_workspace / "ko.md"), "--article", "nk", "--by", "reporter", *ws_args(empty_workspace)
        ).exit_code
        == 0
    )
    return empty_workspace


def units_of(root: Path) -> list[tuple[str, str]]:
    state = replay("nk", read_events(root / "translations/nk/provenance.jsonl"))
    return [(u.id, state.unit_target(u)) for u in state.units]


def assert_replay_matches_files(root: Path) -> None:
    ws = Workspace(root)
    state = replay("nk", read_events(ws.ledger_file("nk")))
    for path, content in working_files(ws, state).items():
        assert path.read_bytes() == content.encode("utf-8"), path


def test_translate_markdown_aligns_merges_and_additions(ingested: Path) -> None:
    english = (
        "# North Korea cracks down on unregistered laptops\n\n"
        "North Korean authorities are cracking down on unregistered laptops and tablets, residents said, "
        "and a Ryanggang resident warned: “From now on, you will be punished as a spy.”\n\n"
        "The program cost $110 million. Three residents were arrested.\n\n"
        "RFA could not independently confirm the reports.\n"
    )
    (ingested / "en.md").write_text(english, encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(ingested / "en.md"), "--by", "cslee", *ws_args(ingested))
    assert result.exit_code == 0, result.output
    units = dict(units_of(ingested))
    assert units["s1"] == "North Korea cracks down on unregistered laptops"
    assert units["s2+s3"].startswith("North Korean authorities") and units["s2+s3"].endswith("spy.”")
    assert units["s4"] == "The program cost $110 million." and units["s5"] == "Three residents were arrested."
    state = replay("nk", read_events(ingested / "translations/nk/provenance.jsonl"))
    additions = [state.target_text[a:b] for a, b in state.additions()]
    assert additions == ["RFA could not independently confirm the reports."]
    assert_replay_matches_files(ingested)


def test_translate_html_reads_the_article_body(ingested: Path) -> None:
    page = (
        "<html><body><nav>Home | World</nav><article><h1>North Korea cracks down on laptops</h1>"
        "<p>Authorities are cracking down on unregistered laptops, residents said. "
        "“You will be punished as a spy,” a resident of Ryanggang said.</p>"
        "<p>The program cost $110 million. Three residents were arrested.</p></article>"
        "<footer>© RFA</footer></body></html>"
    )
    (ingested / "en.html").write_text(page, encoding="utf-8")
    assert (
        invoke("translate", "nk", "--from", str(ingested / "en.html"), "--by", "cslee", *ws_args(ingested)).exit_code
        == 0
    )
    text = (ingested / "translations/nk/en.md").read_text(encoding="utf-8")
    assert text.startswith("# North Korea cracks down on laptops\n\n") and "Home" not in text and "©" not in text
    assert [u for u, _ in units_of(ingested)] == ["s1", "s2", "s3", "s4", "s5"]
    assert_replay_matches_files(ingested)


def test_translate_from_po_pairs_each_unit_exactly(ingested: Path) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "s1"\nmsgid "x"\nmsgstr "Crackdown on laptops"\n\n'
        'msgctxt "s2+s3"\nmsgid "x"\nmsgstr "Authorities are cracking down, and a resident warned of spy charges."\n\n'
        'msgctxt "s4"\nmsgid "x"\nmsgstr "It cost $110 million."\n\n'
        'msgctxt "s5"\nmsgid "x"\nmsgstr ""\n'
    )
    (ingested / "draft.po").write_text(po, encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(ingested / "draft.po"), "--by", "cslee", *ws_args(ingested))
    assert result.exit_code == 0, result.output
    assert units_of(ingested) == [
        ("s1", "Crackdown on laptops"),
        ("s2+s3", "Authorities are cracking down, and a resident warned of spy charges."),
        ("s4", "It cost $110 million."),
        ("s5", ""),
    ]
    text = (ingested / "translations/nk/en.md").read_text(encoding="utf-8")
    assert text == ("# Crackdown on laptops\n\nAuthorities are cracking down, and a resident warned of spy charges.\n\n"
                    "It cost $110 million.\n")
    po_view = (ingested / "translations/nk/en.po").read_text(encoding="utf-8")
    assert "omitted: this Korean has no English" in po_view
    assert_replay_matches_files(ingested)


def test_translate_po_with_unknown_segment_is_refused(ingested: Path) -> None:
    (ingested / "bad.po").write_text('msgctxt "s99"\nmsgid "x"\nmsgstr "y"\n', encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(ingested / "bad.po"), "--by", "cslee", *ws_args(ingested))
    assert result.exit_code == 2 and "segment 's99'" in result.output
    assert len((ingested / "translations/nk/provenance.jsonl").read_text().splitlines()) == 1


def test_machine_translation_is_attributed_to_the_engine(ingested: Path) -> None:
    (ingested / "mt.md").write_text(
        "North Korea cracks down.\n\nAuthorities act. A resident spoke.\n\nIt cost $110 million. Three were held.\n",
        encoding="utf-8",
    )
    result = invoke(
        "translate",
        "nk",
        "--from",
        str(ingested / "mt.md"),
        "--by",
        "cslee",
        "--origin",
        "mt:deepl",
        "--json",
        *ws_args(ingested),
    )
    event = json.loads(result.output)["event"]
    assert event["agent"]["id"] == "mt:deepl" and event["agent"]["type"] == "software"
    assert event["operator"]["id"] == "cslee"
    blame = json.loads(invoke("blame", "nk", "--json", *ws_args(ingested)).output)
    assert {t["agent"] for t in blame["tokens"]} == {"mt:deepl"}


def test_align_command_prints_units_json_without_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "ko.txt").write_text("북한이 단속했다.\n주민 3명이 체포됐다.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "North Korea cracked down on laptops this week.\n"
        "The weather in Seoul stayed sunny with light winds and clear skies all afternoon, forecasters said.\n"
        "Three residents were arrested.\n",
        encoding="utf-8",
    )
    result = invoke("align", str(tmp_path / "ko.txt"), str(tmp_path / "en.txt"), "--sentences", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"units": [
        {"source": [0], "target": [0]}, {"source": [], "target": [1]}, {"source": [1], "target": [2]},
    ]}


def test_align_correction_is_recorded(workspace: Path) -> None:
    result = invoke(
        "align", "nk", "--unit", "s4", "--source", "s4,s5", "--target", "4-5", "--by", "ewhong", *ws_args(workspace)
    )
    assert result.exit_code == 0, result.output
    assert ("s4+s5", "The program cost $110 million. Three residents were arrested.") in units_of(workspace)
    assert json.loads(invoke("log", "nk", "--json", *ws_args(workspace)).output)["events"][-1]["type"] == "align"
    assert invoke("verify", *ws_args(workspace)).exit_code == 0
