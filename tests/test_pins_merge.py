"""What desks see after their work is merged, pinned (issue 23): sign-offs, waivers and steps of both sides,
and new sentence ids that never collide.

Desks are copies of one workspace; a pull writes the merged ledger (what
git's driver computes) and the working files its replay yields, as in
test_ledger_graph.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN, invoke
from helpers import desk_ledger as _ledger
from helpers import desk_pull as _pull
from helpers import desk_record as _edit
from helpers import desk_run as _run
from hypothesis import given
from hypothesis import strategies as st

from workflow.ledger import read_events
from workflow.model.merge import Version, merge3
from workflow.model.replay import load, versions
from workflow.model.state import Conflict, Side, Unit
from workflow.workspace import Workspace


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample, copied from the session's template (the CLI-built one costs a second a test)."""
    return workspace_copy










def _findings(root: Path) -> tuple[int, list[tuple[str, str | None, bool]]]:
    result = invoke("check", "nk", "--json", "--workspace", str(root))
    findings = json.loads(result.stdout)["findings"]
    return result.exit_code, [(f["rule"], f["unit"], bool(f.get("waived"))) for f in findings]


def test_the_sign_offs_waivers_and_steps_of_both_desks_survive_the_merge(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = shutil.copytree(workspace, tmp_path / "a"), shutil.copytree(workspace, tmp_path / "b")
    _edit(a, monkeypatch, "2026-11-28T10:00:00Z", "ewhong", "residents said", "locals said")
    _run(b, monkeypatch, "2026-11-28T10:01:00Z", "approve", "nk", "--by", "mfoster")
    _edit(b, monkeypatch, "2026-11-28T10:02:00Z", "mfoster", "$110 million", "$120 million")
    _run(b, monkeypatch, "2026-11-28T10:03:00Z", "waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "ewhong",
         "--reason", "the desk confirmed the figure")
    for into, other in ((a, b), (b, a)):
        _pull(into, other)
        state = load(Workspace(into), "nk")
        assert len(state.heads) == 2
        assert [(s.type, s.agent) for s in state.steps] == [
            ("ingest", "reporter"), ("translate", "cslee"), ("edit", "ewhong"), ("approve", "mfoster"),
            ("edit", "mfoster"), ("waive", "ewhong")]
        assert [w.rule for w in state.waivers] == ["BL201"] and [p.agent for p in state.approvals] == ["mfoster"]
        code, found = _findings(into)
        assert code == 1 and sorted(found) == [("BL201", "s4", True), ("BL303", None, False)]
    # the next recording on a merged desk follows both heads, and the credit names both editors in turn
    heads = load(Workspace(a), "nk").heads
    _edit(a, monkeypatch, "2026-11-28T11:00:00Z", "ewhong", "were arrested", "were detained")
    after = read_events(_ledger(a))[-1]
    assert after.type == "edit" and set(after.parents) == set(heads)
    assert load(Workspace(a), "nk").heads == (after.id,)
    credit = _run(a, monkeypatch, "2026-11-28T11:01:00Z", "credit", "nk")
    assert "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster." in credit


def test_a_sentence_added_after_desks_merged_gets_a_new_id(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = shutil.copytree(workspace, tmp_path / "a"), shutil.copytree(workspace, tmp_path / "b")
    added = KOREAN + "\n경찰은 조사를 계속하고 있다.\n"
    (a / "update.md").write_text(added, encoding="utf-8")
    _run(a, monkeypatch, "2026-11-28T10:00:00Z", "ingest", str(a / "update.md"), "--article", "nk", "--by", "reporter")
    _edit(b, monkeypatch, "2026-11-28T10:05:00Z", "ewhong", "residents said", "locals said")
    c = shutil.copytree(b, tmp_path / "c")
    _pull(c, a)  # the desk that did not change the Korean takes the other's, whichever side of the merge it is
    _pull(a, b)
    for desk in (a, c):
        state = load(Workspace(desk), "nk")
        assert [s.id for s in state.segments] == ["s1", "s2", "s3", "s4", "s5", "s6"]
        assert state.source_text == added and state.conflicts == () and "locals said" in (state.target_text or "")
    events = read_events(_ledger(a))
    states = list(versions("nk", events))  # the record as it stood at each line of the merged file
    assert len(states) == len(events) and states[-1].source_text == added and states[-1].heads == state.heads
    (a / "update2.md").write_text(added + "\n당국은 논평을 거부했다.\n", encoding="utf-8")
    _run(a, monkeypatch, "2026-11-28T11:00:00Z", "ingest", str(a / "update2.md"), "--article", "nk", "--by", "reporter")
    segments = [s.id for s in load(Workspace(a), "nk").segments]
    assert segments == ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]
    assert len(read_events(_ledger(a))) == 5


# --- the three-way merge itself ----------------------------------------------------------------

SENTENCES = ["Title of the story", "The first sentence is here.", "A second one follows it.",
             "Then comes the third.", "The fourth closes the paragraph.", "Last words stand alone."]
BASE_TEXT = "# {}\n\n{} {} {}\n\n{}\n\n{}\n".format(*SENTENCES)


def _units(text: str, sentences: list[str]) -> tuple[Unit, ...]:
    return tuple(Unit((f"s{n}",), text.index(s), text.index(s) + len(s)) for n, s in enumerate(sentences, start=1))


def _version(text: str, label: str, sentences: list[str] | None = None, conflicts: tuple = ()) -> Version:
    return Version(text, _units(text, sentences or SENTENCES), None, label, conflicts)


BASE = _version(BASE_TEXT, "base")


def test_a_sentence_both_sides_added_alike_is_taken_once() -> None:
    new = "A seventh sentence arrived."
    text = BASE_TEXT + "\n" + new + "\n"
    both = [*SENTENCES, new]
    merged = merge3(BASE, _version(text, "ours", both), _version(text, "theirs", both))
    assert merged.conflicts == () and merged.text == text
    assert [u.id for u in merged.units] == ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]


