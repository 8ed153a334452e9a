"""Text mechanics pinned where planted bugs got through (issue 23): positions carried through a delta,
units built from aligned groups, an omitted sentence written in later."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN, invoke
from helpers import word_authors as authors
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.model.state import Unit
from workflow.model.units import carry_units, units_from_beads
from workflow.text.attribution import Label
from workflow.text.delta import PositionMap, diff_edits
from workflow.text.segment import Span, split_english

PLAIN = st.text(alphabet="ab .", max_size=30)
FRESH = st.text(alphabet="XYZ", min_size=1, max_size=8)  # characters the old text never holds


@given(PLAIN, st.data(), FRESH)
def test_a_position_at_an_insertion_goes_before_it_on_the_left_and_after_it_on_the_right(
    old: str, data: st.DataObject, inserted: str
) -> None:
    at = data.draw(st.integers(0, len(old)))
    new = old[:at] + inserted + old[at:]
    mapper = PositionMap(diff_edits(old, new))
    assert mapper.map(at, left=True) == at
    assert mapper.map(at, left=False) == at + len(inserted)
    for pos in range(len(old) + 1):
        if pos != at:
            expected = pos if pos < at else pos + len(inserted)
            assert mapper.map(pos, left=True) == mapper.map(pos, left=False) == expected, pos


@given(PLAIN, st.data(), FRESH)
def test_a_position_inside_deleted_text_goes_to_where_it_was(old: str, data: st.DataObject, removed: str) -> None:
    at = data.draw(st.integers(0, len(old)))
    before = old[:at] + removed + old[at:]
    mapper = PositionMap(diff_edits(before, old))
    for pos in range(len(before) + 1):
        if pos <= at:
            expected = pos
        elif pos < at + len(removed):
            expected = at
        else:
            expected = pos - len(removed)
        assert mapper.map(pos, left=True) == mapper.map(pos, left=False) == expected, pos


@given(st.text(alphabet="ab c.", max_size=25), st.text(alphabet="ab c.", max_size=25))
def test_mapped_positions_keep_their_order_and_kept_text_stays_put(old: str, new: str) -> None:
    pieces = diff_edits(old, new)
    mapper = PositionMap(pieces)
    for left in (True, False):
        mapped = [mapper.map(pos, left=left) for pos in range(len(old) + 1)]
        assert mapped == sorted(mapped) and all(0 <= m <= len(new) for m in mapped)
    assert mapper.map(0, left=True) == 0 and mapper.map(len(old), left=False) == len(new)
    for piece in pieces:
        if piece.op == "equal":
            for offset in range(1, len(piece.text)):
                assert mapper.map(piece.old_start + offset, left=True) == piece.new_start + offset


def test_a_sentence_rendered_as_two_english_sentences_is_one_unit() -> None:
    text = "The program was costly. It cost $110 million. Three were held."
    first, second, third = split_english(text)
    units = units_from_beads([(["s1"], [first, second], 0.9), (["s2"], [third], 1.0)], len(text))
    assert [(u.id, text[u.start : u.end]) for u in units] == [
        ("s1", "The program was costly. It cost $110 million."), ("s2", "Three were held.")]


def test_an_omitted_sentence_sits_after_the_english_before_it_and_additions_make_no_unit() -> None:
    text = "One. Context line. Three."
    one, context, three = split_english(text)
    units = units_from_beads([(["s1"], [one], 1.0), ([], [context], 0.5), (["s2"], [], 0.6), (["s3"], [three], 1.0)],
                             len(text))
    assert units == (Unit(("s1",), one.start, one.end, 1.0), Unit(("s2",), context.end, context.end, 0.6),
                     Unit(("s3",), three.start, three.end, 1.0))
    assert units_from_beads([(["s1"], [], 1.0)], 0) == (Unit(("s1",), 0, 0, 1.0),)
    assert units_from_beads([(["s1"], [Span(0, 4)], 1.0), (["s2"], [], 1.0)], 3)[1] == Unit(("s2",), 3, 3, 1.0)


A = "The ministry announced the plan on Monday."
B = "Officials said it would start in May."
C = "Critics were not convinced."

OMITTED = [
    ("written-in-after-the-one-before", f"{A} {C}", f"{A} {B} {C}", [("s1", A), ("s2", B), ("s3", C)]),
    ("written-in-at-the-start", f"{B} {C}", f"{A} {B} {C}", [("s1", A), ("s2", B), ("s3", C)]),
    ("written-in-at-the-end", f"{A} {B}", f"{A} {B} {C}", [("s1", A), ("s2", B), ("s3", C)]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in OMITTED], ids=[c[0] for c in OMITTED])
def test_an_omitted_sentence_written_in_later_is_its_unit(old: str, new: str, expected: list) -> None:
    spans = iter(split_english(old))
    units = []
    missing = {"written-in-after-the-one-before": "s2", "written-in-at-the-start": "s1", "written-in-at-the-end": "s3"}
    gone = next(sid for sid, text in expected if text not in old)
    position = 0
    for sid, _ in expected:
        if sid == gone:
            units.append(Unit((sid,), position, position))
            continue
        span = next(spans)
        units.append(Unit((sid,), span.start, span.end))
        position = span.end
    assert gone in missing.values()
    carried = carry_units(old, new, diff_edits(old, new), units, {"s1": 1, "s2": 2, "s3": 3})
    assert [(u.id, new[u.start : u.end]) for u in carried] == expected


def test_an_omitted_sentence_translated_later_passes_the_check(empty_workspace_copy: Path) -> None:
    root, ws = empty_workspace_copy, ["--workspace", str(empty_workspace_copy)]
    quote = ' "From now on, you will be punished as a spy," a resident of Ryanggang province said.'
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH.replace(quote, ""), encoding="utf-8")
    assert invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    assert invoke("translate", "nk", "--from", str(root / "en.md"), "--by", "cslee", *ws).exit_code == 0
    en = root / "translations" / "nk" / "en.md"
    en.write_text(ENGLISH, encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    result = invoke("check", "nk", "--json", *ws)
    assert (result.exit_code, json.loads(result.stdout)["findings"]) == (0, [])
    listed = invoke("align", "nk", *ws).stdout
    assert "s3         sentences 3" in listed




# --- words deleted and brought back keep their author --------------------------------------------

MIDDLE = "The plan was approved. Officials were pleased. Critics balked. Voters will decide in April. The end came."
SHORT = "The minister said the plan would cost three billion won. Critics balked. Voters will decide in April."


@pytest.mark.parametrize(("texts", "word"), [
    pytest.param([SHORT, SHORT.replace("minister said the plan", "plan"),
                  SHORT.replace("minister said the plan", "minister plan")], "minister",
                 id="the-start-of-a-deletion-after-the-first-word"),
    pytest.param([SHORT, SHORT.replace(" Critics balked. Voters will decide in April.", ""),
                  SHORT.replace(" Voters will decide in April.", "")], "balked",
                 id="a-short-sentence-dropped-with-the-next-and-brought-back-alone"),
    pytest.param([MIDDLE, MIDDLE.replace(" Officials were pleased. Critics balked. Voters will decide in April.", ""),
                  MIDDLE.replace(" Officials were pleased.", "").replace(" Voters will decide in April.", "")],
                 "balked", id="a-short-sentence-from-inside-a-longer-deletion-brought-back-alone"),
])
def test_a_word_put_back_is_its_first_authors(texts: list[str], word: str) -> None:
    assert authors(texts)[word] == "t"


def test_the_stretches_still_without_an_author_are_each_their_own() -> None:
    from workflow.text.attribution import _unlabelled

    known = Label("e1", "t")
    assert _unlabelled([None, known, None, None, known, None], 0, 6) == [(0, 1), (2, 4), (5, 6)]
    assert _unlabelled([None, known, None, None], 1, 3) == [(2, 3)]


# Sentences that begin and end alike ("The …", "… in May."): a diff may cut a moved one anywhere among them.
ALIKE = ["The plan was approved in May.", "The cost rose in May.", "The vote is due.", "Critics balked.",
         "The ministry said so in May.", "The plan was shelved."]


@settings(max_examples=80, deadline=None)
@given(st.permutations(range(len(ALIKE))), st.permutations(range(len(ALIKE))))
def test_sentences_that_begin_and_end_alike_keep_their_author_through_any_reordering(
    first: list[int], second: list[int]
) -> None:
    translated = " ".join(ALIKE[i] for i in first)
    reordered = " ".join(ALIKE[first[i]] for i in second)
    assert set(authors([translated, reordered]).values()) == {"t"}


def test_a_units_runner_up_follows_the_text_through_an_edit_elsewhere() -> None:
    """The aligner's runner-up pairing (what BL101/BL102 quote as the likely English) moves with the text."""
    old = "Intro stays. First sentence here. Second one follows."
    new = old.replace("Intro stays.", "The intro stays.")
    first, second = old.index("First"), old.index("Second")
    units = [Unit(("s1",), 0, 12, 0.9), Unit(("s2",), first, first + 20, 0.6, (("s2", "s3"), (first, len(old)), 0.4)),
             Unit(("s3",), second, len(old), 0.9)]
    carried = carry_units(old, new, diff_edits(old, new), units, {"s1": 1, "s2": 2, "s3": 3})
    unit = next(u for u in carried if u.sources == ("s2",))
    assert new[unit.start : unit.end] == "First sentence here." and unit.runner_up is not None
    sources, span, probability = unit.runner_up
    assert (sources, new[span[0] : span[1]], probability) == (("s2", "s3"), "First sentence here. Second one follows.",
                                                              0.4)
