"""Which stated numbers the number and date rules compare, and when two of them agree.

`workflow.text.numbers` reads every number; translation legitimately converts
some (km → miles, 원 → dollars, 27일 → "Wednesday"), so only numbers a
translator keeps as they are take part, and "$50bn" counts as 50 billion.
Times go through `workflow.text.dates`: a span counts in months (1년 = "12
months" = "a year"), and a relative year counts as the calendar year it
resolves to against the article's date (2006년 = "two years ago" in 2008).
"""

from __future__ import annotations

import re
from collections import namedtuple
from decimal import Decimal

from workflow.text.dates import MONTHS, ArticleDate, Time, english_times, korean_times
from workflow.text.numbers import find_english_numbers, find_korean_numbers

# Measures a translator converts (or may): a number carrying one is compared only when both sides carry it.
_MEASURE = r"배|km²|km|㎞|m²|㎡|cm|mm|kg|㎏|mg|ml|m|g|t|ha|마일|피트|파운드|인치|유로|엔|위안|파운드|센트|℃|°"
_KO_MEASURE = re.compile(rf"\s?(?:{_MEASURE})(?![A-Za-z])")
_KO_TIME = re.compile(r"\s?(?:시(?![간장대])|분(?![기야])|초(?![반기]))")
_EN_MEASURE = re.compile(
    r"[\s-]?(?:km²|km|kilomet|met|cm|mm|kg|kilo|mile|mph|f(?:oo|ee)t|inch|pound|ton|acre|yard|gallon|"
    r"square|degree|°|euro|yen|yuan|cent|p\.m\.|a\.m\.|GMT|ET\b|BST\b)", re.IGNORECASE)
# The same measure named in each language (the rest compare by their first letter: km, kg, cm).
_MEASURE_OF = {"마일": "mile", "mile": "mile", "피트": "foot", "foot": "foot", "feet": "foot", "파운드": "pound",
               "pound": "pound", "인치": "inch", "inch": "inch", "유로": "euro", "euro": "euro", "엔": "yen",
               "yen": "yen", "위안": "yuan", "yuan": "yuan", "센트": "cent", "cent": "cent", "℃": "degree",
               "°": "degree", "degree": "degree", "t": "ton", "ton": "ton", "ha": "ha", "acre": "acre"}
