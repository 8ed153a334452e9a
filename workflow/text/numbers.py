"""Read the numbers a Korean or English news text states, as exact values.

A number is the fact most likely to survive translation unchanged, so the
aligner matches sentences on them and the number-consistency check compares them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Literal

    Unit = Literal["percent", "usd", "won", "year", "month", "day", "people", "count", "age"]


class Number(namedtuple("Number", "value unit start end")):
    """A number stated in a text: its exact value, its unit if any, and where it is.

    A named tuple rather than a dataclass: dataclasses imports inspect, about 10 ms of every cold check's start.
    """

    __slots__ = ()
    value: Decimal
    unit: Unit | None
    start: int
    end: int


# --- shared -------------------------------------------------------------------

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _decimal(digits: str) -> Decimal:
    """Digits with thousands commas and an optional decimal part, as an exact value."""
    return Decimal(digits.replace(",", ""))


def _exact(value: Decimal) -> Decimal:
    """A plain form of the value: 110000000 rather than 1.1E+8, 12.5 rather than 12.50."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


# --- Korean ---------------------------------------------------------------------

_SINO_DIGITS = {"영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
_LARGE_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}

# Native numerals are words only before a counter: 세 명, 두 번, 스물다섯 살.
_NATIVE_TENS = {
    "열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90,
}
_NATIVE_ONES = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
}
# Short counters that also begin common words (대통령, 장관, 주민) are left out.
_NATIVE_COUNTERS = "명|사람|개국|개|마리|가지|번(?![역호지])|차례|살|곳|척|시간|달|권|군데|가구|나라"

# Counters and units after a Sino or Arabic number, longest first.
_KO_UNITS: tuple[tuple[str, Unit], ...] = (
    ("%포인트", "percent"), ("퍼센트", "percent"), ("%", "percent"), ("％", "percent"), ("프로", "percent"),
    ("달러", "usd"), ("불", "usd"), ("원", "won"),
    ("년", "year"), ("개월", "count"), ("월", "month"), ("일", "day"),
    ("명", "people"), ("세", "age"), ("살", "age"),
    ("개국", "count"), ("개", "count"), ("건", "count"), ("번", "count"), ("차례", "count"),
    ("대", "count"), ("척", "count"), ("곳", "count"), ("가지", "count"), ("마리", "count"),
)
_KO_UNIT_RE = "|".join(re.escape(text) for text, _ in _KO_UNITS)
_KO_UNIT_OF = dict(_KO_UNITS)

_MAGNITUDE = "십백천만억조경"
_SINO_NUMBER = rf"[일이삼사오육칠팔구]?[{_MAGNITUDE}](?:[일이삼사오육칠팔구]?[{_MAGNITUDE}])*[일이삼사오육칠팔구]?"
# 1억1천만, 12조3천억, 3천500, 1억 2천만: digit groups joined by magnitudes.
_ARABIC_NUMBER = rf"(?:{_DIGITS})(?:[{_MAGNITUDE}]+(?:\s?(?:{_DIGITS})[{_MAGNITUDE}]+)*(?:{_DIGITS})?)?"

_KO_ARABIC = re.compile(rf"(?<![\d.,])({_ARABIC_NUMBER})\s?({_KO_UNIT_RE})?")
# A number in Hangul alone is a word only before a unit: 천 명, 삼십 개, 백만 달러.
_KO_SINO = re.compile(rf"(?<![가-힣])({_SINO_NUMBER})\s?({_KO_UNIT_RE})")
_KO_NATIVE = re.compile(
    rf"(?<![가-힣])((?:{'|'.join(_NATIVE_TENS)})?(?:{'|'.join(sorted(_NATIVE_ONES, key=len, reverse=True))})?)"
    rf"\s?({_NATIVE_COUNTERS})"
)
# "several thousand", "tens of thousands": a magnitude that states no number.
_VAGUE_PREFIX = ("수", "몇", "여러", "수십", "수백", "수천")
# Compiled once: these run for every number of every unit.
_SPACE_AFTER_MAGNITUDE = re.compile(rf"(?<=[{_MAGNITUDE}])\s+")
_KO_TOKEN = re.compile(rf"{_DIGITS}|[{_MAGNITUDE}]|[영공일이삼사오육칠팔구]|.")
_EN_NUMBER_WORD = re.compile(rf"{_DIGITS}|[a-z]+")
_SPACES = re.compile(r"\s+")
# What each Korean scan cannot match without (a number of its kind): the scan runs only where a search far
# cheaper than it finds this. tests/test_numbers_scans.py holds each against its scan.
_A_DIGIT = re.compile(r"\d")
_KO_NEEDS = {
    _KO_ARABIC: _A_DIGIT,
    _KO_SINO: re.compile(rf"[{_MAGNITUDE}][일이삼사오육칠팔구]?\s?(?:{_KO_UNIT_RE})"),  # a Sino number ends so
    _KO_NATIVE: re.compile(rf"(?:{'|'.join([*_NATIVE_TENS, *_NATIVE_ONES])})\s?(?:{_NATIVE_COUNTERS})"),
}


