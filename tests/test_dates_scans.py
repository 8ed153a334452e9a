"""The time scans' quick tests (`dates._NEEDS`) never skip a text the scan would find something in.

Each scan of `workflow.text.dates` runs only where a cheap search finds what it
cannot match without; these properties hold that search against the scan on
texts made of the scans' own vocabulary, look-alike letters that matching
without case treats specially (Kelvin K, long s, dotted and dotless i) and
digits of other scripts included.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow.text import dates
from workflow.text.dates import ArticleDate

WORDS = [
    "year", "Years", "YEAR", "decade", "Decades", "DECADE", "ago", "earlier", "before", "this", "last", "next",
    "the previous", "the following", "the past", "month", "Months", "MONTH", "week", "WEEKS", "wee\u212a", "day",
    "Days", "DAY", "century", "CENTURY", "centuries", "half a", "a couple of", "a few", "several", "two", "twelve",
    "and a half", "early", "mid", "late", "the end of", "January", "Jan.", "Sept.", "Sep.", "March", "May", "Dec.",
    "Monday", "Sundays", "monday", "3", "15", "2008", "1.5", "\uff13", "\u0663", "\u212a", "\u017f", "\u0130", "\u0131",
    "올해", "금년", "올 한 해", "지난해", "지난 해", "작년", "재작년", "내년", "년", "전", "지난달", "지난 달", "이달",
    "이번 달", "다음달", "월", "일", "초", "상순", "중순", "하순", "말", "요일", "월요일", "(월)", "(", ")", "반",
    "반년", "반세기", "개월", "주", "동안", "만에", "째", "-", " ", ",", ".",
]
TEXTS = st.lists(st.sampled_from(WORDS), max_size=12).map("".join) | st.lists(st.sampled_from(WORDS), max_size=12).map(
    " ".join)
DAYS = st.sampled_from([None, ArticleDate(2008, None), ArticleDate(2008, 3)])


def _searched(pattern: re.Pattern[str], text: str) -> str:
    return text.lower() if pattern.flags & re.IGNORECASE else text


@settings(max_examples=400, deadline=None)
@given(TEXTS)
@example("2 wee\u212as")
@example("3년 전")
@example("\uff13개월")
@example("27일(월)")
@example("재작년")
def test_a_scan_that_finds_something_is_never_skipped(text: str) -> None:
    for scan, needs in dates._NEEDS.items():
        if scan.search(text):
            assert needs.search(_searched(scan, text)), (scan.pattern[:40], text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, DAYS)
def test_times_with_the_quick_tests_equal_the_full_scans(text: str, day: ArticleDate | None) -> None:
    found = dates.english_times(text, day), dates.korean_times(text, day)
    everything = {scan: re.compile("") for scan in dates._NEEDS}
    saved = dict(dates._NEEDS)
    dates._NEEDS.update(everything)
    try:
        full = (list(dates._english_times.__wrapped__(text, day)), list(dates._korean_times.__wrapped__(text, day)))
    finally:
        dates._NEEDS.update(saved)
    assert found == full


def test_times_are_fresh_lists_each_call() -> None:
    """The times are remembered per text; each caller still gets its own list."""
    first = dates.english_times("two years ago, in March", ArticleDate(2008, None))
    first.clear()
    assert dates.english_times("two years ago, in March", ArticleDate(2008, None))


@pytest.mark.parametrize("text", ["thi\u017f year", "la\u017ft month", "two year\u017f", "three day\u017f"])
def test_a_time_word_with_a_look_alike_letter_states_no_time(text: str) -> None:
    """Matching without case lets thiſ and yearſ through the scans; they are no times (they used to raise KeyError)."""
    assert dates.english_times(text, ArticleDate(2008, 3)) == []
