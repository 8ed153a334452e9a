"""The number scans' quick tests never skip a text that the scan would read a number in.

Each scan of `workflow.text.numbers` runs only where a cheap search finds what
a number it reads cannot be without (`_KO_NEEDS` for the Korean, `_english_scans`
for the English): these properties hold the numbers found against every scan
run on every text, on texts made of the scans' own vocabulary, look-alike
letters that matching without case treats specially (long s, dotless and
dotted i, Kelvin K) and digits of other scripts included.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow.text import numbers
from workflow.text.numbers import find_english_numbers, find_korean_numbers

KOREAN = [
    "1억1천만", "12조3천억", "3천500", "1억 2천만", "천", "삼십", "백만", "이천", "오", "십", "만", "억", "조", "경",
    "스물다섯", "스무", "열", "한", "하나", "두", "세", "셋", "석", "넷", "다섯", "아홉", "서른", "일흔",
    "명", "사람", "개국", "개", "마리", "번", "번역", "번호", "차례", "살", "곳", "시간", "달", "권", "가구", "나라",
    "달러", "원", "년", "개월", "월", "일", "세", "%", "%포인트", "퍼센트", "프로", "대", "건", "척", "가지",
    "수", "몇", "여러", "수십", "수천", "하지만", "만나", "한국", "세계", "이번", "구조대",
    "3", "15", "2008", "1,000", "3.5", "\uff13", "\u0663", "\u1100\u1161", "\u1175", " ", " ", ",", ".",
]
ENGLISH = [
    "the", "May", "may", "one", "One", "ONE", "fifth", "FIRST", "second", "tenth", "million", "hundred", "and",
    "Jan.", "January", "Sept.", "March", "5", "12", "2008", "1,200", "12.3", "x1", "dozen", "seventy-two",
    "twenty-five", "twentyone", "per", "cent", "%", "$", "US$", "won", "people", "years", "-year", "Octo", "ber",
    "someone", "often", "éone", "_two", "3one", "\u017fix", "\u017fixth", "f\u0131rst", "f\u0130ve", "\u212aone",
    "t\u0131me", "\uff13", "\u0663", " ", " ", "-", ",", ".",
]


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words), max_size=10).map(" ".join) | st.lists(
        st.sampled_from(words), max_size=10).map("".join)


@pytest.mark.parametrize("scan", list(numbers._KO_NEEDS), ids=["arabic", "sino", "native"])
@settings(max_examples=300, deadline=None)
@given(text=_texts(KOREAN))
@example(text="삼십 개")
@example(text="스물다섯 살")
@example(text="\uff13명")
def test_a_korean_scan_that_finds_a_number_is_never_skipped(scan: re.Pattern[str], text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    if any(match.group(1) for match in scan.finditer(text)):  # a match without a number is passed over
        assert numbers._KO_NEEDS[scan].search(text), text


@settings(max_examples=400, deadline=None)
@given(_texts(KOREAN))
@example("3천 명과 세 명, 10%")
def test_korean_numbers_with_the_quick_tests_equal_the_full_scans(text: str) -> None:
    found = find_korean_numbers(text)
    saved = dict(numbers._KO_NEEDS)
    numbers._KO_NEEDS.update({scan: re.compile("") for scan in saved})
    try:
        full = find_korean_numbers(text)
    finally:
        numbers._KO_NEEDS.update(saved)
    assert found == full


@settings(max_examples=400, deadline=None)
@given(_texts(ENGLISH))
@example("March 5, two people, the first")
@example("the \u017fixth 5")
def test_english_numbers_with_the_quick_tests_equal_the_full_scans(text: str) -> None:
    found = find_english_numbers(text)
    saved = numbers._english_scans
    numbers._english_scans = lambda text: (True, True, True)  # type: ignore[assignment]
    try:
        full = find_english_numbers(text)
    finally:
        numbers._english_scans = saved  # type: ignore[assignment]
    assert found == full


@settings(max_examples=300, deadline=None)
@given(_texts([w for w in ENGLISH if w.isascii()]))
def test_an_english_scan_that_matches_ascii_text_is_never_skipped(text: str) -> None:
    """On ASCII text each quick test is a superset of its scan's matches, not only of the numbers read."""
    wanted = numbers._english_scans(text)
    for scan, runs in zip((numbers._EN_NUMBER, numbers._EN_ORDINAL, numbers._EN_MONTH), wanted, strict=True):
        if scan.search(text):
            assert runs, (scan.pattern[:40], text)


@pytest.mark.parametrize("text", ["the \u017fixth 5", "the f\u0131rst of 5", "F\u0130RST 5"])
def test_an_ordinal_with_a_look_alike_letter_is_no_ordinal(text: str) -> None:
    """Matching without case lets ſixth and fırst through; they are not ordinals (they used to raise KeyError)."""
    assert [n.value for n in find_english_numbers(text)] == [5]


@settings(max_examples=500, deadline=None)
@given(_texts(KOREAN + ["1", "2.5", ",", ".", "3,000", "12.", "0", "억", "천", "만", "년"]))
@example("1,000,000원, 3.5%와 2,5명.6")
@example("12,34 5.6.7")
def test_the_arabic_scan_from_digits_equals_the_scan(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    found = [(m.span(), m.groups()) for m in numbers._from_digits(numbers._KO_ARABIC, text)]
    assert found == [(m.span(), m.groups()) for m in numbers._KO_ARABIC.finditer(text)]
