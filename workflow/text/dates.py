"""Times a news text states in words: relative years and months, months, parts of months, weekdays, spans.

Translators render time as a reader of the English needs it: 지난해 in a story
of 2008 is "2007" or "last year", 2006년 is "two years ago", 1년 is "12
months", 10년 "a decade", 3월 하순 "late March", 27일(월) "Monday". The number
and date checks read both languages through this module, so that such
renderings agree and a real change (지난 1월 ↔ "in March") does not.

Relative expressions resolve against the article's date (`article_date`): the
date the source states (`date`), else when the desk received it, else when it
was first recorded. Months (지난달, "last month") resolve only against a date
the source states with its month.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Mapping
from functools import lru_cache

from workflow.text.numbers import parse_english_number

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

DAYS_PER_MONTH = 365.25 / 12
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
KO_MONTH_PARTS = {"early": "초", "mid": "중순", "late": "말"}


class ArticleDate(namedtuple("ArticleDate", "year month")):
    """The article's year, and its month when known."""

    __slots__ = ()
    year: int
    month: int | None

    def back(self, months: int) -> int | None:
        """The month (1-12) `months` months before the article's month (None when the month is not known)."""
        if self.month is None:
            return None
        return (self.year * 12 + self.month - 1 - months) % 12 + 1


class Time(namedtuple("Time", "kind value start end text")):
    """A time a text states: what kind, its value, where, and the words.

    Kinds: `year` (a calendar year a relative expression resolves to),
    `ago` (years back, resolved or not), `month` (1-12), `part` ((month,
    early|mid|late)), `weekday` (0 = Monday), `months` (a span, in months).
    """

    __slots__ = ()
    kind: str
    value: Any
    start: int
    end: int
    text: str


def article_date(meta: Mapping[str, object], first_event_at: str | None = None) -> ArticleDate | None:
    """The article's own date: the source's `date`, else the year it was received, else the year first recorded.

    A month comes only from the source's own date: when the desk received a
    story is near enough for its year, not for its month (a story of 31 August
    received on 1 September would move 지난달 by one).
    """
    own = meta.get("date")
    if isinstance(own, str):
        match = re.match(r"(\d{4})(?:-(\d{2}))?", own)
        if match and (match.group(2) is None or 1 <= int(match.group(2)) <= 12):
            return ArticleDate(int(match.group(1)), int(match.group(2)) if match.group(2) else None)
    for value in (meta.get("received_at"), first_event_at):
        if isinstance(value, str) and re.match(r"\d{4}", value):
            return ArticleDate(int(value[:4]), None)
    return None


# --- Korean ------------------------------------------------------------------------------------------

_KO_YEARS_BACK = {"올해": 0, "금년": 0, "올한해": 0, "지난해": 1, "작년": 1, "재작년": 2, "내년": -1}
_KO_REL_YEAR = re.compile(r"올해|금년|올 한 해|지난\s?해|작년|재작년|내년|(?<![\d.,])(\d{1,2})\s?년\s?전")
_KO_MONTHS_BACK = {"지난달": 1, "이달": 0, "이번달": 0, "다음달": -1}
_KO_REL_MONTH = re.compile(r"지난\s?달|이달|이번\s?달|다음\s?달")
_KO_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\s?월(?!드)(?:\s?(\d{1,2})\s?일)?(?:\s?(초|상순|중순|하순|말))?")
_KO_PARTS = {"초": "early", "상순": "early", "중순": "mid", "하순": "late", "말": "late"}
_KO_WEEKDAYS = "월화수목금토일"
_KO_WEEKDAY = re.compile(rf"([{_KO_WEEKDAYS}])요일|(?<=일)\s?\(([{_KO_WEEKDAYS}])\)")
_KO_SPAN = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d)?)\s?(년|개월|주|일)(\s?반)?(?!\s?(?:전|\d))"
                      r"|반년|반세기")
# Months per unit; a day counts as a span only before 동안, 간, 만에 or 째 (15일 alone is a date).
_KO_PER = {"년": 12.0, "개월": 1.0, "주": 7 / DAYS_PER_MONTH, "일": 1 / DAYS_PER_MONTH}
_KO_DAY_SPAN = re.compile(r"\s?(?:동안|간|만에|째)")


def korean_times(text: str, day: ArticleDate | None) -> list[Time]:
    """Every time the Korean states; relative ones are resolved against `day` when it is known."""
    return list(_korean_times(text, day))