_EN_SCALE_SUFFIX = re.compile(r"(?:bn|b|mn|m|tn|k)\b", re.IGNORECASE)
_EN_SCALE_OF = {"bn": 10**9, "b": 10**9, "mn": 10**6, "m": 10**6, "tn": 10**12, "k": 10**3}
_EN_AGE = re.compile(r"-year-old|\s+years?\s+old\b", re.IGNORECASE)
_SCALE_WORD = re.compile(r"thousand|million|billion|trillion", re.IGNORECASE)
_ORDINAL = re.compile(r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth", re.IGNORECASE)


class Stated(namedtuple("Stated", "value unit digits measure text start end alternatives virtual",
                        defaults=(0, 0, (), False))):
    """A number as the rules see it: value, unit, whether written with digits, measure, text and place.

    A time read in words (`virtual`: 지난해, "two years ago", "a decade") has
    the values it may stand for: a year, or a span in months. (A named tuple:
    dataclasses imports inspect, about 10 ms of every cold check's start.)
    """

    __slots__ = ()
    value: Decimal
    unit: str | None
    digits: bool
    measure: str | None
    text: str
    start: int
    end: int
    alternatives: tuple[Decimal, ...]
    virtual: bool

    @property
    def values(self) -> tuple[Decimal, ...]:
        return (self.value, *self.alternatives)


_DIGIT = re.compile(r"\d")
_DIGIT_END = re.compile(r"\d$")
_HANGUL_ONLY = re.compile(r"[가-힣]+")
_SINO_START = re.compile(r"[일이삼사오육칠팔구십백천만억조]")
_KO_DIGITS = re.compile(r"[\d,.\s만억조천백십]*")
_DOTTED = re.compile(r"\d{1,4}\.\d{2}")
_EN_DIGITS = re.compile(r"[$₩£€¥US]*[\d,.]*")
_PAIR_AFTER = re.compile(r"[-:–·ㆍ]\d")
_PAIR_BEFORE = re.compile(r"\d[-:–·ㆍ]$")

def _paired(text: str, start: int, end: int) -> bool:
    """Part of a score, range, time or event name like 6-3, 2:1, 12:26, 6·25."""
    return bool(_PAIR_AFTER.match(text, end) or _PAIR_BEFORE.search(text[max(0, start - 2) : start]))


def korean_numbers(text: str) -> list[Stated]:
    """The Korean numbers the consistency rules compare (Hangul-only Sino numbers are too ambiguous)."""
    result = []
    for n in find_korean_numbers(text):
        piece = text[n.start : n.end]
        digits_in = _DIGIT.search(piece) is not None
        if not digits_in and n.unit not in ("people", "count", "age"):
            continue
        if not digits_in and _HANGUL_ONLY.fullmatch(piece) and _SINO_START.match(piece):
            continue  # 구조대, 이번, 삼성: words, not numbers (a piece with a digit is not all Hangul)
        digits = _KO_DIGITS.match(piece)
        assert digits is not None  # the pattern matches the empty string
        digits_end = n.start + len(digits.group(0).rstrip())
        if n.unit is None and _DOTTED.fullmatch(piece.strip()):
            continue  # 2006.04, 6.15: a date or an event's name, not a quantity
        if _KO_TIME.match(text, digits_end) or _paired(text, n.start, digits_end) or text.endswith("제", 0, n.start):
            continue
        measure = _KO_MEASURE.match(text, digits_end)
        result.append(Stated(n.value, n.unit, digits_in,
                             measure.group(0).strip().lower() if measure else None, piece, n.start, n.end))
    return result


def english_numbers(text: str) -> list[Stated]:
    """The English numbers the consistency rules compare, with "$50bn" read as 50 billion."""
    result = []
    for n in find_english_numbers(text):
        piece = text[n.start : n.end]
        if _ORDINAL.fullmatch(piece) or n.unit == "month":
            continue
        digits, digits_in = _EN_DIGITS.match(piece), _DIGIT.search(piece) is not None
        digit_end = n.start + len(digits.group(0)) if digits is not None and digits_in else n.end
        if _paired(text, n.start, digit_end) or text[max(0, n.start - 1) : n.start] in ("£", "€", "¥"):
            continue
        value = n.value
        suffix = _EN_SCALE_SUFFIX.match(text, n.end)
        if suffix and _DIGIT_END.search(piece):
            value = value * _EN_SCALE_OF[suffix.group(0).lower()]
        measure = _EN_MEASURE.match(text, n.end)
        unit = "age" if _EN_AGE.match(text, digit_end) else n.unit
        result.append(Stated(value, unit, digits_in,
                             measure.group(0).strip().lower() if measure else None, piece, n.start, n.end))
    return result


def _with_times(numbers: list[Stated], times: list[Time], day: ArticleDate | None) -> list[Stated]:
    """The numbers, with those inside a time phrase replaced by what the phrase means.

    "two years ago" is the years it may resolve to (none without the article's
    date), 1년 and "12 months" are spans of 12 months; each is one `virtual`
    number carrying its alternatives.
    """
    phrases = [t for t in times if t.kind in ("ago", "months")]
    if not phrases:
        return numbers
    kept = [n for n in numbers if not any(t.start <= n.start < t.end for t in phrases)]
    for phrase in phrases:
        if phrase.kind == "months":
            value = Decimal(str(round(float(phrase.value), 2)))
            kept.append(Stated(value, "months", True, None, phrase.text, phrase.start, phrase.end, virtual=True))
            continue
        years = [Decimal(int(t.value)) for t in times
                 if t.kind == "year" and (t.start, t.end) == (phrase.start, phrase.end)]
        if day is not None and years:
            kept.append(Stated(years[0], "year", True, None, phrase.text, phrase.start, phrase.end,
                               tuple(years[1:]), virtual=True))
    return sorted(kept, key=lambda n: n.start)


def same_value(korean: Stated, english: Stated) -> bool:
    """Equal, or equal up to a scale the English left out ("200" for 2억 after "million" was said).

    A time read in words agrees with any value it may stand for, and only with a number of its kind.
    """
    if korean.virtual or english.virtual:
        if korean.unit != english.unit:
            return False
        if korean.unit == "months":  # spans agree within 3%: 1년 = 12 months = 365 days
            return abs(korean.value - english.value) <= Decimal("0.03") * max(korean.value, english.value)
        return not set(korean.values).isdisjoint(english.values)
    if korean.value == english.value:
        return True
    if english.value and not _SCALE_WORD.search(english.text):
        ratio = korean.value / english.value
        return ratio in (10**3, 10**6, 10**9, 10**12)
    return False


# Units `comparable` pairs with nothing: a Korean list of only these has no mismatch, whatever the English says.
_NEVER_COMPARED = ("day", "month")


def comparable(korean: Stated, english: Stated) -> bool:
    """Whether an unmatched pair is evidence of a wrong number rather than a conversion or paraphrase."""
    if korean.unit in _NEVER_COMPARED or english.unit in _NEVER_COMPARED:
        return False
    if korean.virtual or english.virtual or "months" in (korean.unit, english.unit):
        return korean.unit == english.unit
    if korean.measure or english.measure:
        return (korean.measure is not None and english.measure is not None
                and _MEASURE_OF.get(korean.measure, korean.measure[:1]) == _MEASURE_OF.get(english.measure,
                                                                                      english.measure[:1]))
    if korean.unit is not None and korean.unit == english.unit:
        return True
    if not english.digits or korean.unit == "won":
        return False  # an amount in won is rendered in dollars as often as not
    if english.unit is None:
        return korean.unit in (None, "people", "count", "age", "year", "usd", "percent") and korean.digits
    return english.unit == "age" and korean.unit in (None, "year") and korean.digits  # 1600년 전 = 1,600-year-old


def mismatches(korean_text: str, english_text: str, day: ArticleDate | None = None) -> list[tuple[Stated, Stated]]:
    """Pairs (Korean, English) of unmatched, comparable numbers: a number changed in translation.

    A Korean number is lost when the English states it nowhere; an English
    number is extra when the English states it more often than the Korean
    (so 3 and 5 rendered as 3 and 3 is a change). `day` is the article's date,
    against which relative years resolve.
    """
    korean = _with_times(korean_numbers(korean_text), korean_times(korean_text, day), day)
    if all(k.unit in _NEVER_COMPARED for k in korean):
        return []  # no Korean number `comparable` could pair: the English is not read (most units)
    return _unmatched(korean, _with_times(english_numbers(english_text), english_times(english_text, day), day))


def _unmatched(korean: list[Stated], english: list[Stated]) -> list[tuple[Stated, Stated]]:
    """`mismatches` between the numbers each side states (tests hold the quick path above against it)."""
    lost = [k for k in korean if not any(same_value(k, e) for e in english)]
    extra: list[Stated] = []
    unused = list(korean)
    for e in english:
        partner = next((k for k in unused if same_value(k, e)), None)
        if partner is None:
            extra.append(e)
        else:
            unused.remove(partner)
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


def time_conflicts(korean_text: str, english_text: str, day: ArticleDate | None = None,
                   reported: frozenset[int] = frozenset()) -> list[str]:
    """Months, weekdays and parts of a month (상순, "late March") the English states differently from the Korean.

    A month or weekday conflicts when the Korean states one the English does
    not and the English states one the Korean does not; 지난달 and "last month"
    resolve against the article's date. Months in `reported` (a whole date
    already found changed) are not said again.
    """
    korean = korean_times(korean_text, day)
    if not any(t.kind in ("month", "weekday", "part") for t in korean):
        return []  # every conflict starts from a Korean month, weekday or part: the English is not read (most units)
    return _conflicts(korean, english_times(english_text, day), reported)


def _conflicts(korean: list[Time], english: list[Time], reported: frozenset[int]) -> list[str]:
    """`time_conflicts` between the times each side states (tests hold the quick path above against it)."""
    messages = []
    for kind in ("month", "weekday"):
        wanted = {t.value for t in korean if t.kind == kind}
        stated = [t for t in english if t.kind == kind]
        if not wanted or not stated or not wanted - {t.value for t in stated}:
            continue
        sources = ", ".join(dict.fromkeys(t.text for t in korean if t.kind == kind))
        for t in stated:
            if t.value not in wanted and not (kind == "month" and t.value in reported):
                messages.append(f"{kind} {t.text!r} in the English matches no {kind} in the source ({sources})")
    parts = {t.value for t in english if t.kind == "part"}
    for t in korean:
        if t.kind != "part":
            continue
        month, part = t.value
        other = [p for m, p in parts if m == month]
        if other and part not in other:
            said = " or ".join(repr(e.text) for e in english if e.kind == "part" and e.value[0] == month)
            messages.append(f"{t.text!r} in the source is {part} {MONTHS[month - 1]}; the English says {said}")
    return list(dict.fromkeys(messages))
