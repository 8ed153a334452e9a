"""Word both ways (issue #20, item 6): `export --format docx`, tracked changes back as their authors' events,
LibreOffice's re-save recording nothing, `.odt`, and Trados/memoQ XLIFF 1.2.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import clients
import pytest
from helpers import invoke

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def _ledger(root: Path) -> list[dict]:  # type: ignore[type-arg]
    lines = (root / "translations" / "nk" / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _export(root: Path, path: Path, fmt: str = "docx") -> Path:
    result = invoke("export", "nk", "--format", fmt, "-o", str(path), *ws_args(root))
    assert result.exit_code == 0, result.output
    return path


def _track(path: Path, old: str, new: str, author: str, date: str = "2026-11-27T10:00:00Z") -> Path:
    """What Word writes when `author` replaces `old` with `new` with Track Changes on."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    run = re.search(
        r'<w:r>(<w:rPr><w:lang [^>]*/></w:rPr>)?<w:t xml:space="preserve">([^<]*'
        + re.escape(old)
        + r"[^<]*)</w:t></w:r>",
        xml,
    )
    assert run, f"{old!r} is not in one run"
    props, text = run.group(1) or "", run.group(2)
    before, after = text.split(old, 1)
    mark = f'w:author="{author}" w:date="{date}"'
    pieces = (f'<w:r>{props}<w:t xml:space="preserve">{before}</w:t></w:r>'
              f'<w:del w:id="1" {mark}><w:r>{props}<w:delText xml:space="preserve">{old}</w:delText></w:r></w:del>'
              f'<w:ins w:id="2" {mark}><w:r>{props}<w:t xml:space="preserve">{new}</w:t></w:r></w:ins>'
              f'<w:r>{props}<w:t xml:space="preserve">{after}</w:t></w:r>')
    members["word/document.xml"] = (xml[: run.start()] + pieces + xml[run.end():]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_docx_export_names_the_head_and_records_nothing_back(workspace: Path, tmp_path: Path) -> None:
    path = _export(workspace, tmp_path / "nk.docx")
    with zipfile.ZipFile(path) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
    assert _ledger(workspace)[-1]["id"] in custom
    assert 'w:pStyle w:val="Heading1"' in document and "Three residents were arrested." in document
    before = len(_ledger(workspace))
    result = invoke("record", "nk", "--by", "ewhong", "--from", str(path), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    assert len(_ledger(workspace)) == before


def test_an_editors_tracked_change_comes_back_as_their_event(workspace: Path, tmp_path: Path) -> None:
    path = _track(_export(workspace, tmp_path / "nk.docx"), "Three residents", "Three people", "Eugene Whong")
    result = invoke("record", "nk", "--by", "cslee", "--from", str(path), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    last = _ledger(workspace)[-1]
    assert last["agent"]["id"] == "ewhong" and last["imported_by"]["id"] == "cslee"
    english = (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    assert "Three people were arrested." in english
    again = invoke("record", "nk", "--by", "cslee", "--from", str(path), *ws_args(workspace))
    assert again.exit_code == 0 and _ledger(workspace)[-1]["id"] == last["id"], "the same file twice records once"


def test_a_docx_made_before_the_english_changed_is_refused(workspace: Path, tmp_path: Path) -> None:
    path = _track(_export(workspace, tmp_path / "nk.docx"), "Three residents", "Three people", "Eugene Whong")
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "mfoster", *ws_args(workspace)).exit_code == 0
    before = len(_ledger(workspace))
    result = invoke("record", "nk", "--by", "cslee", "--from", str(path), *ws_args(workspace))
    assert result.exit_code != 0 and "changed since" in result.stderr and len(result.stderr.splitlines()) == 1
    assert len(_ledger(workspace)) == before


@pytest.mark.parametrize("target", ["docx:MS Word 2007 XML", "odt"], ids=["docx", "odt"])
def test_libreoffice_resave_records_nothing(workspace: Path, tmp_path: Path, target: str) -> None:
    exported = _export(workspace, tmp_path / "nk.docx")
    resaved = clients.libreoffice_convert(exported, target, tmp_path / "resaved", tmp_path / "lo-profile")
    before = len(_ledger(workspace))
    result = invoke("record", "nk", "--by", "ewhong", "--from", str(resaved), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    assert len(_ledger(workspace)) == before, "LibreOffice's re-save changed nothing an editor wrote"


def test_libreoffice_keeps_the_tracked_change(workspace: Path, tmp_path: Path) -> None:
    path = _track(_export(workspace, tmp_path / "nk.docx"), "Three residents", "Three people", "Eugene Whong")
    resaved = clients.libreoffice_convert(path, "docx:MS Word 2007 XML", tmp_path / "resaved", tmp_path / "lo-profile")
    result = invoke("record", "nk", "--by", "cslee", "--from", str(resaved), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    assert _ledger(workspace)[-1]["agent"]["id"] == "ewhong"


def test_tracked_changes_in_odt_come_back_as_their_authors_events(workspace: Path, tmp_path: Path) -> None:
    """LibreOffice turns Word's tracked change into its own (`text:tracked-changes`); byline reads those too."""
    path = _track(_export(workspace, tmp_path / "nk.docx"), "Three residents", "Three people", "Eugene Whong")
    odt = clients.libreoffice_convert(path, "odt", tmp_path / "odt", tmp_path / "lo-profile")
    result = invoke("record", "nk", "--by", "cslee", "--from", str(odt), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    last = _ledger(workspace)[-1]
    assert last["agent"]["id"] == "ewhong" and last["imported_by"]["id"] == "cslee"
    assert [u["unit"] for u in last["units"]] == ["s5"]
    assert "Three people were arrested." in (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")


def _cat_tool_file(xliff12: str, kind: str) -> str:
    """Our XLIFF 1.2 as Trados (`sdl:` namespace, segments in `mrk`) or memoQ (`mq:` attributes) keep it."""
    if kind == "sdlxliff":
        text = xliff12.replace(
            "<xliff ", '<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" sdl:version="1.0" ', 1
        )
        text = re.sub(
            r"<source>([^<]*)</source>",
            r'<source>\1</source><seg-source><mrk mtype="seg" mid="1">\1</mrk></seg-source>',
            text,
        )
        return re.sub(
            r'(<target state="[^"]*">)([^<]*)</target>', r'\1<mrk mtype="seg" mid="1">\2</mrk></target>', text
        )
    text = xliff12.replace("<xliff ", '<xliff xmlns:mq="MQXliff" ', 1)
    return text.replace("<trans-unit ", '<trans-unit mq:status="ManuallyConfirmed" ')


@pytest.mark.parametrize("kind", ["sdlxliff", "mqxliff"])
def test_trados_and_memoq_files_are_read_as_xliff12(workspace: Path, tmp_path: Path, kind: str) -> None:
    exported = _export(workspace, tmp_path / "nk.xlf", "xliff12").read_text(encoding="utf-8")
    edited = _cat_tool_file(exported, kind).replace("Three residents were arrested.", "Three people were arrested.")
    path = tmp_path / f"nk.{kind}"
    path.write_text(edited, encoding="utf-8")
    result = invoke("record", "nk", "--by", "ewhong", "--from", str(path), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    last = _ledger(workspace)[-1]
    assert last["agent"]["id"] == "ewhong" and [u["unit"] for u in last["units"]] == ["s5"]


def _retype(path: Path, old: str, new: str) -> Path:
    """What an editor's untracked change does to the exported file."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert old in xml
    members["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_stale_docx_is_merged_three_way_with_what_changed_since(workspace: Path, tmp_path: Path) -> None:
    path = _retype(_export(workspace, tmp_path / "nk.docx"), "Three residents", "Three people")
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "mfoster", *ws_args(workspace)).exit_code == 0
    result = invoke("record", "nk", "--by", "ewhong", "--from", str(path), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    english = en.read_text(encoding="utf-8")
    assert "locals said" in english and "Three people were arrested." in english, "both changes kept"
    last = _ledger(workspace)[-1]
    assert last["agent"]["id"] == "ewhong" and [u["unit"] for u in last["units"]] == ["s5"]


def test_a_stale_docx_that_clashes_records_nothing_of_the_clash(workspace: Path, tmp_path: Path) -> None:
    path = _retype(_export(workspace, tmp_path / "nk.docx"), "Three residents", "Three people")
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Three residents", "Three locals"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "mfoster", *ws_args(workspace)).exit_code == 0
    before = len(_ledger(workspace))
    result = invoke("record", "nk", "--by", "ewhong", "--from", str(path), *ws_args(workspace))
    assert result.exit_code == 1 and "s5" in result.stderr and len(result.stderr.splitlines()) == 1, result.output
    assert len(_ledger(workspace)) == before
    assert "Three locals" in en.read_text(encoding="utf-8")


def test_the_bilingual_table_comes_back_unit_by_unit(workspace: Path, tmp_path: Path) -> None:
    path = _export(workspace, tmp_path / "nk-table.docx", "docx-table")
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "<w:tbl>" in document and "주민 3명이 체포됐다." in document and ">s5<" in document
    before = len(_ledger(workspace))
    assert invoke("record", "nk", "--by", "ewhong", "--from", str(path), *ws_args(workspace)).exit_code == 0
    assert len(_ledger(workspace)) == before, "the table as exported records nothing"
    _track(path, "Three residents", "Three people", "Eugene Whong")
    result = invoke("record", "nk", "--by", "cslee", "--from", str(path), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    last = _ledger(workspace)[-1]
    assert last["agent"]["id"] == "ewhong" and [u["unit"] for u in last["units"]] == ["s5"]
    assert "Three people were arrested." in (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")


def test_libreoffice_resave_of_the_table_records_nothing(workspace: Path, tmp_path: Path) -> None:
    exported = _export(workspace, tmp_path / "nk-table.docx", "docx-table")
    resaved = clients.libreoffice_convert(exported, "docx:MS Word 2007 XML", tmp_path / "resaved", tmp_path / "lo")
    before = len(_ledger(workspace))
    result = invoke("record", "nk", "--by", "ewhong", "--from", str(resaved), *ws_args(workspace))
    assert result.exit_code == 0, result.output
    assert len(_ledger(workspace)) == before
