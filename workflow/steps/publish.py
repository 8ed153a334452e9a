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
from workflow.ledger import Event, sha256
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


def render_published(state: State, ws: Workspace) -> str:
    """The publishable HTML page of the current English, with ITS provenance and the credit line."""
    from workflow.reading.credit import credit
    from workflow.reports.its import annotate, article_provenance
    from workflow.reports.jinja import template

    if state.target_text is None:
        raise InputError(f"article {state.article!r} has no translation to publish; record one with `byline translate`")
    blocks = annotate(state, ws.config)
    title = next(("".join(p.text for p in b.pieces) for b in blocks if b.kind == "heading"), state.article)
    return template("published.html.j2").render(
        lang=ws.config.target_lang, version=__version__, head=state.head, title=title, blocks=blocks,
        article_attributes=article_provenance(state, ws.config), credit_line=credit(state, ws.config).line,
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
        page = render_published(state, ws).encode("utf-8")
        write_atomic(path, page)
        written["sha256"] = sha256(page)
        return {
            "type": "publish", "stage": "publish", "agent": agent_json(person, "publish"),
            **({"note": note} if note else {}),
            "base": {"source": state.source_hash(), "target": state.target_hash()},
            "output": {"path": ws.relative(path), "sha256": written["sha256"], "bytes": len(page),
                       **({"url": url} if url else {})},
            "checks": {"forced": force, "overridden": list(overridden)},
        }

    recorded = commit(ws, slug, build, signer=signer, authorship=True)
    assert recorded.event is not None
    return Published(recorded.event, path, written["sha256"], url, force, overridden)