def test_a_sentence_one_side_added_merges_with_an_edit_on_the_other() -> None:
    new = "A seventh sentence arrived."
    ours_text = BASE_TEXT.replace("Then comes the third.", f"Then comes the third. {new}")
    ours = _version(ours_text, "ours", [*SENTENCES, new])
    edited = [*SENTENCES]
    edited[1] = "The first sentence is right here."
    theirs = _version(BASE_TEXT.replace(SENTENCES[1], edited[1]), "theirs", edited)
    for first, second in ((ours, theirs), (theirs, ours)):
        merged = merge3(BASE, first, second)
        assert merged.conflicts == ()
        assert merged.text == ours_text.replace(SENTENCES[1], edited[1])
        assert {u.id: merged.text[u.start : u.end] for u in merged.units}["s7"] == new


def test_a_side_that_holds_a_conflict_keeps_it_even_when_its_text_is_the_base() -> None:
    conflict = Conflict("s6", BASE_TEXT.index(SENTENCES[5]), BASE_TEXT.index(SENTENCES[5]) + len(SENTENCES[5]),
                        (Side("ewhong", SENTENCES[5]), Side("mfoster", "Closing words stand alone.")))
    held = _version(BASE_TEXT, "held", conflicts=(conflict,))
    edited = BASE_TEXT.replace("The fourth closes", "The fourth shuts")
    other = _version(edited, "other", [*SENTENCES[:4], "The fourth shuts the paragraph.", SENTENCES[5]])
    for first, second in ((other, held), (held, other)):
        merged = merge3(BASE, first, second)
        assert "The fourth shuts" in merged.text
        assert [c.unit for c in merged.conflicts] == ["s6"]


GAPS = st.sets(st.sampled_from(["\n\n# ", "said.", " A second", "\n\nThe fourth", "alone.\n"]), min_size=1)


@given(GAPS, st.sets(st.integers(1, 6)), st.booleans())
def test_additions_between_units_merge_with_edits_inside_units(gaps: set[str], edited: set[int], swap: bool) -> None:
    """One side adds English between units (context, a credit line), the other rewrites units: both are kept."""
    sentences = list(SENTENCES)
    additions = BASE_TEXT
    for anchor in sorted(gaps):
        if anchor == "said.":
            anchor = "# "  # before the title
            additions = additions.replace(anchor, f"Context first.\n\n{anchor}", 1)
        elif anchor == "alone.\n":
            additions = additions.replace(anchor, f"{anchor}\nTranslated by C. Lee.\n", 1)
        else:
            additions = additions.replace(anchor, f" Added note.{anchor}" if anchor.startswith(" ") else
                                          f"\n\nAn added paragraph.{anchor}", 1)
    ours = _version(additions, "ours")
    rewritten = BASE_TEXT
    for number in sorted(edited):
        sentences[number - 1] = SENTENCES[number - 1].replace(" ", " really ", 1)
        rewritten = rewritten.replace(SENTENCES[number - 1], sentences[number - 1], 1)
    theirs = _version(rewritten, "theirs", sentences)
    first, second = (theirs, ours) if swap else (ours, theirs)
    merged = merge3(BASE, first, second)
    expected = additions
    for number in edited:
        expected = expected.replace(SENTENCES[number - 1], sentences[number - 1], 1)
    assert merged.conflicts == ()
    assert merged.text == expected
    assert [merged.text[u.start : u.end] for u in merged.units] == sentences


