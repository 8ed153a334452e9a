"""Text mechanics pinned where a mutation sample's planted bugs got through (issue 23): the token diff under
attribution and layout, words brought back to their authors, units carried through an edit, the display diff,
and how staleness says a month."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.model.state import State, Unit
from workflow.model.units import carry_units
from workflow.reading.blame import pieces
from workflow.reading.staleness import change_reasons
from workflow.text import tokenmatch
from workflow.text.attribution import Authorship, Label, Run
from workflow.text.delta import diff_edits, kept_positions, word_diff
from workflow.text.segment import split_english
from workflow.text.tokenmatch import ENDS, SENTENCE_REACH, diff_tokens, kept_characters, tokenise

# Few distinct words and many full stops: sentences that begin and end alike, which is where a diff has choices.
TOKENS = st.lists(st.sampled_from(["The", "plan", "cost", "rose", "in", "May", ".", ",", "vote"]), max_size=24)


def _texts(tokens: list[str]) -> str:
    return " ".join(tokens).replace(" .", ".").replace(" ,", ",")


@settings(max_examples=300, deadline=None)
@given(TOKENS, TOKENS)
def test_the_token_diff_takes_every_old_token_once_and_every_new_token_once_in_order(
    old_tokens: list[str], new_tokens: list[str]
) -> None:
    """Its pieces, read in order, delete or keep each old token and insert or keep each new one; kept ones are
    the same token. Moves pair deleted tokens with inserted ones of the same text, each token in one run at most."""
    old, new = _texts(old_tokens), _texts(new_tokens)
    old_spans, old_words = tokenise(old)
    found = diff_tokens(old, new, old_spans, old_words)
    assert (found.spans, found.words) == tokenise(new)
    i = j = 0
    deleted: set[int] = set()
    inserted: set[int] = set()
    for op, at_old, at_new, count in found.pieces:
        assert (at_old, at_new) == (i, j), found.pieces
        if op == "equal":
            assert old_words[i : i + count] == found.words[j : j + count]
            i, j = i + count, j + count
        elif op == "delete":
            deleted.update(range(i, i + count))
            i += count
        else:
            assert op == "insert"
            inserted.update(range(j, j + count))
            j += count
    assert (i, j) == (len(old_words), len(found.words))
    moved_old: list[int] = []
    moved_new: list[int] = []
    for at_old, at_new, count in found.moves:
        assert count > 0 and old_words[at_old : at_old + count] == found.words[at_new : at_new + count]
        moved_old.extend(range(at_old, at_old + count))
        moved_new.extend(range(at_new, at_new + count))
    assert set(moved_old) <= deleted and set(moved_new) <= inserted
    assert len(set(moved_old)) == len(moved_old) and len(set(moved_new)) == len(moved_new)


@settings(max_examples=200, deadline=None)
@given(TOKENS, TOKENS)
def test_a_kept_character_is_the_same_character_and_no_old_character_is_kept_twice(
    old_tokens: list[str], new_tokens: list[str]
) -> None:
    old, new = _texts(old_tokens), _texts(new_tokens)
    kept = kept_characters(old, new)
    assert len(kept) == len(new)
    taken = [k for k in kept if k >= 0]
    assert len(set(taken)) == len(taken)
    assert all(old[k] == new[c] for c, k in enumerate(kept) if k >= 0)
    assert all(not new[c].isspace() for c, k in enumerate(kept) if k >= 0)


# Sentences of any length up to twice the reach, the last perhaps without its full stop.
SENTENCE_LENGTHS = st.lists(st.integers(0, 2 * SENTENCE_REACH), min_size=1, max_size=4)


@given(SENTENCE_LENGTHS, st.booleans(), st.data())
def test_the_unchanged_ends_are_cut_back_to_a_sentence_end_but_no_further_than_the_reach(
    lengths: list[int], ended: bool, data: st.DataObject
) -> None:
    """Cutting back keeps moved sentences whole in the diffed middle; the reach bounds the cost of an edit in a
    long stretch without full stops (a list, a table)."""
    words = [w for n in lengths for w in ["w"] * n + ["."]]
    words = words if ended else words[:-1]
    head = data.draw(st.integers(0, len(words)))
    tail = data.draw(st.integers(0, len(words) - head))
    cut_head, cut_tail = tokenmatch._whole_sentence_ends(words, head, tail)
    assert max(0, head - SENTENCE_REACH) <= cut_head <= head
    assert max(0, tail - SENTENCE_REACH) <= cut_tail <= tail
    cut, unchanged = len(words) - cut_tail, len(words) - tail
    # At the nearest sentence end (the text's start counts), unless the reach stopped it first.
    assert cut_head in (0, head - SENTENCE_REACH) or words[cut_head - 1] in ENDS
    assert not any(w in ENDS for w in words[cut_head:head])
    assert cut in (0, unchanged + SENTENCE_REACH, len(words)) or words[cut - 1] in ENDS
    assert unchanged == 0 or not any(w in ENDS for w in words[unchanged - 1 : cut - 1])


def test_an_inserted_sentence_between_sentences_that_begin_alike_is_one_block_ending_at_its_full_stop() -> None:
    """A diff may place the block as "program … total. The"; slid to end at the full stop it is the sentence
    "The program … total.", which a moved sentence's deleted copy is then found as."""
    old = "Officials met . The end .".split()
    new = "Officials met . The program cost a total . The end .".split()
    placed_late = [("equal", 0, 0, 4), ("insert", 4, 4, 6), ("equal", 4, 10, 2)]
    assert tokenmatch._slide_to_sentence_ends(placed_late, old, new) == [
        ("equal", 0, 0, 3), ("insert", 3, 3, 6), ("equal", 3, 9, 3)]
    deleted_late = [("equal", 0, 0, 4), ("delete", 4, 4, 6), ("equal", 10, 4, 2)]
    assert tokenmatch._slide_to_sentence_ends(deleted_late, new, old) == [
        ("equal", 0, 0, 3), ("delete", 3, 3, 6), ("equal", 9, 3, 3)]


