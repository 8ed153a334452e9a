"""ITS 2.0 Provenance for the published English, in its HTML5 form (`its-person`, `its-tool`, …).

Each unit's sentence span names who translated it (the person, or the MT
engine as `its-tool`) and who last revised it, from the words that survive;
the organisation, when configured, is declared once on the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.config import Config
from workflow.model.state import State
from workflow.reading.blame import BlameToken, blame
from workflow.text.segment import blocks

TRANSLATION_TYPES = ("translate",)
# The HTML5 attributes of the ITS 2.0 Provenance data category (ITS 2.0 §8.12, §2.6.1 for the HTML form).
PROVENANCE_ATTRIBUTES = (
    "its-person", "its-person-ref", "its-org", "its-org-ref", "its-tool", "its-tool-ref",
    "its-rev-person", "its-rev-person-ref", "its-rev-org", "its-rev-org-ref", "its-rev-tool", "its-rev-tool-ref",
    "its-prov-ref", "its-provenance-records-ref",
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a block's text and the ITS attributes on its span (none: plain text)."""

    text: str
    unit: str | None
    attributes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, quote or paragraph of the English (at `[start, end)` of it), cut into annotated pieces."""

    kind: str
    level: int
    pieces: tuple[Piece, ...]
    start: int
    end: int


def unit_provenance(
    state: State, config: Config, tokens: list[BlameToken], start: int, end: int
) -> tuple[tuple[str, str], ...]:
    """ITS attributes for the English in `[start, end)`: translator (person or tool) and last reviser."""
    events = {e.id: e for e in state.events}
    names = {p.id: p.name for p in config.people}
    inside = [t for t in tokens if start <= t.start < end and t.event in events]
    translated = [events[t.event] for t in inside if events[t.event].type in TRANSLATION_TYPES]
    revised = [events[t.event] for t in inside if events[t.event].type not in TRANSLATION_TYPES]
    attributes: list[tuple[str, str]] = []
    if translated:
        counts: dict[str, int] = {}
        for event in translated:
            counts[event.id] = counts.get(event.id, 0) + 1
        main = events[max(counts, key=lambda eid: (counts[eid], events[eid].line))]
        agent = main.data["agent"]
        if agent.get("type") == "software":
            attributes.append(("its-tool", agent.get("name") or agent["id"]))
        else:
            attributes.append(("its-person", names.get(agent["id"], agent.get("name", agent["id"]))))
    if revised:
        latest = max(revised, key=lambda event: event.line)
        attributes.append(("its-rev-person", names.get(latest.agent, latest.data["agent"].get("name", latest.agent))))
    return tuple(attributes)


def article_provenance(state: State, config: Config) -> tuple[tuple[str, str], ...]:
    """ITS attributes for the whole article: the organisation that translated and revised it."""
    if not config.organization:
        return ()
    attributes = [("its-org", config.organization)]
    if any(e.type in ("edit", "correct") for e in state.events):
        attributes.append(("its-rev-org", config.organization))
    return tuple(attributes)


def annotate(state: State, config: Config) -> tuple[Block, ...]:
    """The English as blocks whose unit spans carry ITS provenance attributes."""
    text = state.target_text or ""
    tokens = blame(state)
    spans = sorted((u.start, u.end, u.id) for u in state.units if u.end > u.start)
    provenance = {uid: unit_provenance(state, config, tokens, s, e) for s, e, uid in spans}
    result = []
    for span, kind in blocks(text):
        level = len(text[: span.start].rsplit("\n", 1)[-1].strip()) if kind == "heading" else 0
        pieces, pos = [], span.start
        for start, end, uid in spans:
            start, end = max(start, span.start), min(end, span.end)
            if start >= end:
                continue
            if start > pos:
                pieces.append(Piece(text[pos:start], None, ()))
            pieces.append(Piece(text[start:end], uid, provenance[uid]))
            pos = end
        if pos < span.end:
            pieces.append(Piece(text[pos : span.end], None, ()))
        result.append(Block(kind, min(max(level, 1), 6), tuple(pieces), span.start, span.end))
    return tuple(result)
