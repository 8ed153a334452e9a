"""Attribution: who wrote each word through inserts, replacements, deletions, moves and reverts."""

from __future__ import annotations

import pytest
from helpers import word_authors as authors
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.reading.blame import blame_runs
from workflow.text.attribution import Authorship, Label

A = "The minister said the plan would cost three billion won. Critics called it reckless. Voters will decide in April."
MOVED = (
    "Critics called it reckless. The minister said the plan would cost three billion won. Voters will decide in April."
)

# Each case: the texts after the translator (t), then edits by ed1, ed2, … in turn;
# expected: the author of each word of the last text ("-" for the translator t).
BLAME_CASES = [
    ("insert", [A, A.replace("plan", "new tax plan")], {"new": "ed1", "tax": "ed1", "plan": "t", "minister": "t"}),
    ("replace", [A, A.replace("reckless", "foolhardy")], {"foolhardy": "ed1", "Critics": "t", "called": "t"}),
    ("delete-keeps-neighbours", [A, A.replace(" Critics called it reckless.", "")], {"Voters": "t", "won": "t"}),
    ("move-keeps-author", [A, MOVED], {"Critics": "t", "reckless": "t", "minister": "t"}),
    ("move-after-edit-keeps-editor", [A, A.replace("reckless", "foolhardy"), MOVED.replace("reckless", "foolhardy")],
     {"foolhardy": "ed1", "Critics": "t"}),
    ("revert-restores-original", [A, A.replace(" Critics called it reckless.", ""), A],
     {"Critics": "t", "reckless": "t"}),
    ("revert-of-replacement", [A, A.replace("three billion", "four billion"), A], {"three": "t", "billion": "t"}),
    ("late-revert", [A, A.replace(" Critics called it reckless.", ""),
                     A.replace(" Critics called it reckless.", "").replace("April", "May"),
                     A.replace("April", "May")], {"Critics": "t", "reckless": "t", "May": "ed2"}),
    ("changed-word-is-the-changers", [A, A.replace("won.", "won’t.")], {"won’t": "ed1"}),
]




@pytest.mark.parametrize(("texts", "expected"), [c[1:] for c in BLAME_CASES], ids=[c[0] for c in BLAME_CASES])
def test_blame(texts: list[str], expected: dict[str, str]) -> None:
    got = authors(texts)
    assert {word: got[word] for word in expected} == expected


def test_inserted_short_text_that_was_never_deleted_is_the_editors() -> None:
    got = authors([A, A.replace("Voters will", "Voters in Seoul will")])
    assert got["Seoul"] == "ed1" and got["in"] == "t"  # "in" of "in April" stays the translator's


WORDS = st.sampled_from(["the", "plan", "minister", "said", ".", ",", "won", "Seoul", "’s", "-", "\n\n", "3.5"])
TEXTS = st.lists(WORDS, max_size=30).map(" ".join)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=8))
def test_runs_cover_every_character_exactly_once(texts: list[str]) -> None:
    authorship = Authorship(texts[0], Label("e0", "t"))
    for number, text in enumerate(texts[1:], start=1):
        authorship.update(text, Label(f"e{number}", "ed"))
    text = texts[-1]
    runs = authorship.runs()
    if not any(token.text for token in authorship.tokens()):
        assert runs == ()
        return
    assert runs[0].start == 0 and runs[-1].end == len(text)
    assert all(left.end == right.start and left.start < left.end for left, right in zip(runs, runs[1:], strict=False))
    assert [text[t.start : t.end] for t in authorship.tokens()] == [t.text for t in authorship.tokens()]


SENTENCES = [
    "The ministry announced the plan on Monday.",
    "Officials said it would start in May.",
    "Critics were not convinced by the figures.",
    "Three residents were arrested last week.",
    "The program cost $110 million in total.",
]
NEW_SENTENCES = ["An editor added this line of context.", "Reporters could not verify the claim independently."]
NEW_WORDS = {word.strip(".") for sentence in NEW_SENTENCES for word in sentence.split()}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.permutations(range(len(SENTENCES))).flatmap(
    lambda order: st.tuples(st.just(order), st.integers(0, len(SENTENCES)), st.sampled_from(["keep", "drop", "add"]))
), min_size=1, max_size=6))
@pytest.mark.slow
def test_moves_drops_and_a_final_revert_keep_the_translator(steps: list[tuple[list[int], int, str]]) -> None:
    original = " ".join(SENTENCES)
    authorship = Authorship(original, Label("e0", "t"))
    order = {"e0": 0}
    for number, (permutation, at, what) in enumerate(steps, start=1):
        sentences = [SENTENCES[i] for i in permutation]
        if what == "drop" and at < len(sentences):
            del sentences[at]
        elif what == "add":
            sentences.insert(at, NEW_SENTENCES[number % 2])
        authorship.update(" ".join(sentences), Label(f"e{number}", "ed"))
        order[f"e{number}"] = number
        kept = {token.agent for token in blame_runs(" ".join(sentences), authorship.runs(), order)
                if token.text not in NEW_WORDS}
        assert kept <= {"t"}, "a moved or kept sentence lost its translator"
    authorship.update(original, Label("e-revert", "ed"))
    order["e-revert"] = len(steps) + 1
    assert {token.agent for token in blame_runs(original, authorship.runs(), order)} == {"t"}
