"""Keeping the archive index up to date: read again only the articles whose files changed.

An article is re-read when its ledger or working files changed: their stat
signatures (as the check cache keeps them, `workflow.cachefile`) tell without
reading, and a SHA-256 digest of their contents decides when a signature
moved (a fresh clone, a touched file). Keying on the files' digest rather than
on "the head" holds for ledgers with several heads too. A change to
byline.toml, the glossary or byline itself re-reads every article.

The file is never trusted over the ledgers. A file at the index path that is
not an index of this schema (damaged, foreign, another version) is rebuilt; an
index that records another workspace, still present, is refused, so that two
workspaces never overwrite one index; one whose workspace folder has gone
(moved, or restored from CI on another machine) is adopted and corrected
article by article. A full build is written to a temporary file and renamed
into place; an update is one transaction. When the cache folder cannot be
written, the index is built in memory for the one command.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections import namedtuple
from collections.abc import Iterator, Sequence
from pathlib import Path

from workflow import __version__
from workflow.archive.schema import ARTICLE_TABLES, FORMAT, INDEXES, SCHEMA_VERSION, TABLES
from workflow.cachefile import CACHE_DIR, digest_files, locked, package_files, path_signature, real_folder
from workflow.checks.cache import INDEX_NAME as CHECKS_CACHE
from workflow.config import CONFIG_NAME
from workflow.errors import InputError, WorkspaceError
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.checks.cache import Index

INDEX_NAME = "archive.db"
GLOSSARY_NAME = "glossary.tsv"
_BATCH = 500  # articles' findings written at a time


class Summary(namedtuple("Summary", "path articles read removed rebuilt seconds")):
    """What an update did: the file, how many articles it holds, read again and removed, and why it was rebuilt."""

    __slots__ = ()
    path: str
    articles: int
    read: int
    removed: int
    rebuilt: str | None  # None: updated in place; else why it was built afresh
    seconds: float

    def to_json(self) -> dict[str, object]:
        return dict(self._asdict())


def default_path(ws: Workspace) -> Path:
    return ws.root / CACHE_DIR / INDEX_NAME


class _Files:
    """Where one workspace's article files are, as plain strings (thousands of stats per run)."""

    def __init__(self, ws: Workspace) -> None:
        root = str(ws.root)
        self.templates = ws.file_templates()
        self.shared = [f"{root}/{CONFIG_NAME}", f"{root}/{GLOSSARY_NAME}", *package_files()]
        self.checks = f"{root}/{CACHE_DIR}/{CHECKS_CACHE}"

    def of(self, slug: str) -> list[str]:
        return [template.format(slug) for template in self.templates]


def update(ws: Workspace, path: Path | None = None, *, rebuild: bool = False) -> tuple[sqlite3.Connection, Summary]:
    """Bring the index at `path` (default `.byline-cache/archive.db`) up to date; an open connection to it."""
    start = time.perf_counter()
    target = path or default_path(ws)
    folder = target.parent
    if path is not None and os.path.abspath(folder) != os.path.abspath(default_path(ws).parent):
        _refuse_to_replace(target)  # a file of the user's, not the cache folder's: replaced only if an index
    if target.is_dir():
        raise InputError(f"{target}: is a folder, not an index; give a file path such as {target / INDEX_NAME}")
    try:
        if path is None and not real_folder(str(folder)):
            raise OSError("the cache folder is a symlink")
        folder.mkdir(parents=True, exist_ok=True)
        lock = locked(f"{target}.lock")
        lock.__enter__()
    except OSError:  # a read-only checkout: answer from an index in memory, built for this command
        conn = _create(":memory:")
        read, removed = _refresh(ws, conn, fresh=True)
        unwritable = "the cache folder cannot be written"
        return conn, Summary(":memory:", read, read, 0, unwritable, time.perf_counter() - start)
    try:
        conn, why = _open(ws, target, rebuild)
        try:
            read, removed = _refresh(ws, conn, fresh=why is not None)
        except sqlite3.DatabaseError as exc:  # damage found on the way: start again from the ledgers
            conn.close()
            conn, why = _fresh(target), f"damaged ({exc})"
            read, removed = _refresh(ws, conn, fresh=True)
        if why is not None:
            conn.close()
            os.replace(_temporary(target), target)
            conn = _connect(target)
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        lock.__exit__(None, None, None)
    return conn, Summary(str(target), total, read, removed, why, time.perf_counter() - start)


