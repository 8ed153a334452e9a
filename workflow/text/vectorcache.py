"""Sentence vectors kept in the workspace's `.byline-cache/vectors.sqlite`, shared by every article.

A vector is stored under the hash of its model id and text (see embed.py), so
a new model version or an edited sentence simply misses, and the same sentence
in two articles is embedded once. Each row carries a checksum of its key and
vector: a row that fails it, a file SQLite cannot read, or a folder that is a
symlink all count as misses, so a damaged cache costs a recompute and never
gives a wrong vector. Writes are best-effort: a cache that cannot be written
never fails the command that aligns.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from workflow.cachefile import CACHE_DIR, real_folder

if TYPE_CHECKING:
    import numpy as np

FILE = "vectors.sqlite"
_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL, checksum BLOB NOT NULL)"
_BATCH = 500  # keys per SELECT, below SQLite's bound on parameters


def _checksum(key: bytes, vector: bytes) -> bytes:
    return hashlib.blake2b(key + vector, digest_size=16).digest()


class VectorCache:
    """float16 vectors by key in one SQLite file; every failure is a miss."""

    def __init__(self, path: str, dimensions: int = 512) -> None:
        self.path = path
        self.dimensions = dimensions

    @classmethod
    def for_workspace(cls, root: str | os.PathLike[str]) -> VectorCache:
        return cls(os.path.join(os.fspath(root), CACHE_DIR, FILE))

    def _usable(self) -> bool:
        """The cache folder is a real folder and the file, if there, a regular file (no symlinks)."""
        folder = os.path.dirname(self.path)
        try:
            if not real_folder(folder):
                return False
            return stat.S_ISREG(os.lstat(self.path).st_mode)
        except FileNotFoundError:
            return True
        except OSError:
            return False

    def get(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The vectors found for `keys` whose checksums hold."""
        import numpy as np

        if not keys or not os.path.exists(self.path) or not self._usable():
            return {}
        size = 2 * self.dimensions
        found: dict[bytes, np.ndarray] = {}
        try:
            with contextlib.closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=2)) as db:
                unique = list(dict.fromkeys(keys))
                for start in range(0, len(unique), _BATCH):
                    chunk = unique[start : start + _BATCH]
                    rows = db.execute(
                        f"SELECT key, vector, checksum FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
                    ).fetchall()
                    for key, vector, checksum in rows:
                        if (isinstance(vector, bytes) and len(vector) == size
                                and checksum == _checksum(key, vector)):
                            found[key] = np.frombuffer(vector, dtype=np.float16)
        except sqlite3.Error:
            return {}
        return found

    def put(self, vectors: Mapping[bytes, np.ndarray]) -> None:
        """Store float16 vectors; a file SQLite finds damaged is replaced, any other failure ignored."""
        if not vectors or not self._usable():
            return
        rows = []
        for key, vector in vectors.items():
            data = vector.astype("<f2").tobytes()
            rows.append((key, data, _checksum(key, data)))
        for attempt in range(2):
            try:
                with contextlib.closing(sqlite3.connect(self.path, timeout=2)) as db:
                    with db:
                        db.execute(_SCHEMA)
                        db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                return
            except sqlite3.OperationalError:  # locked, read-only, no space: try next time
                return
            except sqlite3.DatabaseError:
                # Not a database (or a damaged one): it is only a cache, so start it afresh once.
                if attempt or not _remove(self.path):
                    return
            except sqlite3.Error:
                return


def _remove(path: str) -> bool:
    """Delete a damaged cache file and its journal; whether the file is gone."""
    for name in (path, f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError, OSError):
            os.unlink(name)
    return not os.path.exists(path)
