"""What byline writes is valid where others will read it: OASIS XSDs, the TMX DTD, and GNU msgfmt."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import invoke
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
needs_schemas = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="../shared/schemas is not present")
KOREAN_UPDATE = "이 사업에는 1억2천만 달러가 들었다."


@pytest.fixture
def worked(workspace: Path) -> Path:
    """The sample article after an edit by ewhong, an approval, and a source update that leaves a unit stale."""
    ws = ["--workspace", str(workspace)]
    english = workspace / "translations" / "nk" / "en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Three residents", "Three people"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    assert invoke("approve", "nk", "--by", "mfoster", *ws).exit_code == 0
    korean = workspace / "ko.md"
    korean.write_text(korean.read_text(encoding="utf-8").replace("이 사업에는 1억1천만 달러가 들었다.", KOREAN_UPDATE),
                      encoding="utf-8")
    result = invoke("ingest", str(korean), "--article", "nk", "--by", "reporter", *ws)
    assert result.exit_code == 0, result.output
    return workspace


def _export(root: Path, fmt: str) -> bytes:
    result = invoke("export", "nk", "--format", fmt, "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout.encode("utf-8")


@needs_schemas
def test_xliff21_validates_against_oasis_schema(worked: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff21" / "xliff21_all.xsd")))
    document = etree.fromstring(_export(worked, "xliff"))
    assert schema.validate(document), schema.error_log


@needs_schemas
def test_xliff12_validates_against_transitional_schema(worked: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff12" / "xliff-core-1.2-transitional.xsd")))
    document = etree.fromstring(_export(worked, "xliff12"))
    assert schema.validate(document), schema.error_log


@needs_schemas
def test_tmx_validates_against_dtd(worked: Path) -> None:
    dtd = etree.DTD(str(SCHEMAS / "tmx" / "tmx14.dtd"))
    document = etree.fromstring(_export(worked, "tmx"))
    assert dtd.validate(document), dtd.error_log


@needs_schemas
def test_our_validators_reject_a_broken_file(worked: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff21" / "xliff21_all.xsd")))
    document = etree.fromstring(_export(worked, "xliff"))
    segment = document.find(".//{urn:oasis:names:tc:xliff:document:2.0}segment")
    segment.set("state", "done")
    assert not schema.validate(document)


def test_xliff21_carries_its_provenance_and_history(worked: Path) -> None:
    document = etree.fromstring(_export(worked, "xliff"))
    its = "{http://www.w3.org/2005/11/its}"
    ctr = "{urn:oasis:names:tc:xliff:changetracking:2.0}"
    units = {u.get("name"): u for u in document.iter("{urn:oasis:names:tc:xliff:document:2.0}unit")}
    edited = units["s5"]
    assert edited.get(f"{its}person") == "Claire Shinyoung Oh Lee"
    assert edited.get(f"{its}revPerson") == "Eugene Whong"
    revisions = edited.findall(f"{ctr}changeTrack/{ctr}revisions/{ctr}revision")
    assert [r.get("author") for r in revisions] == ["Eugene Whong", "Claire Shinyoung Oh Lee"]
    assert [r.findtext(f"{ctr}item") for r in revisions] == [
        "Three people were arrested.",
        "Three residents were arrested.",
    ]
    assert all(r.get("datetime") for r in revisions)
    assert units["s1"].get(f"{its}revPerson") is None
    stale = units["s4"].find("{urn:oasis:names:tc:xliff:document:2.0}segment")
    assert stale.get("state") == "initial"


def test_tmx_carries_who_and_when(worked: Path) -> None:
    document = etree.fromstring(_export(worked, "tmx"))
    tu = next(t for t in document.iter("tu") if t.get("tuid") == "s5")
    english = tu.findall("tuv")[1]
    assert (english.get("creationid"), english.get("changeid")) == ("cslee", "ewhong")
    assert len(english.get("changedate")) == 16 and english.get("changedate").endswith("Z")


@pytest.mark.parametrize("which", ["export", "workspace"])
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_po_passes_msgfmt_check(worked: Path, tmp_path: Path, which: str) -> None:
    if which == "export":
        path = tmp_path / "exported.po"
        path.write_bytes(_export(worked, "po"))
    else:
        path = worked / "translations" / "nk" / "en.po"
    text = path.read_text(encoding="utf-8")
    assert "#, fuzzy" in text and "#| msgid" in text  # the stale unit, with what it was translated from
    for field in ("Language: en", "Content-Type: text/plain; charset=UTF-8", "Project-Id-Version: byline nk",
                  "Last-Translator: Eugene Whong <ewhong>"):
        assert field in text
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_machine_translation_is_its_tool_and_the_editor_its_rev_person(empty_workspace: Path) -> None:
    from helpers import ENGLISH, KOREAN

    root = empty_workspace
    ws = ["--workspace", str(root)]
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws)
    result = invoke("translate", "nk", "--from", str(root / "en.md"), "--by", "cslee", "--origin", "mt:deepl", *ws)
    assert result.exit_code == 0, result.output
    english = root / "translations" / "nk" / "en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Three residents", "Three people"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    document = etree.fromstring(_export(root, "xliff"))
    its = "{http://www.w3.org/2005/11/its}"
    units = {u.get("name"): u for u in document.iter("{urn:oasis:names:tc:xliff:document:2.0}unit")}
    assert units["s5"].get(f"{its}tool") == "deepl" and units["s5"].get(f"{its}person") is None
    assert units["s5"].get(f"{its}revPerson") == "Eugene Whong"
    assert units["s1"].get(f"{its}tool") == "deepl" and units["s1"].get(f"{its}revPerson") is None
