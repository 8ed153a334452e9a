"""Gettext PO: the bilingual view of an article, one entry per unit.

msgctxt is the unit id (`s3`, `s3+s4`), msgid the Korean, msgstr the English.
Stale units are `fuzzy` with the Korean they were translated from as the
previous msgid (`#|`), as gettext does; omitted units and English additions
are marked in comments. polib, the reader, stays inside this module.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Mapping, Sequence
from pathlib import Path

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
    import polib  # about 20 ms; writing the view (every verify and check) does without it

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
    """PO text for the entries, with the given header fields, as polib writes them with `wrapwidth=0`.

    One line per field: a unit's change is one diff line in git. The text is
    written here directly, not through polib's objects, because verify and
    check render every article's view (polib's writer was most of that cost);
    `tests/test_po_writer.py` holds it byte for byte to polib's output.
    """
    parts = [_entry(None, "", _header(metadata))]
    for item in entries:
        stale = item.stale_from is not None
        parts.append(_entry(item.context, item.source, item.target, note=item.note or "",
                            comment="\n".join(item.comments), fuzzy=stale or item.needs_review,
                            previous=(item.context, item.stale_from) if item.stale_from is not None else None))
    return "#\n" + "\n".join(parts) + "\n"


# Header fields in the order gettext (and polib) writes them; any others follow in natural order.
_HEADER_ORDER = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
                 "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
                 "Content-Transfer-Encoding", "Plural-Forms")


def _header(metadata: Mapping[str, str]) -> str:
    """The header entry's msgstr: `Name: value` lines, known fields first, the rest in natural order."""
    rest = dict(metadata)
    ordered = [(name, rest.pop(name)) for name in _HEADER_ORDER if name in rest]
    ordered.extend((name, rest[name]) for name in sorted(rest, key=_natural))
    return "".join(f"{name}: {value}\n" for name, value in ordered)


def _natural(name: str) -> list[int | str]:
    """Numbers in a name compare as numbers, the rest without case (polib's order for extra header fields)."""
    return [int(piece) if piece.isdigit() else piece.lower() for piece in re.split("([0-9]+)", name)]


# Whether a text needs any escape: most do not, and testing is far cheaper than escaping (en.po is rendered
# for every article `check` and `verify` read).
_TO_ESCAPE = re.compile(r'[\\\t\r\n\v\b\f"]')


def _entry(context: str | None, source: str, target: str, *, note: str = "", comment: str = "", fuzzy: bool = False,
           previous: tuple[str, str] | None = None) -> str:
    """One entry: translator comment, extracted comment, flags, previous fields, msgctxt, msgid, msgstr."""
    lines = [f"# {line}" for line in note.split("\n")] if note else []
    if comment:
        lines.extend(f"#. {line}" for line in comment.split("\n"))
    if fuzzy:
        lines.append("#, fuzzy")
    if previous is not None:
        _field(lines, "#| msgctxt", previous[0])
        _field(lines, "#| msgid", previous[1])
    if context is not None:
        _field(lines, "msgctxt", context)
    _field(lines, "msgid", source)
    _field(lines, "msgstr", target)
    lines.append("")
    return "\n".join(lines)


def _field(lines: list[str], keyword: str, text: str) -> None:
    """A keyword and its quoted string; text of several lines starts with "" and has one quoted line each."""
    pieces = text.splitlines(True)
    if len(pieces) > 1:
        lines.append(f'{keyword} ""')
        prefix = keyword[:3] if keyword.startswith("#|") else ""
        lines.extend(f'{prefix}"{_escaped(piece)}"' for piece in pieces)
    else:
        lines.append(f'{keyword} "{_escaped(text)}"')


def _escaped(text: str) -> str:
    """The text with each of `\\ \\t \\r \\n \\v \\b \\f "` written as its C escape, inside a PO string.

    One replacement per character (a translation table looked each character
    up in a dictionary, several microseconds a quoted sentence): the
    backslash first, since the others add backslashes, the quote last, since
    its escape holds a quote; no other escape holds a character replaced later.
    """
    if _TO_ESCAPE.search(text) is None:
        return text
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
            .replace("\v", "\\v").replace("\b", "\\b").replace("\f", "\\f").replace('"', '\\"'))
