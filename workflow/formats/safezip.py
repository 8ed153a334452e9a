"""Reading members of ZIP containers (DOCX) without being a way into the machine.

Entry count, uncompressed size and compression ratio are checked from the
central directory before anything is decompressed; path-like entry names are
refused; a member is read with a hard cap even if its header lies.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from workflow.errors import FormatError

MAX_ENTRIES = 2000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
# What zipfile raises on damaged, encrypted or exotic archives: RuntimeError for encrypted members,
# NotImplementedError for unknown compression methods or zip versions, zlib.error for corrupt data.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error)


def open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    """An opened archive whose directory passed every limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED as exc:
        raise FormatError(path, None, f"not a ZIP/DOCX container ({exc}); save it again as .docx") from exc
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise FormatError(path, None, f"{len(infos)} entries in the archive, over the "
                                      f"limit of {MAX_ENTRIES} (refused as unsafe)")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise FormatError(path, None, f"entry {name!r} has a path-like name (refused as unsafe)")
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise FormatError(path, None, f"entry {name!r} unpacks to more than the "
                                          "size limit (refused as a possible zip bomb)")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            raise FormatError(path, None, f"entry {name!r} compresses {info.file_size // info.compress_size}:1 "
                                          "(refused as a possible zip bomb)")
    return archive


def read_member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, never more than the limit whatever its header says."""
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except KeyError as exc:
        raise FormatError(path, None, f"no {name} in the archive; is this a Word document?") from exc
    except _DAMAGED as exc:
        raise FormatError(path, None, f"damaged or unsupported archive member {name}: {exc}") from exc
    if len(data) > MAX_MEMBER_BYTES:
        raise FormatError(path, None, f"{name} unpacks to more than {MAX_MEMBER_BYTES} "
                                      "bytes (refused as a possible zip bomb)")
    return data
