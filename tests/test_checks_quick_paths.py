"""The number and date rules' quick paths give what the full comparison gives.

BL201 reads a unit's English only where its Korean states a number that
could be paired (`mismatches`); BL202 reads the English's times only where
the Korean states a month, weekday or part of a month (`time_conflicts`).
These properties hold each quick path against the full comparison of both
sides, on texts made of numbers, dates, times, number words and measures of
both languages, look-alike letters and digits of other scripts included.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow.checks.rules import numbers as nr
from workflow.text.dates import ArticleDate, english_times, korean_times

WORDS = [
    # Korean numbers, units, dates and times
    "15명", "16명", "3월 5일", "3월", "5일", "27일", "27일(월)", "월요일", "1억1천만 달러", "12조3천억", "3천500",
    "천 명", "삼십 개", "세 명", "스물다섯 살", "20여 명", "수십 명", "2006년", "2008년", "1년", "10년", "3개월",
    "반년", "반세기", "2년 반", "15일 동안", "지난해", "올해", "작년", "재작년", "내년", "3년 전", "지난달", "이달",
    "다음 달", "3월 하순", "3월 초", "상순", "50%", "5%포인트", "10km", "3kg", "100원", "5배", "6·25", "6-3", "12:26",
    "제3", "2006.04", "사망자는", "발표했다", "구조대", "이번", "삼성", "하지만", "만나", "한국", "세계",
    # English numbers, dates and times
    "16 people", "15", "16", "March 5", "5 March", "March 6", "in March", "Monday", "Tuesday", "$110 million",
    "$50bn", "12.3 trillion", "3,500", "1,000 people", "thirty", "three", "twenty-five", "25-year-old",
    "more than 20", "dozens", "2006", "2007", "two years ago", "a decade ago", "a year", "12 months",
    "six months", "two and a half years", "a decade", "half a century", "half a month", "last year",
    "last month", "next month", "late March", "early March", "the end of March", "50 percent", "5 percentage points",
    "10 km", "6 miles", "3 kg", "first", "second", "Jan.", "Sept.", "May", "may", "ſix", "ſeven", "\u212a",
    "\uff13", "\u0663", "died", "announced", "the", "and",
    # glue
    " ", " ", ",", ".", "-", "(", ")",
]
TEXTS = st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join) | st.lists(
    st.sampled_from(WORDS), max_size=10).map("".join)
DAYS = st.sampled_from([None, ArticleDate(2008, None), ArticleDate(2008, 3)])
REPORTED = st.sampled_from([frozenset(), frozenset({3})])


def _full_mismatches(korean: str, english: str, day: ArticleDate | None) -> list[tuple[nr.Stated, nr.Stated]]:
    return nr._unmatched(nr._with_times(nr.korean_numbers(korean), korean_times(korean, day), day),
                         nr._with_times(nr.english_numbers(english), english_times(english, day), day))


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS, DAYS)
@example("사망자는 15명이다.", "16 people died.", None)
@example("27일 발표했다.", "announced on Monday, 16 people", None)
@example("2006년", "two years ago", ArticleDate(2008, None))
@example("1년", "18 months", None)
def test_number_mismatches_equal_the_full_comparison(korean: str, english: str, day: ArticleDate | None) -> None:
    assert nr.mismatches(korean, english, day) == _full_mismatches(korean, english, day)


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS, DAYS, REPORTED)
@example("지난 1월 발표했다.", "announced in March.", None, frozenset())
@example("3월 하순", "early March", None, frozenset())
@example("27일(월)", "on Tuesday", None, frozenset())
@example("지난달", "in May", ArticleDate(2008, 3), frozenset())
def test_time_conflicts_equal_the_full_comparison(korean: str, english: str, day: ArticleDate | None,
                                                  reported: frozenset[int]) -> None:
    full = nr._conflicts(korean_times(korean, day), english_times(english, day), reported)
    assert nr.time_conflicts(korean, english, day, reported) == full


def test_the_quick_paths_leave_findings_to_find() -> None:
    """The examples above are findings: the properties compare something, not only empty lists."""
    assert nr.mismatches("사망자는 15명이다.", "16 people died.")
    assert nr.mismatches("2006년", "three years ago", ArticleDate(2008, None))
    assert nr.time_conflicts("지난 1월 발표했다.", "announced in March.")
    assert nr.time_conflicts("지난달", "in May", ArticleDate(2008, 3))
