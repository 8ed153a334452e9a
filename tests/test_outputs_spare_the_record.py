"""`-o FILE` never lands on the record: a slip of the hand must not replace a ledger, a source or a working file.

`byline export nk --format xliff -o translations/nk/provenance.jsonl` once
replaced the ledger with XLIFF (exit 0), and `report -o translations/nk/en.md`
replaced the English, unrecorded words and all. Every command with `-o` now
refuses the record's paths (exit 2, nothing written) and writes anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import invoke

from workflow.outputs import record_file
from workflow.workspace import Workspace

# Each command that writes -o FILE, with what it needs besides.
WRITERS = {
    "export": ["export", "nk", "--format", "xliff"],
    "report": ["report", "nk", "--format", "json"],
    "index": ["index"],
    "publish": ["publish", "nk", "--by", "ewhong", "--force"],
}
RECORD = ["translations/nk/provenance.jsonl", "translations/nk/en.md", "translations/nk/en.po", "sources/nk/ko.md",
          "byline.toml", "translations/nk/en.md.conflict-20261201T101010Z",
          "translations/nk/provenance.jsonl.torn-20261201T101010000000Z"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".byline-cache" not in p.parts}


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("target", RECORD)
def test_no_command_writes_over_the_record(workspace: Path, command: str, target: str) -> None:
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\nA sentence no event holds yet.\n", encoding="utf-8")
    before = snapshot(workspace)
    result = invoke(*WRITERS[command], "-o", str(workspace / target), "--workspace", str(workspace))
    assert result.exit_code == 2, result.output
    assert "only byline's recording commands write" in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(workspace) == before


def test_a_link_to_the_ledger_is_the_ledger(workspace: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks-harmless.xlf"
    link.symlink_to(workspace / "translations" / "nk" / "provenance.jsonl")
    ledger = (workspace / "translations" / "nk" / "provenance.jsonl").read_bytes()
    result = invoke("export", "nk", "--format", "xliff", "-o", str(link), "--workspace", str(workspace))
    assert result.exit_code == 2 and "article nk's ledger" in result.stderr
    assert (workspace / "translations" / "nk" / "provenance.jsonl").read_bytes() == ledger


@pytest.mark.parametrize("command", list(WRITERS))
def test_any_other_path_is_written(workspace: Path, tmp_path: Path, command: str) -> None:
    inside = workspace / "translations" / "nk" / ("nk-export.db" if command == "index" else "nk-export.out")
    for target in (inside, tmp_path / "out" / "file"):
        target.parent.mkdir(exist_ok=True)
        result = invoke(*WRITERS[command], "-o", str(target), "--workspace", str(workspace))
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0


def test_publish_may_write_its_own_page(workspace: Path) -> None:
    page = workspace / "translations" / "nk" / "en.html"
    result = invoke(*WRITERS["publish"], "-o", str(page), "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_publish_may_not_write_another_articles_page(workspace: Path) -> None:
    result = invoke(*WRITERS["publish"], "-o", str(workspace / "translations" / "other" / "en.html"),
                    "--workspace", str(workspace))
    assert result.exit_code == 2 and "article other's published page" in result.stderr


@pytest.mark.parametrize(("path", "what"), [
    ("translations/nk/provenance.jsonl", "article nk's ledger"),
    ("translations/x1/en.po", "article x1's PO working file"),
    ("sources/nk/ko.md", "article nk's ko source"),
    ("translations/nk/.pending", "article nk's marker of a recording under way"),
    ("glossary.tsv", "the workspace's glossary"),
    ("translations/nk/en.md.conflict-1", "work byline kept aside beside article nk's en working file"),
    ("translations/nk/EN.md", "article nk's en working file"),
    ("Translations/nk/Provenance.JSONL", "article nk's ledger"),
    ("translations/nk/en.mdx", None), ("translations/nk/notes.md", None), ("sources/nk/ko.txt", None),
    ("translations/provenance.jsonl", None), ("docs/en.md", None), ("../en.md", None),
])
def test_what_the_record_holds(workspace: Path, path: str, what: str | None) -> None:
    assert record_file(Workspace(workspace), workspace / path) == what
    assert record_file(Workspace(workspace), Path(os.path.relpath(workspace / path))) == what