# --- who wrote what, through edits ------------------------------------------------------------------------


def authors(texts: list[str]) -> list[tuple[str, str]]:
    """Each token of the last text with its author, after the translator (t) wrote the first and ed1, ed2, … the
    rest."""
    authorship = Authorship(texts[0], Label("e0", "t"))
    for number, text in enumerate(texts[1:], start=1):
        authorship.update(text, Label(f"e{number}", f"ed{number}"))
    return [(token.text, token.label.agent) for token in authorship.tokens()]


def test_a_sentence_moved_and_edited_in_one_save_keeps_its_authors_but_for_the_words_changed() -> None:
    a = "The ministry announced the plan on Monday."
    b = "Officials said it would start in May next year."
    c = "Critics were not convinced."
    moved = "Officials said the plan would start in May next year."
    assert authors([f"{a} {b} {c}", f"{a} {c} {moved}"])[-11:] == [
        ("Officials", "t"), ("said", "t"), ("the", "ed1"), ("plan", "ed1"), ("would", "t"), ("start", "t"),
        ("in", "t"), ("May", "t"), ("next", "t"), ("year", "t"), (".", "t")]


@pytest.mark.parametrize(("texts", "word"), [
    pytest.param(["The plan was approved. Critics balked. Monday.", "Monday, the plan was approved. Critics balked."],
                 "Monday", id="a-one-word-sentence-merged-into-another"),
    pytest.param(["The plan was approved in Seoul. Critics balked. Voters will decide.",
                  "The plan was approved. Critics balked. Voters will decide. Seoul."], "Seoul",
                 id="a-word-split-off-as-its-own-sentence-elsewhere"),
])
def test_a_lone_word_moved_between_sentences_keeps_its_author(texts: list[str], word: str) -> None:
    assert dict(authors(texts))[word] == "t"


