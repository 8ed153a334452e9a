"""OpenDocument text (`.odt`, LibreOffice's own format): paragraphs and headings, as `docx` reads Word.

Headings (`text:h`) become `#` lines at their outline level; spaces
(`text:s`), tabs and line breaks inside a paragraph are single spaces, as in
Word files. The `BylineHead` user-defined property, which LibreOffice keeps
from a DOCX byline exported, names the ledger head the file was made from.

Tracked changes (`text:tracked-changes`) are read as Word's are: each
insertion is the text between `text:change-start` and `text:change-end`,
each deletion's text sits in its changed region and is put back where its
`text:change` mark stands, and the authors' turns (by date, consecutive ones
by one author merged) give the text after each turn (`docx._render`).
"""

from __future__ import annotations

from pathlib import Path

from workflow.errors import FormatError
from workflow.formats.document import Document, Revision
from workflow.formats.safexml import parse
from workflow.formats.safezip import open_zip, read_member

NAME = "odt"
EXTENSIONS = (".odt",)
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML = "{http://www.w3.org/XML/1998/namespace}"
_SPACES = (f"{TEXT}s", f"{TEXT}tab", f"{TEXT}line-break")
_SKIPPED = (f"{TEXT}note", f"{TEXT}tracked-changes", f"{OFFICE}annotation", f"{TEXT}bookmark-ref")


def read(path: Path, data: bytes) -> Document:
    from workflow.formats.docx import _render  # the one rendering of authors' turns

    archive = open_zip(path, data)
    root = parse(path, read_member(path, archive, "content.xml"))
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise FormatError(path, None, "has no text body; is this an OpenDocument text file?")
    turns, changes = _turns(body)
    paragraphs = []
    for block in body.iter(f"{TEXT}h", f"{TEXT}p"):
        if any(a.tag in _SKIPPED for a in block.iterancestors()):
            continue  # notes, annotations, and deleted text kept in the changed regions
        level = int(block.get(f"{TEXT}outline-level", "1")) if block.tag == f"{TEXT}h" else 0
        prefix = "#" * min(max(level, 1), 6) + " " if level else ""
        paragraphs.append((prefix, list(_pieces(block, changes, []))))
    final, base = _render(paragraphs, len(turns)), _head(path, archive)
    if not turns:
        return Document(text=final, base=base)
    revisions = tuple(Revision(author, date, _render(paragraphs, number))
                      for number, (author, date) in enumerate(turns, start=1))
    return Document(text=final, revisions=revisions, rejected=_render(paragraphs, 0), base=base)


def _turns(body) -> tuple[list[tuple[str, str | None]], dict]:
    """Authors' turns from the changed regions, and each region id's (kind, turn, deleted text)."""
    regions = []
    for order, region in enumerate(body.iter(f"{TEXT}changed-region")):
        change = next((c for c in region if c.tag in (f"{TEXT}insertion", f"{TEXT}deletion")), None)
        if change is None:
            continue  # a format change: no text to record
        author = change.findtext(f"{OFFICE}change-info/{DC}creator") or ""
        date = change.findtext(f"{OFFICE}change-info/{DC}date")
        deleted = " ".join(_text(p) for p in change if p.tag in (f"{TEXT}p", f"{TEXT}h"))
        rid = region.get(f"{TEXT}id") or region.get(f"{XML}id") or ""
        regions.append((date is None, date or "", order, rid, change.tag == f"{TEXT}insertion", author, date, deleted))
    turns: list[tuple[str, str | None]] = []
    changes = {}
    for *_, rid, inserted, author, date, deleted in sorted(regions):
        if not turns or turns[-1][0] != author:
            turns.append((author, date))
        else:
            turns[-1] = (author, date or turns[-1][1])
        changes[rid] = ("insertion" if inserted else "deletion", len(turns), deleted)
    return turns, changes


def _pieces(element, changes, open_inserts):
    """A paragraph's text as docx Pieces, in order: inserted text between its change marks, deletions at theirs."""
    from workflow.formats.docx import Piece

    def piece(text: str) -> Piece:
        return Piece(text, open_inserts[-1] if open_inserts else 0, 0)

    if element.text:
        yield piece(element.text)
    for child in element:
        cid = child.get(f"{TEXT}change-id")
        if child.tag == f"{TEXT}change-start" and cid in changes:
            open_inserts.append(changes[cid][1])
        elif child.tag == f"{TEXT}change-end" and cid in changes and changes[cid][1] in open_inserts:
            open_inserts.remove(changes[cid][1])
        elif child.tag == f"{TEXT}change" and cid in changes and changes[cid][0] == "deletion":
            yield Piece(changes[cid][2], 0, changes[cid][1])
        elif child.tag in _SPACES:
            yield piece(" " * int(child.get(f"{TEXT}c", "1")) if child.tag == f"{TEXT}s" else " ")
        elif child.tag not in _SKIPPED and child.tag not in (f"{TEXT}h", f"{TEXT}p"):
            yield from _pieces(child, changes, open_inserts)
        if child.tail:
            yield piece(child.tail)


def _text(element) -> str:
    """An element's text: spans' and links' text kept, spaces, tabs and breaks as spaces, notes left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in _SPACES:
            parts.append(" " * int(child.get(f"{TEXT}c", "1")) if child.tag == f"{TEXT}s" else " ")
        elif child.tag not in _SKIPPED and child.tag not in (f"{TEXT}h", f"{TEXT}p"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _head(path: Path, archive) -> str | None:
    """The `BylineHead` user-defined property, if the file has one."""
    from workflow.formats.docx import HEAD_PROPERTY

    if "meta.xml" not in archive.namelist():
        return None
    for prop in parse(path, read_member(path, archive, "meta.xml")).iter(f"{META}user-defined"):
        if prop.get(f"{META}name") == HEAD_PROPERTY:
            return (prop.text or "").strip() or None
    return None
