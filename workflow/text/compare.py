"""The one comparison of a working file with what the record holds (DESIGN: "One working-file comparison").

A working file matches the record when the two are the same after Unicode NFC
and LF line ends, except that a single line break inside a paragraph equals a
space when the next line does not start a block (`#`, `>`, or a list item's `-`, `*`, `1.` and a space).
People and their editors re-wrap paragraphs; that is not a change to the
article, and byline keeps the wrapping they chose. Indentation, blank lines
and every other space are content. verify, the recording protocol, git
merges and reflowing all use `same_text`, so they never disagree about
whether someone's work would be lost. `as_recorded` is what a recording takes
from a re-wrapped save: the change without the wrapping.
"""

from __future__ import annotations

import re
import unicodedata

# A line break with text on both sides (not a blank line) whose next line does not start a block: a heading or
# a quote (`#`, `>`), or a list item (`-`, `*` or `1.` followed by a space or the line's end; a re-wrapped
# paragraph may well put "3.5 billion" or "-5 degrees" at the start of a line, and that starts no list).
_SOFT_BREAK = re.compile(r"(?<=[^\n])\n(?![\n#>]|[-*](?:[ \t\n]|\Z)|\d+\.(?:[ \t\n]|\Z)|$)")


def canonical_text(text: str) -> str:
    """The form two texts are compared in: NFC, LF line ends, soft line breaks as spaces."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SOFT_BREAK.sub(" ", text)


def canonical_lines(text: str) -> list[tuple[int, str]]:
    """The lines of `canonical_text(text)`, each with the number (from 1) of the line of `text` it starts on.

    A paragraph wrapped over several lines is one canonical line, so places
    that differ can be named by the lines a person sees in their file.
    """
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    soft = {match.start() for match in _SOFT_BREAK.finditer(text)}
    lines: list[tuple[int, str]] = []
    start, number, first = 0, 1, 1
    for pos, char in enumerate(text):
        if char != "\n":
            continue
        if pos not in soft:
            lines.append((first, text[start:pos].replace("\n", " ")))
            start, first = pos + 1, number + 1
        number += 1
    lines.append((first, text[start:].replace("\n", " ")))
    return lines


def same_text(recorded: str, on_disk: str) -> bool:
    """Whether a working file's text holds nothing that the record lacks."""
    return recorded == on_disk or canonical_text(recorded) == canonical_text(on_disk)


def without_soft_breaks(text: str) -> str:
    """`text` with each soft line break (a re-wrapped paragraph's) as the space it stands for; nothing else changes.

    The result has the same length as `text`, character for character.
    """
    return _SOFT_BREAK.sub(" ", text)


def as_recorded(recorded: str, edited: str) -> str:
    """The English to record for an edited working file: its changes, without the edit's layout.

    A paragraph re-wrapped over several lines is not a change (`same_text`),
    so the soft line breaks an editor's save added are spaces in the record
    (PO and XLIFF targets never gain line breaks), and those the record
    already holds stay where the text around them was kept: only what the
    editor changed is changed. `recorded` and `edited` are normalised text
    (NFC, LF). The result equals `edited` under `same_text`.
    """
    plain, wanted = without_soft_breaks(recorded), without_soft_breaks(edited)
    if plain == wanted:
        return recorded
    from workflow.text.delta import diff_edits

    kept = []
    for piece in diff_edits(plain, wanted):
        if piece.op == "equal":  # the record's own characters, its line breaks included
            kept.append(recorded[piece.old_start : piece.old_start + len(piece.text)])
        elif piece.op == "insert":
            kept.append(piece.text)
    result = "".join(kept)
    # A kept soft break now next to a block marker would read as a hard break: then the edit's text, unwrapped.
    return result if without_soft_breaks(result) == wanted else wanted
