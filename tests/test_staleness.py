"""Staleness: grading Korean source changes, and stale units after a source update."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import KOREAN
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow.model.replay import load
from workflow.reading.staleness import change_reasons, grade_change, stale_units
from workflow.workspace import find_workspace

GRADES = [
    ("same", "주민 3명이 체포됐다.", "주민 3명이 체포됐다.", "minor"),
    ("spacing", "주민 3명이 체포됐다.", "주민 3명이  체포 됐다.", "minor"),
    ("spacing-inside-number", "이 사업에는 1억1천만 달러가 들었다.", "이 사업에는 1억 1천만 달러가 들었다.", "minor"),
    ("punctuation", "주민 3명이 체포됐다.", "주민 3명이 체포됐다!", "minor"),
    ("quote-marks-only", "그는 「간첩」이라고 말했다.", "그는 \"간첩\"이라고 말했다.", "minor"),
    ("thousands-comma", "예산은 1000달러였다.", "예산은 1,000달러였다.", "minor"),
    ("arabic-number", "주민 3명이 체포됐다.", "주민 4명이 체포됐다.", "major"),
    ("korean-numeral", "주민 세 명이 체포됐다.", "주민 네 명이 체포됐다.", "major"),
    ("large-units", "이 사업에는 1억1천만 달러가 들었다.", "이 사업에는 1억2천만 달러가 들었다.", "major"),
    ("decimal-point", "성장률은 3.5%였다.", "성장률은 35%였다.", "major"),
    ("latin-name", "AP통신이 보도했다.", "로이터통신이 보도했다.", "major"),
    ("quote", "그는 \"간첩\"이라고 말했다.", "그는 \"스파이\"라고 말했다.", "major"),
    ("other-word", "주민들이 전했다.", "주민들이 말했다.", "major"),
    ("removed", "주민들이 전했다.", "", "major"),
]


@pytest.mark.parametrize(("before", "after", "grade"), [c[1:] for c in GRADES], ids=[c[0] for c in GRADES])
def test_grade_change(before: str, after: str, grade: str) -> None:
    assert grade_change(before, after) == grade


def test_reasons_quote_the_evidence() -> None:
    assert change_reasons("주민 3명이 체포됐다.", "주민 4명이 체포됐다.") == (
        "number changed: was 3 people; now 4 people",
    )
    assert change_reasons("AP통신이 보도했다.", "로이터통신이 보도했다.") == ("name changed: was AP",)


def _reingest(root: Path, text: str) -> None:
    from workflow.steps.source import ingest

    (root / "ko.md").write_text(text, encoding="utf-8")
    ws = find_workspace(explicit=root)
    assert ingest(ws, root / "ko.md", "nk", ws.config.person("reporter")).event is not None


def test_no_stale_units_after_translation(workspace_copy: Path) -> None:
    assert stale_units(load(find_workspace(explicit=workspace_copy), "nk")) == []


def test_stale_units_graded_against_the_korean_the_english_was_made_from(workspace_copy: Path) -> None:
    ws = find_workspace(explicit=workspace_copy)
    _reingest(workspace_copy, KOREAN.replace("3명이", "4명이").replace("전했다.", "전했다!"))
    _reingest(workspace_copy, KOREAN.replace("3명이", "5명이").replace("전했다.", "전했다!"))
    stale = {s.after: s for s in stale_units(load(ws, "nk"))}
    arrested = next(s for after, s in stale.items() if "5명이" in after)
    assert arrested.grade == "major"
    assert "3명이" in arrested.before  # the Korean when translated, not the 4 of the first update
    assert ("delete", "3명이") in arrested.words() and ("insert", "5명이") in arrested.words()
    punctuation = next(s for after, s in stale.items() if "전했다!" in after)
    assert punctuation.grade == "minor" and punctuation.reasons == ()


def test_approval_clears_staleness(workspace_copy: Path) -> None:
    from workflow.steps.signoff import approve

    ws = find_workspace(explicit=workspace_copy)
    _reingest(workspace_copy, KOREAN.replace("3명이", "4명이"))
    assert stale_units(load(ws, "nk"))
    assert approve(ws, "nk", ws.config.person("ewhong")).event is not None
    assert stale_units(load(ws, "nk")) == []


KOREAN_SENTENCES = st.sampled_from(
    ["주민 3명이 체포됐다.", "그는 「간첩」이라고 말했다.", "AP통신이 보도했다.", "이 사업에는 1억1천만 달러가 들었다."]
)


def _inside_number(text: str, position: int) -> bool:
    """Whether a mark put at `position` would sit inside a number: next to a digit or unit, spaces aside.

    Spaces inside a Korean number are tolerated ("1 억" is 1억), so a comma
    after them ("1 ,억") still splits the number: that is a real change.
    """
    before, after = text[:position].rstrip(), text[position:].lstrip()
    return any(ch.isdigit() or ch in "억만천" for ch in (before[-1:], after[:1]) if ch)


@settings(max_examples=100, deadline=None)
@given(
    KOREAN_SENTENCES,
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from([" ", "  ", ",", "!", "·", "\n"])), max_size=4),
)
@example("이 사업에는 1억1천만 달러가 들었다.", [(8, "  "), (9, ",")])  # "1 , 억…": the comma splits the number
def test_spacing_and_punctuation_alone_are_minor(sentence: str, inserts: list[tuple[int, str]]) -> None:
    changed = sentence
    for position, mark in inserts:
        position = min(position, len(changed))
        if mark.isspace() or not _inside_number(changed, position):  # a comma or point inside a number may change it
            changed = changed[:position] + mark + changed[position:]
    assert grade_change(sentence, changed) == "minor"


def test_a_comma_after_spaces_inside_a_number_changes_it() -> None:
    """The example that once broke the property above: the grader is right, the old guard looked one character."""
    assert grade_change("이 사업에는 1억1천만 달러가 들었다.", "이 사업에는 1 , 억1천만 달러가 들었다.") == "major"
