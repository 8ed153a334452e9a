"""The one three-way merge: texts, units and authorship from a common base (workflow.model.merge)."""

from __future__ import annotations

from helpers import MERGE_BASE_TEXT as BASE_TEXT
from helpers import MERGE_SENTENCES as SENTENCES
from helpers import merge_base as base
from helpers import merge_edit as edit
from hypothesis import given
from hypothesis import strategies as st

from workflow.model.merge import Conflict, Version, credit_resolution, merge3
from workflow.text.attribution import Label
from workflow.text.delta import edits, make_delta


def authors(merged, word: str) -> set[str]:
    return {token.label.agent for token in merged.authorship.tokens() if token.text == word}


def unit_text(merged, uid: str) -> str:
    unit = next(u for u in merged.units if u.id == uid)
    return merged.text[unit.start : unit.end]


def test_different_units_of_one_paragraph_merge_with_their_authors() -> None:
    b = base()
    ours = edit(b, "The first sentence", "The opening sentence", "ewhong")
    theirs = edit(b, "Then comes the third.", "Then the third arrives.", "mfoster")
    merged = merge3(b, ours, theirs)
    assert merged.conflicts == ()
    assert merged.text == BASE_TEXT.replace("first", "opening").replace(
        "Then comes the third.", "Then the third arrives."
    )
    assert unit_text(merged, "s2") == "The opening sentence is here."
    assert unit_text(merged, "s4") == "Then the third arrives."
    assert [u.id for u in merged.units] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert authors(merged, "opening") == {"ewhong"} and authors(merged, "arrives") == {"mfoster"}
    assert authors(merged, "second") == {"cslee"}
    assert merge3(b, theirs, ours).text == merged.text


def test_the_same_unit_changed_differently_is_a_conflict_holding_both_versions() -> None:
    b = base()
    ours = edit(b, "A second one follows it.", "A second one comes next.", "ewhong")
    theirs = edit(b, "A second one follows it.", "Another follows.", "mfoster")
    merged = merge3(b, ours, theirs)
    assert merged.text == ours.text  # the provisional text is ours
    (conflict,) = merged.conflicts
    assert conflict.unit == "s3"
    assert merged.text[conflict.start : conflict.end] == "A second one comes next."
    assert [(side.label, side.text) for side in conflict.sides] == [
        ("ewhong", "A second one comes next."),
        ("mfoster", "Another follows."),
    ]


def test_a_resolution_that_keeps_the_other_sides_words_gives_them_back_their_author() -> None:
    b = base()
    ours = edit(b, "A second one follows it.", "A second one comes next.", "ewhong")
    theirs = edit(b, "A second one follows it.", "Another sentence follows it.", "mfoster")
    merged = merge3(b, ours, theirs)
    resolved = merged.text.replace("A second one comes next.", "Another sentence comes next, briefly.")
    resolver = Label("e-resolve", "jpark")
    merged.authorship.update(resolved, resolver)
    credit_resolution(
        merged.authorship, merged.conflicts, edits(merged.text, make_delta(merged.text, resolved)), resolver
    )
    tokens = {t.text: t.label.agent for t in merged.authorship.tokens()}
    assert tokens["Another"] == "mfoster" and tokens["next"] == "ewhong" and tokens["briefly"] == "jpark"


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    b = base()
    ours = edit(b, "Last words", "Final words", "ewhong")
    theirs = edit(b, "Last words", "Final words", "mfoster")
    merged = merge3(b, ours, theirs)
    assert merged.conflicts == () and merged.text == ours.text


def test_a_side_that_joins_two_units_merges_with_an_edit_elsewhere() -> None:
    b = base()
    ours = edit(b, "is here. A second one follows it.", "is here, and a second one follows it.", "ewhong")
    assert any(u.id == "s2+s3" for u in ours.units)
    theirs = edit(b, "The fourth closes", "The fourth ends", "mfoster")
    merged = merge3(b, ours, theirs)
    assert merged.conflicts == ()
    assert "is here, and a second one follows it." in merged.text and "The fourth ends" in merged.text
    assert [u.id for u in merged.units] == ["s1", "s2+s3", "s4", "s5", "s6"]


def test_an_edit_inside_units_the_other_side_joined_is_a_conflict_on_both() -> None:
    b = base()
    ours = edit(b, "is here. A second one follows it.", "is here, and a second one follows it.", "ewhong")
    theirs = edit(b, "A second one follows it.", "A second one trails it.", "mfoster")
    (conflict,) = merge3(b, ours, theirs).conflicts
    assert conflict.unit == "s2,s3"


