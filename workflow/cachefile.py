"""Files in `.byline-cache/`: data derived from the workspace's files, kept to save work, never trusted over them.

Whether a source file is unchanged is told without reading it, as git's index
does, from its stat signature: size, mtime, ctime, inode and device. A program
can set mtime back but not ctime, so an edit cannot hide behind a restored
mtime, and a fresh checkout (new inodes) never matches a signature stored
elsewhere. A file changed less than RACY_NS ago could change again within the
same timestamp tick and keep its signature, so it is not *settled*: callers
store no signature for it and read it again next time.

A cache that cannot be read or written costs only the work it would have
saved; it never fails a command. Nothing is written through a symlink: a
checkout can carry a `.byline-cache` link that points anywhere.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator, Sequence

CACHE_DIR = ".byline-cache"
# Longer than any filesystem's timestamp tick (FAT's is 2 s).
RACY_NS = 3_000_000_000
# What stands for a file that is not there, in signatures and digests.
MISSING = "-"


def signature(st: os.stat_result) -> str:
    """The stat signature of a file, from its `os.stat` result."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def path_signature(path: str) -> str:
    """The stat signature of the file at `path`, or MISSING when there is none."""
    try:
        return signature(os.stat(path))
    except (FileNotFoundError, NotADirectoryError):
        return MISSING


def package_files() -> list[str]:
    """Every file of the installed byline package: what cached results are computed by (a new byline recomputes)."""
    package = os.path.dirname(os.path.abspath(__file__))
    found: list[str] = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(os.path.join(folder, name) for name in sorted(files))
    return found


def settled(st: os.stat_result) -> bool:
    """Whether the file last changed long enough ago for its signature to be trusted."""
    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS


def real_folder(folder: str) -> bool:
    """Make the cache folder if it is missing; whether it is a folder of its own rather than a symlink."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder)
    return stat.S_ISDIR(os.lstat(folder).st_mode)


def write_quietly(path: str, text: str) -> None:
    """Replace a cache file whole (a new temporary file, then a rename), or leave it as it was if that fails."""
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        if not real_folder(os.path.dirname(path)):
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (made if missing, never through a symlink); OSError if it cannot be."""
    import fcntl  # only writers lock

    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# Files larger than this are not hashed for a cache key (the article limit is 20 MB; see workspace.WORKING_FILE_LIMIT).
DIGEST_LIMIT = 32 * 1024 * 1024


def digest_files(paths: Sequence[str]) -> tuple[str, bool]:
    """A digest of the files' contents, and whether any changed too recently (or is not a file) to trust a cache.

    A working file can be anything a checkout holds: a FIFO (reading it would
    hang), a link to /dev/zero (it never ends), a folder. Each is opened
    without blocking and read only if it is a regular file under the limit;
    anything else marks the key untrustworthy, so the check itself runs and
    reports the file (BL402) without reading it.
    """
    import hashlib  # a warm run over unchanged files never hashes

    whole = hashlib.sha256()
    racy = False
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except (FileNotFoundError, NotADirectoryError):
            whole.update(MISSING.encode())
            continue
        except OSError:
            whole.update(b"unreadable")
            racy = True
            continue
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > DIGEST_LIMIT:
            os.close(fd)
            whole.update(b"not a regular file")
            racy = True
            continue
        try:
            whole.update(hashlib.sha256(read_up_to(fd, DIGEST_LIMIT + 1, st.st_size)).digest())
        finally:
            os.close(fd)
        racy = racy or not settled(st)
    return whole.hexdigest(), racy


def read_up_to(fd: int, most: int, size: int) -> bytes:
    """At most `most` bytes from `fd`, as a buffered read(most) gives them, in reads sized by the file's size.

    A buffered reader asked for a limit of tens of megabytes sets that much
    memory aside for each small file (a map and an unmap of it), which cost
    more than reading the file: hashing an article's four files took twice as long.
    """
    pieces = []
    while most > 0:
        piece = os.read(fd, min(most, max(size + 1, 65536)))
        if not piece:
            break
        pieces.append(piece)
        most -= len(piece)
    return b"".join(pieces)
