"""`byline publish`: the English as readers will see it, with its provenance, recorded.

Runs the pre-publication checks and refuses on unwaived errors unless forced
(the override is recorded); renders the HTML with ITS 2.0 provenance markup
and the credit line; writes it atomically; and appends a `publish` event with
the output's hash and URL, so later changes can be told apart from what
readers saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow import __version__
from workflow.config import Person
from workflow.errors import InputError, PublishBlockedError
from workflow.ledger import Event, now, sha256
from workflow.model.state import State
from workflow.steps.events import agent_json
from workflow.steps.recording import commit
from workflow.workspace import Workspace, write_atomic

OUTPUT_NAME = "en.html"


@dataclass(frozen=True, slots=True)
class Published:
    """A recorded publication: the event, the file written and what the checks said."""

    event: Event
    path: Path
    sha256: str
    url: str | None
    forced: bool
    overridden: tuple[str, ...]


def render_published(state: State, ws: Workspace, *, at: str | None = None, url: str | None = None) -> str:
    """The publishable HTML page of the current English, as of `at` (default: now) at `url`.

    It carries ITS provenance on every unit, the credit rule's line once (in
    place of en.md's own credit paragraph where there is one, else after the
    text, marked as added so that the page read back is no new English), the
    corrections since the first publication with their public notes and dates,
    and the schema.org `NewsArticle` of all that in JSON-LD.
    """
    from markupsafe import Markup

    from workflow.reading.credit import credit, credit_paragraph
    from workflow.reading.publication import corrections, first_published_at
    from workflow.reports.its import annotate, article_provenance
    from workflow.reports.jinja import template
    from workflow.reports.schemaorg import news_article, script_text

    if state.target_text is None:
        raise InputError(f"article {state.article!r} has no translation to publish; record one with `byline translate`")
    at = at or now()
    blocks = annotate(state, ws.config)
    title = next(("".join(p.text for p in b.pieces) for b in blocks if b.kind == "heading"), state.article)
    credited = credit(state, ws.config)
    found = credit_paragraph(state.target_text, ws.config.policy.credit_line) if credited.line else None
    inside = [i for i, b in enumerate(blocks) if found and found[0] <= b.start < found[1]]
    # None stands where the credit line goes: in place of en.md's credit paragraph, or (none there) at the end.
    shown = [None if i == inside[0] else b for i, b in enumerate(blocks) if i not in inside[1:]] if inside else blocks
    fixes = corrections(state)
    linked = news_article(state, ws.config, credited, fixes, headline=title, published=first_published_at(state) or at,
                          modified=at, url=url)
    return template("published.html.j2").render(
        lang=ws.config.target_lang, version=__version__, head=state.head, title=title, blocks=shown,
        article_attributes=article_provenance(state, ws.config), credit_line=credited.line, credit_in_text=bool(inside),
        corrections=fixes, linked_data=Markup(script_text(linked)),
    )


def blocking_findings(ws: Workspace, slug: str) -> tuple[str, ...]:
    """Unwaived error findings, as `RULE unit: message` lines; the gate checks afresh, trusting no cache."""
    from workflow.checks.runner import run_checks

    return tuple(
        f"{f.rule}{' ' + f.unit if f.unit else ''}: {f.message}"
        for f in run_checks(ws, [slug], use_cache=False) if f.blocking
    )


def publish(
    ws: Workspace,
    slug: str,
    person: Person,
    *,
    output: Path | None = None,
    url: str | None = None,
    force: bool = False,
    note: str | None = None,
    signer: Any = None,
) -> Published:
    """Check, render, write and record one publication of the article.

    A publication that would need a signature it lacks is refused first, so
    that no page is written for an event that could not be recorded.
    """
    ws.require_article(slug)
    if signer is None:
        from workflow.signing import needs_signature

        if needs_signature(ws, person.id, "publish"):
            raise InputError(f"article {slug!r}: this publication must be signed by {person.id} (a roster key, or "
                             f"[policy] require_signatures); give their private key with --sign-with FILE "
                             f"(or BYLINE_SIGNING_KEY); nothing written or recorded")
    overridden = blocking_findings(ws, slug)
    if overridden and not force:
        shown = "; ".join(overridden[:5]) + (f"; … {len(overridden) - 5} more" if len(overridden) > 5 else "")
        raise PublishBlockedError(
            f"article {slug!r}: {len(overridden)} check error(s) block publication ({shown}); "
            f"fix them, waive them with `byline waive`, or publish with --force (recorded)"
        )
    path = (output or ws.translation_dir(slug) / OUTPUT_NAME).resolve()
    written: dict[str, str] = {}

    def build(state: State) -> Mapping[str, Any]:
        from workflow.reading.publication import last_publication

        at, previous = now(), last_publication(state)
        page_url = url or (previous.url if previous else None)  # a republication keeps the page's address
        page = render_published(state, ws, at=at, url=page_url).encode("utf-8")
        write_atomic(path, page)
        written["sha256"] = sha256(page)
        return {
            "type": "publish", "stage": "publish", "at": at, "agent": agent_json(person, "publish"),
            **({"note": note} if note else {}),
            "base": {"source": state.source_hash(), "target": state.target_hash()},
            "output": {"path": ws.relative(path), "sha256": written["sha256"], "bytes": len(page),
                       **({"url": page_url} if page_url else {})},
            "checks": {"forced": force, "overridden": list(overridden)},
        }

    recorded = commit(ws, slug, build, signer=signer, authorship=True)
    assert recorded.event is not None
    pinned = recorded.event.data["output"]
    return Published(recorded.event, path, written["sha256"], pinned.get("url"), force, overridden)

