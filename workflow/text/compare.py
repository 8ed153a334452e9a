"""The one comparison of a working file with what the record holds (DESIGN: "One working-file comparison").

A working file matches the record when the two are the same after Unicode NFC
and LF line ends, except that a single line break inside a paragraph equals a
space when the next line does not start a block (`#`, `>`, `-`, `*`, `1.`).
People and their editors re-wrap paragraphs; that is not a change to the
article, and byline keeps the wrapping they chose. Indentation, blank lines
and every other space are content. verify, the recording protocol, git
merges and reflowing all use `same_text`, so they never disagree about
whether someone's work would be lost.
"""

from __future__ import annotations

import re
import unicodedata

# A line break with text on both sides (not a blank line) whose next line does not start a block.
_SOFT_BREAK = re.compile(r"(?<=[^\n])\n(?![\n#>*-]|\d+\.|$)")


def canonical_text(text: str) -> str:
    """The form two texts are compared in: NFC, LF line ends, soft line breaks as spaces."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SOFT_BREAK.sub(" ", text)


def same_text(recorded: str, on_disk: str) -> bool:
    """Whether a working file's text holds nothing that the record lacks."""
    return recorded == on_disk or canonical_text(recorded) == canonical_text(on_disk)