def _refuse_to_replace(target: Path) -> None:
    """Refuse a path outside the cache folder that holds something other than a byline index (of any schema or
    workspace) or nothing: `-o` aimed by mistake at byline.toml or at a desk's own database must not replace it.
    Looked at read-only, so that not even its journal mode changes."""
    if target.is_dir() or not target.exists() or target.stat().st_size == 0:
        return
    why = None
    try:
        with contextlib.closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            found = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchall()
        if found != [(FORMAT,)]:
            why = "a database of something else"
    except sqlite3.DatabaseError as exc:
        why = str(exc)
    if why is not None:
        raise InputError(f"{target}: not a byline archive index ({why}); byline replaces only its own index "
                         f"there: remove it, or give -o a new file")


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _connect(target: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(target), isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    return conn


def _create(where: str) -> sqlite3.Connection:
    """A new, empty index: its tables, without their secondary indexes (`_refresh` makes them once filled)."""
    conn = sqlite3.connect(where, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # a build that dies leaves a temporary file nobody reads
    conn.executescript(TABLES)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("schema", str(SCHEMA_VERSION))])
    return conn


def _fresh(target: Path) -> sqlite3.Connection:
    temporary = _temporary(target)
    for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    return _create(str(temporary))


def _open(ws: Workspace, target: Path, rebuild: bool) -> tuple[sqlite3.Connection, str | None]:
    """The index to update and None, or a new one to fill and the reason it is new."""
    if rebuild:
        return _fresh(target), "asked to rebuild"
    conn, why = _validated(ws, target)
    return (conn, None) if conn is not None else (_fresh(target), why)


def _validated(ws: Workspace, target: Path) -> tuple[sqlite3.Connection | None, str | None]:
    """The index at `target` when it is one of this schema and this workspace; else None and why not.

    An index that records another workspace, still there, is refused
    (WorkspaceError) rather than rebuilt: it is that workspace's.
    """
    if not target.exists():
        return None, "new"
    conn = None
    try:
        conn = _connect(target)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if version else {}
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        return None, f"not an index ({exc})"
    why = None
    if meta.get("format") != FORMAT:
        why = "not a byline archive index"
    elif version != SCHEMA_VERSION or meta.get("schema") != str(SCHEMA_VERSION):
        why = f"schema {version}, this byline writes {SCHEMA_VERSION}"
    if why is not None:
        conn.close()
        return None, why
    recorded = meta.get("workspace")
    if recorded and recorded != str(ws.root) and (Path(recorded) / CONFIG_NAME).is_file():
        conn.close()
        raise WorkspaceError(
            f"{target}: the archive index of another workspace ({recorded}); "
            f"index this one elsewhere with -o FILE, or replace that index with --rebuild"
        )
    return conn, None


