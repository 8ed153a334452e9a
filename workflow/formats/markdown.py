"""Markdown-lite and plain text: paragraphs, `#` headings, `>` quotes."""

from __future__ import annotations

from pathlib import Path

from workflow.formats.document import Document, decode_text


def read(path: Path, data: bytes) -> Document:
    text = decode_text(path, data)
    if "\x00" in text:
        from workflow.errors import FormatError

        raise FormatError(path, text[: text.index("\x00")].count("\n") + 1, "holds a NUL byte; this is not a text file")
    return Document(text=text)


def write(text: str) -> str:
    """The English article as Markdown-lite: byline's own working form."""
    return text