@lru_cache(maxsize=1024)  # the same few numbers (1, 2008, 3천) recur in every article: each is parsed once
def parse_korean_number(text: str) -> Decimal | None:
    """The value of a Korean number such as 1억1천만, 12조3천억, 3천500, 삼십, 스물다섯.

    Returns None when `text` is not a number on its own (a counter or word
    around it must be removed first).
    """
    # A space may follow a magnitude (1억 2천만) but never splits digits (3 4).
    text = _SPACE_AFTER_MAGNITUDE.sub("", unicodedata.normalize("NFC", text).strip())
    if not text:
        return None
    native = _parse_native(text)
    if native is not None:
        return Decimal(native)
    tokens = _KO_TOKEN.findall(text)
    total, section, current = Decimal(0), Decimal(0), None
    for token in tokens:
        if token in _SMALL_UNITS:
            section += (current if current is not None else 1) * _SMALL_UNITS[token]
            current = None
        elif token in _LARGE_UNITS:
            section += current if current is not None else 0
            total += (section or 1) * _LARGE_UNITS[token]
            section, current = Decimal(0), None
        elif token in _SINO_DIGITS and current is None:
            current = Decimal(_SINO_DIGITS[token])
        elif token[0].isdigit() and current is None:
            try:
                current = _decimal(token)
            except InvalidOperation:
                return None
        else:
            return None
    return _exact(total + section + (current if current is not None else 0))


def _parse_native(text: str) -> int | None:
    """The value of a native Korean numeral (하나, 세, 열다섯, 스무), else None."""
    for tens_word, tens in [("", 0), *_NATIVE_TENS.items()]:
        if not text.startswith(tens_word):
            continue
        rest = text[len(tens_word) :]
        if not rest and tens:
            return tens
        if rest in _NATIVE_ONES:
            return tens + _NATIVE_ONES[rest]
    return None


def find_korean_numbers(text: str) -> tuple[Number, ...]:
    """Every number a Korean text states, in order, with its unit where one follows.

    Vague magnitudes (수천 명, "thousands") and Hangul words that merely look
    like digits (이 "this", 일 "work") are not numbers.
    """
    text = unicodedata.normalize("NFC", text)
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for pattern, needs in _KO_NEEDS.items():
        if not needs.search(text):
            continue
        for match in _from_digits(pattern, text) if pattern is _KO_ARABIC else pattern.finditer(text):
            start, end = match.span()
            if not match.group(1) or any(s < end and start < e for s, e in taken):
                continue
            if pattern is not _KO_ARABIC and text.endswith(_VAGUE_PREFIX, 0, start):
                continue
            value = parse_korean_number(match.group(1))
            if value is None:
                continue
            unit = _KO_UNIT_OF.get(match.group(2) or "") if pattern is not _KO_NATIVE else _native_unit(match.group(2))
            taken.append((start, end))
            found.append(Number(value, unit, start, end))
    return tuple(sorted(found, key=lambda number: number.start))


