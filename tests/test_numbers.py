"""Reading numbers out of Korean and English news text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.text.numbers import (
    find_english_numbers,
    find_korean_numbers,
    parse_english_number,
    parse_korean_number,
)

KOREAN_VALUES = [
    ("1억1천만", 110_000_000),
    ("12조3천억", 12_300_000_000_000),
    ("1억 2천만", 120_000_000),
    ("3천500", 3_500),
    ("2,000", 2_000),
    ("3", 3),
    ("3.5", Decimal("3.5")),
    ("20만", 200_000),
    ("만", 10_000),
    ("삼십", 30),
    ("이천이십", 2_020),
    ("세", 3),
    ("스물다섯", 25),
    ("열두", 12),
]


@pytest.mark.parametrize(("text", "value"), KOREAN_VALUES, ids=[text for text, _ in KOREAN_VALUES])
def test_parse_korean_number(text, value):
    assert parse_korean_number(text) == value


@pytest.mark.parametrize("text", ["", "사과", "1억 사과", "3 4"], ids=["empty", "word", "trailing-word", "two-numbers"])
def test_parse_korean_number_rejects_non_numbers(text):
    assert parse_korean_number(text) is None


KOREAN_FINDS = [
    ("money-with-magnitudes", "정부는 1억1천만 달러를 지원했다.", [(110_000_000, "usd", "1억1천만 달러")]),
    ("trillions", "초당 12조3천억 번 계산한다.", [(12_300_000_000_000, "count", "12조3천억 번")]),
    ("people-arabic", "3명이 다쳤다.", [(3, "people", "3명")]),
    ("people-native", "세 명이 다쳤다.", [(3, "people", "세 명")]),
    ("people-native-tens", "열두 명이 모였다.", [(12, "people", "열두 명")]),
    ("people-sino-hangul", "천 명이 모였다.", [(1_000, "people", "천 명")]),
    ("year", "1992년에 중단했다.", [(1992, "year", "1992년")]),
    ("percent", "지지율은 50%였다.", [(50, "percent", "50%")]),
    ("percent-word", "물가가 3.5퍼센트 올랐다.", [(Decimal("3.5"), "percent", "3.5퍼센트")]),
    ("thousands-comma", "상자 2,000개를 보냈다.", [(2_000, "count", "2,000개")]),
    ("won", "5천억 원을 들였다.", [(500_000_000_000, "won", "5천억 원")]),
    ("date", "3월 5일 발표했다.", [(3, "month", "3월"), (5, "day", "5일")]),
    ("ordinal", "이번이 2번째다.", [(2, "count", "2번")]),
    ("vague-thousands", "수천 명이 모였다.", []),
    ("hangul-that-is-not-a-number", "이 회사는 일을 사랑한다.", []),
    ("native-without-counter", "한 남성이 세계를 돌았다.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in KOREAN_FINDS], ids=[case[0] for case in KOREAN_FINDS]
)
def test_find_korean_numbers(text, expected):
    found = find_korean_numbers(text)
    assert [(n.value, n.unit, text[n.start : n.end]) for n in found] == expected


ENGLISH_VALUES = [
    ("110 million", 110_000_000),
    ("12.3 trillion", 12_300_000_000_000),
    ("1,200", 1_200),
    ("three", 3),
    ("twenty-five", 25),
    ("three hundred", 300),
    ("one hundred and five", 105),
    ("two million five hundred thousand", 2_500_000),
]


@pytest.mark.parametrize(("text", "value"), ENGLISH_VALUES, ids=[text for text, _ in ENGLISH_VALUES])
def test_parse_english_number(text, value):
    assert parse_english_number(text) == value


@pytest.mark.parametrize("text", ["", "a lot", "3 4"], ids=["empty", "words", "two-numbers"])
def test_parse_english_number_rejects_non_numbers(text):
    assert parse_english_number(text) is None


ENGLISH_FINDS = [
    ("dollars-with-scale", "the $110 million machine", [(110_000_000, "usd", "$110 million")]),
    ("scale", "12.3 trillion calculations", [(12_300_000_000_000, None, "12.3 trillion")]),
    ("spelled-people", "three people died", [(3, "people", "three people")]),
    ("percent-word", "rose 50 percent", [(50, "percent", "50 percent")]),
    ("percent-sign", "rose 50%", [(50, "percent", "50%")]),
    ("year", "stopped in 1992.", [(1992, "year", "1992")]),
    ("thousands-comma", "1,200 won", [(1_200, "won", "1,200 won")]),
    ("month-and-day", "on March 5, officials said", [(3, "month", "March"), (5, None, "5")]),
    ("ordinal", "the second attack", [(2, None, "second")]),
    ("decimal-dollars", "5.5 billion dollars", [(5_500_000_000, "usd", "5.5 billion dollars")]),
    ("no-numbers", "Nothing to count here.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in ENGLISH_FINDS], ids=[case[0] for case in ENGLISH_FINDS]
)
def test_find_english_numbers(text, expected):
    found = find_english_numbers(text)
    assert [(n.value, n.unit, text[n.start : n.end]) for n in found] == expected


def test_korean_and_english_agree_on_a_translated_figure():
    korean = find_korean_numbers("이 1억1천만 달러짜리 컴퓨터는 초당 12조3천억 번 계산한다.")
    english = find_english_numbers("The $110 million computer performs 12.3 trillion calculations a second.")
    assert {n.value for n in korean} <= {n.value for n in english}


def _korean_groups(value: int, small_units: bool) -> str:
    """Write a number the way Korean news does: 1억2345만6789, or 1억2천345만6천789."""
    words = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4), ("", 1)):
        group, value = divmod(value, size)
        if not group:
            continue
        if small_units and group >= 1000:
            thousands, rest = divmod(group, 1000)
            words.append(f"{thousands}천{rest or ''}{unit}")
        else:
            words.append(f"{group}{unit}")
    return "".join(words) or "0"


@given(st.integers(min_value=0, max_value=10**16 - 1), st.booleans())
def test_korean_magnitudes_round_trip(value, small_units):
    assert parse_korean_number(_korean_groups(value, small_units)) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_english_thousands_separators_round_trip(value):
    assert parse_english_number(f"{value:,}") == value
    assert [n.value for n in find_english_numbers(f"about {value:,} units")] == [value]
