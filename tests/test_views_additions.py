"""Issue 19, item 7: additions (English with no Korean behind it) have ids that stay put while the text
around them changes, and `waive --unit`, `diff --unit`, the reports and the PO view all take them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from newsroom import SLUG, Newsroom, open_newsroom


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def findings(room: Newsroom, rule: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in json.loads(room.run("check", SLUG, "--json").stdout)["findings"] if f["rule"] == rule]


def addition_id(room: Newsroom, words: str) -> str:
    found = [f["unit"] for f in findings(room, "BL104") if words in f["message"]]
    assert len(found) == 1, findings(room, "BL104")
    assert re.fullmatch(r"add:[0-9a-f]{8}-\d+", found[0]), found[0]  # add: + the creating event + an ordinal
    return found[0]


def test_an_addition_can_be_waived_by_the_id_check_gives(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    added = addition_id(room, "Night buses")
    room.ok("waive", SLUG, "--rule", "BL104", "--unit", added, "--by", "mfoster", "--reason", "ridership context")
    assert not [f for f in findings(room, "BL104") if f["unit"] == added and not f.get("waived")]


def test_the_id_stays_while_the_text_around_it_changes(newsroom: Newsroom) -> None:
    """Another addition made earlier in the text, and the sentence before it reworded: the id stays."""
    room = newsroom.edited()
    added = addition_id(room, "Night buses")
    text = room.en.read_text(encoding="utf-8")
    room.en.write_text(text.replace("a city official said.", "a city official said. Fares stay the same.").replace(
        "make trips home safer", "make journeys home safer"), encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    assert addition_id(room, "Night buses") == added
    assert addition_id(room, "Fares stay") != added


def test_additions_from_two_branches_of_edits_do_not_collide(newsroom: Newsroom) -> None:
    """Two additions made by different events get different ids, whatever their order in the text."""
    room = newsroom.edited()
    first = addition_id(room, "Night buses")
    room.en.write_text(room.en.read_text(encoding="utf-8").replace(
        "The plan was modeled", "Fares stay the same. The plan was modeled"), encoding="utf-8")
    room.ok("record", SLUG, "--by", "mfoster")
    second = addition_id(room, "Fares stay")
    assert second.split("-")[0] != first.split("-")[0]  # made by different events


def test_diff_and_the_po_view_take_the_addition_id(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    added = addition_id(room, "Night buses")
    data = room.json("diff", SLUG, "--unit", added)
    assert [a["id"] for a in data["additions"]] == [added]
    po = polib.pofile(str(room.root / "translations" / SLUG / "en.po"))
    assert added in [entry.msgctxt for entry in po]
    exported = room.root / "out.po"
    room.ok("export", SLUG, "--format", "po", "-o", str(exported))
    assert added in [entry.msgctxt for entry in polib.pofile(str(exported))]


def test_the_report_names_the_addition_by_its_id(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    added = addition_id(room, "Night buses")
    out = room.root / "report.md"
    room.ok("report", SLUG, "--format", "md", "-o", str(out))
    assert added in out.read_text(encoding="utf-8")
