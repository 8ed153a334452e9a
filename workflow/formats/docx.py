"""Word documents (DOCX): paragraph text, headings, and the text as accepted.

Text inside `w:ins` counts and text inside `w:del` does not, so that a file
with tracked changes reads as the document with all changes accepted.
"""

from __future__ import annotations

from pathlib import Path

from workflow.formats import Document
from workflow.formats.safexml import parse
from workflow.formats.safezip import open_zip, read_member

NAME = "docx"
EXTENSIONS = (".docx",)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(path: Path, data: bytes) -> Document:
    archive = open_zip(path, data)
    root = parse(path, read_member(path, archive, "word/document.xml"))
    paragraphs = []
    for para in root.iter(f"{W}p"):
        text = paragraph_text(para)
        if not text.strip():
            continue
        style = para.find(f"{W}pPr/{W}pStyle")
        level = heading_level(style.get(f"{W}val") if style is not None else None)
        paragraphs.append(("#" * level + " " if level else "") + " ".join(text.split()))
    return Document(text="\n\n".join(paragraphs) + "\n" if paragraphs else "")


def paragraph_text(para) -> str:  # type: ignore[no-untyped-def]
    """The accepted text of a paragraph: runs, insertions, tabs and breaks; no deletions."""
    parts = []
    for node in para.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}delText"):
        if node.tag == f"{W}delText":
            continue
        if any(a.tag == f"{W}del" for a in node.iterancestors()):
            continue
        parts.append(node.text or "" if node.tag == f"{W}t" else " ")
    return "".join(parts)


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
