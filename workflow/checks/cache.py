"""Cached check results, so that re-checking an unchanged archive costs little more than start-up.

`.byline-cache/checks.db` is an SQLite file with a row per article: its
findings beside a SHA-256 digest of the files they depend on (its ledger,
ko.md, en.md and en.po). Rows are read and written one article at a time, so
neither a run's memory nor the cost of checking one article grows with the
archive. The rows also depend on byline.toml, the glossary and byline's own
files, whose digest the file records once: a change to any of them re-checks
every article. Digests, not versions or dates, decide: a cache restored into a
fresh checkout and a fresh install of the same byline (as CI does) is reused.

Reading every file to hash it would cost more than the rest of a warm run, so
the digest is trusted without reading while the files' stat signatures are the
ones recorded beside it (`workflow.cachefile` says why that is safe). Files
that are not settled get no signature and are hashed again on the next run.

The file is never trusted over the articles: one that is not a check cache of
this format (damaged, foreign, a link) reads as empty and is replaced whole by
the next run that writes, and a row that does not hold findings is a miss.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat as stat_mode
from collections.abc import Iterator, Sequence

from workflow.cachefile import (
    CACHE_DIR,
    digest_files,
    locked,
    package_files,
    path_signature,
    real_folder,
)
from workflow.checks.glossary import GLOSSARY_NAME
from workflow.config import CONFIG_NAME
from workflow.problems import Kind, Problem
from workflow.workspace import Workspace

INDEX_NAME = "checks.db"
INDEX_FORMAT = "byline check cache 4"
# Articles' findings written back in one transaction: few enough that what waits to be written stays small.
BATCH = 256
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (slug TEXT PRIMARY KEY, stat TEXT, key TEXT NOT NULL, findings TEXT NOT NULL);
"""