def test_a_conflict_names_the_people_of_both_sides(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = shutil.copytree(workspace, tmp_path / "a"), shutil.copytree(workspace, tmp_path / "b")
    _edit(a, monkeypatch, "2026-11-28T10:00:00Z", "ewhong", "The program cost", "The programme cost")
    _edit(b, monkeypatch, "2026-11-28T10:01:00Z", "mfoster", "The program cost", "The scheme cost")
    _pull(a, b)
    status = json.loads(_run(a, monkeypatch, "2026-11-28T10:02:00Z", "status", "nk", "--json"))
    [article] = status["articles"]
    assert article["conflicts"] == [{"unit": "s4", "agents": ["ewhong", "mfoster"]}]
    result = invoke("check", "nk", "--workspace", str(a))
    assert result.exit_code == 1 and "ewhong and mfoster" in result.stdout
    # ewhong resolves it with mfoster's version: those words stay mfoster's, not the resolver's
    resolved = ENGLISH.replace("The program cost", "By one count the scheme cost")
    (a / "translations" / "nk" / "en.md").write_text(resolved, encoding="utf-8")
    _run(a, monkeypatch, "2026-11-28T10:03:00Z", "record", "nk", "--by", "ewhong")
    assert _findings(a)[1] == []
    words = _blame(a)
    assert "program" not in words and (words["scheme"], words["cost"], words["count"]) == ("mfoster", "cslee", "ewhong")


def _blame(root: Path) -> dict[str, str]:
    result = invoke("blame", "nk", "--json", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return {t["text"]: t["agent"] for t in json.loads(result.stdout)["tokens"]}


def test_blame_after_a_merge_keeps_each_desks_words_and_what_they_deleted(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = shutil.copytree(workspace, tmp_path / "a"), shutil.copytree(workspace, tmp_path / "b")
    _edit(a, monkeypatch, "2026-11-28T10:00:00Z", "ewhong", "tablets, residents said", "tablets, locals said")
    _edit(b, monkeypatch, "2026-11-28T10:01:00Z", "mfoster", "Three residents", "Three detainees")
    _pull(a, b)
    words = _blame(a)
    assert (words["locals"], words["detainees"], words["program"]) == ("ewhong", "mfoster", "cslee")
    # the translator's word, deleted on one desk, put back after the merge: hers again, not the restorer's
    _edit(a, monkeypatch, "2026-11-28T11:00:00Z", "mfoster", "tablets, locals said", "tablets, residents said")
    assert _blame(a)["residents"] == "cslee"


def test_two_conflicts_in_one_paragraph_are_one_block_and_a_marker_left_in_is_named_by_its_line(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = shutil.copytree(workspace, tmp_path / "a"), shutil.copytree(workspace, tmp_path / "b")
    _edit(a, monkeypatch, "2026-11-28T10:00:00Z", "ewhong", "The program cost $110 million. Three residents",
          "The programme cost $110 million. Three locals")
    _edit(b, monkeypatch, "2026-11-28T10:01:00Z", "mfoster", "The program cost $110 million. Three residents",
          "The scheme cost $110 million. Three people")
    _pull(a, b)
    en = a / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8")
    head, block = text.split("<<<<<<< ", 1)
    assert head == ENGLISH[: ENGLISH.index("The program cost")]
    lines = block.split("\n")
    assert lines[0].startswith("ewhong (") and lines[2] == "=======" and lines[4].startswith(">>>>>>> mfoster (")
    assert lines[1] == "The programme cost $110 million. Three locals were arrested."
    assert lines[3] == "The scheme cost $110 million. Three people were arrested."
    assert text.count("=======") == 1
    # a resolution that keeps one marker line is refused, naming that line of en.md
    en.write_text(text.replace("\n=======\nThe scheme cost $110 million. Three people were arrested.\n", "\n"),
                  encoding="utf-8")
    marker = next(n for n, line in enumerate(en.read_text(encoding="utf-8").split("\n"), start=1)
                  if line.startswith("<<<<<<<"))
    result = invoke("record", "nk", "--by", "ewhong", "--workspace", str(a))
    assert result.exit_code == 2 and f"translations/nk/en.md:{marker}: a conflict marker" in result.output


def test_the_korean_one_desk_updated_is_taken_whichever_side_of_the_merge_it_is_on(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = KOREAN + "\n경찰은 조사를 계속하고 있다.\n"
    for first in ("english", "korean"):  # which desk's event comes first in the merged file
        a, b = shutil.copytree(workspace, tmp_path / f"a-{first}"), shutil.copytree(workspace, tmp_path / f"b-{first}")
        early, late = "2026-11-28T10:00:00Z", "2026-11-28T10:05:00Z"
        _edit(a, monkeypatch, early if first == "english" else late, "ewhong", "residents said", "locals said")
        (b / "update.md").write_text(added, encoding="utf-8")
        _run(b, monkeypatch, late if first == "english" else early, "ingest", str(b / "update.md"), "--article", "nk",
             "--by", "reporter")
        _pull(a, b)
        state = load(Workspace(a), "nk")
        assert state.source_text == added and state.conflicts == (), first
        assert [s.id for s in state.segments] == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_a_review_mark_made_on_one_desk_survives_the_merge(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator's "needs review" and comment, set in a CAT tool on one desk, are still there after a pull."""
    import polib

    def marked(text: str) -> str:  # what a CAT tool does: "needs work" on s2, with a note
        catalog = polib.pofile(text, wrapwidth=0)
        entry = next(e for e in catalog if e.msgctxt == "s2")
        entry.flags.append("fuzzy")
        entry.tcomment = "check the quote"
        return str(catalog) + "\n"

    def read(text: str) -> tuple[bool, str]:
        entry = next(e for e in polib.pofile(text, wrapwidth=0) if e.msgctxt == "s2")
        return "fuzzy" in entry.flags, entry.tcomment

    a, b = shutil.copytree(workspace, tmp_path / "a"), shutil.copytree(workspace, tmp_path / "b")
    _edit(a, monkeypatch, "2026-11-28T10:00:00Z", "ewhong", "Three residents", "Three locals")
    exported = _run(b, monkeypatch, "2026-11-28T10:05:00Z", "export", "nk", "--format", "po")
    (b / "back.po").write_text(marked(exported), encoding="utf-8")
    _run(b, monkeypatch, "2026-11-28T10:05:00Z", "record", "nk", "--by", "cslee", "--from", str(b / "back.po"))
    for into, other in ((a, b), (b, a)):
        _pull(into, other)
        mark = load(Workspace(into), "nk").marks["s2"]
        assert (mark.needs_review, mark.comment, mark.agent) == (True, "check the quote", "cslee")
        again = _run(into, monkeypatch, "2026-11-28T10:10:00Z", "export", "nk", "--format", "po")
        assert read(again) == (True, "check the quote")


def test_review_marks_merge_per_unit_the_later_where_both_desks_changed_one() -> None:
    from workflow.model.branches import _merge_marks
    from workflow.model.state import Mark

    order = {"e1": 1, "e2": 2, "e3": 3}.__getitem__
    asked = Mark(True, "check", "cslee", "e1")
    later, other = Mark(True, "checked the figure", "cslee", "e3"), Mark(False, "fine", "ewhong", "e2")
    base = {"s1": asked, "s2": asked, "s3": asked}
    ours = {"s1": later, "s3": asked}  # s2 cleared here
    theirs = {"s1": other, "s2": asked, "s4": other}  # s3 cleared there
    assert _merge_marks(base, ours, theirs, order) == {"s1": later, "s4": other}
    assert _merge_marks(base, theirs, ours, order) == {"s1": later, "s4": other}
    assert _merge_marks({}, {"s1": other}, {}, order) == {"s1": other}
    # renewed on one desk, cleared on the other: the request for review stands
    renewed, cleared = {"s5": later}, {}
    assert _merge_marks({"s5": asked}, renewed, cleared, order) == {"s5": later}
    assert _merge_marks({"s5": asked}, cleared, renewed, order) == {"s5": later}