def test_a_word_typed_into_a_sentence_is_the_typists_though_another_sentence_lost_the_same_word() -> None:
    """One shared word is no evidence of a move (only a one-word sentence split off or merged whole is)."""
    texts = ["The vote is Monday. Critics balked. Voters will decide.",
             "The vote is set. Critics balked. Voters will decide Monday or later."]
    assert authors(texts)[-5:] == [("decide", "t"), ("Monday", "ed1"), ("or", "ed1"), ("later", "ed1"), (".", "t")]


def test_a_short_sentence_brought_back_beside_a_rewritten_one_is_its_authors_whole() -> None:
    """A whole sentence an earlier edit deleted is kept out of the token diff when it comes back, so its words are
    not paired with the words of the sentence rewritten beside it."""
    texts = ["The plan was approved. Critics balked loudly. Voters will decide in April.",
             "The plan was approved. Voters balked at it.",
             "The plan was approved. Critics balked loudly. Nobody knows why."]
    assert authors(texts)[5:9] == [("Critics", "t"), ("balked", "t"), ("loudly", "t"), (".", "t")]


def test_deleted_words_brought_back_after_new_ones_are_their_authors() -> None:
    texts = ["The plan was approved. Officials said critics were not convinced at all. Voters will decide.",
             "The plan was approved. Voters will decide.",
             "The plan was approved. Still, critics were not convinced at all. Voters will decide."]
    assert authors(texts)[5:14] == [("Still", "ed2"), (",", "ed2"), ("critics", "t"), ("were", "t"), ("not", "t"),
                                    ("convinced", "t"), ("at", "t"), ("all", "t"), (".", "t")]


def test_a_comma_put_back_where_it_was_is_its_authors_though_other_words_were_deleted_since() -> None:
    texts = ["He said the plan, he added, would start soon.", "He said the plan he added, would start soon.",
             "He said the plan he added, would start.", "He said the plan, he added, would start."]
    assert {agent for _, agent in authors(texts)} == {"t"}


def test_a_short_sentence_that_began_a_deletion_after_a_closing_quote_is_its_authors_when_brought_back() -> None:
    texts = ['He said "no." Yes sir. Then more words came here.', 'He said "no."', 'Yes sir. He said "no."']
    assert authors(texts)[:3] == [("Yes", "t"), ("sir", "t"), (".", "t")]


# --- units carried through an edit --------------------------------------------------------------------------


def _carried(old: str, new: str, units: list[Unit]) -> list[tuple[str, str]]:
    order = {sid: n for n, sid in enumerate(sorted({s for u in units for s in u.sources}))}
    carried = carry_units(old, new, diff_edits(old, new), units, order)
    return [(u.id, new[u.start : u.end]) for u in carried]


def test_a_new_sentence_written_between_two_sentences_of_one_unit_is_part_of_that_unit() -> None:
    old = "The program was costly. It cost $110 million. Three were held."
    new = "The program was costly. Nobody expected that at all. It cost $110 million. Three were held."
    units = [Unit(("s1",), 0, old.index(" Three")), Unit(("s2",), old.index("Three"), len(old))]
    assert _carried(old, new, units) == [
        ("s1", "The program was costly. Nobody expected that at all. It cost $110 million."),
        ("s2", "Three were held.")]


def test_a_units_deleted_english_leaves_it_empty_and_the_addition_beside_it_stays_an_addition() -> None:
    """Only wholly new text can be a deleted unit's English written in again; an addition kept from before is
    not its rendering."""
    old = "Officials announced the plan. Readers should know this context. Critics balked."
    new = "Readers should know this context. Critics balked."
    units = [Unit(("s1",), 0, old.index(" Readers")), Unit(("s2",), old.index("Critics"), len(old))]
    assert _carried(old, new, units) == [("s1", ""), ("s2", "Critics balked.")]


