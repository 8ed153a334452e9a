"""Characters a reader cannot see or that steer how text is shown: found once, used by checks and output.

Bidi controls (U+202A–U+202E, U+2066–U+2069) reorder what a reader sees
without changing what is stored: a figure or a name can read differently from
what the record holds ("Trojan Source"). Other invisible format characters
(Unicode category Cf, such as U+200B or U+2060) and control characters
(Cc) hide inside words. `scan` finds them for the BL208 check; the encoding
checks (BL209) read the same tables. `escape` makes any text safe to print on
a terminal: an ESC or OSC sequence in a name or a note would otherwise drive
the reader's terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from collections.abc import Iterator

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Whitespace controls that are text: they never count as hidden characters.
TEXT_CONTROLS = frozenset("\n\t")
# Every control (Cc) and format (Cf) character of Unicode 15, newline and tab aside, as one
# character class: plain text is then passed over at regex speed, and `kind_of` has the last word
# (so a Python with another Unicode version is still classified by its own tables).
_CANDIDATES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


class Hidden(namedtuple("Hidden", "index char kind")):
    """One hidden character: where it is, which, and whether it is a bidi, format or control character."""

    __slots__ = ()
    index: int
    char: str
    kind: str  # bidi | format | control

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "unnamed")

    def describe(self) -> str:
        """`U+202E RIGHT-TO-LEFT OVERRIDE (bidi control)`."""
        what = {"bidi": "bidi control", "format": "invisible format character", "control": "control character"}
        return f"{self.code_point} {self.name} ({what[self.kind]})"


def kind_of(char: str) -> str | None:
    """`bidi`, `format` or `control` for a hidden character, None for visible text."""
    if char in BIDI_CONTROLS:
        return "bidi"
    if char in TEXT_CONTROLS:
        return None
    category = unicodedata.category(char)
    if category == "Cf":
        return "format"
    if category == "Cc":
        return "control"
    return None


def scan(text: str) -> Iterator[Hidden]:
    """Every hidden character of `text`, in order."""
    for match in _CANDIDATES.finditer(text):
        kind = kind_of(match.group())
        if kind is not None:
            yield Hidden(match.start(), match.group(), kind)


def escape(text: str) -> str:
    """`text` with control, format and bidi characters shown as `\\u001b`, `\\u202e`, … (newlines and tabs kept).

    The escapes are JSON's, so JSON output stays valid JSON with the same
    values, and a terminal shows the characters instead of obeying them.
    """
    return _CANDIDATES.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if kind_of(char) is None:
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character beyond the BMP as its UTF-16 surrogate pair
    return f"\\u{0xd800 + (code >> 10):04x}\\u{0xdc00 + (code & 0x3ff):04x}"
