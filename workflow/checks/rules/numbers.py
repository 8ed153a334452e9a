"""Which stated numbers the number and date rules compare, and when two of them agree.

`workflow.text.numbers` reads every number; translation legitimately converts
some (km → miles, 원 → dollars, 27일 → "Wednesday"), so only numbers a
translator keeps as they are take part, and "$50bn" counts as 50 billion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from workflow.text.numbers import find_english_numbers, find_korean_numbers

# Measures a translator converts (or may): a number carrying one is compared only when both sides carry it.
_MEASURE = r"배|km²|km|㎞|m²|㎡|cm|mm|kg|㎏|mg|ml|m|g|t|ha|마일|피트|파운드|인치|유로|엔|위안|파운드|센트|℃|°"
_KO_MEASURE = re.compile(rf"\s?(?:{_MEASURE})(?![A-Za-z])")
_KO_TIME = re.compile(r"\s?(?:시(?![간장대])|분(?![기야])|초(?![반기]))")
_EN_MEASURE = re.compile(
    r"[\s-]?(?:km²|km|kilomet|met|cm|mm|kg|kilo|mile|mph|f(?:oo|ee)t|inch|pound|ton|acre|yard|gallon|"
    r"square|degree|°|euro|yen|yuan|cent|p\.m\.|a\.m\.|GMT|ET\b|BST\b)", re.IGNORECASE)
_EN_SCALE_SUFFIX = re.compile(r"(?:bn|b|mn|m|tn|k)\b", re.IGNORECASE)
_EN_SCALE_OF = {"bn": 10**9, "b": 10**9, "mn": 10**6, "m": 10**6, "tn": 10**12, "k": 10**3}
_EN_AGE = re.compile(r"-year-old|\s+years?\s+old\b", re.IGNORECASE)
_SCALE_WORD = re.compile(r"thousand|million|billion|trillion", re.IGNORECASE)
_ORDINAL = re.compile(r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Stated:
    """A number as the rules see it: value, unit, whether written with digits, measure, and text."""

    value: Decimal
    unit: str | None
    digits: bool
    measure: str | None
    text: str


_DIGIT = re.compile(r"\d")
_DIGIT_END = re.compile(r"\d$")
_HANGUL_ONLY = re.compile(r"[가-힣]+")
_SINO_START = re.compile(r"[일이삼사오육칠팔구십백천만억조]")
_KO_DIGITS = re.compile(r"[\d,.\s만억조천백십]*")
_DOTTED = re.compile(r"\d{1,4}\.\d{2}")
_EN_DIGITS = re.compile(r"[$₩£€¥US]*[\d,.]*")
_PAIR_AFTER = re.compile(r"[-:–]\d")
_PAIR_BEFORE = re.compile(r"\d[-:–]$")

def _paired(text: str, start: int, end: int) -> bool:
    """Part of a score, range or time like 6-3, 2:1, 12:26."""
    return bool(_PAIR_AFTER.match(text, end) or _PAIR_BEFORE.search(text[max(0, start - 2) : start]))


def korean_numbers(text: str) -> list[Stated]:
    """The Korean numbers the consistency rules compare (Hangul-only Sino numbers are too ambiguous)."""
    result = []
    for n in find_korean_numbers(text):
        piece = text[n.start : n.end]
        if not _DIGIT.search(piece) and n.unit not in ("people", "count", "age"):
            continue
        if _HANGUL_ONLY.fullmatch(piece) and _SINO_START.match(piece):
            continue  # 구조대, 이번, 삼성: words, not numbers
        digits = _KO_DIGITS.match(piece)
        assert digits is not None  # the pattern matches the empty string
        digits_end = n.start + len(digits.group(0).rstrip())
        if n.unit is None and _DOTTED.fullmatch(piece.strip()):
            continue  # 2006.04, 6.15: a date or an event's name, not a quantity
        if _KO_TIME.match(text, digits_end) or _paired(text, n.start, digits_end) or text[:n.start].endswith("제"):
            continue
        measure = _KO_MEASURE.match(text, digits_end)
        result.append(Stated(n.value, n.unit, bool(_DIGIT.search(piece)),
                             measure.group(0).strip().lower() if measure else None, piece))
    return result


def english_numbers(text: str) -> list[Stated]:
    """The English numbers the consistency rules compare, with "$50bn" read as 50 billion."""
    result = []
    for n in find_english_numbers(text):
        piece = text[n.start : n.end]
        if _ORDINAL.fullmatch(piece) or n.unit == "month":
            continue
        digits = _EN_DIGITS.match(piece)
        digit_end = n.start + len(digits.group(0)) if digits is not None and _DIGIT.search(piece) else n.end
        if _paired(text, n.start, digit_end) or text[max(0, n.start - 1) : n.start] in ("£", "€", "¥"):
            continue
        value = n.value
        suffix = _EN_SCALE_SUFFIX.match(text, n.end)
        if suffix and _DIGIT_END.search(piece):
            value = value * _EN_SCALE_OF[suffix.group(0).lower()]
        measure = _EN_MEASURE.match(text, n.end)
        unit = "age" if _EN_AGE.match(text, digit_end) else n.unit
        result.append(Stated(value, unit, bool(_DIGIT.search(piece)),
                             measure.group(0).strip().lower() if measure else None, piece))
    return result


def same_value(korean: Stated, english: Stated) -> bool:
    """Equal, or equal up to a scale the English left out ("200" for 2억 after "million" was said)."""
    if korean.value == english.value:
        return True
    if english.value and not _SCALE_WORD.search(english.text):
        ratio = korean.value / english.value
        return ratio in (10**3, 10**6, 10**9, 10**12)
    return False


def comparable(korean: Stated, english: Stated) -> bool:
    """Whether an unmatched pair is evidence of a wrong number rather than a conversion or paraphrase."""
    if korean.unit in ("day", "month") or english.unit in ("day", "month"):
        return False
    if korean.measure or english.measure:
        return korean.measure is not None and english.measure is not None and korean.measure[:1] == english.measure[:1]
    if korean.unit is not None and korean.unit == english.unit:
        return True
    if not english.digits:
        return False
    if english.unit is None:
        return korean.unit in (None, "people", "count", "age", "year", "usd", "won", "percent") and korean.digits
    return english.unit == "age" and korean.unit is None and korean.digits


def mismatches(korean_text: str, english_text: str) -> list[tuple[Stated, Stated]]:
    """Pairs (Korean, English) of unmatched, comparable numbers: a number changed in translation."""
    english = english_numbers(english_text)
    if not english:
        return []  # nothing stated in the English can disagree
    korean = korean_numbers(korean_text)
    lost = [k for k in korean if not any(same_value(k, e) for e in english)]
    extra = [e for e in english if not any(same_value(k, e) for k in korean)]
    return [(k, e) for k in lost for e in extra if comparable(k, e)]


_KO_DATE = re.compile(r"(\d{1,2})\s?월\s?(\d{1,2})\s?일")
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december")
_EN_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b|\b(\d{1,2})\s+"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b")


def korean_dates(text: str) -> set[tuple[int, int]]:
    """(month, day) pairs written as 3월 5일."""
    return {(int(m), int(d)) for m, d in _KO_DATE.findall(text) if 1 <= int(m) <= 12}


def english_dates(text: str) -> list[tuple[tuple[int, int], str]]:
    """(month, day) pairs written as March 5 or 5 March, with their text."""
    found = []
    for match in _EN_DATE.finditer(text):
        name = (match.group(1) or match.group(4)).lower()
        day = int(match.group(2) or match.group(3))
        month = next(i for i, m in enumerate(_EN_MONTHS, start=1) if m.startswith(name[:3]))
        found.append(((month, day), match.group(0)))
    return found
