"""OpenDocument text (`.odt`, LibreOffice's own format): paragraphs and headings, as `docx` reads Word.

Headings (`text:h`) become `#` lines at their outline level; spaces
(`text:s`), tabs and line breaks inside a paragraph are single spaces, as in
Word files. The `BylineHead` user-defined property, which LibreOffice keeps
from a DOCX byline exported, names the ledger head the file was made from.
Tracked changes are not read yet: a file that has them is refused with how
to bring it in (accept or reject them, or save as Word, whose tracked changes
byline records author by author).
"""

from __future__ import annotations

from pathlib import Path

from workflow.errors import FormatError
from workflow.formats.document import Document, collapse
from workflow.formats.safexml import parse
from workflow.formats.safezip import open_zip, read_member

NAME = "odt"
EXTENSIONS = (".odt",)
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_SPACES = (f"{TEXT}s", f"{TEXT}tab", f"{TEXT}line-break")
_SKIPPED = (f"{TEXT}note", f"{TEXT}tracked-changes", f"{OFFICE}annotation", f"{TEXT}bookmark-ref")


def read(path: Path, data: bytes) -> Document:
    archive = open_zip(path, data)
    root = parse(path, read_member(path, archive, "content.xml"))
    if root.find(f".//{TEXT}changed-region") is not None:
        raise FormatError(path, None, "has tracked changes, which byline reads from Word files only; accept or reject "
                                      "them in LibreOffice, or save the file as Word (.docx) and record that")
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise FormatError(path, None, "has no text body; is this an OpenDocument text file?")
    lines = []
    for block in body.iter(f"{TEXT}h", f"{TEXT}p"):
        if any(a.tag in (f"{TEXT}note", f"{OFFICE}annotation") for a in block.iterancestors()):
            continue
        text = collapse(_text(block))
        if not text:
            continue
        level = int(block.get(f"{TEXT}outline-level", "1")) if block.tag == f"{TEXT}h" else 0
        lines.append("#" * min(max(level, 1), 6) + " " + text if level else text)
    return Document(text="\n\n".join(lines) + "\n" if lines else "", base=_head(path, archive))


def _text(element) -> str:  # type: ignore[no-untyped-def]
    """An element's text: spans' and links' text kept, spaces, tabs and breaks as spaces, notes left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in _SPACES:
            parts.append(" " * int(child.get(f"{TEXT}c", "1")) if child.tag == f"{TEXT}s" else " ")
        elif child.tag not in _SKIPPED and child.tag not in (f"{TEXT}h", f"{TEXT}p"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _head(path: Path, archive) -> str | None:  # type: ignore[no-untyped-def]
    """The `BylineHead` user-defined property, if the file has one."""
    from workflow.formats.docx import HEAD_PROPERTY  # noqa: PLC0415

    if "meta.xml" not in archive.namelist():
        return None
    for prop in parse(path, read_member(path, archive, "meta.xml")).iter(f"{META}user-defined"):
        if prop.get(f"{META}name") == HEAD_PROPERTY:
            return (prop.text or "").strip() or None
    return None
