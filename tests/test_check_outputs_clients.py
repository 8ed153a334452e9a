"""`check --format sarif|junit` as their readers judge them (issue #20, item 4).

Microsoft's SARIF Multitool (its default rules and GitHub's) and jing with the
strict Ant JUnit schema. Each test skips, naming the program, where the
machine lacks it (tests/clients.py; `.ci/run` installs them).
"""

from __future__ import annotations

from pathlib import Path

import clients
import pytest
from helpers import KOREAN, invoke
from lxml import etree


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


@pytest.fixture
def findings(workspace: Path) -> Path:
    """Article nk with an error (a changed figure), a waived error and warnings: every kind of SARIF result."""
    ws = ws_args(workspace)
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("$110 million", "$120 million"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    updated = workspace / "ko-update.md"
    updated.write_text(KOREAN.replace("주민 3명이", "주민 4명이"), encoding="utf-8")
    assert invoke("ingest", str(updated), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    waive = invoke("waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "mfoster",
                   "--reason", "the source misstates the figure; confirmed with the desk", *ws)
    assert waive.exit_code == 0, waive.output
    return workspace


def _check(root: Path, fmt: str, out: Path) -> Path:
    result = invoke("check", "--format", fmt, *ws_args(root))
    assert result.exit_code == 1, result.output
    out.write_text(result.stdout, encoding="utf-8")
    return out


# --- item 4: SARIF and JUnit ------------------------------------------------------------


@pytest.mark.parametrize("rule_kind", [pytest.param(None, id="default-rules"), pytest.param("Gh", id="github-rules")])
def test_sarif_passes_the_sarif_multitool(findings: Path, tmp_path: Path, rule_kind: str | None) -> None:
    log = _check(findings, "sarif", tmp_path / "byline.sarif")
    verdict = clients.sarif_validate(log, rule_kind)
    problems = [v for v in verdict if v["level"] in ("error", "warning")]
    assert not problems, "\n".join(f"{v['ruleId']} {v['level']}: {v['message']}" for v in problems)


def test_sarif_validator_catches_what_it_should(findings: Path, tmp_path: Path) -> None:
    """The validator is really reading the file: a relative base URI is the error the issue names."""
    import json

    log = _check(findings, "sarif", tmp_path / "byline.sarif")
    data = json.loads(log.read_text(encoding="utf-8"))
    data["runs"][0]["originalUriBaseIds"] = {"WORKSPACE": {"uri": "./"}}
    log.write_text(json.dumps(data), encoding="utf-8")
    assert any(v["ruleId"] == "SARIF1004" for v in clients.sarif_validate(log))


def test_junit_passes_jing_with_the_strict_ant_schema(findings: Path, tmp_path: Path) -> None:
    report = _check(findings, "junit", tmp_path / "byline.xml")
    verdict = clients.jing(clients.schema("junit", "JUnit.xsd"), report)
    assert verdict.returncode == 0, verdict.stdout
    lenient = etree.XMLSchema(etree.parse(str(clients.schema("junit", "jenkins-xunit-junit-10.xsd"))))
    assert lenient.validate(etree.parse(str(report))), lenient.error_log


def test_junit_counts_and_times(findings: Path, tmp_path: Path) -> None:
    document = etree.parse(str(_check(findings, "junit", tmp_path / "byline.xml")))
    suite = document.getroot() if document.getroot().tag == "testsuite" else document.find("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None) >= 1
    assert float(suite.get("time")) >= 0 and all(float(c.get("time")) >= 0 for c in cases)
    assert suite.find("properties") is not None


def test_sarif_links_rules_to_the_workspace_docs_url(findings: Path, tmp_path: Path) -> None:
    import json

    config = findings / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[checks]\n", '[checks]\ndocs_url = "https://news.example/byline/docs"\n', 1), encoding="utf-8")
    log = _check(findings, "sarif", tmp_path / "byline.sarif")
    data = json.loads(log.read_text(encoding="utf-8"))
    driver = data["runs"][0]["tool"]["driver"]
    rule = next(r for r in driver["rules"] if r["id"] == "BL201")
    assert rule["helpUri"] == "https://news.example/byline/docs/checks.md#bl201-number-mismatch"
    assert driver["informationUri"].startswith("https://news.example/byline/docs/")
    assert data["runs"][0]["originalUriBaseIds"]["WORKSPACE"]["uri"] == findings.resolve().as_uri() + "/"
    assert not [v for v in clients.sarif_validate(log, "Gh") if v["level"] == "error"]
