"""Gettext PO: the bilingual view of an article, one entry per unit.

msgctxt is the unit id (`s3`, `s3+s4`), msgid the Korean, msgstr the English.
Stale units are `fuzzy` with the Korean they were translated from as the
previous msgid (`#|`), as gettext does; omitted units and English additions
are marked in comments. polib stays inside this module.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Mapping, Sequence
from pathlib import Path

import polib

from workflow.errors import FormatError
from workflow.formats.document import Document, Pair, decode_text


class Entry(namedtuple("Entry", "context source target stale_from comments needs_review note",
                       defaults=(None, (), False, None))):
    """What the PO view says about one unit or addition.

    `comments` are byline's (`#.`, extracted comments); `note` is the
    translators' own comment (`# `), kept in the ledger and written back.
    A stale unit, or one a translator marked (`needs_review`), is `fuzzy`.
    """

    __slots__ = ()
    context: str
    source: str
    target: str
    stale_from: str | None
    comments: tuple[str, ...]
    needs_review: bool
    note: str | None


def read(path: Path, data: bytes) -> Document:
    text = decode_text(path, data)
    try:
        catalog = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:  # polib reports syntax errors as OSError
        match = re.search(r"line (\d+)", str(exc))
        raise FormatError(path, int(match.group(1)) if match else None, f"not a valid PO file: {_reason(exc)}") from exc
    pairs = []
    seen: set[str] = set()
    for entry in catalog:
        if entry.obsolete or not entry.msgctxt:
            continue
        if entry.msgctxt in seen:
            raise FormatError(path, entry.linenum, f"msgctxt {entry.msgctxt!r} appears twice; each unit has one entry")
        seen.add(entry.msgctxt)
        pairs.append(Pair(entry.msgctxt, entry.msgid, entry.msgstr, "fuzzy" in entry.flags, entry.tcomment or ""))
    return Document(pairs=tuple(pairs), base=catalog.metadata.get("X-Byline-Head") or None)


def _reason(exc: Exception) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip() or type(exc).__name__


def write(entries: Sequence[Entry], metadata: Mapping[str, str]) -> str:
    """PO text for the entries, with the given header fields."""
    # One line per field: a unit's change is one diff line in git, and
    # rendering skips textwrap, which dominated checking an archive.
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = dict(metadata)
    for item in entries:
        entry = polib.POEntry(msgctxt=item.context, msgid=item.source, msgstr=item.target)
        if item.stale_from is not None or item.needs_review:
            entry.flags.append("fuzzy")
        if item.stale_from is not None:
            entry.previous_msgctxt = item.context
            entry.previous_msgid = item.stale_from
        if item.comments:
            entry.comment = "\n".join(item.comments)
        if item.note:
            entry.tcomment = item.note
        catalog.append(entry)
    return str(catalog) + "\n"
