"""Characters a reader cannot see or a wrong decoding left, and terminal escaping: found once, for checks and output.

Bidi controls (U+202A–U+202E, U+2066–U+2069) reorder what a reader sees
without changing what is stored: a figure or a name can read differently from
what the record holds ("Trojan Source"). Other invisible format characters
(Unicode category Cf, such as U+200B or U+2060) and control characters
(Cc) hide inside words. `scan` finds them for the BL208 check. `escape`
makes any text safe to print on a terminal: an ESC or OSC sequence in a name
or a note would otherwise drive the reader's terminal.

Encoding damage (the BL209 check) is text that went through a wrong decoding
or a half-done conversion on its way from the wire to the desk: Korean
CP949/EUC-KR bytes read as Latin-1 (`¡°` for “), UTF-8 read as Windows-1252
(`Ã©` for é, `â€œ` for “), HTML entities (`&#8212;`, `&ntilde;`) and tags
left in plain text, and U+FFFD where a decoder gave up. `damage` finds each
with the repaired form; `Reading` is the text as a reader sees it (what the
other check rules compare), with positions mapped back to the stored text.
ftfy repairs the UTF-8 mojibake; it is imported only when a candidate is
found, so plain text costs one regular-expression pass.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import namedtuple
from collections.abc import Iterator
from functools import lru_cache

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
    if _printable(text):
        return  # every hidden character is a control or format character, which str.isprintable refuses
    for match in _CANDIDATES.finditer(text):
        kind = kind_of(match.group())
        if kind is not None:
            yield Hidden(match.start(), match.group(), kind)


def _printable(text: str) -> bool:
    """Whether `text` is printable but for newlines and tabs: a test in C, far quicker than the scan it spares."""
    return text.replace("\n", " ").replace("\t", " ").isprintable()


def escape(text: str) -> str:
    """`text` with control, format and bidi characters shown as `\\u001b`, `\\u202e`, … (newlines and tabs kept).

    The escapes are JSON's, so JSON output stays valid JSON with the same
    values, and a terminal shows the characters instead of obeying them.
    """
    if _printable(text):
        return text  # nothing to show: every character escaped is one str.isprintable refuses
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


# --- encoding damage (BL209) ------------------------------------------------------------------------

class Damage(namedtuple("Damage", "start end found repaired kind")):
    """A stretch of text a wrong decoding or conversion left: where, what it is, and what it should read.

    `kind` is `mojibake`, `entity`, `markup`, `replacement` (U+FFFD: the
    character is lost, `repaired` is None) or `lookalike` (a spacing accent
    written for an apostrophe or a quote mark, as legacy Korean encodings
    offered them).
    """

    __slots__ = ()
    start: int
    end: int
    found: str
    repaired: str | None
    kind: str

    def describe(self) -> str:
        """`mojibake '¡°' (should read '“')`, for a finding's message."""
        what = {"mojibake": "mojibake", "entity": "HTML entity", "markup": "HTML markup",
                "replacement": "U+FFFD REPLACEMENT CHARACTER", "lookalike": "look-alike character"}[self.kind]
        if self.kind == "replacement":
            return f"{what} (a decoder lost a character here)"
        if self.kind == "lookalike":
            return f"{what} {unicodedata.name(self.found[0], '?')} {self.found!r} written for {self.repaired!r}"
        return f"{what} {self.found!r}"


