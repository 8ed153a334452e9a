"""RFC 8785 canonical JSON, fast for the values byline writes.

The rfc8785 package is exact but writes strings character by character in
Python, which dominated `check`, `verify` and `status` over an archive. For
the values a ledger holds (string keys, strings, integers, and floats that
print the same in ECMAScript and Python), `json.dumps` with sorted keys gives
the same bytes; anything else goes to rfc8785, which stays the reference.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


# The largest integer RFC 8785 (I-JSON) writes: past it, a number may not survive a round trip through a double.
_MAX_SAFE = 2**53 - 1


class _NotPlain(Exception):
    """A value whose canonical form json.dumps would not write the same way."""


def canonical(value: Any) -> bytes:
    """The RFC 8785 bytes of a JSON value."""
    try:
        return _dumps(_plain(value))
    except (_NotPlain, UnicodeEncodeError):
        return _reference().dumps(value)


def canonical_without(value: dict[str, Any], left_out: tuple[str, ...]) -> tuple[bytes, bytes]:
    """The RFC 8785 bytes of an object, and of it without the `left_out` members, in one walk.

    A ledger line is checked against the first and its id is the hash of the second.
    """
    try:
        plain = _plain(value)
        return _dumps(plain), _dumps({k: v for k, v in plain.items() if k not in left_out})
    except (_NotPlain, UnicodeEncodeError):
        rfc8785 = _reference()
        return rfc8785.dumps(value), rfc8785.dumps({k: v for k, v in value.items() if k not in left_out})


# The lead byte of a 4-byte UTF-8 sequence, or a surrogate written as an escape (\ud83d\ude00, a lone \ud800):
# characters past U+FFFF, whose keys json and RFC 8785 order differently, and what UTF-8 cannot hold.
_PAST_BMP = re.compile(rb"[\xf0-\xf7]|\\u[dD][89a-fA-F]")


def _past_bmp(line: bytes) -> bool:
    """Whether `_PAST_BMP` matches: a lead byte F0-F7 or an escape \\uD8-\\uDF.

    Looking for each byte and for `\\ud`/`\\uD` alone is a fast memory search;
    a regular expression stepping through a 3 kB line cost a quarter of reading it.
    """
    if b"\\ud" in line or b"\\uD" in line:
        return _PAST_BMP.search(line) is not None
    return any(lead in line for lead in _LEADS)


_LEADS = tuple(bytes([lead]) for lead in range(0xF0, 0xF8))


def loads_with_canonical(line: bytes, left_out: tuple[str, ...]) -> tuple[Any, bytes, bytes]:
    """Parse a ledger line; return the value, its canonical bytes, and those without `left_out`.

    The parser's number hooks turn integral floats into integers and note any
    number the fast writer could not reproduce, so the common case costs no
    walk over the value. A line with numbers or keys outside that case goes
    through rfc8785.
    """
    plain = [not _past_bmp(line)]

    def number(text: str) -> float | int:
        value = float(text)
        if value.is_integer():
            if abs(value) <= _MAX_SAFE:
                return int(value)
            plain[0] = False  # past 2**53 json.dumps writes 2**53 as 9007199254740992.0, RFC 8785 without the .0
            return value
        if not 1e-4 <= abs(value) < 1e16:
            plain[0] = False
        return value

    def integer(text: str) -> int:
        value = int(text)
        if abs(value) > _MAX_SAFE:
            plain[0] = False
        return value

    def constant(text: str) -> float:
        plain[0] = False
        return float(text)

    # The integer hook costs a Python call per number (most are span bounds), and only an integer of 16 digits
    # or more can pass 2**53 - 1: without a run of 16 digits anywhere in the line, json's own int() gives the
    # same values. A NUL byte means json may read the line as UTF-16 or UTF-32, whose digits are not adjacent.
    hooked = integer if b"\x00" in line or _SIXTEEN_DIGITS in line.translate(_DIGITS) else None
    value = json.loads(line, parse_float=number, parse_int=hooked, parse_constant=constant)
    if plain[0] and isinstance(value, dict):
        # Each member written once, and the two forms joined from the same pieces: an event's text is most of
        # its bytes, and writing it twice was most of the cost of reading a ledger.
        keys = sorted(value)
        members = [_member(key, value[key]) for key in keys]
        kept = [piece for key, piece in zip(keys, members, strict=True) if key not in left_out]
        return value, f"{{{','.join(members)}}}".encode(), f"{{{','.join(kept)}}}".encode()
    if not isinstance(value, dict):
        return value, b"", b""
    full, without = canonical_without(value, left_out)
    return value, full, without


# Each ASCII digit as 0 and every other byte as a space: a run of 16 digits is then a run of 16 zeros.
_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_SIXTEEN_DIGITS = b"0" * 16


def _reference() -> Any:
    """The rfc8785 module, imported only when a value needs it."""
    import rfc8785

    return rfc8785


def _dumps(plain: Any) -> bytes:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _member(key: str, item: Any) -> str:
    """`"key":value` as `_dumps` writes a member of an object (keys in the BMP, so sorted as RFC 8785 sorts)."""
    return f"{_STRING(key)}:{_STRING(item) if isinstance(item, str) else _encode(item)}"


_STRING = json.encoder.encode_basestring


def _refuse(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")  # parsed JSON holds only JSON types


# json's C writer as `_dumps` configures it, called directly: JSONEncoder.encode builds a writer on every call and
# tracks containers against cycles, which values parsed from a line cannot have (reading a line: 92 -> 88 us).
_MAKE_C_WRITER = getattr(json.encoder, "c_make_encoder", None)  # None where the interpreter has no C writer
_C_WRITER = _MAKE_C_WRITER(None, _refuse, _STRING, None, ":", ",", True, False, True) if _MAKE_C_WRITER else None
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _encode(item: Any) -> str:
    """A JSON value as `_dumps` writes it, as text (by json's own encoder where there is no C writer)."""
    return "".join(_C_WRITER(item, 0)) if _C_WRITER is not None else _ENCODE(item)


def _plain(value: Any) -> Any:
    """`value` with integral floats as integers; _NotPlain where the two writers differ."""
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE:
            raise _NotPlain
        return value
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) <= _MAX_SAFE:
                return int(value)  # ECMAScript writes 1.0 as 1
            raise _NotPlain  # past 2**53 ECMAScript pads the shortest digits with zeros
        if 1e-4 <= abs(value) < 1e16:  # both write these in plain decimal, shortest round trip
            return value
        raise _NotPlain
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            # json sorts by code point, RFC 8785 by UTF-16 unit: they differ only past U+FFFF.
            if not isinstance(key, str) or (not key.isascii() and any(ord(c) > 0xFFFF for c in key)):
                raise _NotPlain
            result[key] = _plain(item)
        return result
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    raise _NotPlain
