"""Word documents (DOCX): paragraph text, headings, and tracked changes (`w:ins`/`w:del`).

`text` is the document with all changes accepted. With tracked changes,
`rejected` is the document with all of them rejected and `revisions` the text
after each author's turn, in date order, so each turn can be recorded as that
author's edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workflow.formats.document import Document, Revision, collapse
from workflow.formats.safexml import parse
from workflow.formats.safezip import open_zip, read_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INSERTS = (f"{W}ins", f"{W}moveTo")  # a tracked move is a deletion where it was and an insertion where it went
_DELETES = (f"{W}del", f"{W}moveFrom")


@dataclass(frozen=True, slots=True)
class Piece:
    """A bit of paragraph text and the turns (0 = none) that inserted and deleted it."""

    text: str
    inserted: int
    deleted: int


def read(path: Path, data: bytes) -> Document:
    archive = open_zip(path, data)
    root = parse(path, read_member(path, archive, "word/document.xml"))
    turns, turn_of = _turns(root)
    paragraphs = [(_prefix(para), _pieces(para, turn_of)) for para in root.iter(f"{W}p")]
    final = _render(paragraphs, len(turns))
    if not turns:
        return Document(text=final)
    revisions = tuple(Revision(author, date, _render(paragraphs, number))
                      for number, (author, date) in enumerate(turns, start=1))
    return Document(text=final, revisions=revisions, rejected=_render(paragraphs, 0))


def _turns(root) -> tuple[list[tuple[str, str | None]], dict]:  # type: ignore[no-untyped-def, type-arg]
    """Authors' turns: tracked changes sorted by date, consecutive ones by the same author merged.

    Returns each turn's (author, last date) and, for every w:ins/w:del element, its turn number.
    """
    marks = list(root.iter(*_INSERTS, *_DELETES))
    ordered = sorted(enumerate(marks), key=lambda item: (item[1].get(f"{W}date") is None,
                                                         item[1].get(f"{W}date") or "", item[0]))
    turns: list[tuple[str, str | None]] = []
    turn_of = {}
    for _, mark in ordered:
        author = mark.get(f"{W}author") or ""
        date = mark.get(f"{W}date")
        if not turns or turns[-1][0] != author:
            turns.append((author, date))
        else:
            turns[-1] = (author, date or turns[-1][1])
        turn_of[mark] = len(turns)
    return turns, turn_of


def _pieces(para, turn_of) -> list[Piece]:  # type: ignore[no-untyped-def, type-arg]
    """A paragraph's text pieces: runs' text, tabs and breaks as spaces, deleted text included."""
    pieces = []
    for node in para.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
        inserted = deleted = 0
        for ancestor in node.iterancestors():
            if ancestor is para:
                break
            if ancestor.tag in _INSERTS and not inserted:
                inserted = turn_of[ancestor]
            elif ancestor.tag in _DELETES and not deleted:
                deleted = turn_of[ancestor]
        text = (node.text or "") if node.tag in (f"{W}t", f"{W}delText") else " "
        pieces.append(Piece(text, inserted, deleted))
    return pieces


def _render(paragraphs, turn: int) -> str:  # type: ignore[no-untyped-def]
    """The document after the first `turn` turns are accepted and the rest rejected."""
    lines = []
    for prefix, pieces in paragraphs:
        text = "".join(p.text for p in pieces
                       if (not p.inserted or p.inserted <= turn) and not (p.deleted and p.deleted <= turn))
        if text.strip():
            lines.append(prefix + collapse(text))
    return "\n\n".join(lines) + "\n" if lines else ""


def _prefix(para) -> str:  # type: ignore[no-untyped-def]
    style = para.find(f"{W}pPr/{W}pStyle")
    level = heading_level(style.get(f"{W}val") if style is not None else None)
    return "#" * level + " " if level else ""


def heading_level(style: str | None) -> int:
    """Heading level for Word's built-in styles (Title, Heading1…), 0 for body text."""
    if not style:
        return 0
    lowered = style.lower()
    if lowered == "title":
        return 1
    if lowered.startswith("heading") and lowered[7:].isdigit():
        return min(int(lowered[7:]), 6)
    return 0