# A quick superset: a Latin-1 or Windows-1252 letter or sign, an entity, a tag, U+FFFD or a spacing accent.
# Three searches, each of which the regex engine runs quickly from its first character (one pattern of the
# three alternatives took four times as long).
_SUSPECT = (re.compile(r"[\x80-\xff\ufffd\u02dd]"), re.compile(r"&#?[A-Za-z0-9]+;"), re.compile(r"</?[A-Za-z]"))
# Bytes of KS X 1001 (CP949/EUC-KR), each shown as its Latin-1 character.
_KS_RUN = re.compile(r"[\xa1-\xfe]{2,}")
# A UTF-8 lead byte shown as Latin-1 or Windows-1252, followed by a continuation byte shown likewise.
_UTF8_PAIR = re.compile("[\xc2-\xf4][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_TOKEN_EDGE = re.compile(r"\s")
_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAGS = ("a|abbr|b|big|blockquote|body|br|center|cite|code|div|em|font|h[1-6]|head|hr|html|i|iframe|img|li|link|"
         "meta|ol|p|pre|q|s|script|small|span|strike|strong|style|sub|sup|table|tbody|td|th|title|tr|tt|u|ul")
_MARKUP = re.compile(rf"</?(?:{_TAGS})(?:\s+[^<>]{{0,300}}?)?\s*/?>", re.IGNORECASE)
# U+00B4 between letters (Korea´s) is an apostrophe; U+02DD is a double quote mark.
_LOOKALIKE = re.compile(r"(?<=[A-Za-z])\u00b4(?=[A-Za-z])|\u02dd")


def _suspect(text: str) -> bool:
    char, entity, tag = _SUSPECT
    return bool(char.search(text) or entity.search(text) or tag.search(text))


def damage(text: str) -> list[Damage]:
    """Every stretch of encoding damage in `text`, in order, none overlapping."""
    return list(_damage(text)) if _suspect(text) else []


@lru_cache(maxsize=8)  # three rules read an article's two texts: found once for them all
def _damage(text: str) -> tuple[Damage, ...]:
    found: list[Damage] = [*_korean_as_latin1(text), *_utf8_as_latin1(text), *_entities(text), *_markup(text)]
    found.extend(Damage(m.start(), m.end(), m.group(), None, "replacement") for m in re.finditer("\ufffd", text))
    if "\u00b4" in text or "\u02dd" in text:  # what the look-alike pattern matches (a lookbehind makes it slow)
        found.extend(Damage(m.start(), m.end(), m.group(), "\u2019" if m.group() == "\u00b4" else '"', "lookalike")
                     for m in _LOOKALIKE.finditer(text))
    result: list[Damage] = []
    for item in sorted(found, key=lambda d: (d.start, -d.end)):
        if not result or item.start >= result[-1].end:
            result.append(item)
    return tuple(result)


def _korean_as_latin1(text: str) -> Iterator[Damage]:
    """CP949 bytes read as Latin-1: a symbol of the first two rows (¡° = “, ¢æ = €) or two Hangul syllables and more."""
    for run in _KS_RUN.finditer(text):
        chars, index = run.group(), 0
        while index + 1 < len(chars):
            end = index
            decoded = []
            while end + 1 < len(chars):
                piece = _cp949(chars[end : end + 2])
                if piece is None:
                    break
                decoded.append(piece)
                end += 2
            hangul = sum("\uac00" <= c <= "\ud7a3" for c in decoded)
            symbol = [c for c in decoded if unicodedata.category(c)[0] in "PS"]
            if decoded and (hangul >= 2 or symbol) and hangul + len(symbol) == len(decoded):
                start = run.start() + index
                yield Damage(start, start + 2 * len(decoded), chars[index:end], "".join(decoded), "mojibake")
                index = end
            else:
                index += 1


def _cp949(pair: str) -> str | None:
    """The KS X 1001 character two Latin-1 characters stand for, when they are its two bytes."""
    if ord(pair[0]) > 0xA2 and not 0xB0 <= ord(pair[0]) <= 0xC8:
        return None  # only the symbol rows and the Hangul syllables: Hanja and the rest are too easily letters
    try:
        return pair.encode("latin-1").decode("cp949")
    except UnicodeError:
        return None


def _utf8_as_latin1(text: str) -> Iterator[Damage]:
    """UTF-8 read as Latin-1 or Windows-1252 (Ã© for é), repaired by ftfy word by word."""
    seen_until = 0
    for pair in _UTF8_PAIR.finditer(text):
        if pair.start() < seen_until:
            continue
        start, end = _token(text, pair.start())
        seen_until = end
        import ftfy  # 80 ms of imports, paid only when some text looks damaged

        word = text[start:end]
        fixed = ftfy.fix_encoding(word)
        if fixed == word:
            continue
        head = len(_common_prefix(word, fixed))
        tail = len(_common_prefix(word[head:][::-1], fixed[head:][::-1]))
        yield Damage(start + head, end - tail, word[head : len(word) - tail], fixed[head : len(fixed) - tail],
                     "mojibake")


def _token(text: str, index: int) -> tuple[int, int]:
    """The whitespace-delimited word around `index`."""
    start = index
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    match = _TOKEN_EDGE.search(text, index)
    return start, match.start() if match else len(text)


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _entities(text: str) -> Iterator[Damage]:
    """HTML character references; one that splits a word (jalape&ntilde; os) takes the space after it."""
    import html

    for match in _ENTITY.finditer(text):
        value = html.unescape(match.group())
        if value == match.group():
            continue
        end = match.end()
        if value.isalpha() and match.start() and text[match.start() - 1].isalpha() and text[end : end + 1] == " " \
                and text[end + 1 : end + 2].islower():
            end += 1  # the space a tokenizer put after the semicolon
        yield Damage(match.start(), end, text[match.start() : end], value, "entity")


def _markup(text: str) -> Iterator[Damage]:
    """HTML tags left in plain text; a line or paragraph break tag reads as a space."""
    for match in _MARKUP.finditer(text):
        name = re.match(r"</?([A-Za-z0-9]+)", match.group()).group(1).lower()  # type: ignore[union-attr]
        yield Damage(match.start(), match.end(), match.group(), " " if name in ("br", "p", "div") else "", "markup")


class Reading(namedtuple("Reading", "text stored shifts")):
    """A text as a reader sees it: encoding damage repaired (a lost character stays U+FFFD).

    `original(i)` maps a position of `text` back to the stored text, so a rule
    that reads the repaired text still names the unit that holds what it found.
    """

    __slots__ = ()
    text: str
    stored: str
    shifts: tuple[tuple[int, int], ...]  # (position in text, stored minus read offset from there on)

    def original(self, index: int) -> int:
        at = bisect_right(self.shifts, (index, float("inf"))) - 1
        return index + (self.shifts[at][1] if at >= 0 else 0)


def reading(text: str) -> Reading:
    """`text` as a reader sees it, with the map back to the stored positions."""
    found = damage(text)
    if not found:
        return Reading(text, text, ())
    pieces: list[str] = []
    shifts: list[tuple[int, int]] = []
    position = out = 0
    for item in found:
        pieces.append(text[position : item.start])
        out += item.start - position
        replacement = item.found if item.repaired is None else item.repaired
        pieces.append(replacement)
        for k in range(len(replacement)):  # the k-th repaired character stands where its share of the damage starts
            shifts.append((out + k, item.start + k * len(item.found) // len(replacement) - out - k))
        out += len(replacement)
        shifts.append((out, item.end - out))
        position = item.end
    pieces.append(text[position:])
    return Reading("".join(pieces), text, tuple(shifts))


def readable(text: str) -> str:
    """`text` as a reader sees it (`reading(text).text`)."""
    return reading(text).text if _suspect(text) else text