def test_additions_in_the_same_place_conflict_and_elsewhere_merge() -> None:
    b = base()
    ours = Version(b.text + "\nTranslated by C. Lee.\n", b.units, None, "ewhong")
    theirs = Version(
        "Context: a note.\n\n" + b.text,
        tuple(u._replace(start=u.start + 18, end=u.end + 18) for u in b.units),
        None,
        "mfoster",
    )
    merged = merge3(b, ours, theirs)
    assert merged.conflicts == () and merged.text == "Context: a note.\n\n" + b.text + "\nTranslated by C. Lee.\n"
    assert merged.authorship is None
    other = Version(b.text + "\nEdited by M. Foster.\n", b.units, None, "mfoster")
    (conflict,) = merge3(b, ours, other).conflicts
    assert conflict.unit == "after:s6"


def test_revert_is_a_merge_from_the_state_after_the_change() -> None:
    """Undoing an earlier change: base = after it, ours = now, theirs = before it."""
    before = base()
    after = edit(before, "Then comes the third.", "Then, third, comes this.", "ewhong")
    after = edit(after, "Last words", "Closing words", "ewhong")
    now = edit(after, "Closing words", "Closing remarks", "mfoster")
    merged = merge3(after, now, before)
    assert "Then comes the third." in merged.text and authors(merged, "comes") == {"cslee"}
    (conflict,) = merged.conflicts  # changed again since: not undone silently
    assert conflict.unit == "s6"


def test_a_side_holding_a_conflict_keeps_it_through_another_merge() -> None:
    b = base()
    first = merge3(b, edit(b, "Last words", "Final words", "ewhong"), edit(b, "Last words", "Closing words", "mfoster"))
    held = Version(first.text, first.units, first.authorship, "merged", first.conflicts)
    third = edit(b, "The fourth closes", "The fourth shuts", "jpark")
    merged = merge3(b, held, third)
    assert "The fourth shuts" in merged.text
    (conflict,) = merged.conflicts
    assert conflict.unit == "s6" and merged.text[conflict.start : conflict.end] == "Final words stand alone."
    assert [side.text for side in conflict.sides] == ["Final words stand alone.", "Closing words stand alone."]
    assert isinstance(conflict, Conflict)


WORDS = st.sampled_from(["new", "fresh", "revised", "other", "words", "here"])


@st.composite
def two_sides(draw):  # type: ignore[no-untyped-def]
    """Two sides editing disjoint sets of units of the base, each unit at most once."""
    b = base()
    numbers = draw(st.permutations(range(2, 7)))
    split = draw(st.integers(0, len(numbers)))
    sides = []
    for who, mine in (("ewhong", numbers[:split]), ("mfoster", numbers[split:])):
        version = b
        for number in sorted(draw(st.sets(st.sampled_from(mine), max_size=len(mine))) if mine else ()):
            sentence = SENTENCES[number - 1]
            word = draw(WORDS)
            version = edit(version, sentence, sentence[:-1] + f" {word}" + sentence[-1], who)
        sides.append(version)
    return b, sides[0], sides[1]


@given(two_sides())
def test_disjoint_edits_merge_cleanly_in_either_order(sides) -> None:  # type: ignore[no-untyped-def]
    b, ours, theirs = sides
    merged, swapped = merge3(b, ours, theirs), merge3(b, theirs, ours)
    assert merged.conflicts == () == swapped.conflicts
    assert merged.text == swapped.text and merged.units == swapped.units
    for unit in merged.units:
        texts = {v.text[u.start : u.end] for v in (ours, theirs) for u in v.units if u.id == unit.id}
        base_text = next(b.text[u.start : u.end] for u in b.units if u.id == unit.id)
        changed = texts - {base_text}
        assert unit_text(merged, unit.id) == (changed.pop() if changed else base_text)
    assert [t.label for t in merged.authorship.tokens()] == [t.label for t in swapped.authorship.tokens()]


@given(two_sides())
def test_a_side_equal_to_the_base_gives_the_other(sides) -> None:  # type: ignore[no-untyped-def]
    b, ours, theirs = sides
    assert merge3(b, b, theirs).text == theirs.text and merge3(b, ours, b).text == ours.text
    assert merge3(b, ours, ours).text == ours.text
