"""Review states both ways (issue #20, item 1): PO `fuzzy` and comments, XLIFF 2.1 and 1.2 `state`, `approved`, notes.

The same story in each format: the Korean of s5 changes, so its English is
stale. A translator (1) rewrites it but leaves it marked for review — still
stale, BL304 still fires; (2) clears the mark without touching the English —
the unit is confirmed by them, no longer stale; (3) writes a comment on s2 —
kept in the ledger and written in the next export.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from helpers import KOREAN, invoke
from lxml import etree

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


@pytest.fixture
def stale(workspace: Path) -> Path:
    """Article nk whose s5 is stale: three residents became four in the Korean."""
    updated = workspace / "ko-update.md"
    updated.write_text(KOREAN.replace("주민 3명이", "주민 4명이"), encoding="utf-8")
    assert invoke("ingest", str(updated), "--article", "nk", "--by", "reporter", *ws_args(workspace)).exit_code == 0
    assert "s5" in _stale_units(workspace)
    return workspace


def _stale_units(root: Path) -> set[str]:
    findings = json.loads(invoke("check", "nk", "--json", *ws_args(root)).stdout)["findings"]
    return {f["unit"] for f in findings if f["rule"] == "BL304"}


def _ledger(root: Path) -> list[dict]:  # type: ignore[type-arg]
    lines = (root / "translations" / "nk" / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# Each format: how a CAT tool sets a unit's English, its review mark, and a comment; and how to read them back.
Edit = Callable[[str, str, str | None, bool | None, str | None], str]


def _po(text: str, unit: str, english: str | None, review: bool | None, comment: str | None) -> str:
    catalog = polib.pofile(text, wrapwidth=0)
    entry = next(e for e in catalog if e.msgctxt == unit)
    if english is not None:
        entry.msgstr = english
    if review is False and "fuzzy" in entry.flags:  # Poedit's "needs work" off: the flag and the previous msgid go
        entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgctxt = None
    elif review is True and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if comment is not None:
        entry.tcomment = comment
    return str(catalog) + "\n"


def _po_read(text: str, unit: str) -> tuple[bool, str]:
    entry = next(e for e in polib.pofile(text, wrapwidth=0) if e.msgctxt == unit)
    return "fuzzy" in entry.flags, entry.tcomment


def _xliff(text: str, unit: str, english: str | None, review: bool | None, comment: str | None) -> str:
    root = etree.fromstring(text.encode("utf-8"))
    element = next(u for u in root.iter(f"{{{X2}}}unit") if u.get("name") == unit)
    segment = element.find(f"{{{X2}}}segment")
    if english is not None:
        segment.find(f"{{{X2}}}target").text = english
    if review is not None:
        segment.set("state", "initial" if review else "translated")
        segment.attrib.pop("subState", None)
    if comment is not None:
        notes = element.find(f"{{{X2}}}notes")
        if notes is None:
            notes = etree.Element(f"{{{X2}}}notes")
            element.insert(list(element).index(segment), notes)
        etree.SubElement(notes, f"{{{X2}}}note").text = comment
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def _xliff_read(text: str, unit: str) -> tuple[bool, str]:
    root = etree.fromstring(text.encode("utf-8"))
    element = next(u for u in root.iter(f"{{{X2}}}unit") if u.get("name") == unit)
    notes = [n.text for n in element.iter(f"{{{X2}}}note") if n.get("category") != "byline"]
    return element.find(f"{{{X2}}}segment").get("state") == "initial", "\n".join(notes)


def _xliff12(text: str, unit: str, english: str | None, review: bool | None, comment: str | None) -> str:
    root = etree.fromstring(text.encode("utf-8"))
    element = next(u for u in root.iter(f"{{{X12}}}trans-unit") if u.get("resname") == unit)
    target = element.find(f"{{{X12}}}target")
    if english is not None:
        target.text = english
    if review is True:
        target.set("state", "needs-review-translation")
    elif review is False:  # a reviewer signs the unit off
        target.set("state", "signed-off")
        element.set("approved", "yes")
    if comment is not None:
        etree.SubElement(element, f"{{{X12}}}note", {"from": "Claire"}).text = comment
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def _xliff12_read(text: str, unit: str) -> tuple[bool, str]:
    root = etree.fromstring(text.encode("utf-8"))
    element = next(u for u in root.iter(f"{{{X12}}}trans-unit") if u.get("resname") == unit)
    notes = [n.text for n in element.iter(f"{{{X12}}}note") if n.get("from") != "byline"]
    return element.find(f"{{{X12}}}target").get("state").startswith("needs-"), "\n".join(notes)


FORMATS = [
    pytest.param("po", ".po", _po, _po_read, id="po"),
    pytest.param("xliff", ".xlf", _xliff, _xliff_read, id="xliff21"),
    pytest.param("xliff12", ".xlf", _xliff12, _xliff12_read, id="xliff12"),
]


def _round(root: Path, fmt: str, suffix: str, edit: Edit, tmp_path: Path, unit: str, english: str | None,
           review: bool | None, comment: str | None = None, by: str = "cslee") -> None:
    exported = invoke("export", "nk", "--format", fmt, *ws_args(root))
    assert exported.exit_code == 0, exported.output
    path = tmp_path / f"back{suffix}"
    path.write_text(edit(exported.stdout, unit, english, review, comment), encoding="utf-8")
    result = invoke("record", "nk", "--by", by, "--from", str(path), *ws_args(root))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("fmt", "suffix", "edit", "read"), FORMATS)
def test_rewritten_but_left_for_review_stays_stale(stale: Path, tmp_path: Path, fmt: str, suffix: str, edit: Edit,
                                                    read: Callable[[str, str], tuple[bool, str]]) -> None:
    _round(stale, fmt, suffix, edit, tmp_path, "s5", "Four residents were arrested.", True)
    last = _ledger(stale)[-1]
    assert last["type"] == "edit" and last["agent"]["id"] == "cslee"
    assert {"unit": "s5", "mark": "needs-review"} in last["review"]
    assert "Four residents were arrested." in (stale / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    assert "s5" in _stale_units(stale), "a translation marked for review does not clear the stale warning"
    again = invoke("export", "nk", "--format", fmt, *ws_args(stale)).stdout
    assert read(again, "s5")[0], "the next export still asks for review"


@pytest.mark.parametrize(("fmt", "suffix", "edit", "read"), FORMATS)
def test_clearing_the_mark_without_an_edit_confirms_the_unit(
    stale: Path, tmp_path: Path, fmt: str, suffix: str, edit: Edit, read: Callable[[str, str], tuple[bool, str]]
) -> None:
    english = (stale / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    _round(stale, fmt, suffix, edit, tmp_path, "s5", None, False, by="ewhong")
    last = _ledger(stale)[-1]
    assert last["type"] == "review" and last["agent"]["id"] == "ewhong"
    assert last["review"] == [{"unit": "s5", "mark": "confirmed"}]
    assert (stale / "translations" / "nk" / "en.md").read_text(encoding="utf-8") == english
    assert "s5" not in _stale_units(stale)
    assert not read(invoke("export", "nk", "--format", fmt, *ws_args(stale)).stdout, "s5")[0]
    log = invoke("log", "nk", *ws_args(stale)).stdout
    assert re.search(r"review .*ewhong", log.splitlines()[-1]), log


@pytest.mark.parametrize(("fmt", "suffix", "edit", "read"), FORMATS)
def test_translator_comments_are_kept_and_exported_again(
    workspace: Path, tmp_path: Path, fmt: str, suffix: str, edit: Edit, read: Callable[[str, str], tuple[bool, str]]
) -> None:
    _round(workspace, fmt, suffix, edit, tmp_path, "s2", None, None, comment="check the province name with the desk")
    last = _ledger(workspace)[-1]
    assert last["type"] == "review" and last["review"] == [
        {"unit": "s2", "comment": "check the province name with the desk"}
    ]
    for other in ("po", "xliff", "xliff12"):  # every bilingual format writes it again
        text = invoke("export", "nk", "--format", other, *ws_args(workspace)).stdout
        assert "check the province name with the desk" in text, other
    assert read(invoke("export", "nk", "--format", fmt, *ws_args(workspace)).stdout, "s2")[1] == \
        "check the province name with the desk"
    po = (workspace / "translations" / "nk" / "en.po").read_text(encoding="utf-8")
    assert "# check the province name with the desk" in po
    before = len(_ledger(workspace))
    _round(workspace, fmt, suffix, lambda text, *args: text, tmp_path, "s2", None, None)
    assert len(_ledger(workspace)) == before, "the same comment brought back again records nothing"


def test_the_po_view_with_marks_passes_msgfmt(stale: Path, tmp_path: Path) -> None:
    import shutil

    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    _round(stale, "po", ".po", _po, tmp_path, "s2", None, True, comment="a comment\nover two lines")
    po = stale / "translations" / "nk" / "en.po"
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _po_read(po.read_text(encoding="utf-8"), "s2") == (True, "a comment\nover two lines")


def test_editing_en_po_in_place_keeps_the_mark(stale: Path) -> None:
    """Poedit on the workspace's own en.po, then `byline record`: the same marks as with --from."""
    po = stale / "translations" / "nk" / "en.po"
    po.write_text(_po(po.read_text(encoding="utf-8"), "s5", None, False, None), encoding="utf-8")
    result = invoke("record", "nk", "--by", "mfoster", *ws_args(stale))
    assert result.exit_code == 0, result.output
    assert _ledger(stale)[-1]["review"] == [{"unit": "s5", "mark": "confirmed"}]
    assert "s5" not in _stale_units(stale)