@lru_cache(maxsize=256)  # the number and date rules both read a unit's times: computed once per article's units
def _korean_times(text: str, day: ArticleDate | None) -> tuple[Time, ...]:
    found: list[Time] = []
    for m in _KO_REL_YEAR.finditer(text) if _NEEDS[_KO_REL_YEAR].search(text) else ():
        back = int(m.group(1)) if m.group(1) else _KO_YEARS_BACK[re.sub(r"\s", "", m.group())]
        found.append(Time("ago", back, m.start(), m.end(), m.group()))
        if day is not None:
            found.append(Time("year", day.year - back, m.start(), m.end(), m.group()))
    for m in _KO_REL_MONTH.finditer(text) if _NEEDS[_KO_REL_MONTH].search(text) else ():
        month = day.back(_KO_MONTHS_BACK[re.sub(r"\s", "", m.group())]) if day is not None else None
        if month is not None:
            found.append(Time("month", month, m.start(), m.end(), m.group()))
    for m in _KO_MONTH.finditer(text) if _NEEDS[_KO_MONTH].search(text) else ():
        month = int(m.group(1))
        if not 1 <= month <= 12 or text[max(0, m.start() - 1) : m.start()] == "개":
            continue
        found.append(Time("month", month, m.start(), m.end(), m.group()))
        if m.group(3) and not m.group(2):
            found.append(Time("part", (month, _KO_PARTS[m.group(3)]), m.start(), m.end(), m.group()))
    for m in _KO_WEEKDAY.finditer(text) if _NEEDS[_KO_WEEKDAY].search(text) else ():
        found.append(Time("weekday", _KO_WEEKDAYS.index(m.group(1) or m.group(2)), m.start(), m.end(), m.group()))
    for m in _KO_SPAN.finditer(text) if _NEEDS[_KO_SPAN].search(text) else ():
        months = _korean_span(text, m)
        if months is not None:
            found.append(Time("months", months, m.start(), m.end(), m.group()))
    return tuple(found)


def _korean_span(text: str, m: re.Match[str]) -> float | None:
    """A span of time in months: 1년 = 12, 3개월 = 3, 반년 = 6, 2년 반 = 30, 10년 = 120, 15일 동안 = half a month;
    a calendar year (2008년) or a day of the month (15일) is none."""
    whole = m.group()
    if whole in ("반년", "반세기"):
        return 6.0 if whole == "반년" else 600.0
    value, per = float(m.group(1)), _KO_PER[m.group(2)]
    if m.group(2) == "년" and value >= 200:
        return None  # 2008년: a year of the calendar
    if m.group(2) == "일" and not _KO_DAY_SPAN.match(text, m.end()):
        return None
    return value * per + (per / 2 if m.group(3) else 0)


# --- English -----------------------------------------------------------------------------------------

_AMOUNT = (r"\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
           r"twenty|thirty|forty|fifty|a\s+couple(?:\s+of)?|a\s+few|several|half\s+a")
_VAGUE = {"a couple": (2, 3), "a couple of": (2, 3), "a few": (2, 3, 4, 5), "several": (2, 3, 4, 5, 6, 7)}
_EN_YEARS_BACK = {"this": 0, "last": 1, "next": -1, "the previous": 1, "the following": -1, "the past": 1}
_EN_REL_YEAR = re.compile(
    rf"\b(this|last|next|the\s+previous|the\s+following|the\s+past)\s+year\b"
    rf"|(?<![\d.,])\b({_AMOUNT})[\s-]+(years?|decades?)\s+(?:ago|earlier|before)\b"
    r"|\ba\s+decade\s+(?:ago|earlier|before)\b",
    re.IGNORECASE)
_EN_MONTHS_BACK = {"this": 0, "last": 1, "next": -1, "the previous": 1}
_EN_REL_MONTH = re.compile(r"\b(this|last|next|the\s+previous)\s+month\b", re.IGNORECASE)
_MONTH_NAME = "|".join(MONTHS) + r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
_EN_PARTS = {"early": "early", "the beginning of": "early", "the start of": "early", "mid": "mid",
             "the middle of": "mid", "late": "late", "the end of": "late"}
_EN_MONTH = re.compile(
    rf"(?:\b(early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of)[\s-]+)?"
    rf"\b({_MONTH_NAME})(?![\w])(?!\s+(?:be|have|not|I|we|you|he|she|it|they)\b)")
_EN_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})s?\b")
_EN_PER = {"year": 12.0, "month": 1.0, "week": 7 / DAYS_PER_MONTH, "day": 1 / DAYS_PER_MONTH, "decade": 120.0,
           "century": 1200.0}
_EN_SPAN = re.compile(
    rf"(?<![\d.,])\b({_AMOUNT})[\s-]+(years?|months?|weeks?|days?|decades?)(\s+and\s+a\s+half)?\b"
    r"(?![\s-]+(?:ago|earlier|before|old)\b)|\b(?:a|one)\s+(year|decade)\s+and\s+a\s+half\b|\bhalf\s+a\s+(century)\b",
    re.IGNORECASE)


