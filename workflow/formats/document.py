"""What a format reader returns, and the text helpers readers share.

A Document holds a text or bilingual pairs, and the tracked revisions if any.
"""

from __future__ import annotations

import re
from collections import namedtuple
from pathlib import Path

from workflow.errors import FormatError

_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class Pair(namedtuple("Pair", "unit source target needs_review comment", defaults=(None, None))):
    """A bilingual entry read from a PO or XLIFF file.

    `needs_review` is what the file's own state says (PO `fuzzy`, XLIFF
    `state`/`approved`): True, False, or None where it says nothing.
    `comment` is the translators' comment on the entry (PO `#`, XLIFF notes
    that are not byline's): a string, "" for none, or None where the format
    carries no comments.
    """

    __slots__ = ()
    unit: str
    source: str
    target: str
    needs_review: bool | None
    comment: str | None


class Revision(namedtuple("Revision", "author date text pairs", defaults=(None,))):
    """A tracked change read from a document: who, when, and the text after it (a bilingual table: its entries)."""

    __slots__ = ()
    author: str
    date: str | None
    text: str
    pairs: tuple[Pair, ...] | None


class Document(namedtuple("Document", "text pairs revisions title rejected base rejected_pairs",
                          defaults=(None, None, (), None, None, None, None))):
    """What a reader found: a text, or bilingual pairs, and tracked revisions if any.

    With revisions, `text` (or `pairs`) has every change accepted and `rejected` (`rejected_pairs`)
    every change rejected. `base` is the ledger head a file was exported at, when it says.
    """

    __slots__ = ()
    text: str | None
    pairs: tuple[Pair, ...] | None
    revisions: tuple[Revision, ...]
    title: str | None
    rejected: str | None
    base: str | None
    rejected_pairs: tuple[Pair, ...] | None


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); anything else is refused with the byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(path, line, f"not UTF-8 (byte {exc.start}); save the file as UTF-8") from exc


def collapse(text: str) -> str:
    """Runs of ASCII white space as one space, trimmed; a no-break space is text and stays."""
    return _SPACE.sub(" ", text).strip(" ")