def _from_digits(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match starts with a digit: tried only at digits.

    The pattern's own scan tries every position (a leading lookbehind keeps the
    engine from skipping ahead); a search for the next digit is far quicker, and
    a lookbehind still sees the text before the position it is tried at.
    """
    pos = 0
    while (digit := _A_DIGIT.search(text, pos)) is not None:
        match = pattern.match(text, digit.start())
        if match is None:
            pos = digit.start() + 1
        else:
            yield match
            pos = match.end()  # never empty: it starts with a digit


def _native_unit(counter: str) -> Unit:
    """The unit a counter after a native numeral stands for."""
    return "people" if counter in ("명", "사람") else "age" if counter == "살" else "count"


# --- English --------------------------------------------------------------------

_EN_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# Ordinals: "the second attack" is 2번째 공격 in Korean.
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_EN_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_MONTHS = {
    name: index
    for index, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
         "july jul", "august aug", "september sep sept", "october oct", "november nov",
         "december dec"),
        start=1,
    )
    for name in names.split()
}

_EN_WORD = "|".join(sorted([*_EN_ONES, *_EN_TENS], key=len, reverse=True))
_EN_SCALE = "|".join(_EN_SCALES)
_EN_SPELLED = rf"(?:{_EN_WORD})(?:[\s-](?:{_EN_WORD}|{_EN_SCALE}|and))*"
_EN_NUMBER = re.compile(
    rf"(?<![\w.,$])(\$|US\$|USD\s?|₩)?\s?"
    rf"((?:{_DIGITS})(?:\s(?:{_EN_SCALE}))*|\b(?:{_EN_SPELLED})\b)"
    rf"(?:\s?(%|percent\b|per\scent\b|percentage\spoints?\b|dollars?\b|won\b|"
    rf"people\b|persons?\b|years?\b|-year\b))?",
    re.IGNORECASE,
)
_EN_ORDINAL = re.compile(rf"\b({'|'.join(_EN_ORDINALS)})\b", re.IGNORECASE)
_EN_MONTH_NAMES = "|".join(name.capitalize() for name in _EN_MONTHS)
_EN_MONTH = re.compile(rf"\b({_EN_MONTH_NAMES})\b\.?(?=\s+\d{{1,2}}\b|\s+\d{{4}}\b|,?\s+\d{{4}})")
_EN_UNITS: dict[str, Unit] = {
    "$": "usd", "us$": "usd", "usd": "usd", "₩": "won", "%": "percent", "percent": "percent",
    "per cent": "percent", "percentage point": "percent", "percentage points": "percent",
    "dollar": "usd", "dollars": "usd", "won": "won", "people": "people", "person": "people",
    "persons": "people", "year": "year", "years": "year", "-year": "year",
}


@lru_cache(maxsize=1024)
def parse_english_number(text: str) -> Decimal | None:
    """The value of an English number such as 1,200, 12.3 trillion, twenty-five, three hundred.

    Returns None when `text` is not a number on its own.
    """
    words = _EN_NUMBER_WORD.findall(text.lower())
    if not words:
        return None
    total = Decimal(0)
    group: Decimal | int | None = None
    for word in words:
        if word[0].isdigit():
            if group is not None:
                return None
            group = _decimal(word)
        elif word in _EN_ONES or word in _EN_TENS:
            value = _EN_ONES.get(word, _EN_TENS.get(word, 0))
            group = (group or 0) + value
        elif word in _EN_SCALES:
            scale = _EN_SCALES[word]
            group = (group if group is not None else Decimal(1)) * scale
            if scale > 100:
                total, group = total + group, None
        elif word != "and":
            return None
    return _exact(total + (group or 0))


_EN_SPELLED_START = frozenset([*_EN_ONES, *_EN_TENS])  # a spelled-out number starts with one of these
_LATIN_WORD = re.compile(r"[a-z]+")
_ANY_DIGIT = re.compile(r"\d")


def _english_scans(text: str) -> tuple[bool, bool, bool]:
    """Which of the number, ordinal and month scans can read a number in `text`: a quick superset test each.

    A number starts with a digit or with a number word standing alone, an
    ordinal or a month is such a word: each scan runs only where the text has
    one (a word with a look-alike letter that matching without case lets
    through, ſix or fırst, is read as no number by any scan).
    tests/test_numbers_scans.py holds the result against every scan run on every text.
    """
    words = frozenset(_LATIN_WORD.findall(text.lower()))
    return (bool(_ANY_DIGIT.search(text)) or not words.isdisjoint(_EN_SPELLED_START),
            not words.isdisjoint(_EN_ORDINALS), not words.isdisjoint(_EN_MONTHS))


def find_english_numbers(text: str) -> tuple[Number, ...]:
    """Every number an English text states, in order: digits, spelled-out numbers, months.

    "$110 million" is 110000000 dollars, "12.3 trillion" is 12300000000000, and
    a month name before a day or year ("March 5") is the month's number.
    """
    text = unicodedata.normalize("NFC", text)
    numbers, ordinals, months = _english_scans(text)
    found: list[Number] = []
    for match in _EN_NUMBER.finditer(text) if numbers else ():
        value = parse_english_number(match.group(2))
        if value is None:
            continue
        sign = (match.group(1) or "").strip().lower()
        after = _SPACES.sub(" ", (match.group(3) or "").lower())
        unit = _EN_UNITS.get(sign) or _EN_UNITS.get(after)
        if unit is None and match.group(2).isdigit() and len(match.group(2)) == 4 and 1000 < value < 2200:
            unit = "year"
        end = match.end() if match.group(3) else match.end(2)
        found.append(Number(value, unit, match.start(1) if match.group(1) else match.start(2), end))
    for match in _EN_ORDINAL.finditer(text) if ordinals else ():
        ordinal = _EN_ORDINALS.get(match.group(1).lower())
        if ordinal is not None:  # None: a look-alike letter matched without case (ſixth, fırst)
            found.append(Number(Decimal(ordinal), None, *match.span(1)))
    for match in _EN_MONTH.finditer(text) if months else ():
        found.append(Number(Decimal(_EN_MONTHS[match.group(1).lower()]), "month", *match.span(1)))
    return tuple(sorted(found, key=lambda number: number.start))
