"""Reading a ledger line: its canonical bytes are RFC 8785's whatever the line looks like (issue 23, second sample).

`loads_with_canonical` takes a fast path for the lines byline writes and
must never let it give other bytes than rfc8785 would: a line whose number
or escape the fast writer would copy as it stands would otherwise pass as
canonical (and be hashed so), though an RFC 8785 verifier rejects it.
Written while judging a mutant of its number bound (benchmarks/mutation.py,
seed 20261215), which turned out to differ only where these bugs were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rfc8785
from helpers import invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.canonical import loads_with_canonical
from workflow.ledger import sha256

LEFT_OUT = ("id", "sig")


def _reference(line: bytes) -> tuple[bytes, bytes] | None:
    """rfc8785's bytes of the parsed line and of it without id and sig; None where rfc8785 refuses it."""
    value = json.loads(line)
    try:
        return rfc8785.dumps(value), rfc8785.dumps({k: v for k, v in value.items() if k not in LEFT_OUT})
    except ValueError:  # rfc8785 refuses what I-JSON cannot hold (large integers, infinities, lone surrogates)
        return None


@pytest.mark.parametrize("line", [
    pytest.param(b'{"n":9007199254740992.0}', id="integral-float-past-2**53"),
    pytest.param(b'{"n":9007199254740994.0,"x":0.00015}', id="integral-float-past-2**53-beside-a-small-one"),
    pytest.param(b'{"n":9.007199254740992e15}', id="integral-float-past-2**53-with-exponent"),
    pytest.param(b'{"\\ud83d\\ude00":1,"\\uffff":2}', id="escaped-astral-keys-ordered-by-utf16"),
    pytest.param(b'{"a":"\\ud83d\\ude00","b":0.00015}', id="escaped-astral-value"),
])
def test_canonical_bytes_of_a_line_are_rfc8785s(line: bytes) -> None:
    value, full, hashed = loads_with_canonical(line, LEFT_OUT)
    assert value == json.loads(line)
    assert (full, hashed) == _reference(line)


@pytest.mark.parametrize("line", [
    pytest.param(b'{"a":"\\ud800","b":0.00015}', id="lone-surrogate"),
    pytest.param(b'{"a":1e999}', id="number-past-the-largest-double"),
    pytest.param(b'{"a":[2,9007199254740993]}', id="integer-past-2**53"),
])
def test_a_value_rfc8785_cannot_write_is_refused_with_its_reason(line: bytes) -> None:
    with pytest.raises(ValueError) as reference:
        rfc8785.dumps(json.loads(line))
    with pytest.raises(ValueError) as found:
        loads_with_canonical(line, LEFT_OUT)
    assert str(found.value) == str(reference.value)


numbers = st.one_of(
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=2**53 - 4, max_value=10**16 + 4).map(float),
    st.floats(min_value=1e-5, max_value=1e-3),
)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=4)
values = st.recursive(st.none() | st.booleans() | numbers | texts,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                      max_leaves=8)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "sig", "seq", "text", "한", "\U0001f600", "\uffff"]) | texts, values,
                       max_size=5), st.booleans(), st.booleans())
def test_any_json_line_reads_back_with_rfc8785s_bytes(value: dict, ascii_only: bool, spaced: bool) -> None:
    """Lines as any JSON writer could write them: escaped or not, spaced or not, floats as Python prints them."""
    line = json.dumps(value, ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":")).encode()
    expected = _reference(line)
    if expected is None:
        with pytest.raises(ValueError):
            loads_with_canonical(line, LEFT_OUT)
        return
    _, full, hashed = loads_with_canonical(line, LEFT_OUT)
    assert (full, hashed) == expected


def _fast(value: dict) -> bytes:
    """What a writer that copies Python's float repr writes: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_verify_refuses_a_line_whose_number_rfc8785_writes_otherwise(workspace_copy: Path) -> None:
    """A forged field 9007199254740992.0 hashed as written: RFC 8785 writes 9007199254740992, so it is not canonical."""
    path = workspace_copy / "translations" / "nk" / "provenance.jsonl"
    lines = path.read_bytes().splitlines()
    data = json.loads(lines[-1])
    data.pop("sig", None)
    data.pop("id")
    data["z"] = 9007199254740992.0
    data["id"] = sha256(_fast(data))
    path.write_bytes(b"\n".join([*lines[:-1], _fast(data)]) + b"\n")
    result = invoke("verify", "nk", "--workspace", str(workspace_copy))
    assert result.exit_code == 1, result.output
    assert f"provenance.jsonl:{len(lines)}" in result.output
    assert "line is not in canonical form (RFC 8785)" in result.output
