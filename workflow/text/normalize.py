"""Normalising incoming text: Unicode NFC, line endings, spacing, paragraph breaks.

Hangul typed on macOS arrives decomposed (NFD); Windows files end lines with
CRLF; CMS exports carry no-break and zero-width spaces. What was changed is
returned too, because the ingest event records it.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise(text: str, *, keep_nbsp: bool = False) -> tuple[str, tuple[str, ...]]:
    """The normalised text and a description of each kind of change made.

    Paragraphs are separated by one blank line, lines lose trailing space, runs
    of spaces become one, and the text ends with one newline. `keep_nbsp`
    keeps no-break spaces (English typography uses them on purpose).
    """
    changes: list[str] = []
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        changes.append("unicode: composed to NFC")
    text = nfc
    if "\r" in text:
        changes.append("line endings: CRLF/CR to LF")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = _ZERO_WIDTH.sub("", text)
    if stripped != text:
        changes.append("removed zero-width characters")
        text = stripped
    lines = []
    for line in text.split("\n"):
        if keep_nbsp:
            squeezed = re.sub(r"[ \t]+", " ", line).strip(" \t")
        else:
            squeezed = _SPACES.sub(" ", line).strip()
        lines.append(squeezed)
    spaced = "\n".join(lines)
    if spaced != text:
        changes.append("spacing: collapsed runs of spaces and trimmed lines")
    paragraphs = re.split(r"\n{2,}", spaced.strip("\n"))
    result = "\n\n".join(paragraphs) + "\n" if paragraphs and paragraphs != [""] else ""
    if result.strip("\n") != spaced.strip("\n"):
        changes.append("paragraph breaks: one blank line between paragraphs")
    return result, tuple(changes)