def _refresh(ws: Workspace, conn: sqlite3.Connection, *, fresh: bool) -> tuple[int, int]:
    """Read again the articles whose files changed, drop the deleted ones; how many of each."""
    files = _Files(ws)
    meta = {} if fresh else dict(conn.execute("SELECT key, value FROM meta").fetchall())
    shared_stat = "|".join(path_signature(p) for p in files.shared)
    shared_key = meta.get("shared")
    reread = fresh  # every article read again: a new file, or byline.toml, the glossary or byline changed
    if meta.get("shared_stat") != shared_stat:
        shared_key, racy = digest_files(files.shared)
        reread = reread or shared_key != meta.get("shared")
        if racy:
            shared_stat = ""
    slugs = ws.articles()
    # What the walk finds goes to a temporary table (SQLite's, spilled to disk past its cache), not a list:
    # the signatures and digests of a whole archive are not held in memory at once.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS found (article TEXT PRIMARY KEY, stat TEXT, digest TEXT, "
                 "moved INTEGER NOT NULL)")
    conn.execute("DELETE FROM temp.found")
    changed: list[str] = []  # the slugs alone
    moved = 0
    removed: list[str] = []
    batch: list[tuple[str, str | None, str | None, int]] = []
    # The stored entries and the articles, both in slug order, walked side by side: nothing the size
    # of the archive is held beyond the list of its names.
    rows = conn.execute("SELECT article, stat, digest FROM indexed_files ORDER BY article")
    row = next(rows, None)
    for slug in slugs:
        while row is not None and row[0] < slug:
            removed.append(row[0])
            row = next(rows, None)
        entry = None
        if row is not None and row[0] == slug:
            entry = None if reread else row[1:]
            row = next(rows, None)
        if entry is None:  # nothing to compare with: the process that reads the article takes its signature
            batch.append((slug, None, None, 0))
            changed.append(slug)
        else:
            paths = files.of(slug)
            stat = "|".join(path_signature(p) for p in paths)
            if entry[0] == stat:
                continue
            digest, racy = digest_files(paths)
            same = entry[1] == digest
            batch.append((slug, None if racy else stat, digest, int(same)))
            if same:
                moved += 1
            else:
                changed.append(slug)
        if len(batch) >= _BATCH:
            conn.executemany("INSERT INTO temp.found VALUES (?, ?, ?, ?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO temp.found VALUES (?, ?, ?, ?)", batch)
    while row is not None:
        removed.append(row[0])
        row = next(rows, None)
    checks_stat = path_signature(files.checks)
    recheck = reread or checks_stat != meta.get("checks_stat")
    if not (changed or moved or removed or recheck or meta.get("workspace") != str(ws.root)):
        return 0, 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        _delete(conn, removed)
        _delete_changed(conn)
        findings = _Findings(conn, ws) if recheck or changed else None  # the check cache, when findings may change
        _insert(conn, ws, changed, files.templates, findings)
        if fresh:  # a new file's secondary indexes, made in one pass over its rows
            for statement in INDEXES:
                conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO indexed_files "
                     "SELECT article, stat, digest FROM temp.found WHERE NOT moved")
        conn.execute("UPDATE indexed_files SET stat = (SELECT stat FROM temp.found f WHERE f.article = "
                     "indexed_files.article) WHERE article IN (SELECT article FROM temp.found WHERE moved)")
        if findings is not None and recheck and len(changed) < len(slugs):  # the unchanged articles' findings too
            again = set(changed)
            findings.add([slug for slug in slugs if slug not in again], replace=True)
        if reread or changed or removed:
            _people(conn, ws)
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
            ("workspace", str(ws.root)), ("shared", shared_key or ""), ("shared_stat", shared_stat),
            ("checks_stat", checks_stat), ("byline", __version__),
            ("updated_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
        ])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        with contextlib.suppress(sqlite3.Error):  # a damaged file's error, raised above, is the one to report
            conn.execute("DELETE FROM temp.found")
    return len(changed), len(removed)


def _delete(conn: sqlite3.Connection, slugs: Sequence[str]) -> None:
    rows = [(slug,) for slug in slugs]
    for table in ("findings", *ARTICLE_TABLES):
        column = "slug" if table == "articles" else "article"
        conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", rows)
    conn.executemany("DELETE FROM indexed_files WHERE article = ?", rows)


def _delete_changed(conn: sqlite3.Connection) -> None:
    """The rows of every article the walk found changed (`temp.found`, not moved), from every table."""
    for table in ("findings", *ARTICLE_TABLES, "indexed_files"):
        column = "slug" if table == "articles" else "article"
        conn.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT article FROM temp.found WHERE NOT moved)")


def _insert(conn: sqlite3.Connection, ws: Workspace, slugs: Sequence[str], templates: Sequence[str],
            findings: _Findings | None) -> None:
    """Every changed article's rows, read in worker processes when there are many, and its findings.

    Each article's signature and digest in `temp.found` become the ones its
    reader took just before reading it (no signature when the digest is
    racy). Findings are added a batch at a time as the articles arrive,
    while the workers go on reading.
    """
    from workflow.archive.extract import digested_rows
    from workflow.parallel import map_articles

    statements = {table: f"INSERT INTO {table} VALUES ({', '.join('?' * width)})"
                  for table, width in ARTICLE_TABLES.items()}
    read: list[tuple[str, int, str, str]] = []
    for stat, digest, racy, rows in map_articles(digested_rows, (ws, templates), list(slugs)):
        for table, statement in statements.items():
            conn.executemany(statement, getattr(rows, table))
        read.append((stat, int(racy), digest, rows.slug))
        if len(read) >= _BATCH:
            _written(conn, read, findings)
    _written(conn, read, findings)


def _written(conn: sqlite3.Connection, read: list[tuple[str, int, str, str]], findings: _Findings | None) -> None:
    """Record the signatures and digests of articles just written, and add their findings; empties `read`."""
    conn.executemany("UPDATE temp.found SET stat = CASE WHEN ? THEN NULL ELSE ? END, digest = ? WHERE article = ?",
                     [(racy, stat, digest, slug) for stat, racy, digest, slug in read])
    if findings is not None:  # as of the files the workers read; `_delete_changed` removed what they had
        findings.add([slug for *_, slug in read], replace=False,
                     seen={slug: (stat, digest) for stat, _, digest, slug in read})
    read.clear()


