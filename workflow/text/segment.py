"""Sentence segmentation of Markdown-lite texts, Korean and English.

Both segmenters return character spans into the whole text, so that segment
ids, units and authorship can point into the file without copying it. A block
(paragraph, `#` heading, `>` quote) never shares a sentence with another
block; heading and quote markers stay outside the spans. Korean uses kiwipiepy,
loaded on first use because it takes about a second.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterator
from functools import lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Literal

    BlockKind = Literal["heading", "quote", "paragraph"]


class Span(namedtuple("Span", "start end")):
    """A half-open character range `[start, end)` of a text."""

    __slots__ = ()
    start: int
    end: int


_MARKER = re.compile(r"(#{1,6}\s+|>\s?)")


def blocks(text: str) -> Iterator[tuple[Span, BlockKind]]:
    """Yield each block's content span (markers and outer blank space excluded)."""
    pos = 0
    for chunk in re.split(r"(\n[ \t]*\n+)", text):
        start, pos = pos, pos + len(chunk)
        if not chunk.strip() or chunk.startswith("\n"):
            continue
        # A heading or quote line is a block of its own even without blank lines.
        line_start = start
        lines = chunk.split("\n")
        para_start: int | None = None
        para_end = start
        for line in lines:
            line_end = line_start + len(line)
            marker = _MARKER.match(line)
            if marker and line.startswith("#"):
                if para_start is not None:
                    yield _trimmed(text, para_start, para_end), "paragraph"
                    para_start = None
                yield _trimmed(text, line_start + marker.end(), line_end), "heading"
            elif marker and line.startswith(">"):
                if para_start is not None:
                    yield _trimmed(text, para_start, para_end), "paragraph"
                    para_start = None
                span = _trimmed(text, line_start + marker.end(), line_end)
                if span.end > span.start:
                    yield span, "quote"
            else:
                if para_start is None:
                    para_start = line_start
                para_end = line_end
            line_start = line_end + 1
        if para_start is not None:
            span = _trimmed(text, para_start, para_end)
            if span.end > span.start:
                yield span, "paragraph"


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


# --- English -----------------------------------------------------------------

# Words that end in a period without ending the sentence, compared lower-case
# without the final period.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr
    inc co corp ltd bros dept univ assn est approx vs etc al fig no nos vol pp
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    u.s u.k u.n e.u a.m p.m e.g i.e d.c n.y""".split()
)

# A candidate boundary: terminal punctuation, closing quotes or brackets, space.
_BOUNDARY = re.compile(r"([.!?…]+|\.{3})([\"'”’)\]]*)(\s+)")
_STARTER = re.compile(r"[\"'“‘(\[]*[A-Z0-9\u00C0-\u024F\uAC00-\uD7A3]")


def split_english(text: str) -> list[Span]:
    """Split English Markdown-lite into sentence spans.

    Handles abbreviations (U.S., Mr., Jan.), initials, decimals, quotes that
    close after the period, and an ellipsis that continues a sentence.
    """
    spans: list[Span] = []
    for block, kind in blocks(text):
        if kind == "heading":
            spans.append(block)
            continue
        start = block.start
        body = text[block.start : block.end]
        for match in _BOUNDARY.finditer(body):
            if not _is_sentence_end(body, match):
                continue
            end = block.start + match.start(3)
            spans.append(Span(start, end))
            start = block.start + match.end(3)
        spans.append(Span(start, block.end))
    return [span for span in spans if span.end > span.start]


def _is_sentence_end(body: str, match: re.Match[str]) -> bool:
    following = body[match.end(3) :]
    if not _STARTER.match(following):
        return False
    punct = match.group(1)
    if punct in ("…", "...") and not match.group(2):
        # "Now … you can": an ellipsis before a capital still may not end it,
        # but before a lower-case word it never does (handled by _STARTER).
        return True
    if punct == ".":
        word = re.search(r"([\w.]+)$", body[: match.start(1)])
        if word:
            token = word.group(1)
            if token.lower() in _ABBREVIATIONS:
                return False
            if len(token) == 1 and token.isalpha() and token.isupper():
                return False  # an initial: "John F. Kennedy"
    return True


# --- Korean ------------------------------------------------------------------


@lru_cache(maxsize=1)
def kiwi():
    """The one kiwipiepy analyser of the process, loaded on first use (about a second)."""
    from kiwipiepy import Kiwi  # heavy: about a second to load

    return Kiwi()


def split_korean(text: str) -> list[Span]:
    """Split Korean Markdown-lite into sentence spans with kiwipiepy."""
    spans: list[Span] = []
    analyser = None
    for block, kind in blocks(text):
        if kind == "heading":
            spans.append(block)
            continue
        analyser = analyser or kiwi()
        body = text[block.start : block.end]
        for sentence in analyser.split_into_sents(body):
            span = _trimmed(text, block.start + sentence.start, block.start + sentence.end)
            if span.end > span.start:
                spans.append(span)
    return _close_gaps(text, spans)


def _close_gaps(text: str, spans: list[Span]) -> list[Span]:
    """Give text that kiwipiepy left between sentences to the sentence before it.

    Kiwi occasionally skips a trailing quote or symbol; every non-space character
    of a block must belong to exactly one segment.
    """
    fixed: list[Span] = []
    for index, span in enumerate(spans):
        end = span.end
        limit = spans[index + 1].start if index + 1 < len(spans) else len(text)
        gap = text[end:limit]
        stop = gap.find("\n")
        head = gap if stop < 0 else gap[:stop]
        if head.strip():
            end = _trimmed(text, end, end + len(head)).end
        fixed.append(Span(span.start, end))
    return fixed


def split(text: str, lang: str) -> list[Span]:
    """Split `text` with the segmenter for `lang` (`ko` or anything else: English)."""
    return split_korean(text) if lang == "ko" else split_english(text)


def split_lines(text: str) -> list[Span]:
    """One sentence a non-empty line (for `byline align --sentences`)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        span = _trimmed(text, pos, pos + len(line))
        if span.end > span.start:
            spans.append(span)
        pos += len(line) + 1
    return spans
