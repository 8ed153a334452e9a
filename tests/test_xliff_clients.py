"""XLIFF as its readers judge it (issue #20, items 2 and 3): the ITS module's Schematron rules, translate-toolkit.

Each test skips, naming the program, where the machine lacks it (tests/clients.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import clients
import polib
from helpers import invoke
from lxml import etree


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


# --- item 2: XLIFF 2.1 and the ITS module's Schematron -----------------------------------


def _export(root: Path, fmt: str, out: Path) -> Path:
    result = invoke("export", "nk", "--format", fmt, *ws_args(root))
    assert result.exit_code == 0, result.output
    out.write_text(result.stdout, encoding="utf-8")
    return out


def test_xliff21_passes_the_its_module_schematron(machine_translated: Path, tmp_path: Path) -> None:
    document = _export(machine_translated, "xliff", tmp_path / "nk.xlf")
    assert "its:person" in document.read_text(encoding="utf-8") or "its:tool" in document.read_text(encoding="utf-8")
    failures = clients.schematron(clients.schema("xliff21", "schemas", "its.sch"), document)
    assert not failures, failures
    xsd = etree.XMLSchema(etree.parse(str(clients.schema("xliff21", "xliff21_all.xsd"))))
    assert xsd.validate(etree.parse(str(document))), xsd.error_log


def test_its_schematron_rejects_unbounded_its_markup(tmp_path: Path) -> None:
    """The rule fires on ITS attributes without `its:version` in scope (what byline wrote before)."""
    document = tmp_path / "unbounded.xlf"
    document.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:its="http://www.w3.org/2005/11/its" '
        'version="2.1" srcLang="ko" trgLang="en"><file id="f1"><unit id="u1" its:person="A">'
        "<segment><source>가</source><target>a</target></segment></unit></file></xliff>", encoding="utf-8")
    failures = clients.schematron(clients.schema("xliff21", "schemas", "its.sch"), document)
    assert any("ITS version is not bounded" in f["message"] for f in failures)


# --- item 3: XLIFF 1.2 additions through translate-toolkit ------------------------------


def test_xliff2po_keeps_every_addition(workspace: Path, tmp_path: Path) -> None:
    en = workspace / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8").rstrip("\n")
    en.write_text(text + "\n\nRFA could not confirm the report.\n\nTranslated by Claire Shinyoung Oh Lee.\n",
                  encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws_args(workspace)).exit_code == 0
    document = _export(workspace, "xliff12", tmp_path / "nk.xlf")
    units = etree.parse(str(document)).findall(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
    additions = [u for u in units if u.get("id").startswith("add:")]
    assert len(additions) == 2
    xliff2po = clients.program("xliff2po", "pip install translate-toolkit")
    po = tmp_path / "nk.po"
    result = subprocess.run([xliff2po, "-i", str(document), "-o", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    targets = {entry.msgstr for entry in polib.pofile(str(po)) if entry.msgid}
    assert {"RFA could not confirm the report.", "Translated by Claire Shinyoung Oh Lee."} <= targets
    assert len([e for e in polib.pofile(str(po)) if e.msgid]) == len(units)
