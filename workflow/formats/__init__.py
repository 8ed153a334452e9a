"""File formats byline reads and writes, one module each, listed in one registry.

Each module exposes `NAME`, `EXTENSIONS`, `read(path, data)` returning a
`Document`, and, where it can write, `write(...)`. `for_path` picks the reader
by extension and names the known formats when none fits.
"""

from __future__ import annotations

import importlib
import re
from collections import namedtuple
from pathlib import Path
from types import ModuleType

from workflow.errors import InputError, UnknownFormatError

# name -> module path; modules are imported only when used (lxml is heavy).
REGISTRY: dict[str, str] = {
    "markdown": "workflow.formats.markdown",
    "html": "workflow.formats.html",
    "docx": "workflow.formats.docx",
    "po": "workflow.formats.po",
    "xliff": "workflow.formats.xliff",
    "xliff12": "workflow.formats.xliff12",
    "tmx": "workflow.formats.tmx",
}
EXTENSIONS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "markdown",
    ".text": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".po": "po",
    ".xlf": "xliff",  # the XLIFF reader hands version 1.2 files to xliff12
    ".xliff": "xliff",
    ".tmx": "tmx",
}
MAX_BYTES = 20 * 1024 * 1024
_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class Pair(namedtuple("Pair", "unit source target")):
    """A bilingual entry read from a PO or XLIFF file."""

    __slots__ = ()
    unit: str
    source: str
    target: str


class Revision(namedtuple("Revision", "author date text")):
    """A tracked change read from a document: who, when, and the text after it."""

    __slots__ = ()
    author: str
    date: str | None
    text: str


class Document(namedtuple("Document", "text pairs revisions title rejected base",
                          defaults=(None, None, (), None, None, None))):
    """What a reader found: a text, or bilingual pairs, and tracked revisions if any.

    With revisions, `text` has every change accepted and `rejected` every change rejected.
    `base` is the ledger head a bilingual file was exported at, when it says.
    """

    __slots__ = ()
    text: str | None
    pairs: tuple[Pair, ...] | None
    revisions: tuple[Revision, ...]
    title: str | None
    rejected: str | None
    base: str | None


def module(name: str) -> ModuleType:
    """The format module called `name`."""
    if name not in REGISTRY:
        raise UnknownFormatError(f"unknown format {name!r}; known formats: {', '.join(sorted(REGISTRY))}")
    return importlib.import_module(REGISTRY[name])


def for_path(path: Path) -> ModuleType:
    """The reader for a file, chosen by its extension."""
    name = EXTENSIONS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise UnknownFormatError(f"{path}: no reader for {path.suffix or 'files without an extension'}; known: {known}")
    return module(name)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing missing, unreadable and oversized files with a clear line."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_BYTES} byte limit for one article file")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder; give a file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: cannot be read (permission denied)") from exc


def read(path: Path) -> Document:
    """Read any supported file."""
    reader = for_path(path)
    return reader.read(path, read_bytes(path))


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); anything else is refused with the byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from workflow.errors import FormatError  # noqa: PLC0415

        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(path, line, f"not UTF-8 (byte {exc.start}); save the file as UTF-8") from exc


def collapse(text: str) -> str:
    """Runs of ASCII white space as one space, trimmed; a no-break space is text and stays."""
    return _SPACE.sub(" ", text).strip(" ")
