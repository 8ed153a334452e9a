"""One unit's story (`byline log --unit`) and one event's change (`byline show`).

Both read the versions of the record around events, one replay pass for the
whole ledger (`workflow.model.replay.versions`), and compare them with the
diff of everything (`workflow.reading.diff.changes`): what an event changed
is the difference between the record just before it and just after it.
"""

from __future__ import annotations

from collections import namedtuple

from workflow.errors import InputError
from workflow.ids import resolve_event
from workflow.ledger import Event, read_events
from workflow.model.replay import Replay, versions
from workflow.model.state import State
from workflow.reading.diff import AdditionDiff, Changes, UnitDiff, changes, known
from workflow.workspace import Workspace


class UnitEvent(namedtuple("UnitEvent", "event english korean")):
    """An event in one unit's story: how it changed the unit's English and its Korean (None: not at all)."""

    __slots__ = ()
    event: Event
    english: tuple[str, str, tuple[tuple[str, str], ...]] | None  # before, after, word diff
    korean: tuple[str, str, tuple[tuple[str, str], ...]] | None


def _around(article: str, events: list[Event]) -> list[tuple[Event, State, State]]:
    """Every event with the record just before it and just after it (for a ledger desks merged, the record
    as it stood at the line before and at its own line)."""
    before = Replay(article, track_authorship=False).snapshot([])
    found = []
    for event, after in zip(events, versions(article, events), strict=True):
        found.append((event, before, after))
        before = after
    return found


def unit_story(article: str, events: list[Event], name: str) -> list[UnitEvent]:
    """The events that changed the English of the unit, segment or addition `name`, or its Korean after it was
    first received (source updates), oldest first. An input error when no version of the record has it."""
    around = _around(article, events)
    if not any(known(before, after, name) for _, before, after in around):
        raise InputError(f"article {article!r} never had a unit {name!r}; see `byline align {article}` for its units")
    story = []
    for event, before, after in around:
        found = changes(before, after, name)
        diffs: list[UnitDiff | AdditionDiff] = [*found.units, *found.additions]
        english = next(((d.before, d.after, d.words) for d in diffs if d.before != d.after), None)
        korean = None
        if event.type == "source-update":
            korean = next(((d.before, d.after, d.words) for d in found.source), None)
        if english or korean:
            story.append(UnitEvent(event, english, korean))
    return story


class Shown(namedtuple("Shown", "article event changes signature")):
    """One event and what it changed; `signature` is `workflow.signing.signature_status`'s answer."""

    __slots__ = ()
    article: str
    event: Event
    changes: Changes
    signature: tuple[str, str | None, str | None, str | None]


def show(ws: Workspace, ref: str, article: str | None = None) -> Shown:
    """The event `ref` names (a number or an id prefix, in `article` or, for an id, in any article) and what
    it changed, with its signature's status as `verify` judges it."""
    from workflow.signing import signature_status

    slug, events, event = find_event(ws, ref, article)
    index = next(i for i, e in enumerate(events) if e.id == event.id)
    _, before, after = _around(slug, events[: index + 1])[index]
    return Shown(slug, event, changes(before, after), signature_status(ws, events, index))


def find_event(ws: Workspace, ref: str, article: str | None = None) -> tuple[str, list[Event], Event]:
    """The article, its events and the event that `ref` names.

    Without an article, an id prefix is looked for in every article's ledger;
    a number is taken only in a workspace of one article (numbers repeat from
    article to article).
    """
    if article is not None:
        events = read_events(ws.ledger_file(ws.require_article(article)))
        return article, events, resolve_event(events, ref, article)
    slugs = ws.articles()
    if len(slugs) == 1:
        return find_event(ws, ref, slugs[0])
    if not slugs:
        raise InputError("no articles yet; record a source with `byline ingest FILE --article SLUG --by WHO`")
    key = ref.strip().lstrip("#").removeprefix("sha256:").lower()
    matches = [(slug, events, e) for slug in slugs for events in [read_events(ws.ledger_file(slug))]
               for e in events if len(key) >= 4 and e.id.removeprefix("sha256:").startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        where = ", ".join(sorted({slug for slug, _, _ in matches}))
        raise InputError(f"{ref!r} matches more than one event (in {where}); give more of the id, "
                         "or the article first: `byline show ARTICLE EVENT`")
    if key.isdigit():
        raise InputError(f"event numbers repeat from article to article ({len(slugs)} here): name the article "
                         f"first, `byline show ARTICLE {key}`, or give an id prefix (see `byline log ARTICLE`)")
    raise InputError(f"no event {ref!r} in this workspace's {len(slugs)} articles: give an id prefix of four "
                     "characters or more, or the article and the event's number: `byline show ARTICLE 4`")
