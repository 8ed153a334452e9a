"""Encoding damage (BL209): found in both languages with the repaired form; other rules read the repaired text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import fired, invoke
from helpers import unit_context as context
from hypothesis import given
from hypothesis import strategies as st

from workflow.text.characters import damage, readable, reading


@pytest.mark.parametrize(
    ("text", "found", "repaired", "kind"),
    [
        pytest.param("¡°Early signs,¡± he said.", "¡°", "“", "mojibake", id="cp949-quote-as-latin1"),
        pytest.param("McCain¡¯s lead", "¡¯", "’", "mojibake", id="cp949-apostrophe"),
        pytest.param("cut to ¢æ114 a ton", "¢æ", "€", "mojibake", id="cp949-euro"),
        pytest.param("ÇÑ±¹ 정부", "ÇÑ±¹", "한국", "mojibake", id="cp949-hangul-as-latin1"),
        pytest.param("the cafÃ© owner", "Ã©", "é", "mojibake", id="utf8-as-cp1252-letter"),
        pytest.param("he said â€œnoâ€\x9d", "â€œnoâ€\x9d", "“no”", "mojibake", id="utf8-as-cp1252-quotes"),
        pytest.param("정부는 ì•ˆë…• 말했다", "ì•ˆë…•", "안녕", "mojibake", id="utf8-hangul-as-cp1252"),
        pytest.param("Obama&#8212;the nominee", "&#8212;", "—", "entity", id="numeric-entity"),
        pytest.param("fresh jalape&ntilde; os", "&ntilde; ", "ñ", "entity", id="named-entity-splitting-a-word"),
        pytest.param("정부는 &quot;안 된다&quot;고", "&quot;", '"', "entity", id="entity-in-korean"),
        pytest.param("he <i>said</i> so", "<i>", "", "markup", id="tag"),
        pytest.param("one<br/>two", "<br/>", " ", "markup", id="break-tag"),
        pytest.param("lost \ufffd here", "\ufffd", None, "replacement", id="replacement-character"),
        pytest.param("South Korea´s envoy", "´", "’", "lookalike", id="acute-accent-as-apostrophe"),
    ],
)
def test_damage_found_with_its_repair(text: str, found: str, repaired: str | None, kind: str) -> None:
    first = damage(text)[0]
    assert (first.found, first.repaired, first.kind) == (found, repaired, kind)
    assert text[first.start : first.end] == found


@pytest.mark.parametrize(
    "text",
    ["José Müller, São Paulo, Zürich, naïve, résumé, créée", "AT&T and M&Ms", "25°C ±2", "¡Hola! ¿Qué?", "a < b > c",
     "£27bn, €5, ¥100", "그는 “협상은 끝났다”고 말했다.", "It's the film's “best” moment — really…"],
    ids=["accented-names", "ampersands", "degrees", "spanish", "comparisons", "currency", "korean-quotes",
         "typography"],
)
def test_clean_text_has_no_damage(text: str) -> None:
    assert damage(text) == []
    assert readable(text) == text


CP949_MARKS = {"“": "¡°", "”": "¡±", "‘": "¡®", "’": "¡¯", "…": "¡¦", "·": "¡¤"}


@given(st.lists(st.sampled_from(["He", " said", " 한국", " ", ",", "3", *CP949_MARKS]), max_size=30))
def test_reading_repairs_cp949_marks_and_maps_positions_back(pieces: list[str]) -> None:
    clean = "".join(pieces)
    stored = "".join(CP949_MARKS.get(p, p) for p in pieces)
    read = reading(stored)
    assert read.text == clean
    for index, char in enumerate(read.text):  # every repaired character maps to where its bytes start
        at = read.original(index)
        assert stored[at] == char or stored[at : at + 2] == CP949_MARKS.get(char)


def test_finding_names_unit_language_and_repair(tmp_path: Path) -> None:
    ctx, unit = context(tmp_path, "그는 ¡°그렇다¡±고 말했다.", "¡°Yes,¡± he said.")
    messages = [h.message for h in fired("BL209", ctx, unit)]
    assert len(messages) == 4
    assert "mojibake '¡°' in the English of s1" in messages[0] and "should read '“'" in messages[0]
    assert any("in the Korean of s1" in m for m in messages)


def test_lookalike_apostrophe_is_a_warning(tmp_path: Path) -> None:
    ctx, unit = context(tmp_path, "한국의 대사", "South Korea´s envoy")
    assert [h.severity for h in fired("BL209", ctx, unit)] == ["warning"]


def test_control_character_inside_mojibake_is_reported_once(tmp_path: Path) -> None:
    ctx, unit = context(tmp_path, "그는 말했다.", "he said â€œnoâ€\x9d today")
    assert fired("BL208", ctx, unit) == []
    assert len(fired("BL209", ctx, unit)) == 1


@pytest.mark.parametrize(
    ("english", "code"),
    [
        pytest.param("¡°I will go,¡± he said.", "BL204", id="quote-rule-sees-cp949-quotes"),
        pytest.param("Only ¢æ3 was paid.", "BL201", id="numbers-read-through-mojibake"),
    ],
)
def test_other_rules_read_the_repaired_text(tmp_path: Path, english: str, code: str) -> None:
    korean = "그는 “가겠다”고 말했다." if code == "BL204" else "3유로만 냈다."
    ctx, unit = context(tmp_path, korean, english)
    assert fired(code, ctx, unit) == []


def test_check_cli_reports_encoding_damage(workspace: Path) -> None:
    en = workspace / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8")
    first_space = text.index(" ")
    en.write_text(text[:first_space] + " &#8212;" + text[first_space:], encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", cwd=workspace).exit_code == 0
    result = invoke("check", "nk", "--json", cwd=workspace)
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "BL209"]
    assert result.exit_code == 1 and len(found) == 1
    assert "HTML entity '&#8212;'" in found[0]["message"] and "should read '—'" in found[0]["message"]
    assert found[0]["unit"] == "s1"
