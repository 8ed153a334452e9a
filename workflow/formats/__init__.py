"""File formats byline reads and writes, one module each, listed in one registry.

Each module exposes `read(path, data)` returning a `Document` (from
`workflow.formats.document`, which the modules import) and, where it can
write, `write(...)`. `for_path` picks the reader by extension and names the
known formats when none fits.
"""

from __future__ import annotations

import importlib
from collections import namedtuple
from pathlib import Path
from types import ModuleType

from workflow.errors import InputError, UnknownFormatError
from workflow.formats.document import Document, Pair, Revision

__all__ = ["Document", "Format", "Pair", "Revision", "for_path", "module", "read", "read_bytes"]

class Format(namedtuple("Format", "module extensions")):
    """A format: the module that reads (and writes) it, and the file extensions it is chosen by."""

    __slots__ = ()
    module: str
    extensions: tuple[str, ...]


# Every format, by name; modules are imported only when used (lxml is heavy). XLIFF 1.2 has no extension of
# its own: .xlf and .xliff go to the XLIFF reader, which hands version 1.2 files to xliff12.
REGISTRY: dict[str, Format] = {
    "markdown": Format("workflow.formats.markdown", (".md", ".markdown", ".txt", ".text")),
    "html": Format("workflow.formats.html", (".html", ".htm")),
    "docx": Format("workflow.formats.docx", (".docx",)),
    "odt": Format("workflow.formats.odt", (".odt",)),
    "po": Format("workflow.formats.po", (".po",)),
    # Trados (.sdlxliff) and memoQ (.mqxliff) files are XLIFF 1.2 with their own namespaces beside.
    "xliff": Format("workflow.formats.xliff", (".xlf", ".xliff", ".sdlxliff", ".mqxliff")),
    "xliff12": Format("workflow.formats.xliff12", ()),
    "tmx": Format("workflow.formats.tmx", (".tmx",)),
}
EXTENSIONS: dict[str, str] = {suffix: name for name, known in REGISTRY.items() for suffix in known.extensions}
MAX_BYTES = 20 * 1024 * 1024


def module(name: str) -> ModuleType:
    """The format module called `name`."""
    if name not in REGISTRY:
        raise UnknownFormatError(f"unknown format {name!r}; known formats: {', '.join(sorted(REGISTRY))}")
    return importlib.import_module(REGISTRY[name].module)


def for_path(path: Path) -> ModuleType:
    """The reader for a file, chosen by its extension."""
    name = EXTENSIONS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise UnknownFormatError(f"{path}: no reader for {path.suffix or 'files without an extension'}; known: {known}")
    return module(name)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing missing, unreadable, oversized and non-regular files (FIFOs, devices) in one line."""
    import stat

    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: not a regular file (a FIFO or a device); give a file")
        if st.st_size > MAX_BYTES:
            raise InputError(f"{path}: {st.st_size} bytes is over the {MAX_BYTES} byte limit for one article file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"{path}: over the {MAX_BYTES} byte limit for one article file")
        return data
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder; give a file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: cannot be read (permission denied)") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc


def read(path: Path) -> Document:
    """Read any supported file."""
    reader = for_path(path)
    return reader.read(path, read_bytes(path))
