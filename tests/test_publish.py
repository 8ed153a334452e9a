"""`byline publish`: checks gate it, the HTML carries ITS 2.0 provenance and the credit line.

The publish event pins the output: its path, hash and size.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from helpers import invoke

from workflow.errors import PublishBlockedError
from workflow.ledger import read_events
from workflow.problems import Kind, Problem
from workflow.reports.its import PROVENANCE_ATTRIBUTES
from workflow.steps.publish import publish
from workflow.workspace import Workspace

ITS_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "its20" / "its20-elements.rng"
ITS_NS = "http://www.w3.org/2005/11/its"
CREDIT = "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong."


def _error(rule: str = "BL101") -> Problem:
    return Problem(
        Kind.CHECK, "sentence s3 has no English", "nk", "translations/nk/en.po", 9, "s3", rule, "untranslated", "error"
    )


@pytest.fixture
def no_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks that find nothing, so these tests are about publishing, not about the rules."""
    monkeypatch.setattr("workflow.checks.runner.run_checks", lambda ws, slugs, use_cache=True: [])


def _edit_lede(root: Path) -> None:
    en = root / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")


@pytest.fixture
def edited(workspace_copy: Path) -> Path:
    """The sample article, translated by cslee and edited by ewhong (through the library)."""
    from workflow.steps.target import record

    _edit_lede(workspace_copy)
    ws = Workspace(workspace_copy)
    record(ws, "nk", ws.config.person("ewhong"))
    return workspace_copy


@pytest.fixture
def edited_cli(workspace: Path) -> Path:
    """What `edited` is, recorded with `byline record`."""
    _edit_lede(workspace)
    assert invoke("record", "nk", "--by", "ewhong", "--workspace", str(workspace)).exit_code == 0
    return workspace


@pytest.fixture
def machine(machine_translated_copy: Path) -> Path:
    """MT by papago (operated by cslee) in an organisation's workspace; ewhong edits the lede."""
    return machine_translated_copy


def _page(root: Path, path: Path | None = None):  # type: ignore[no-untyped-def]
    from lxml import html

    return html.fromstring((path or root / "translations" / "nk" / "en.html").read_bytes())


def test_publish_records_hash_and_url_of_what_it_wrote(edited: Path, no_findings: None) -> None:
    ws = Workspace(edited)
    done = publish(ws, "nk", ws.config.person("ewhong"), url="https://example.org/nk")
    event = read_events(ws.ledger_file("nk"))[-1]
    assert (event.type, event.seq) == ("publish", done.event.seq)
    raw = done.path.read_bytes()
    assert event.data["output"] == {
        "path": "translations/nk/en.html",
        "sha256": "sha256:" + hashlib.sha256(raw).hexdigest(),
        "bytes": len(raw),
        "url": "https://example.org/nk",
    }
    assert event.data["checks"] == {"forced": False, "overridden": []}
    assert invoke("verify", "nk", "--workspace", str(edited)).exit_code == 0


