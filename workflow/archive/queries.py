"""The desk-wide questions the commands ask the archive index: status, the log, credits for a period.

Each reads only the index (brought up to date by `index.update` first), so its
cost grows with what changed since the last command, not with the archive.
Rows are yielded as they are read: memory stays flat however large the
archive.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator

from workflow.config import Config
from workflow.errors import InputError
from workflow.ledger import EVENT_TYPES, TEXT_TYPES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}Z?)?)?)?)?)?")
# strptime's layout for each precision _DATE allows, by length.
_LAYOUTS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d", 13: "%Y-%m-%dT%H", 16: "%Y-%m-%dT%H:%M", 19: "%Y-%m-%dT%H:%M:%S"}
EVENT_COLUMNS = ("article", "seq", "id", "type", "stage", "agent", "at", "note", "signed_by", "units_changed",
                 "operator")


def check_date(value: str | None, option: str) -> str | None:
    """A date or time prefix as the ledger writes them (2026, 2026-11, 2026-11-27, 2026-11-27T09:14:03Z)."""
    if value is None:
        return None
    if not _DATE.fullmatch(value):
        raise InputError(f"{option} {value!r}: give a date as YYYY-MM-DD (or YYYY-MM, or 2026-11-27T09:14:03Z), in UTC")
    bare = value.removesuffix("Z")
    from datetime import datetime

    try:  # the right shape may still be no day (2026-13-01, 2026-02-30): a typo must not read as an empty period
        datetime.strptime(bare, _LAYOUTS[len(bare)])
    except ValueError:
        raise InputError(f"{option} {value!r}: no such date or time in the calendar; give YYYY-MM-DD "
                         "(or YYYY-MM, or 2026-11-27T09:14:03Z), in UTC") from None
    return bare


def check_type(kind: str | None) -> str | None:
    """An event type named with --type, checked against the ledger's types."""
    if kind is not None and kind not in EVENT_TYPES:
        raise InputError(f"--type {kind!r}: not an event type; known: {', '.join(sorted(EVENT_TYPES))}")
    return kind


def _period(since: str | None, until: str | None) -> tuple[str, list[str]]:
    """SQL conditions on `at` for a period: both ends inclusive, at the precision given.

    `--until 2026-11` is the whole of November: `at` cut to the length of the bound is compared.
    """
    clauses, values = [], []
    if since:
        clauses.append("at >= ?")
        values.append(since)
    if until:
        clauses.append("substr(at, 1, ?) <= ?")
        values += [len(until), until]  # type: ignore[list-item]
    return " AND ".join(clauses), values


def status_lines(conn: sqlite3.Connection) -> Iterator[str]:
    """Every article's status as `byline status` prints it (formatted when indexed), in slug order."""
    for (text,) in conn.execute("SELECT status_text FROM articles ORDER BY slug"):
        yield text


def statuses(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every article's status record, in slug order: what `byline status ARTICLE --json` gives for each."""
    for (text,) in conn.execute("SELECT status FROM articles ORDER BY slug"):
        yield json.loads(text)


def agent_id(conn: sqlite3.Connection, config: Config, who: str) -> str:
    """The agent meant by --by: a roster id or name, or a software agent the ledgers name (mt:deepl)."""
    known = conn.execute("SELECT 1 FROM people WHERE id = ? LIMIT 1", (who,)).fetchone()
    if known:
        return who
    return config.person(who).id  # an unknown person is the roster's usual error


def events(conn: sqlite3.Connection, *, agent: str | None = None, since: str | None = None,
           until: str | None = None, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """The archive's events, oldest first (ties in article and ledger order), filtered."""
    where, values = _period(since, until)
    clauses = [where] if where else []
    if agent is not None:
        clauses.append("(agent = ? OR operator = ?)")
        values += [agent, agent]
    if kind is not None:
        clauses.append("type = ?")
        values.append(kind)
    sql = (f"SELECT {', '.join(EVENT_COLUMNS)} FROM events" + (" WHERE " + " AND ".join(clauses) if clauses else "")
           + " ORDER BY at, article, seq")
    for row in conn.execute(sql, values):
        yield dict(zip(EVENT_COLUMNS, row, strict=True))


def _work_in_period(since: str | None, until: str | None) -> tuple[str, list[str]]:
    """SQL conditions on events `e` that changed the English (`ledger.TEXT_TYPES`) in the period, and their values:
    what makes an article count in a credits report."""
    where, values = _period(since, until)
    text_types = sorted(TEXT_TYPES)
    clause = f"e.type IN ({', '.join('?' * len(text_types))})" + (f" AND {where}" if where else "")
    return clause, [*text_types, *values]


def uncounted(conn: sqlite3.Connection, *, since: str | None, until: str | None) -> list[dict[str, Any]]:
    """Articles left out of the credits report because their ledger fails verification, with work in the period.

    Said, not skipped silently: a copied or forged ledger must not credit anyone, and the desk must hear of it.
    """
    work, values = _work_in_period(since, until)
    sql = ("SELECT a.slug, a.title FROM articles a WHERE NOT a.record_ok AND EXISTS (SELECT 1 FROM events e "
           f"WHERE e.article = a.slug AND {work}) ORDER BY a.slug")
    return [{"article": slug, "title": title} for slug, title in conn.execute(sql, values)]


def credits_report(conn: sqlite3.Connection, config: Config, *, since: str | None,
                   until: str | None) -> list[dict[str, Any]]:
    """Who translated and edited what in a period, by the one credit rule.

    Whether someone is credited on an article is the credit rule's answer
    (`workflow.reading.credit`, kept in the `credits` table); the period only
    says when: an article counts for a person when one of their events that
    changed the English (translate, edit, correct, align) falls in it. For
    software, the events it was the agent of.
    """
    work, values = _work_in_period(since, until)
    sql = (
        "SELECT c.agent, c.role, c.article, a.title, min(e.at) FROM credits c "
        "JOIN articles a ON a.slug = c.article "
        f"JOIN events e ON e.article = c.article AND e.agent = c.agent AND {work} "
        "GROUP BY c.agent, c.role, c.article ORDER BY c.agent, c.role, c.article"
    )
    names = {p.id: p.name for p in config.people}
    order = {p.id: i for i, p in enumerate(config.people)}
    people: dict[str, dict[str, Any]] = {}
    for agent, role, article, title, first in conn.execute(sql, values):
        entry = people.setdefault(agent, {"agent": agent, "name": names.get(agent), "translated": [], "edited": [],
                                          "machine_translated": []})
        key = {"translator": "translated", "editor": "edited", "machine": "machine_translated"}[role]
        entry[key].append({"article": article, "title": title, "at": first})
    if people:
        software = dict(conn.execute(f"SELECT id, name FROM people WHERE software AND id IN "
                                     f"({', '.join('?' * len(people))})", list(people)).fetchall())
        for agent, name in software.items():
            people[agent]["name"] = people[agent]["name"] or name
    return sorted(people.values(), key=lambda p: (order.get(p["agent"], len(order)), p["agent"]))
