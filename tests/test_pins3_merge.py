"""The three-way merge of two desks' English, pinned where the sample of seed 20261231 got through (issue 23).

Unit-level: the merge (workflow.model.merge) on hand-made versions of a
six-sentence article, and the conflict blocks en.md shows, on hand-made
conflicts where only a hand-made text reaches the case. Then two desks'
ledgers merged as git's driver merges them (workflow.model.branches): what a
desk's state holds after the pull.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN
from helpers import MERGE_BASE_TEXT as BASE_TEXT
from helpers import MERGE_SENTENCES as SENTENCES
from helpers import desk_pull as _pull
from helpers import desk_record as _record
from helpers import desk_run as _run
from helpers import merge_base as _base
from helpers import merge_edit as _edit

from workflow.model.merge import Version, credit_resolution, merge3, with_markers
from workflow.model.replay import load
from workflow.model.state import SOURCE_CONFLICT, Conflict, Side, Unit
from workflow.text.attribution import Label
from workflow.text.delta import edits, make_delta
from workflow.workspace import Workspace


def _name(side: Side) -> str:
    return str(side.label)


def test_a_desk_that_made_the_same_edit_as_the_provisional_text_keeps_the_other_desks_conflict() -> None:
    """Desk B holds an unresolved conflict whose provisional text is desk A's edit; A pulls it: still a conflict."""
    b = _base()
    final = _edit(b, "Last words", "Final words", "ewhong")
    held = merge3(b, final, _edit(b, "Last words", "Closing words", "mfoster"))
    assert held.text == final.text and held.units == final.units and len(held.conflicts) == 1
    theirs = Version(held.text, held.units, held.authorship, "merged", held.conflicts)
    for merged in (merge3(b, final, theirs), merge3(b, theirs, final)):
        (conflict,) = merged.conflicts
        assert conflict.unit == "s6"
        assert [side.text for side in conflict.sides] == ["Final words stand alone.", "Closing words stand alone."]


def test_a_new_empty_unit_just_before_a_unit_the_other_desk_rewrote_merges_cleanly() -> None:
    """A Korean sentence added on one desk, not yet translated (an empty unit right before s5's English), and s5
    rewritten on the other: no conflict, both kept."""
    b = _base()
    at = BASE_TEXT.index(SENTENCES[4])
    ours = Version(b.text, (*b.units[:4], Unit(("s7",), at, at), *b.units[4:]), b.authorship, "ours")
    theirs = _edit(b, "The fourth closes", "The fourth shuts", "mfoster")
    for merged in (merge3(b, ours, theirs), merge3(b, theirs, ours)):
        assert merged.conflicts == ()
        assert "The fourth shuts the paragraph." in merged.text
        new = next(u for u in merged.units if u.id == "s7")
        five = next(u for u in merged.units if u.id == "s5")
        assert new.start == new.end == five.start
        assert merged.text[five.start : five.end] == "The fourth shuts the paragraph."


def test_a_resolution_that_appends_the_other_sides_sentence_gives_it_back_to_its_author() -> None:
    """Desk A dropped s6's full stop and reworded it, desk B ended it with more words; the resolution appends B's
    words at the very end of A's version, and they stay B's."""
    b = _base()
    ours = _edit(b, "Last words stand alone.", "Final words stand alone", "ewhong")
    theirs = _edit(b, "Last words stand alone.", "Last words stand alone, truly so", "mfoster")
    merged = merge3(b, ours, theirs)
    (conflict,) = merged.conflicts
    assert merged.text[conflict.start : conflict.end] == "Final words stand alone"
    resolved = merged.text.replace("Final words stand alone", "Final words stand alone, truly so")
    resolver = Label("e-resolve", "jpark")
    merged.authorship.update(resolved, resolver)
    pieces = edits(merged.text, make_delta(merged.text, resolved))
    credit_resolution(merged.authorship, merged.conflicts, pieces, resolver)
    tokens = {t.text: t.label.agent for t in merged.authorship.tokens()}
    assert tokens["truly"] == "mfoster" and tokens["so"] == "mfoster" and tokens["Final"] == "ewhong"


def test_a_conflict_in_an_article_that_starts_with_a_blank_line_leaves_the_blank_line_outside_the_block() -> None:
    text = "\nOne two.\n"
    conflict = Conflict("s1", 1, 9, (Side("ours", "One two."), Side("theirs", "One three.")))
    assert with_markers(text, [conflict], _name) == "\n<<<<<<< ours\nOne two.\n=======\nOne three.\n>>>>>>> theirs\n"


def test_two_conflicts_meeting_at_a_blank_line_are_one_block() -> None:
    """The first conflict ends where the blank line between paragraphs starts, the second begins there."""
    text = "One.\n\nTwo."
    first = Conflict("s1", 0, 5, (Side("ours", "One.\n"), Side("theirs", "Uno.\n")))
    second = Conflict("s2", 5, 10, (Side("ours", "\nTwo."), Side("theirs", "\nDos.")))
    assert with_markers(text, [first, second], _name) == (
        "<<<<<<< ours\nOne.\n\nTwo.\n=======\nUno.\n\nDos.\n>>>>>>> theirs"
    )


