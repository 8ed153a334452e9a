"""Replay and the state it yields, pinned where the sample of seed 20261231 got through (issue 23): review marks
from a CAT tool, a replaced translation, a corrected source's details, an addition at the very start.

End-to-end through the CLI on the recorded sample (a PO file as Poedit leaves it), read back through the state
replay builds.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from helpers import ENGLISH, KOREAN
from helpers import desk_run as _run

from workflow.model.replay import load
from workflow.model.state import addition_spans
from workflow.workspace import Workspace


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample, copied from the session's template."""
    return workspace_copy




def _po_round(root: Path, monkeypatch: pytest.MonkeyPatch, now: str, marks: dict[str, tuple[bool, str | None]]) -> None:
    """Export PO, set each unit's fuzzy flag and translator comment as a CAT tool does, record the file back."""
    catalog = polib.pofile(_run(root, monkeypatch, now, "export", "nk", "--format", "po"), wrapwidth=0)
    for entry in catalog:
        if entry.msgctxt in marks:
            fuzzy, comment = marks[entry.msgctxt]
            if fuzzy and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            if not fuzzy and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            if comment is not None:
                entry.tcomment = comment
    (root / "back.po").write_text(str(catalog) + "\n", encoding="utf-8")
    _run(root, monkeypatch, now, "record", "nk", "--by", "cslee", "--from", str(root / "back.po"))


def test_a_comment_alone_does_not_ask_for_review_and_clearing_fuzzy_confirms_the_unit(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _po_round(workspace, monkeypatch, "2026-11-28T10:00:00Z", {"s2": (False, "check the quote"), "s3": (True, None)})
    state = load(Workspace(workspace), "nk")
    assert (state.marks["s2"].needs_review, state.marks["s2"].comment) == (False, "check the quote")
    assert state.marks["s3"].needs_review is True
    _po_round(workspace, monkeypatch, "2026-11-28T10:05:00Z", {"s3": (False, None)})
    state = load(Workspace(workspace), "nk")
    assert "s3" not in state.marks, "a unit confirmed as it stands waits for nobody"
    assert set(state.marks) == {"s2"}
    again = polib.pofile(_run(workspace, monkeypatch, "2026-11-28T10:06:00Z", "export", "nk", "--format", "po"))
    flagged = {entry.msgctxt for entry in again if "fuzzy" in entry.flags}
    assert "s2" not in flagged and "s3" not in flagged


def test_a_replaced_translation_leaves_no_unit_waiting_for_review(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _po_round(workspace, monkeypatch, "2026-11-28T10:00:00Z", {"s3": (True, None)})
    assert load(Workspace(workspace), "nk").marks["s3"].needs_review is True
    (workspace / "en2.md").write_text(ENGLISH.replace("Three residents", "Three locals"), encoding="utf-8")
    _run(workspace, monkeypatch, "2026-11-28T10:05:00Z", "translate", "nk", "--from", str(workspace / "en2.md"),
         "--by", "cslee", "--replace")
    assert load(Workspace(workspace), "nk").marks == {}


def test_a_source_update_records_the_articles_new_date_and_title(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dict(load(Workspace(workspace), "nk").source_meta)
    (workspace / "ko2.md").write_text(KOREAN.replace("3명", "4명"), encoding="utf-8")
    _run(workspace, monkeypatch, "2026-11-28T10:00:00Z", "ingest", str(workspace / "ko2.md"), "--article", "nk",
         "--by", "reporter", "--date", "2009-01-02", "--title", "단속 강화")
    meta = load(Workspace(workspace), "nk").source_meta
    assert (meta["date"], meta["title"]) == ("2009-01-02", "단속 강화")
    assert (before.get("date"), before.get("title")) != ("2009-01-02", "단속 강화")


def test_an_addition_at_the_very_start_of_the_english_keeps_its_first_character() -> None:
    from workflow.model.state import Unit

    text = "Kicker line.\n\nThe story begins."
    start = text.index("The story")
    assert addition_spans(text, [Unit(("s1",), start, len(text))]) == [(0, len("Kicker line."))]


def test_an_alignment_that_gives_an_added_sentence_to_a_unit_ends_the_addition(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor adds "Two were freed." after s5 (an addition); the translator corrects s5 to both sentences."""
    path = workspace / "translations" / "nk" / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("were arrested.", "were arrested. Two were freed."),
                    encoding="utf-8")
    _run(workspace, monkeypatch, "2026-11-28T10:00:00Z", "record", "nk", "--by", "ewhong")
    state = load(Workspace(workspace), "nk")
    assert [state.target_text[a.start : a.end] for a in state.added] == ["Two were freed."]
    _run(workspace, monkeypatch, "2026-11-28T10:05:00Z", "align", "nk", "--unit", "s5", "--source", "s5",
         "--target", "5-6", "--by", "cslee")
    state = load(Workspace(workspace), "nk")
    five = next(u for u in state.units if u.id == "s5")
    assert state.target_text[five.start : five.end] == "Three residents were arrested. Two were freed."
    assert state.added == ()