class Index:
    """The cache for one run: rows stored by earlier runs, and what this run learns to store back.

    A row is the article's files' signatures (`stat`, NULL when not settled),
    their digest (`key`) and its findings as a JSON list; the file's `meta`
    table holds its format and the shared files' signatures and digest.
    """

    def __init__(self, ws: Workspace) -> None:
        # Plain strings, not pathlib: on a warm run over thousands of files path objects would dominate.
        self._root = str(ws.root)
        self.path = os.path.join(self._root, CACHE_DIR, INDEX_NAME)
        self._templates = ws.file_templates()
        self._conn = _open(self.path)
        previous = _shared_of(self._conn)
        same, self._shared = self._compare(
            previous, [f"{self._root}/{CONFIG_NAME}", f"{self._root}/{GLOSSARY_NAME}", *package_files()])
        if not same and self._conn is not None:  # computed by another byline or configuration: no row holds
            self._conn.close()
            self._conn = None
        self._shared_changed = not same or self._shared != previous
        self._fresh: dict[str, dict] = {}  # signatures and key of a missed article, taken before it is checked
        self._pending: dict[str, tuple[str | None, str, str | None]] = {}  # rows to write: stat, key, findings
        self._wrote = False
        self._reading = False  # inside `reading`: lookups share one read transaction

    def _article_files(self, slug: str) -> list[str]:
        return [template.format(slug) for template in self._templates]

    @staticmethod
    def _compare(entry: object, paths: Sequence[str]) -> tuple[bool, dict]:
        """Whether the files are as they were when `entry` was stored, and their signatures and key now.

        The signatures are taken before the files are read, so a change made
        while they are read or checked shows as a changed signature next time.
        """
        stat = "|".join(path_signature(path) for path in paths)
        known = entry if isinstance(entry, dict) else {}
        if known.get("stat") == stat:
            return True, {"stat": stat, "key": known.get("key")}
        key, racy = digest_files(paths)
        return known.get("key") == key, {"stat": None if racy else stat, "key": key}

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Many lookups in one read transaction, begun by the first: the file is locked, and its first page
        read, once for a run of them rather than once per query (a warm run over 400 articles made 800
        queries, each locking the file and looking for a journal). `release` ends it early, before long work
        or this run's own write; the next lookup begins another."""
        self._reading = True
        try:
            yield
        finally:
            self._reading = False
            self.release()

    def release(self) -> None:
        """End the read transaction `reading` holds, if any, so that writers (this run's too) are not kept waiting."""
        if self._conn is not None and self._conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("COMMIT")

    def _select(self, sql: str, args: tuple[str, ...]) -> tuple[object, ...] | None:
        if self._conn is None:
            return None
        try:
            if self._reading and not self._conn.in_transaction:
                self._conn.execute("BEGIN")
            # fetchall, not fetchone: a statement left unfinished would hold a read lock against this run's writes.
            rows = self._conn.execute(sql, args).fetchall()
        except sqlite3.Error:  # damaged past its first page: every row reads as a miss
            self._conn.close()
            self._conn = None
            return None
        return rows[0] if rows else None

    def valid(self, slug: str, *, remember: bool = True) -> str | None:
        """The key of the article's row when none of its files changed since it was stored; None otherwise.

        Only signatures (or, when they moved, digests) are compared; the findings are not decoded. Unless
        `remember` is false (a reader that writes nothing back, as the archive index), a miss keeps the
        files' signatures and key, taken now, for `store`, and a hit whose signatures moved queues them.
        """
        row = self._select("SELECT stat, key FROM entries WHERE slug = ?", (slug,))
        entry = {"stat": row[0], "key": row[1]} if row is not None else None
        same, now = self._compare(entry, self._article_files(slug))
        if not same:
            if remember:
                self._fresh[slug] = now
            return None
        assert row is not None
        if remember and now["stat"] != row[0]:  # read again and unchanged: remember the new signatures
            self._queue(slug, now, None)
        return str(now["key"])

    def cached(self, slug: str, key: str) -> list[Problem] | None:
        """The findings stored under `key` (from `valid`), or None when the row changed or does not hold findings."""
        row = self._select("SELECT findings FROM entries WHERE slug = ? AND key = ?", (slug, key))
        return _problems(slug, row[0]) if row is not None else None

    def load(self, slug: str, seen: tuple[str, str] | None = None) -> list[Problem] | None:
        """The stored findings when none of the article's files changed; None otherwise. Nothing is queued to
        write: the archive index reads the cache this way, and only `byline check` writes it.

        `seen` is the files' signature and digest as a caller took them when it read the files (the archive
        index's workers do): they are compared instead of the files as they are now, so the findings are
        those of the version the caller read, and the files are not looked at again.
        """
        if seen is None:
            key = self.valid(slug, remember=False)
            return None if key is None else self.cached(slug, key)
        row = self._select("SELECT stat, key, findings FROM entries WHERE slug = ?", (slug,))
        if row is None or (row[0] != seen[0] and row[1] != seen[1]):
            return None
        return _problems(slug, row[2])

    def store(self, slug: str, findings: Sequence[Problem]) -> None:
        """Remember the article's findings under its files as `load` saw them, before they were checked."""
        now = self._fresh.pop(slug, None)
        if now is None:
            now = self._compare(None, self._article_files(slug))[1]
        rows = [[f.rule, f.name, f.severity, f.unit, f.file, f.line, f.message, f.waived] for f in findings]
        self._queue(slug, now, json.dumps(rows, ensure_ascii=False, separators=(",", ":")))

    def _queue(self, slug: str, now: dict, findings: str | None) -> None:
        """A row to write (findings None: only the signatures changed), written once BATCH of them wait."""
        self._pending[slug] = (now["stat"], now["key"], findings)
        if len(self._pending) >= BATCH:
            self._write(forget=False)

    def save(self) -> None:
        """Write back what this run learnt beside what other runs wrote meanwhile, forgetting deleted articles.

        A cache that cannot be written (a read-only checkout, a full disk, a
        run holding the file too long) only means the next run checks again.
        """
        if self._pending or self._shared_changed or self._wrote:
            self._write(forget=True)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _write(self, *, forget: bool) -> None:
        """One transaction, under the cache's lock so that concurrent runs (shards, a pre-commit hook) never
        replace a file another has just filled; only this run's rows change."""
        pending, self._pending = self._pending, {}
        self.release()  # a read transaction of this run's would keep its own write from committing
        folder = os.path.dirname(self.path)
        with contextlib.suppress(OSError, sqlite3.Error):
            if not real_folder(folder):
                return
            with locked(os.path.join(folder, "checks.lock")):
                conn = _open(self.path)
                if conn is None or _shared_of(conn) is None:
                    if conn is not None:
                        conn.close()
                    conn = _replace(self.path)
                try:
                    self._write_rows(conn, pending, forget)
                finally:
                    conn.close()
                self._wrote = True

    def _write_rows(self, conn: sqlite3.Connection, pending: dict, forget: bool) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _shared_of(conn) != self._shared:
                if (_shared_of(conn) or {}).get("key") != self._shared["key"]:  # rows of another configuration
                    conn.execute("DELETE FROM entries")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('shared', ?)", (json.dumps(self._shared),))
            conn.executemany("UPDATE entries SET stat = ?, key = ? WHERE slug = ?",
                             [(stat, key, slug) for slug, (stat, key, found) in pending.items() if found is None])
            conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                             [(slug, stat, key, found) for slug, (stat, key, found) in pending.items()
                              if found is not None])
            if forget:  # so that the file does not grow with an archive's history
                gone = [(slug,) for (slug,) in conn.execute("SELECT slug FROM entries").fetchall()
                        if not os.path.exists(self._article_files(slug)[0])]
                conn.executemany("DELETE FROM entries WHERE slug = ?", gone)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise


def _open(path: str) -> sqlite3.Connection | None:
    """The cache at `path` when it is a regular file holding a check cache of this format; None otherwise."""
    try:
        if not stat_mode.S_ISREG(os.lstat(path).st_mode):
            return None
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        found = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchall()
        if found == [(INDEX_FORMAT,)]:
            return conn
    except sqlite3.Error:  # not a database, a foreign one, or damaged
        pass
    conn.close()
    return None


def _shared_of(conn: sqlite3.Connection | None) -> dict | None:
    """The signatures and digest of the shared files the rows were computed under; None when unknown."""
    if conn is None:
        return None
    try:
        found = conn.execute("SELECT value FROM meta WHERE key = 'shared'").fetchall()
        shared = json.loads(found[0][0]) if found and isinstance(found[0][0], str) else None
    except (sqlite3.Error, ValueError):
        return None
    return shared if isinstance(shared, dict) else None


def _replace(path: str) -> sqlite3.Connection:
    """A new, empty cache in place of whatever is at `path`: made beside it and renamed over it, never written
    through a link. A rollback journal left by the old file must not be replayed into the new one."""
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        new = sqlite3.connect(tmp, timeout=10, isolation_level=None)
        new.executescript(_SCHEMA)
        new.execute("INSERT INTO meta VALUES ('format', ?)", (INDEX_FORMAT,))
        new.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}-journal")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    conn = _open(path)
    if conn is None:
        raise OSError(f"{path}: replaced, but cannot be opened")
    return conn


def _problems(slug: str, text: object) -> list[Problem] | None:
    """A row's findings as problems of the article, or None when the row does not hold findings."""
    items = _findings(text)
    if items is None:
        return None
    # Positional, as stored: rule, name, severity, unit, file, line, message, waived.
    return [Problem(Kind.CHECK, item[6], slug, item[4], item[5], item[3], item[0], item[1], item[2], item[7])
            for item in items]


def _findings(text: object) -> list | None:
    """A row's findings, or None when they are not a list of eight-field findings (then the article is checked)."""
    try:
        items = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(items, list) or not all(type(item) is list and len(item) == 8 for item in items):
        return None
    return items