def test_publish_refuses_on_check_errors_and_records_nothing(edited: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workflow.checks.runner.run_checks", lambda ws, slugs, use_cache=True: [_error()])
    ws = Workspace(edited)
    before = len(read_events(ws.ledger_file("nk")))
    with pytest.raises(PublishBlockedError, match="BL101 s3"):
        publish(ws, "nk", ws.config.person("ewhong"))
    assert len(read_events(ws.ledger_file("nk"))) == before
    assert not (edited / "translations" / "nk" / "en.html").exists()
    result = invoke("publish", "nk", "--by", "ewhong", "--workspace", str(edited))
    assert result.exit_code == 1


def test_publish_force_records_the_override(edited_cli: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    findings = [_error(), _error("BL203")]
    monkeypatch.setattr("workflow.checks.runner.run_checks", lambda ws, slugs, use_cache=True: findings)
    result = invoke("publish", "nk", "--by", "ewhong", "--force", "--json", "--workspace", str(edited_cli))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["forced"] is True
    event = read_events(Workspace(edited_cli).ledger_file("nk"))[-1]
    assert event.data["checks"]["forced"] is True
    assert [line.split(":")[0] for line in event.data["checks"]["overridden"]] == ["BL101 s3", "BL203 s3"]


def test_waived_errors_do_not_block(edited: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    waived = Problem(
        Kind.CHECK, "no English", "nk", "translations/nk/en.po", 9, "s3", "BL101", "untranslated", "error", True
    )
    monkeypatch.setattr("workflow.checks.runner.run_checks", lambda ws, slugs, use_cache=True: [waived])
    ws = Workspace(edited)
    assert publish(ws, "nk", ws.config.person("ewhong")).overridden == ()


def test_publish_end_to_end_with_the_real_checks(edited_cli: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "nk.html"
    result = invoke("publish", "nk", "--by", "ewhong", "--force", "-o", str(out), "--workspace", str(edited_cli))
    assert result.exit_code == 0, result.output
    assert CREDIT in out.read_text(encoding="utf-8")


def test_the_publication_gate_trusts_no_check_cache(workspace: Path) -> None:
    """A forged cache can quiet `byline check`, but `publish` checks the article afresh."""
    args = ("--workspace", str(workspace))
    assert invoke("check", "nk", *args).exit_code == 1  # translated, never edited: errors, now cached
    conn = sqlite3.connect(workspace / ".byline-cache" / "checks.db", isolation_level=None)
    assert conn.execute("UPDATE entries SET findings = '[]' WHERE slug = 'nk'").rowcount == 1
    conn.close()
    assert invoke("check", "nk", *args).exit_code == 0
    result = invoke("publish", "nk", "--by", "ewhong", *args)
    assert result.exit_code == 1 and "BL302" in result.output
    assert not (workspace / "translations" / "nk" / "en.html").exists()


def test_published_html_names_translator_reviser_and_credit(edited: Path, no_findings: None) -> None:
    ws = Workspace(edited)
    publish(ws, "nk", ws.config.person("ewhong"))
    page = _page(edited)
    spans = {s.get("data-unit"): s for s in page.iter("span")}
    assert spans["s2"].get("its-person") == "Claire Shinyoung Oh Lee"
    assert spans["s2"].get("its-rev-person") == "Eugene Whong"
    assert spans["s4"].get("its-rev-person") is None, "an untouched sentence has no reviser"
    assert page.xpath("string(//p[@class='credit'])") == CREDIT


def test_machine_translation_is_marked_as_a_tool(machine: Path, no_findings: None) -> None:
    ws = Workspace(machine)
    publish(ws, "nk", ws.config.person("ewhong"))
    page = _page(machine)
    article = page.xpath("//article")[0]
    assert (article.get("its-org"), article.get("its-rev-org")) == ("Daejeon Daily", "Daejeon Daily")
    spans = {s.get("data-unit"): s for s in page.iter("span")}
    assert spans["s2"].get("its-tool") == "papago" and spans["s2"].get("its-person") is None
    assert spans["s2"].get("its-rev-person") == "Eugene Whong"


def _its_attributes(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(name, value) for el in page.iter() for name, value in el.attrib.items() if name.startswith("its-")]


@pytest.mark.parametrize("fixture", ["edited", "machine"], ids=["human", "machine"])
def test_its_attributes_are_provenance_with_values(
    fixture: str, request: pytest.FixtureRequest, no_findings: None
) -> None:
    root = request.getfixturevalue(fixture)
    ws = Workspace(root)
    publish(ws, "nk", ws.config.person("ewhong"))
    found = _its_attributes(_page(root))
    assert found, "no ITS markup"
    for name, value in found:
        assert name in PROVENANCE_ATTRIBUTES, f"{name} is not an ITS 2.0 Provenance attribute"
        assert value.strip(), f"{name} is empty"


def _as_its_spans(element):  # type: ignore[no-untyped-def]
    """The HTML element tree as nested its:span elements with ITS local attributes (its-rev-person -> revPerson)."""
    from lxml import etree

    span = etree.Element(f"{{{ITS_NS}}}span", nsmap={"its": ITS_NS})
    for name, value in element.attrib.items():
        if name.startswith("its-"):
            head, *rest = name[4:].split("-")
            span.set(head + "".join(part.capitalize() for part in rest), value)
    span.text = element.text
    for child in element:
        converted = _as_its_spans(child)
        converted.tail = child.tail
        span.append(converted)
    return span


@pytest.mark.skipif(not ITS_SCHEMA.exists(), reason="../shared/schemas/its20 is not present")
@pytest.mark.parametrize("fixture", ["edited", "machine"], ids=["human", "machine"])
def test_its_markup_validates_against_the_its20_schema(
    fixture: str, request: pytest.FixtureRequest, no_findings: None
) -> None:
    from lxml import etree

    root = request.getfixturevalue(fixture)
    ws = Workspace(root)
    publish(ws, "nk", ws.config.person("ewhong"))
    schema = etree.RelaxNG(etree.parse(str(ITS_SCHEMA)))
    article = _page(root).xpath("//article")[0]
    assert schema.validate(_as_its_spans(article)), schema.error_log
