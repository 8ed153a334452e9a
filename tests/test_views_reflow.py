"""Issue 19, item 10: re-wrapping en.md's paragraphs is layout, not content. A reflow records nothing, and
the PO and XLIFF targets never gain line breaks, with or without a real edit in the same save."""

from __future__ import annotations

import textwrap
from pathlib import Path

import polib
import pytest
from lxml import etree
from newsroom import SLUG, Newsroom, open_newsroom


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def reflowed(text: str, width: int = 40) -> str:
    """Each paragraph wrapped at `width` columns (headings and blank lines as they are), as prettier would."""
    return "\n".join(line if line.startswith("#") or not line else textwrap.fill(line, width)
                     for line in text.split("\n"))


def events(room: Newsroom) -> int:
    return len(room.json("log", SLUG)["events"])


def test_a_reflow_records_nothing_and_keeps_the_wrapping(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    before = events(room)
    wrapped = reflowed(room.en.read_text(encoding="utf-8"))
    room.en.write_text(wrapped, encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    assert events(room) == before
    assert room.en.read_text(encoding="utf-8") == wrapped  # the editor's wrapping is theirs
    assert room.run("verify", SLUG).exit_code == 0


@pytest.mark.xfail(strict=True, reason="issue 19 item 10: reflow: not built yet")
def test_a_reflow_with_one_edit_records_one_changed_unit_without_line_breaks(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    room.en.write_text(reflowed(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion")),
                       encoding="utf-8")
    recorded = room.json("record", SLUG, "--by", "ewhong")
    last = room.json("log", SLUG)["events"][-1]
    assert [u["unit"] for u in last["units"]] == ["s4"], recorded
    po = polib.pofile(str(room.root / "translations" / SLUG / "en.po"))
    assert all("\n" not in entry.msgstr for entry in po)
    xliff = room.root / "out.xlf"
    room.ok("export", SLUG, "--format", "xliff", "-o", str(xliff))
    targets = etree.parse(str(xliff)).xpath("//*[local-name()='target']")
    assert targets and all("\n" not in "".join(t.itertext()) for t in targets)
    assert room.run("verify", SLUG).exit_code == 0