@pytest.mark.parametrize(("second", "merged"), [
    pytest.param("Kim fully agreed.", True, id="twelve-kept-characters-merge"),
    pytest.param("Kim agreed to it.", False, id="eleven-do-not"),
])
def test_a_sentence_holding_twelve_characters_of_a_second_unit_merges_the_two(second: str, merged: bool) -> None:
    """MERGE_MIN_CHARS: two sentences joined into one are one unit once the second brings 12 kept characters."""
    first = "The ministry announced the plan on Monday."
    old, new = f"{first} {second}", f"{first[:-1]} and {second[0].lower()}{second[1:]}"
    units = [Unit(("s1",), 0, len(first)), Unit(("s2",), len(first) + 1, len(old))]
    expected = [("s1+s2", new)] if merged else [("s1", new), ("s2", "")]
    assert _carried(old, new, units) == expected


def test_a_sentence_moved_away_from_the_rest_of_its_unit_is_an_addition_and_the_unit_keeps_its_longest_run() -> None:
    first = "The ministry announced the plan on Monday."
    moved, rest = "Officials said it would start in May.", "It would cost a great deal. Critics were not convinced."
    old = f"{first} {moved} {rest}"
    units = [Unit(("s1",), 0, len(first)), Unit(("s2",), len(first) + 1, len(old))]
    assert _carried(old, f"{moved} {first} {rest}", units) == [("s1", first), ("s2", rest)]


# --- what a reader is shown ----------------------------------------------------------------------------------


def test_the_display_diff_runs_each_change_as_it_is_and_merges_nothing_across_kinds() -> None:
    assert word_diff("The plan cost three billion won.", "The plan cost four billion won in May.") == [
        ("equal", "The plan cost "), ("delete", "three"), ("insert", "four"), ("equal", " billion won"),
        ("insert", " in May"), ("equal", ".")]
    joined = word_diff("a b c d", "a x y d")
    assert "".join(t for op, t in joined if op != "insert") == "a b c d"
    assert "".join(t for op, t in joined if op != "delete") == "a x y d"
    assert all(first[0] != second[0] for first, second in zip(joined, joined[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", " ", "  ", ".", "c"]), max_size=14),
       st.lists(st.sampled_from(["a", "bb", " ", "  ", ".", "c"]), max_size=14))
def test_the_display_diff_gives_back_both_texts_with_each_kind_of_change_run_together(
    old: list[str], new: list[str]
) -> None:
    pieces = word_diff("".join(old), "".join(new))
    assert "".join(t for op, t in pieces if op != "insert") == "".join(old)
    assert "".join(t for op, t in pieces if op != "delete") == "".join(new)
    assert all(first[0] != second[0] for first, second in zip(pieces, pieces[1:], strict=False)), pieces


def test_a_year_from_1000_on_is_a_year_and_a_smaller_number_of_years_a_duration() -> None:
    assert change_reasons("1000년에 세워졌다.", "1001년에 세워졌다.") == ("number changed: was 1000; now 1001",)
    assert change_reasons("999년 동안 이어졌다.", "998년 동안 이어졌다.") == (
        "number changed: was 999 years; now 998 years",)


def test_a_changed_month_is_named_by_its_name_january_and_december_included() -> None:
    assert change_reasons("회의는 1월에 열렸다.", "회의는 3월에 열렸다.") == ("number changed: was January; now March",)
    assert change_reasons("회의는 12월에 열렸다.", "회의는 11월에 열렸다.") == (
        "number changed: was December; now November",)


def test_blame_gives_every_line_of_the_english_its_row_a_blank_last_line_included() -> None:
    text = "One line.\n\nTwo lines.\n\n"
    runs = (Run(0, 11, "e1", "t"), Run(11, len(text), "e2", "ed"))
    state = State("nk", (), "", {}, (), (), 0, text, (), {}, runs, (), (), (), {}, ())
    assert [(p.line, p.text, p.agent) for p in pieces(state)] == [
        (1, "One line.", "t"), (2, "", ""), (3, "Two lines.", "ed"), (4, "", "")]


LINES = ["The ministry announced the plan on Monday.", "Officials said it would start in May.",
         "Critics were not convinced.", "It cost $110 million.", "Three were held."]


@st.composite
def saves(draw: st.DrawFn) -> tuple[str, str, list[Unit]]:
    """A text of whole sentences, units over it (some of two sentences, some empty), and one save that drops,
    moves, rewrites, adds or edits sentences."""
    sentences = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=5))
    old = " ".join(sentences)
    spans = split_english(old)
    units: list[Unit] = []
    k = 0
    while k < len(spans):
        size = draw(st.integers(1, 2)) if k + 1 < len(spans) else 1
        if draw(st.integers(0, 5)) == 0:
            units.append(Unit((f"s{len(units) + 1}",), spans[k].start, spans[k].start))  # omitted here
        units.append(Unit((f"s{len(units) + 1}",), spans[k].start, spans[k + size - 1].end))
        k += size
    new = list(sentences)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["drop", "move", "add", "rewrite", "word"]))
        at = draw(st.integers(0, len(new) - 1)) if new else 0
        if op == "drop" and new:
            del new[at]
        elif op == "move" and new:
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(at))
        elif op == "add":
            new.insert(at, "Nobody had expected any of it at all.")
        elif op == "rewrite" and new:
            new[at] = "A launch is set for the spring."
        elif new:
            new[at] = new[at].replace(" ", " reportedly ", 1)
    return old, " ".join(new), units


