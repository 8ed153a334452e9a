"""Issue 19, item 9: every unrecorded change is reported, each where it is, not only the first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsroom import SLUG, Newsroom, open_newsroom


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def test_verify_names_every_changed_place(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    text = room.en.read_text(encoding="utf-8")
    lines = text.split("\n")
    changed = [n for n, line in enumerate(lines, start=1) if "3.5 billion" in line or "routes from 12" in line]
    room.en.write_text(text.replace("3.5 billion", "3.9 billion").replace("from 12 to 20", "from 12 to 22"),
                       encoding="utf-8")
    result = room.run("verify", SLUG, "--json")
    assert result.exit_code == 1
    found = [f for a in json.loads(result.stdout)["articles"] for f in a["findings"] if f["file"].endswith("en.md")]
    assert sorted(f["line"] for f in found) == sorted(changed)
    assert any("3.9 billion" in f["message"] for f in found) and any("12 to 22" in f["message"] for f in found)


def test_check_gives_one_bl402_per_changed_place(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    text = room.en.read_text(encoding="utf-8")
    room.en.write_text(text.replace("3.5 billion", "3.9 billion").replace("from 12 to 20", "from 12 to 22"),
                       encoding="utf-8")
    result = room.run("check", SLUG, "--json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "BL402" and f["file"].endswith("en.md")]
    assert len(found) == 2 and len({f["line"] for f in found}) == 2


def test_a_changed_line_and_an_added_line_are_two_places(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    text = room.en.read_text(encoding="utf-8")
    room.en.write_text(text.replace("3.5 billion", "3.9 billion") + "\nA late line.\n", encoding="utf-8")
    result = room.run("verify", SLUG)
    assert result.exit_code == 1
    messages = [line for line in result.stdout.splitlines() if "en.md" in line]
    assert len(messages) == 2 and any("A late line." in m for m in messages)