def test_a_conflict_between_paragraphs_and_one_on_the_next_paragraph_are_one_block() -> None:
    """Both desks put a different paragraph between s5 and s6 and both rewrote s6: one block over those lines."""
    b = _base()
    ours = _edit(b, "paragraph.\n\nLast words stand alone.", "paragraph.\n\nOurs added.\n\nLast words stand now.",
                 "ewhong")
    theirs = _edit(b, "paragraph.\n\nLast words stand alone.",
                   "paragraph.\n\nTheirs added.\n\nLast words stand still.", "mfoster")
    merged = merge3(b, ours, theirs)
    assert [c.unit for c in merged.conflicts] == ["after:s5", "s6"]
    shown = with_markers(merged.text, merged.conflicts, lambda side: str(side.label))
    head = "# Title of the story\n\nThe first sentence is here. A second one follows it. Then comes the third.\n\n"
    assert shown == head + (
        "<<<<<<< ewhong\nThe fourth closes the paragraph.\n\nOurs added.\n\nLast words stand now.\n"
        "=======\nThe fourth closes the paragraph.\n\nTheirs added.\n\nLast words stand still.\n"
        ">>>>>>> mfoster\n"
    )


# --- two desks' ledgers, pulled as git's merge driver merges them (as in test_pins_merge.py) -------------------










def _ingested(root: Path) -> Path:
    """The sample's Korean ingested, no English yet."""
    from workflow.steps.source import ingest

    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    ws = Workspace(root)
    ingest(ws, root / "ko.md", "nk", ws.config.person("reporter"))
    return root


def test_two_desks_correcting_the_korean_differently_get_a_conflict_holding_both_versions(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = shutil.copytree(workspace_copy, tmp_path / "a"), shutil.copytree(workspace_copy, tmp_path / "b")
    four, five = KOREAN.replace("3명", "4명"), KOREAN.replace("3명", "5명")
    for desk, korean, now in ((a, four, "2026-11-28T10:00:00Z"), (b, five, "2026-11-28T10:01:00Z")):
        (desk / "ko2.md").write_text(korean, encoding="utf-8")
        _run(desk, monkeypatch, now, "ingest", str(desk / "ko2.md"), "--article", "nk", "--by", "reporter")
    _pull(a, b)
    (conflict,) = [c for c in load(Workspace(a), "nk").conflicts if c.unit == SOURCE_CONFLICT]
    assert [side.text for side in conflict.sides] == [four, five]
    assert [side.label.agents for side in conflict.sides] == [("reporter",), ("reporter",)]


def test_a_desk_without_english_pulling_a_desk_with_an_unresolved_conflict_keeps_the_conflict(
    empty_workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desk A has only the Korean, and corrected its headline; desk B translated it, then merged two editors'
    different edits of one sentence. Pulled either way, the conflict stays, and en.md shows it."""
    from workflow.steps.target import translate

    a = _ingested(empty_workspace_copy)
    b = shutil.copytree(a, tmp_path / "b")
    (a / "ko2.md").write_text(KOREAN.replace("미등록", "등록 안 된"), encoding="utf-8")
    _run(a, monkeypatch, "2026-11-28T09:00:00Z", "ingest", str(a / "ko2.md"), "--article", "nk", "--by", "reporter")
    (b / "en.md").write_text(ENGLISH, encoding="utf-8")
    translate(Workspace(b), "nk", b / "en.md", Workspace(b).config.person("cslee"))
    c = shutil.copytree(b, tmp_path / "c")
    _record(b, monkeypatch, "2026-11-28T10:00:00Z", "ewhong", "Three residents", "Three locals")
    _record(c, monkeypatch, "2026-11-28T10:01:00Z", "mfoster", "Three residents", "Three people")
    _pull(b, c)
    (held,) = load(Workspace(b), "nk").conflicts
    d = shutil.copytree(b, tmp_path / "d")
    _pull(a, b)
    _pull(d, a)
    for desk in (a, d):
        state = load(Workspace(desk), "nk")
        assert "등록 안 된" in state.source_text
        assert [(c.unit, [s.text for s in c.sides]) for c in state.conflicts] == [
            (held.unit, ["Three locals were arrested.", "Three people were arrested."])
        ]
        assert "<<<<<<<" in (desk / "translations" / "nk" / "en.md").read_text(encoding="utf-8")


def test_a_conflict_names_the_translator_of_a_new_translation_not_an_editor_of_another_sentence(
    workspace_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desk A replaces the translation (cslee) and ewhong then edits another sentence; desk B rewrites the same
    sentence: A's side of the conflict is cslee's, since her translation wrote it and ewhong's edit did not."""
    a, b = shutil.copytree(workspace_copy, tmp_path / "a"), shutil.copytree(workspace_copy, tmp_path / "b")
    (a / "en2.md").write_text(ENGLISH.replace("Three residents", "Three inhabitants"), encoding="utf-8")
    _run(a, monkeypatch, "2026-11-28T10:00:00Z", "translate", "nk", "--from", str(a / "en2.md"), "--by", "cslee",
         "--replace")
    _record(a, monkeypatch, "2026-11-28T10:01:00Z", "ewhong", "The program cost", "The programme cost")
    _record(b, monkeypatch, "2026-11-28T10:02:00Z", "mfoster", "Three residents", "Three people")
    _pull(a, b)
    conflicts = [c for c in load(Workspace(a), "nk").conflicts if c.unit != SOURCE_CONFLICT]
    assert [c.unit for c in conflicts] == ["s5"]
    assert [side.label.agents for side in conflicts[0].sides] == [("cslee",), ("mfoster",)]
