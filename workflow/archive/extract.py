"""One article's rows for the archive index, read from its ledger and working files.

This runs in worker processes (`workflow.parallel`), so it takes the workspace
folder and a slug and returns plain tuples. Every value comes from the
functions the per-article commands use: verification from `verify`, the
status record from `status` (so `byline status` prints the same from the
index), credit from the one credit rule, authorship from `blame`. Nothing here
decides anything of its own about the record.

A ledger that fails verification is still indexed: its good events, and the
article marked not ok with the problems verification found.
"""

from __future__ import annotations

import json
from collections import namedtuple

from workflow import graph
from workflow.cachefile import digest_files, path_signature
from workflow.ledger import scan
from workflow.problems import Kind
from workflow.reading.publication import last_publication
from workflow.reading.status import article_status, format_status, state_status
from workflow.reading.verify import record_failures, verify_article
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from workflow.ledger import Event
    from workflow.model.state import State

class ArticleRows(namedtuple("ArticleRows", "slug articles events units authorship credits")):
    """The rows of one article, one list per table (`schema.ARTICLE_TABLES`)."""

    __slots__ = ()
    slug: str
    articles: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    units: list[tuple[Any, ...]]
    authorship: list[tuple[Any, ...]]
    credits: list[tuple[Any, ...]]


def digested_rows(shared: tuple[Workspace, Sequence[str]], slug: str) -> tuple[str, str, bool, ArticleRows]:
    """The stat signature and digest of the article's files (`cachefile`; with whether the digest is racy),
    then its rows.

    `shared` is the workspace and the templates of the article's file paths.
    Signature and digest are taken before the files are read for the rows, so
    a change made meanwhile shows on the next update; taken here, in the
    worker, they cost the parent process nothing on a full build.
    """
    ws, templates = shared
    paths = [template.format(slug) for template in templates]
    stat = "|".join(path_signature(path) for path in paths)
    digest, racy = digest_files(paths)
    return stat, digest, racy, article_rows(ws, slug)


def article_rows(ws: Workspace, slug: str) -> ArticleRows:
    """Everything the index holds about one article (a module-level function, for worker processes).

    Every article of a run is read with the one workspace, and so the one
    configuration: read again for each article, byline.toml cost more than
    the article's events.
    """
    verified = verify_article(ws, slug, authorship=True)
    state = verified.state
    # One replay serves both when the chain holds; otherwise status replays the events before the damage.
    if state is not None:
        unrecorded = [p for p in verified.problems if p.kind is Kind.UNRECORDED]
        status = state_status(ws, state, [], unrecorded=unrecorded)
    else:
        status = article_status(ws, slug)
    events = list(state.events) if state is not None else scan(ws.ledger_file(slug))[0]
    problems = [f"{p.where}: {p.kind.value}: {p.message}" for p in verified.problems]
    record_ok = not record_failures(verified.problems)
    units: list[tuple[Any, ...]] = []
    authorship: list[tuple[Any, ...]] = []
    credits: list[tuple[Any, ...]] = []
    credit_line = None
    if state is not None and state.translated:
        units = _units(slug, state)
        authorship = _authorship(slug, state)
        if record_ok:  # a ledger that fails verification supports no credit (a copied one would credit twice)
            credits, credit_line = _credits(ws, slug, state, {row[2] for row in authorship})
    article = _article(slug, status, state, events, problems, record_ok, credit_line)
    return ArticleRows(slug, [article], [_event(slug, e) for e in events], units, authorship, credits)


def _article(slug: str, status: dict[str, Any], state: State | None, events: list[Event], problems: list[str],
             record_ok: bool, credit_line: str | None) -> tuple[Any, ...]:
    counts = [len(status[key]) if key in status else None
              for key in ("untranslated", "stale", "omitted", "low_confidence")]
    approvals = status.get("approvals", [])
    current = sum(1 for a in approvals if a["current"])
    publication = _publication(status, state)
    heads = graph.heads([e.data for e in events])
    return (
        slug, status.get("title"), (state.source_meta.get("url") if state else None), len(events),
        events[-1].id if events else None, json.dumps(heads), events[0].at if events else None,
        events[-1].at if events else None, " ".join(status.get("stages", {})),
        int(bool(state and state.translated)), status.get("segments"), status.get("units"), *counts,
        status.get("additions"), current if "approvals" in status else None,
        len(approvals) - current if "approvals" in status else None,
        int(publication is not None), *(publication or (None, None, None, None)),
        credit_line, int(not problems), int(record_ok), json.dumps(problems, ensure_ascii=False), 0,
        json.dumps(status, ensure_ascii=False, separators=(",", ":")), format_status(status),
    )


def _publication(status: dict[str, Any], state: State | None) -> tuple[Any, ...] | None:
    """(published at, event, whether it is current, changes since) of the latest publication, if any.

    `status` carries it as `publication` (`byline status` reports it, from
    `reading.publication`); the state tells it where a status record lacks it.
    """
    if state is None:
        return None
    reported = status.get("publication")
    if not isinstance(reported, dict):
        publication = last_publication(state)
        if publication is None:
            return None
        reported = publication.to_json()
    return reported["at"], reported["event"], int(bool(reported["current"])), reported["changes_since"]


def _event(slug: str, event: Event) -> tuple[Any, ...]:
    data = event.data
    agent = data["agent"]
    parents = list(graph.parents(data))
    operator = data.get("operator")
    sig = data.get("sig")
    return (
        slug, event.seq, event.id, json.dumps(parents), event.type, event.stage, event.agent, agent.get("name"),
        agent.get("role"), int(agent.get("type") == "software"),
        operator.get("id") if isinstance(operator, dict) else None,
        event.at, data.get("note"), sig.get("key") if isinstance(sig, dict) else None,
        len(data["units"]) if isinstance(data.get("units"), list) else None,
    )


def _units(slug: str, state: State) -> list[tuple[Any, ...]]:
    return [(slug, u.id, position, state.unit_source(u), state.unit_target(u), int(state.is_stale(u)),
             int(u.start == u.end), round(u.confidence, 3)) for position, u in enumerate(state.units)]


def _authorship(slug: str, state: State) -> list[tuple[Any, ...]]:
    """Words of the current English per unit and author (as `byline blame` tells them), with the author's origin.

    English outside every unit (an addition) is counted under its id
    (`add:3f9a2c1b-1`), the addition's name in the en.po view.
    """
    from workflow.reading.blame import words_by_span

    spans = sorted([(u.start, u.end, u.id) for u in state.units if u.end > u.start]
                   + [(a.start, a.end, a.id) for a in state.added])
    rows = []
    for (unit, agent), words in words_by_span(state, spans).items():
        origin = state.origins.get(agent, "human")
        kind, _, engine = origin.partition(":")
        rows.append((slug, unit, agent, kind, engine or None, words))
    return rows


def _credits(ws: Workspace, slug: str, state: State, authors: set[str]) -> tuple[list[tuple[Any, ...]], str]:
    """The people and software the one credit rule names, and the credit line it makes (`authors`: the agents
    the authorship rows give words)."""
    from workflow.reading.credit import credit

    result = credit(state, ws.config, authors)
    rows = [(slug, agent, role, position)
            for role, agents in (("translator", result.translators), ("editor", result.editors),
                                 ("machine", result.machine))
            for position, agent in enumerate(agents)]
    return rows, result.line
