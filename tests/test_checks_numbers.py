"""Korean numeral normalisation as the number rules see it, and agreement with English renderings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.checks.rules.numbers import english_numbers, korean_dates, korean_numbers, mismatches


@pytest.mark.parametrize(
    ("korean", "value", "unit"),
    [
        ("1억1천만 달러", Decimal(110_000_000), "usd"),
        ("12조3천억 번", Decimal(12_300_000_000_000), "count"),
        ("3천500명", Decimal(3500), "people"),
        ("45%", Decimal(45), "percent"),
        ("2016년", Decimal(2016), "year"),
        ("세 명", Decimal(3), "people"),
        ("500억 달러", Decimal(50_000_000_000), "usd"),
    ],
    ids=["mixed-eok-cheonman", "jo-cheoneok", "cheon-digits", "percent", "year", "native-counter", "eok-dollars"],
)
def test_korean_values(korean: str, value: Decimal, unit: str) -> None:
    found = korean_numbers(f"이번에 {korean}이 발표됐다.")
    assert [(n.value, n.unit) for n in found] == [(value, unit)]


@pytest.mark.parametrize(
    "korean",
    ["긴급 구조대에 전화했다.", "이번 조사에서", "6.15 공동선언 기념식", "오전 7시 15분", "제2의 인생"],
    ids=["gujo-is-a-word", "ibeon-is-a-word", "date-name", "clock-time", "ordinal-prefix"],
)
def test_not_compared(korean: str) -> None:
    assert korean_numbers(korean) == []


@pytest.mark.parametrize(
    ("korean", "english", "agree"),
    [
        ("289km 떨어졌다", "180 miles away", True),
        ("2배로 늘었다", "it doubled", True),
        ("80km 떨어졌다", "90km away", False),
    ],
    ids=["converted-measure", "ratio-paraphrased", "same-measure-changed"],
)
def test_measures_compare_only_with_the_same_measure(korean: str, english: str, agree: bool) -> None:
    assert (mismatches(korean, english) == []) is agree


def test_english_scale_suffix() -> None:
    assert [n.value for n in english_numbers("more than $50bn in aid")] == [Decimal(50_000_000_000)]


def test_korean_dates() -> None:
    assert korean_dates("3월 5일과 12월 25일") == {(3, 5), (12, 25)}


def _korean(n: int) -> str:
    """n written the way Korean news writes large amounts: digit groups joined by 조, 억, 만."""
    parts = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        if n >= size:
            parts.append(f"{n // size}{unit}")
            n %= size
    if n:
        parts.append(str(n))
    return "".join(parts)


def _english(n: int) -> str:
    for word, size in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
        if n >= size and n % (size // 10) == 0:
            return f"${n / size:g} {word}"
    return f"${n:,}"


@given(st.integers(min_value=1, max_value=10**14 - 1))
def test_amounts_agree_with_their_english(n: int) -> None:
    assert mismatches(f"모두 {_korean(n)} 달러가 들었다.", f"It cost {_english(n)}.") == []


@given(st.integers(min_value=10, max_value=10**9))
def test_changed_amount_is_caught(n: int) -> None:
    assert mismatches(f"모두 {_korean(n)} 달러가 들었다.", f"It cost ${n + 1:,}.")
