"""Files in `.byline-cache/`: data derived from the workspace's files, kept to save work, never trusted over them.

Whether a source file is unchanged is told without reading it, as git's index
does, from its stat signature: size, mtime, ctime, inode and device. A program
can set mtime back but not ctime, so an edit cannot hide behind a restored
mtime, and a fresh checkout (new inodes) never matches a signature stored
elsewhere. A file changed less than RACY_NS ago could change again within the
same timestamp tick and keep its signature, so it is not *settled*: callers
store no signature for it and read it again next time.

A cache that cannot be read or written costs only the work it would have
saved; it never fails a command.
"""

from __future__ import annotations

import contextlib
import os
import time

CACHE_DIR = ".byline-cache"
# Longer than any filesystem's timestamp tick (FAT's is 2 s).
RACY_NS = 3_000_000_000


def signature(st: os.stat_result) -> str:
    """The stat signature of a file, from its `os.stat` result."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def settled(st: os.stat_result) -> bool:
    """Whether the file last changed long enough ago for its signature to be trusted."""
    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS


def write_quietly(path: str, text: str) -> None:
    """Replace a cache file whole (temporary file, rename), or leave it as it was if that fails."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
