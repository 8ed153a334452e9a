"""The archive index's tables, and the version that says which tables a file holds.

The version is kept twice: as SQLite's `PRAGMA user_version` (readable without
knowing any table) and in `meta`. A file with any other version is rebuilt
from the ledgers, never migrated: the index is derived, so rebuilding is
always right and migrations would be code to get wrong. docs/archive.md
describes every column; change both together, and bump SCHEMA_VERSION.
"""

from __future__ import annotations

SCHEMA_VERSION = 4
FORMAT = "byline-archive"

TABLES = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE articles (
    slug TEXT PRIMARY KEY,
    title TEXT,
    source_url TEXT,
    events INTEGER NOT NULL,
    head TEXT,
    heads TEXT NOT NULL,
    first_at TEXT,
    last_at TEXT,
    stages TEXT NOT NULL,
    translated INTEGER NOT NULL,
    segments INTEGER,
    units INTEGER,
    untranslated INTEGER,
    stale INTEGER,
    omitted INTEGER,
    low_confidence INTEGER,
    additions INTEGER,
    approvals_current INTEGER,
    approvals_lapsed INTEGER,
    published INTEGER NOT NULL,
    published_at TEXT,
    publication_event TEXT,
    publication_current INTEGER,
    changes_since INTEGER,
    credit_line TEXT,
    ok INTEGER NOT NULL,
    record_ok INTEGER NOT NULL,
    problems TEXT NOT NULL,
    checked INTEGER NOT NULL,
    status TEXT NOT NULL,
    status_text TEXT NOT NULL
);
CREATE TABLE events (
    article TEXT NOT NULL REFERENCES articles (slug),
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    parents TEXT NOT NULL,
    type TEXT NOT NULL,
    stage TEXT NOT NULL,
    agent TEXT NOT NULL REFERENCES people (id),
    agent_name TEXT,
    role TEXT,
    software INTEGER NOT NULL,
    operator TEXT,
    at TEXT NOT NULL,
    note TEXT,
    signed_by TEXT,
    units_changed INTEGER,
    PRIMARY KEY (article, id)
);
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT,
    roles TEXT NOT NULL,
    software INTEGER NOT NULL,
    keyed INTEGER NOT NULL
);
CREATE TABLE units (
    article TEXT NOT NULL REFERENCES articles (slug),
    unit TEXT NOT NULL,
    position INTEGER NOT NULL,
    source_text TEXT NOT NULL,
    target_text TEXT NOT NULL,
    stale INTEGER NOT NULL,
    omitted INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (article, unit)
);
CREATE TABLE authorship (
    article TEXT NOT NULL REFERENCES articles (slug),
    unit TEXT NOT NULL,
    agent TEXT NOT NULL REFERENCES people (id),
    origin TEXT NOT NULL,
    engine TEXT,
    words INTEGER NOT NULL,
    PRIMARY KEY (article, unit, agent)
);
CREATE TABLE credits (
    article TEXT NOT NULL REFERENCES articles (slug),
    agent TEXT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (article, role, agent)
);
CREATE TABLE findings (
    article TEXT NOT NULL REFERENCES articles (slug),
    rule TEXT NOT NULL,
    name TEXT NOT NULL,
    severity TEXT NOT NULL,
    unit TEXT,
    file TEXT,
    line INTEGER,
    message TEXT NOT NULL,
    waived INTEGER NOT NULL
);
CREATE TABLE indexed_files (
    article TEXT PRIMARY KEY,
    stat TEXT,
    digest TEXT NOT NULL
);
"""

# The secondary indexes, made once a full build has written its rows (cheaper than keeping them up to date
# row by row); an update keeps them as it writes.
INDEXES = (
    "CREATE INDEX events_by_agent ON events (agent, at)",
    "CREATE INDEX events_by_time ON events (at)",
    "CREATE INDEX events_by_type ON events (type, at)",
    "CREATE INDEX authorship_by_origin ON authorship (origin)",
    "CREATE INDEX credits_by_agent ON credits (agent)",
    "CREATE INDEX findings_by_article ON findings (article)",
)

# The tables that hold one article's rows, with their column counts, in the order rows are written.
ARTICLE_TABLES = {"articles": 31, "events": 15, "units": 8, "authorship": 6, "credits": 4}
