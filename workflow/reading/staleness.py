"""Stale translations: units whose Korean changed after their English was written or approved.

Each is graded: a changed number, name or quote — or any changed word — is
major; a change of spacing or punctuation only is minor. The Korean is compared
with what it was when the English was made, not only with the last update.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, namedtuple
from decimal import Decimal

from workflow.model.state import State, Unit
from workflow.text.dates import MONTHS
from workflow.text.delta import word_diff
from workflow.text.numbers import find_korean_numbers

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Literal

    Grade = Literal["major", "minor"]


LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Quoted spans: corner brackets, double angle brackets and curly or straight quotes.
QUOTED = re.compile(r"「([^」]*)」|『([^』]*)』|《([^》]*)》|〈([^〉]*)〉|“([^”]*)”|‘([^’]*)’|\"([^\"]*)\"")


class StaleUnit(namedtuple("StaleUnit", "unit grade before after reasons", defaults=((),))):
    """A stale unit: its grade, the Korean its English was made from, the Korean now, and why."""

    __slots__ = ()
    unit: Unit
    grade: Grade
    before: str
    after: str
    reasons: tuple[str, ...]

    def words(self) -> list[tuple[str, str]]:
        """The word-level diff of the Korean since the English was made."""
        return word_diff(self.before, self.after)

    def to_json(self) -> dict[str, object]:
        return {"unit": self.unit.id, "grade": self.grade, "before": self.before, "after": self.after,
                "reasons": list(self.reasons)}


def grade_change(before: str, after: str) -> Grade:
    """How much a change of Korean source text matters to its translation."""
    return "major" if change_reasons(before, after) else "minor"


def change_reasons(before: str, after: str) -> tuple[str, ...]:
    """What makes a change major, evidence quoted; empty when only spacing or punctuation changed."""
    same_words = _bare(before) == _bare(after)
    # With the same words, spacing may split a unit (달 러) but only punctuation can change a value (3.5, 35).
    reasons = [
        *_differences("number", _numbers(before, units=not same_words), _numbers(after, units=not same_words)),
        *_differences("name", _latin(before), _latin(after)),
        *_differences("quote", _quotes(before), _quotes(after)),
    ]
    if reasons or same_words:
        return tuple(reasons)
    names = _differences("name", _proper_nouns(before), _proper_nouns(after))
    return tuple(names) or (f"wording: {_changed_words(before, after)}",)


def stale_units(state: State) -> list[StaleUnit]:
    """Every stale unit of the article, in the order of the English, with its grade."""
    result = []
    for unit in state.units:
        if not state.is_stale(unit):
            continue
        before, after = state.unit_basis(unit), state.unit_source(unit)
        reasons = change_reasons(before, after)
        if not after.strip():
            reasons = ("the Korean of this unit was removed", *reasons)
        result.append(StaleUnit(unit, "major" if reasons else "minor", before, after, reasons))
    return result


def _differences(kind: str, before: Counter[str], after: Counter[str]) -> list[str]:
    gone, new = sorted((before - after).elements()), sorted((after - before).elements())
    if not gone and not new:
        return []
    parts = ([f"was {', '.join(gone)}"] if gone else []) + ([f"now {', '.join(new)}"] if new else [])
    return [f"{kind} changed: {'; '.join(parts)}"]


def _numbers(text: str, *, units: bool) -> Counter[str]:
    """Numbers by value (and unit), as a reader says them (1월 is January, not "1 month"); spacing inside a
    number (1억 1천만) does not change it."""
    joined = _SPACE_IN_NUMBER.sub("", re.sub(r"\s+", " ", text))
    return Counter(_said(n.value, n.unit if units else None) for n in find_korean_numbers(joined))


def _said(value: Decimal, unit: str | None) -> str:
    """A number with its unit in words: January, 2008, 3 years, 3 people, 45%, $110,000,000, day 5."""
    if unit == "month" and 1 <= value <= 12:
        return MONTHS[int(value) - 1]
    if unit == "year":
        return f"{value}" if value >= 1000 else f"{value} years"
    shown = {"percent": f"{value}%", "usd": f"${value:,}", "won": f"{value:,} won", "day": f"day {value}",
             "people": f"{value} people", "age": f"age {value}"}
    return shown.get(unit or "", f"{value}")


_SPACE_IN_NUMBER = re.compile(r"(?<=[\d억만천백십조])\s+(?=[\d억만천백십조])")


def _latin(text: str) -> Counter[str]:
    """Latin-script names, compared without spacing and punctuation (A.P. and AP are one name)."""
    return Counter(LATIN.findall(_bare(text)))


def _quotes(text: str) -> Counter[str]:
    """Quoted spans by their words (a change of quotation marks alone is punctuation)."""
    return Counter(_bare(next(g for g in m.groups() if g is not None)) for m in QUOTED.finditer(text))


def _bare(text: str) -> str:
    """The text without spacing and punctuation, for comparing words only."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", text)
        if not ch.isspace() and not unicodedata.category(ch).startswith("P")
    )


def _proper_nouns(text: str) -> Counter[str]:
    """Proper nouns kiwipiepy tags (NNP) in Korean text."""
    from workflow.text.segment import kiwi  # shares the one loaded model

    return Counter(token.form for token in kiwi().tokenize(text) if token.tag == "NNP")


def _changed_words(before: str, after: str) -> str:
    pieces = [f"-{text.strip()}" if op == "delete" else f"+{text.strip()}"
              for op, text in word_diff(before, after) if op != "equal" and text.strip()]
    return " ".join(pieces[:6]) + (" …" if len(pieces) > 6 else "")
