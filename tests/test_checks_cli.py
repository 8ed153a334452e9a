"""`byline check` and `byline rules` end to end: exit codes, formats against the official schemas, cache, shards."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import SHARED, invoke

from workflow.checks.output import render_json
from workflow.checks.runner import shard

SCHEMAS = SHARED / "schemas"


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


@pytest.fixture
def edited(workspace: Path) -> Path:
    """The sample article edited by an editor (with the credit line), so that it passes every check."""
    en = workspace / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8").rstrip("\n")
    en.write_text(text + "\n\nTranslated by Claire Shinyoung Oh Lee. Edited by Eugene Whong.\n", encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws_args(workspace)).exit_code == 0
    return workspace


def change_figure(root: Path) -> None:
    """Record an edit that turns $110 million into $120 million."""
    en = root / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("$110 million", "$120 million"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws_args(root)).exit_code == 0


def test_clean_article_exits_0(edited: Path) -> None:
    result = invoke("check", "nk", *ws_args(edited))
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_policy_errors_exit_1(workspace: Path) -> None:
    result = invoke("check", *ws_args(workspace))
    assert result.exit_code == 1
    assert "BL301 stage-missing" in result.output and "BL302 too-few-editors" in result.output


def test_wrong_number_is_reported_on_its_po_line(edited: Path) -> None:
    change_figure(edited)
    result = invoke("check", "nk", *ws_args(edited))
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "BL201" in x)
    match = re.match(r"translations/nk/en\.po:(\d+): error BL201 number-mismatch (s\d+): ", line)
    assert match, line
    po = (edited / "translations" / "nk" / "en.po").read_text(encoding="utf-8").splitlines()
    assert po[int(match.group(1)) - 1] == f'msgctxt "{match.group(2)}"'


def test_json_findings_and_waiver(edited: Path) -> None:
    change_figure(edited)
    data = json.loads(invoke("check", "--json", *ws_args(edited)).output)
    finding = next(f for f in data["findings"] if f["rule"] == "BL201")
    assert set(finding) >= {"rule", "severity", "article", "unit", "file", "line", "message"}
    waive = invoke("waive", "nk", "--rule", "BL201", "--unit", finding["unit"], "--by", "ewhong",
                   "--reason", "the source misstates the figure; confirmed with the desk", *ws_args(edited))
    assert waive.exit_code == 0, waive.output
    result = invoke("check", "--format", "json", *ws_args(edited))
    assert result.exit_code == 0
    waived = [f for f in json.loads(result.output)["findings"] if f["rule"] == "BL201"]
    assert waived and all(f["waived"] for f in waived)
    assert "waived BL201" in invoke("check", *ws_args(edited)).output


def test_json_output_is_one_finding_a_line(edited: Path) -> None:
    change_figure(edited)
    text = invoke("check", "--json", *ws_args(edited)).output
    lines = text.splitlines()
    findings = json.loads(text)["findings"]
    assert findings and lines[:2] == ["{", '  "findings": [']
    assert [json.loads(line.rstrip(",")) for line in lines[2:-2]] == findings
    assert json.loads(render_json([], [], tuple)) == {"findings": []}


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--shard", "3/2"], "--shard"), (["nosuch"], "no article"), (["--format", "xml"], "xml")],
    ids=["bad-shard", "unknown-article", "unknown-format"],
)
def test_usage_errors_exit_2(workspace: Path, args: list[str], message: str) -> None:
    result = invoke("check", *args, *ws_args(workspace))
    assert result.exit_code == 2
    assert message in result.output


def test_bad_checks_config_exits_2(workspace: Path) -> None:
    config = workspace / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("ignore = []", 'ignore = ["BL999"]'), encoding="utf-8")
    result = invoke("check", *ws_args(workspace))
    assert result.exit_code == 2 and "BL999" in result.output


def test_ignore_and_severity_config(workspace: Path) -> None:
    config = workspace / "byline.toml"
    text = config.read_text(encoding="utf-8").replace(
        "ignore = []", 'ignore = ["BL301"]\nseverity = { BL302 = "warning" }'
    )
    config.write_text(text, encoding="utf-8")
    result = invoke("check", *ws_args(workspace))
    assert result.exit_code == 0, result.output
    assert "BL301" not in result.output and "warning BL302" in result.output


def test_unrecorded_change_and_broken_chain(edited: Path) -> None:
    en = edited / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Three", "Four"), encoding="utf-8")
    assert "BL402 unrecorded-change" in invoke("check", *ws_args(edited)).output
    ledger = edited / "translations" / "nk" / "provenance.jsonl"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("Eugene Whong", "Eugene Hong"), encoding="utf-8")
    result = invoke("check", *ws_args(edited))
    assert result.exit_code == 1 and "BL401 chain-broken" in result.output


def test_rules_lists_every_rule() -> None:
    result = invoke("rules", "--json")
    codes = [r["code"] for r in json.loads(result.output)["rules"]]
    assert codes == sorted(codes) and {"BL101", "BL201", "BL301", "BL401"} <= set(codes)


def test_paths_from_pre_commit_map_to_articles(edited: Path) -> None:
    result = invoke("check", "translations/nk/en.md", "README.md", cwd=edited)
    assert result.exit_code == 0, result.output
    assert "1 article(s) checked" in result.output


def test_shards_partition_the_articles() -> None:
    slugs = [f"a{i}" for i in range(50)]
    parts = [shard(slugs, f"{i}/3") for i in (1, 2, 3)]
    assert sorted(sum(parts, [])) == sorted(slugs) and all(parts)
    assert parts == [shard(slugs, f"{i}/3") for i in (1, 2, 3)]


# --- output formats against the official schemas ------------------------------------


def _failing(root: Path, fmt: str) -> str:
    change_figure(root)
    result = invoke("check", "--format", fmt, *ws_args(root))
    assert result.exit_code == 1
    return result.output


@pytest.mark.skipif(not (SCHEMAS / "junit").is_dir(), reason="../shared/schemas is not here")
def test_junit_is_valid(edited: Path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit" / "jenkins-xunit-junit-10.xsd")))
    document = etree.fromstring(_failing(edited, "junit").encode("utf-8"))
    assert schema.validate(document), schema.error_log
    assert document.find(".//failure[@type='BL201']") is not None


@pytest.mark.skipif(not (SCHEMAS / "sarif").is_dir(), reason="../shared/schemas is not here")
def test_sarif_is_valid(edited: Path) -> None:
    import jsonschema

    schema = json.loads((SCHEMAS / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(_failing(edited, "sarif"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert any(r["ruleId"] == "BL201" and r["level"] == "error" for r in log["runs"][0]["results"])


def test_github_annotations(edited: Path) -> None:
    lines = _failing(edited, "github").splitlines()
    assert any(
        re.match(r"::error file=translations/nk/en\.po,line=\d+,title=BL201 number-mismatch s\d+::", x) for x in lines
    )


# --- policy and integrity rules that need a whole record --------------------------------


def test_source_change_makes_units_stale(edited: Path) -> None:
    from helpers import KOREAN

    updated = edited / "ko-update.md"
    updated.write_text(KOREAN.replace("주민 3명이", "주민 4명이"), encoding="utf-8")
    assert invoke("ingest", str(updated), "--article", "nk", "--by", "reporter", *ws_args(edited)).exit_code == 0
    data = json.loads(invoke("check", "--json", *ws_args(edited)).output)
    stale = [f for f in data["findings"] if f["rule"] == "BL304"]
    assert stale and stale[0]["severity"] == "error" and "number" in stale[0]["message"]


def test_machine_translation_must_be_disclosed(workspace: Path) -> None:
    config = workspace / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "# disclose_machine_translation = false", "disclose_machine_translation = true"), encoding="utf-8")
    en = workspace / "mt.md"
    en.write_text((workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8"), encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace("Three residents", "Three people"), encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(en), "--by", "cslee", "--origin", "mt:deepl", *ws_args(workspace))
    assert result.exit_code == 0, result.output
    assert "BL306 mt-undisclosed" in invoke("check", *ws_args(workspace)).output


def test_unsigned_events_fail_when_signatures_are_required(edited: Path) -> None:
    config = edited / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        '# require_signatures = "none"', 'require_signatures = "all"'), encoding="utf-8")
    result = invoke("check", *ws_args(edited))
    assert result.exit_code == 1 and "BL403 signature-invalid" in result.output