class _Findings:
    """The latest check results of articles, from the check cache where they are still current.

    The cache is opened with the first articles to add, not before the
    workers start: opening it hashes byline's own files.
    """

    def __init__(self, conn: sqlite3.Connection, ws: Workspace) -> None:
        self.conn, self.ws = conn, ws
        self.cache: Index | None = None

    def add(self, slugs: Sequence[str], *, replace: bool, seen: dict[str, tuple[str, str]] | None = None) -> None:
        """These articles' findings (their rows in `articles` written), replacing any they had if `replace`.

        `seen` holds the signature and digest of each article's files as its rows were read: the findings
        are then looked up for that version of the files (`Index.load`), without a look at them again.
        """
        for start in range(0, len(slugs), _BATCH):  # in batches: the rows written never pile up with the archive
            batch = slugs[start : start + _BATCH]
            rows: list[tuple[object, ...]] = []
            checked: list[tuple[int, str]] = []
            if replace:
                self.conn.executemany("DELETE FROM findings WHERE article = ?", [(slug,) for slug in batch])
            if self.cache is None:
                from workflow.checks.cache import Index

                self.cache = Index(self.ws)
            with self.cache.reading():
                for slug in batch:
                    found = self.cache.load(slug, seen.get(slug) if seen else None)
                    checked.append((int(found is not None), slug))
                    rows.extend((slug, f.rule, f.name, f.severity, f.unit, f.file, f.line, f.message,
                                 int(f.waived)) for f in found or ())
            self.conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.executemany("UPDATE articles SET checked = ? WHERE slug = ?", checked)


def _people(conn: sqlite3.Connection, ws: Workspace) -> None:
    """The roster, and the software agents the ledgers name."""
    conn.execute("DELETE FROM people")
    conn.executemany("INSERT INTO people VALUES (?, ?, ?, 0, ?)",
                     [(p.id, p.name, ", ".join(p.roles), int(bool(p.key))) for p in ws.config.people])
    conn.execute("INSERT OR IGNORE INTO people SELECT agent, max(agent_name), max(role), 1, 0 FROM events "
                 "WHERE software GROUP BY agent")
    conn.execute("INSERT OR IGNORE INTO people SELECT agent, max(agent_name), max(role), 0, 0 FROM events "
                 "GROUP BY agent")


@contextlib.contextmanager
def opened(ws: Workspace, path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """The index, brought up to date, for one command's queries."""
    conn, _ = update(ws, path)
    try:
        yield conn
    finally:
        conn.close()


# The articles column that records whether findings are current: it comes from the check cache, not the ledgers.
_CHECKED = 27


def check(ws: Workspace, path: Path | None = None) -> list[str]:
    """How the index differs from the ledgers, one line per article (empty: it matches); the index is not changed.

    Every article is read again from its files and compared, table by table,
    with the rows the index holds for it.
    """
    from workflow.archive.extract import article_rows
    from workflow.parallel import map_articles

    target = path or default_path(ws)
    conn, why = _validated(ws, target)
    if conn is None:
        raise InputError(f"{target}: no archive index to check ({why}); build it with `byline index`")
    try:
        damage = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if damage != "ok":
            return [f"{target}: the file is damaged ({damage}); rebuild it with `byline index --rebuild`"]
        slugs = ws.articles()
        indexed = {row[0] for row in conn.execute("SELECT slug FROM articles")}
        problems = [f"{target}: article {slug!r} is indexed but has no ledger any more"
                    for slug in sorted(indexed - set(slugs))]
        for rows in map_articles(article_rows, ws, slugs):
            if rows.slug not in indexed:
                problems.append(f"{target}: article {rows.slug!r} is not in the index")
                continue
            differing = [table for table in ARTICLE_TABLES if _stored(conn, table, rows.slug) != _expected(rows, table)]
            if differing:
                problems.append(f"{target}: article {rows.slug!r}: {', '.join(differing)} differ from the ledger; "
                                f"run `byline index` (or --rebuild)")
        return problems
    finally:
        conn.close()


def _stored(conn: sqlite3.Connection, table: str, slug: str) -> list[tuple[object, ...]]:
    column = "slug" if table == "articles" else "article"
    rows = [tuple(row) for row in conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (slug,))]
    if table == "articles":
        rows = [row[:_CHECKED] + row[_CHECKED + 1:] for row in rows]
    return sorted(rows, key=repr)


def _expected(rows: object, table: str) -> list[tuple[object, ...]]:
    found = [tuple(row) for row in getattr(rows, table)]
    if table == "articles":
        found = [row[:_CHECKED] + row[_CHECKED + 1:] for row in found]
    return sorted(found, key=repr)