@settings(max_examples=150, deadline=None)
@given(saves())
def test_carried_units_keep_every_source_once_in_text_order_without_overlap_on_whole_sentences(
    save: tuple[str, str, list[Unit]]
) -> None:
    old, new, units = save
    carried = carry_units(old, new, diff_edits(old, new), units, {u.id: n for n, u in enumerate(units)})
    assert sorted(s for u in carried for s in u.sources) == sorted(u.id for u in units)
    starts = {s.start for s in split_english(new)} | {len(new)}
    ends = {s.end for s in split_english(new)} | {0}
    end = 0
    for unit in carried:
        assert end <= unit.start <= unit.end <= len(new), carried
        if unit.start < unit.end:
            assert unit.start in starts and unit.end in ends, (unit, new)
        end = unit.end


# Each at least MIN_MOVED_CHARS long: shorter text put elsewhere counts as new.
KOREAN_SENTENCES = ["주민 3명이 보위부에 체포됐다고 전해졌다.", "당국은 이를 공식적으로 부인하지 않았다.",
                    "이 사업에는 모두 1억1천만 달러가 들었다.", "그는 이들을 간첩이라고 불렀다고 한다."]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 3), st.integers(0, 3), st.booleans())
def test_a_korean_sentence_moved_or_kept_keeps_its_characters_and_a_new_one_is_new(
    moved: int, to: int, drop: bool
) -> None:
    """What a source update reads to keep segment ids: each kept or moved character's old position (-1: new)."""
    old = " ".join(KOREAN_SENTENCES)
    order = [i for i in range(len(KOREAN_SENTENCES)) if i != moved]
    if not drop:
        order.insert(to, moved)
    new = " ".join(KOREAN_SENTENCES[i] for i in order) + " 새 문장이 추가됐다."
    kept = kept_positions(diff_edits(old, new), len(new))
    assert len(kept) == len(new)
    taken = [k for k in kept if k >= 0]
    assert len(set(taken)) == len(taken) and all(old[k] == new[c] for c, k in enumerate(kept) if k >= 0)
    for i in order:
        sentence = KOREAN_SENTENCES[i]
        at, was = new.index(sentence), old.index(sentence)
        # Its segment id follows the most of its characters (an edge may be matched to a neighbour's).
        own = sum(was <= k < was + len(sentence) for k in kept[at : at + len(sentence)])
        assert own >= 0.8 * len(sentence), (sentence, kept[at : at + len(sentence)])
    added = kept[new.index(" 새 문장") + 1 :]
    assert sum(k >= 0 for k in added) <= len(added) // 2  # a new sentence's few common syllables at most
