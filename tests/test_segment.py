"""Sentence segmentation: English rules, Korean via kiwipiepy, blocks and markers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.text.segment import blocks, split_english, split_korean, split_lines


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_english(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("He left. She stayed.", ["He left.", "She stayed."], id="two-plain"),
        pytest.param("The U.S. Army left. Then rain.", ["The U.S. Army left.", "Then rain."], id="abbreviation-us"),
        pytest.param("Mr. Kim met Dr. Lee. They talked.", ["Mr. Kim met Dr. Lee.", "They talked."], id="titles"),
        pytest.param("On Jan. 5 it rained. Next.", ["On Jan. 5 it rained.", "Next."], id="month-abbreviation"),
        pytest.param("It grew 12.3 percent. Good.", ["It grew 12.3 percent.", "Good."], id="decimal"),
        pytest.param("“Stop,” he said. “Now.” Done.", ["“Stop,” he said.", "“Now.”", "Done."], id="closing-quote"),
        pytest.param("Now …  you can go. Then.", ["Now …  you can go.", "Then."], id="ellipsis-continues"),
        pytest.param("John F. Kennedy spoke. Yes.", ["John F. Kennedy spoke.", "Yes."], id="initial"),
        pytest.param("Why? Because. Really!", ["Why?", "Because.", "Really!"], id="question-exclamation"),
        pytest.param(
            "# Headline here\n\nBody one. Body two.", ["Headline here", "Body one.", "Body two."], id="heading"
        ),
        pytest.param("> Quoted line.\nPlain line.", ["Quoted line.", "Plain line."], id="quote-block"),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_markers_stay_outside_spans() -> None:
    text = "## Sub head\n\n> A quote.\n"
    kinds = [(text[s.start : s.end], kind) for s, kind in blocks(text)]
    assert kinds == [("Sub head", "heading"), ("A quote.", "quote")]


def test_korean_sentences_with_kiwi() -> None:
    text = '# 제목\n\n북한 당국이 단속에 나섰다. 주민은 "처벌받는다"고 말했다.\n\n1억1천만 달러가 들었다.\n'
    got = [text[s.start : s.end] for s in split_korean(text)]
    assert got == ["제목", "북한 당국이 단속에 나섰다.", '주민은 "처벌받는다"고 말했다.', "1억1천만 달러가 들었다."]


def test_split_lines_takes_one_sentence_a_line() -> None:
    text = "첫째 줄. 같은 줄.\n\n둘째 줄\n"
    assert [text[s.start : s.end] for s in split_lines(text)] == ["첫째 줄. 같은 줄.", "둘째 줄"]


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n#>“”'\"U.S")), max_size=80))
def test_english_spans_are_ordered_disjoint_and_trimmed(text: str) -> None:
    spans = split_english(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        previous_end = span.end
