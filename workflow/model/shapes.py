"""The shape of each event type's body, checked as replay reads it.

The ledger scan checks the chain and the envelope every reader uses (type,
agent, dates); a chain can still be rewritten with valid hashes around a body
that makes no sense. Replay reads only the fields below, so it checks exactly
these first: a malformed body is damage to the record (an IntegrityError
naming the line), and an exception replay raises after the check is a bug of
byline's, not of the ledger's. Plain code rather than JSON Schema: a schema
library would cost more to import than replaying a ledger takes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    Check = Callable[[Any], str | None]

SEGMENT_ID = re.compile(r"s[0-9]+")


def body_problem(data: Mapping[str, Any]) -> str | None:
    """What is wrong with the fields replay reads from this event, or None when they have their shapes."""
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        return "note must be a string"
    for key, check, required in _FIELDS[data["type"]]:
        if key not in data:
            if required:
                return f"{key} is missing"
            continue
        problem = check(data[key])
        if problem:
            return f"{key}{problem}"
    return None


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else " must be a string"


def _whole(value: Any) -> bool:
    return type(value) is int and value >= 0


def _span(value: Any) -> str | None:
    if isinstance(value, list) and len(value) == 2 and _whole(value[0]) and _whole(value[1]) and value[0] <= value[1]:
        return None
    return " must be [start, end], whole numbers with start <= end"


def _list_of(item: Check) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return " must be a list"
        for index, element in enumerate(value):
            problem = item(element)
            if problem:
                return f"[{index}]{problem}"
        return None

    return check


def _object(fields: tuple[tuple[str, Check, bool], ...]) -> Check:
    """An object with these (key, check, required) fields; other keys are allowed (later versions add some)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return " must be an object"
        for key, inner, required in fields:
            if key not in value:
                if required:
                    return f".{key} is missing"
                continue
            problem = inner(value[key])
            if problem:
                return f".{key}{problem}"
        return None

    return check


def _segment_id(value: Any) -> str | None:
    return None if isinstance(value, str) and SEGMENT_ID.fullmatch(value) else " must be a segment id like s3"


def _confidence(value: Any) -> str | None:
    return None if type(value) in (int, float) else " must be a number"


def _sources(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return " must be a non-empty list of segment ids"
    return _list_of(_string)(value)


def _mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else " must be an object"


def _string_or_none(value: Any) -> str | None:
    return None if value is None or isinstance(value, str) else " must be a string or null"


def _mark(value: Any) -> str | None:
    return None if value in ("needs-review", "confirmed") else ' must be "needs-review" or "confirmed"'


# Translators' marks on units (ledger v2 body field `review`, on edits and `review` events).
_REVIEW = _list_of(_object((("unit", _string, True), ("mark", _mark, False), ("comment", _string, False))))


def _span_or_none(value: Any) -> str | None:
    return None if value is None else _span(value)


# The aligner's runner-up pairing of a unit (alignment issue): its sources may be none (the English an addition).
_RUNNER_UP = _object((("source", _list_of(_string), True), ("span", _span_or_none, True),
                      ("probability", _confidence, True)))
_EACH_UNIT = _list_of(_object((("source", _sources, True), ("span", _span, True), ("confidence", _confidence, False),
                                ("runner_up", _RUNNER_UP, False))))
_EACH_SEGMENT = _list_of(_object((("id", _segment_id, True), ("span", _span, True))))


# Layouts and segmentations are most of an event's body (a unit or segment each), and the checks above cost a
# call per field of each. The two below accept exactly what those accept in one loop; anything else goes to them
# for the message (tests/test_fast_paths_verify.py holds each pair equal on any value).
def _units(value: Any) -> str | None:
    if isinstance(value, list):
        for unit in value:
            if not isinstance(unit, dict):
                break
            source, span = unit.get("source"), unit.get("span")
            if not (isinstance(source, list) and source and all(map(_IS_STRING, source))):
                break
            if not (isinstance(span, list) and len(span) == 2):
                break
            start, end = span
            if not (type(start) is int and type(end) is int and 0 <= start <= end):  # _span: _whole each, in order
                break
            if type(unit.get("confidence", 0.0)) not in (int, float):  # absent: nothing to check
                break
            if "runner_up" in unit and _RUNNER_UP(unit["runner_up"]) is not None:
                break
        else:
            return None
    return _EACH_UNIT(value)


def _segments(value: Any) -> str | None:
    if isinstance(value, list):
        for segment in value:
            if not isinstance(segment, dict):
                break
            sid, span = segment.get("id"), segment.get("span")
            if not (isinstance(sid, str) and SEGMENT_ID.fullmatch(sid)):
                break
            if not (isinstance(span, list) and len(span) == 2):
                break
            start, end = span
            if not (type(start) is int and type(end) is int and 0 <= start <= end):
                break
        else:
            return None
    return _EACH_SEGMENT(value)


# isinstance(item, str) as a function of one argument, so that all() runs over map() with no generator frame.
_IS_STRING = str.__instancecheck__


_FIELDS: dict[str, tuple[tuple[str, Check, bool], ...]] = {
    "ingest": (("source", _object((("text", _string, True), ("segments", _segments, True),
                                   ("meta", _mapping, False))), True),),
    "source-update": (
        ("source", _object((("delta", _string, True), ("segments", _segments, True), ("meta", _mapping, False),
                            ("retired", _list_of(_string), False))), True),
        ("result", _object((("source", _string, True),)), True),
        ("layout", _units, False),
    ),
    "translate": (("target", _object((("text", _string, True),)), True), ("layout", _units, True),
                  ("origin", _string, False)),
    "edit": (("delta", _string, True), ("result", _object((("target", _string, True),)), True),
             ("layout", _units, True), ("review", _REVIEW, False)),
    "review": (("review", _REVIEW, True),),
    "align": (("layout", _units, True), ("touched", _list_of(_string), False)),
    "approve": (("base", _object((("source", _string, True), ("target", _string, True))), True),),
    "waive": (("rule", _string, True), ("reason", _string, True), ("unit", _string_or_none, False)),
    "publish": (),
}
_FIELDS["correct"] = _FIELDS["edit"]
