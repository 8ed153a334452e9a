"""The fast paths of reading a ledger accept and refuse exactly what the plain code does, with its message.

verify reads every event of every article, so the hot loops have shortcuts:
the layout and segmentation shape checks in one loop, the search for
characters past U+FFFF without a regular expression. Each shortcut must give
the answer of the code it stands for on any value, which these properties
hold against it (the plain shape checks stay the reference for the message).
"""

from __future__ import annotations

import json
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow import canonical
from workflow.canonical import _PAST_BMP, _past_bmp, loads_with_canonical
from workflow.model import shapes

# Values that are nearly a unit or a segment: each field right, missing, or of a wrong type or order.
_atoms = st.one_of(st.none(), st.booleans(), st.integers(-3, 5), st.floats(allow_nan=False), st.sampled_from(
    ["s1", "s12", "s", "x3", "s1\n", "s٣", "", "add:1"]))
_spans = st.one_of(st.lists(st.one_of(st.integers(-1, 6), st.booleans(), st.floats(0, 3)), max_size=3), _atoms)
_sources = st.one_of(st.lists(st.one_of(st.sampled_from(["s1", "s2"]), _atoms), max_size=3), _atoms)
_runner_up = st.one_of(_atoms, st.fixed_dictionaries({}, optional={
    "source": _sources, "span": st.one_of(st.none(), _spans), "probability": _atoms}))
_units = st.fixed_dictionaries({}, optional={"source": _sources, "span": _spans, "confidence": _atoms,
                                             "runner_up": _runner_up, "other": _atoms})
_segments = st.fixed_dictionaries({}, optional={"id": _atoms, "span": _spans, "other": _atoms})


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(st.one_of(_units, _atoms), max_size=4), _atoms))
@example([{"source": ["s1"], "span": [0, 3], "confidence": 0.5}])
@example([{"source": ["s1"], "span": [3, 0]}])
@example([{"source": [], "span": [0, 0]}])
@example([{"source": ["s1"], "span": [True, 2]}])
@example([{"source": ["s1"], "span": [0, 2], "confidence": None}])
@example([{"source": ["s1", 2], "span": [0, 2]}])
@example([{"source": ["s1"], "span": [0, 2, 4]}])
@example([{"source": ["s1"], "span": [0, 2], "runner_up": {"source": [], "span": None, "probability": 1}}])
@example([{"source": ["s1"], "span": [0, 2], "runner_up": {"source": [], "span": None, "probability": "1"}}])
def test_layout_check_answers_as_the_field_by_field_check(value: object) -> None:
    assert shapes._units(value) == shapes._EACH_UNIT(value)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(st.one_of(_segments, _atoms), max_size=4), _atoms))
@example([{"id": "s1", "span": [0, 3]}, {"id": "s2", "span": [3, 5]}])
@example([{"id": "s1\n", "span": [0, 3]}])
@example([{"id": "s1", "span": [0, False]}])
def test_segmentation_check_answers_as_the_field_by_field_check(value: object) -> None:
    assert shapes._segments(value) == shapes._EACH_SEGMENT(value)


_line_bytes = st.lists(st.one_of(
    st.sampled_from([b"\\ud83d", b"\\uD800", b"\\udbff", b"\\ud7ff", b"\\u00e9", b"\\ud", b"\\uD", b"\\u", b"\\\\ud8"]),
    st.binary(max_size=3), st.integers(0xE0, 0xFF).map(lambda b: bytes([b]))), max_size=8).map(b"".join)


@settings(max_examples=800, deadline=None)
@given(_line_bytes)
@example(b'{"a":"\xf0\x9f\x98\x80"}')
@example(b'{"a":"\\ud83d\\ude00"}')
@example(b'{"a":"\\uDBFF"}')
@example(b'{"a":"\xf7"}')
@example(b'{"a":"\xf8\xef"}')
def test_past_bmp_search_answers_as_the_regular_expression(line: bytes) -> None:
    assert _past_bmp(line) == (_PAST_BMP.search(line) is not None)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "sig", "layout", "a", "z"]),
                       st.recursive(st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
                                    lambda inner: st.lists(inner, max_size=3)
                                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=10),
                       max_size=5))
def test_a_line_reads_back_to_the_bytes_json_writes_sorted(value: dict) -> None:
    """The C writer called directly writes what json.dumps does (sorted, compact, UTF-8), both forms."""
    line = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if _past_bmp(line):  # such lines go to rfc8785 (tests/test_canonical.py)
        return
    without = {k: v for k, v in value.items() if k not in ("id", "sig")}
    expected = json.dumps(without, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert loads_with_canonical(line, ("id", "sig"))[1:] == (line, expected)
    with mock.patch.object(canonical, "_C_WRITER", None):  # an interpreter without json's C writer
        assert loads_with_canonical(line, ("id", "sig"))[1:] == (line, expected)


def _rfc8785_or_refusal(line: bytes) -> tuple[bytes, bytes] | str:
    """rfc8785's two forms of a parsed line, or the reason it refuses the value."""
    import rfc8785

    value = json.loads(line)
    try:
        return rfc8785.dumps(value), rfc8785.dumps({k: v for k, v in value.items() if k not in ("id", "sig")})
    except ValueError as exc:
        return str(exc)


_near_the_bound = st.one_of(st.integers(-(10**17), 10**17), st.integers(2**53 - 3, 2**53 + 3),
                            st.integers(-(2**53) - 3, -(2**53) + 3), st.integers(10**15 - 2, 10**16 + 2))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "n", "span", "t"]),
                       st.one_of(_near_the_bound, st.lists(_near_the_bound, max_size=3),
                                 st.text(st.sampled_from("0123456789a"), max_size=20)), min_size=1, max_size=4),
       st.sampled_from([(",", ":"), (", ", ": "), (",", ":\t"), (",\n", ":")]), st.sampled_from(["utf-8", "utf-16"]))
def test_integers_past_2_53_are_refused_as_rfc8785_refuses_them(value: dict, separators: tuple[str, str],
                                                                 encoding: str) -> None:
    """Wherever a long integer stands (spaced, in a list, beside digits in a string, in a UTF-16 line)."""
    line = json.dumps(value, separators=separators).encode(encoding)
    expected = _rfc8785_or_refusal(line)
    if isinstance(expected, str):
        with pytest.raises(ValueError) as refused:
            loads_with_canonical(line, ("id", "sig"))
        assert str(refused.value) == expected
    else:
        assert loads_with_canonical(line, ("id", "sig"))[1:] == expected


# The PO writer's escapes as it wrote them with a translation table, the reference for its replacements.
_PO_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b",
                             "\f": "\\f", '"': '\\"'})


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from('\\\t\r\n\v\b\f"ab 가\x00\x1c\u2028'), max_size=12) | st.text(max_size=12))
@example('\\"')
@example('\\\\n')
def test_po_escapes_are_the_translation_tables(text: str) -> None:
    from workflow.formats.po import _escaped

    assert _escaped(text) == text.translate(_PO_ESCAPES)