def _amount(words: str) -> float | None:
    words = re.sub(r"\s+", " ", words.lower())
    if words in ("a", "an"):
        return 1.0
    if words == "half a":
        return 0.5
    if words in _VAGUE:
        return float(_VAGUE[words][0])
    value = parse_english_number(words)
    return float(value) if value is not None else None


def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.rstrip("s")


def english_times(text: str, day: ArticleDate | None) -> list[Time]:
    """Every time the English states; relative ones are resolved against `day` when it is known.

    "N years ago" may be N or N+1 calendar years back (two years ago, in 2008,
    may be late 2005); "a couple of years ago" is two or three.
    """
    return list(_english_times(text, day))


@lru_cache(maxsize=256)
def _english_times(text: str, day: ArticleDate | None) -> tuple[Time, ...]:
    found: list[Time] = []
    lowered = text.lower()
    for m in _EN_REL_YEAR.finditer(text) if _NEEDS[_EN_REL_YEAR].search(lowered) else ():
        if m.group(1):
            backs: tuple[float, ...] = (_EN_YEARS_BACK[re.sub(r"\s+", " ", m.group(1).lower())],)
        elif m.group(2):
            words = re.sub(r"\s+", " ", m.group(2).lower())
            per = 10 if _unit(m.group(3)) == "decade" else 1
            amounts = _VAGUE.get(words) or ((_amount(words),) if _amount(words) is not None else ())
            backs = tuple(b for a in amounts if a is not None for b in (a * per, a * per + 1))
        else:
            backs = (10, 11)
        if not backs:
            continue
        found.append(Time("ago", backs[0], m.start(), m.end(), m.group()))
        if day is not None:
            found.extend(Time("year", int(day.year - b), m.start(), m.end(), m.group()) for b in backs)
    for m in _EN_REL_MONTH.finditer(text) if _NEEDS[_EN_REL_MONTH].search(lowered) else ():
        month = day.back(_EN_MONTHS_BACK[re.sub(r"\s+", " ", m.group(1).lower())]) if day is not None else None
        if month is not None:
            found.append(Time("month", month, m.start(), m.end(), m.group()))
    for m in _EN_MONTH.finditer(text) if _NEEDS[_EN_MONTH].search(text) else ():
        name = m.group(2).rstrip(".")
        month = next(i for i, full in enumerate(MONTHS, start=1) if full.startswith(name[:3]))
        found.append(Time("month", month, m.start(2), m.end(2), m.group(2)))
        if m.group(1):
            part = _EN_PARTS[re.sub(r"\s+", " ", m.group(1).lower())]
            found.append(Time("part", (month, part), m.start(), m.end(), m.group()))
    for m in _EN_WEEKDAY.finditer(text) if _NEEDS[_EN_WEEKDAY].search(text) else ():
        found.append(Time("weekday", WEEKDAYS.index(m.group(1)), m.start(), m.end(), m.group()))
    for m in _EN_SPAN.finditer(text) if _NEEDS[_EN_SPAN].search(lowered) else ():
        if m.group(4) or m.group(5):
            months = 1.5 * _EN_PER[_unit(m.group(4))] if m.group(4) else 0.5 * _EN_PER["century"]
            found.append(Time("months", months, m.start(), m.end(), m.group()))
            continue
        amount = _amount(m.group(1))
        if amount is not None:
            months = (amount + (0.5 if m.group(3) else 0)) * _EN_PER[_unit(m.group(2))]
            found.append(Time("months", months, m.start(), m.end(), m.group()))
    return tuple(found)


# What a scan cannot match without: it runs only where this is found in the text (or, for the scans that ignore
# case, in the text lowered), a search far cheaper than the scan. Each test is written out where its scan runs
# (a function call per scan cost more than most texts' scans). lower() keeps these words exact: none has a
# letter (i, s) that matching without case equates with a character lower() maps elsewhere.
# tests/test_dates_scans.py holds each against its scan.
_NEEDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _KO_REL_YEAR: re.compile(r"올해|금년|올 한 해|지난\s?해|작년|내년|년\s?전"),  # 재작년 holds 작년
    _KO_REL_MONTH: re.compile("달"),
    _KO_MONTH: re.compile("월"),
    _KO_WEEKDAY: re.compile(rf"요일|\([{_KO_WEEKDAYS}]\)"),
    _KO_SPAN: re.compile(r"반|\d"),
    _EN_REL_YEAR: re.compile("year|decade"),
    _EN_REL_MONTH: re.compile("month"),
    _EN_MONTH: re.compile("|".join(name[:3] for name in MONTHS)),  # every month's name and abbreviation
    _EN_WEEKDAY: re.compile("day"),
    _EN_SPAN: re.compile("year|month|week|day|decade|century"),
}
