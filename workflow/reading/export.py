"""Handing an article to other tools: the record's units, with who wrote and revised each, in a format.

Bilingual writers (XLIFF, TMX) take `UnitRecord`s, so they never see events or
replay; PO, Markdown and HTML come from the same renderings the workspace uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.config import Config
from workflow.errors import InputError, UnknownFormatError
from workflow.model.replay import replay
from workflow.model.state import ADDITION_PREFIX, ADDITION_SOURCE, State

# Each export format and the file suffix its files take (what `byline record --from` reads it back by).
SUFFIXES = {"po": ".po", "xliff": ".xlf", "xliff12": ".xlf", "tmx": ".tmx", "docx": ".docx", "docx-table": ".docx",
            "md": ".md", "html": ".html"}
FORMATS = tuple(SUFFIXES)
_TEXT_EVENTS = ("translate", "edit", "correct", "align", "source-update")


@dataclass(frozen=True, slots=True)
class Contributor:
    """Who wrote a version of a unit's English: roster id, display name, and whether it is software."""

    id: str
    name: str
    tool: bool = False


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a unit's English, as the ledger recorded it."""

    author: Contributor
    at: str
    text: str


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """A unit (or an English addition) with its texts, status and history, for bilingual writers."""

    id: str
    source: str
    target: str
    status: str  # translated | stale | needs-review | approved | omitted | addition
    history: tuple[Version, ...] = ()
    notes: tuple[str, ...] = ()  # byline's own notes
    comment: str | None = None  # the translators' comment, written back as theirs

    @property
    def translator(self) -> Contributor | None:
        return self.history[0].author if self.history else None

    @property
    def reviser(self) -> Contributor | None:
        """The last person to change the English after its first version, if any."""
        return self.history[-1].author if len(self.history) > 1 else None


@dataclass(frozen=True, slots=True)
class Header:
    """What a bilingual file says about the whole article."""

    article: str
    source_lang: str
    target_lang: str
    head: str
    created: str
    changed: str


def header(state: State, config: Config) -> Header:
    """The article-level fields every bilingual file carries."""
    first = state.steps[0].at if state.steps else ""
    return Header(state.article, config.source_lang, config.target_lang, " ".join(state.heads), first,
                  state.steps[-1].at if state.steps else first)


def unit_records(state: State) -> tuple[UnitRecord, ...]:
    """Every unit and addition in the order of the English, with its history from the ledger."""
    history = _histories(state)
    approved = any(a.target == state.target_hash() and a.source == state.source_hash() for a in state.approvals)
    items: list[tuple[int, int, UnitRecord]] = []
    for order, unit in enumerate(state.units):
        notes = []
        if state.is_stale(unit):
            status = "stale"
            notes.append("stale: the Korean changed after this English was written or approved")
        elif state.needs_review(unit):
            status = "needs-review"
        elif unit.start == unit.end:
            status = "omitted"
            notes.append("omitted: this Korean has no English in the article")
        else:
            status = "approved" if approved else "translated"
        if unit.low_confidence:
            notes.append(f"alignment confidence {unit.confidence:.2f}: check that this pairing is right")
        record = UnitRecord(unit.id, state.unit_source(unit), state.unit_target(unit), status,
                            history.get(unit.id, ()), tuple(notes), state.comment(unit))
        items.append((unit.start, order, record))
    text = state.target_text or ""
    for number, (start, end) in enumerate(state.additions(), start=1):
        record = UnitRecord(f"{ADDITION_PREFIX}{number}", ADDITION_SOURCE, text[start:end], "addition",
                            notes=("addition: English with no Korean source (context or credit line)",))
        items.append((start, -1, record))
    items.sort(key=lambda item: (item[0], item[1]))
    return tuple(record for _, _, record in items)


def _histories(state: State) -> dict[str, tuple[Version, ...]]:
    """For each unit id, the versions of its English, replaying the ledger event by event."""
    versions: dict[str, list[Version]] = {}
    events = list(state.events)
    for index, event in enumerate(events):
        if event.type not in _TEXT_EVENTS:
            continue
        partial = state if index == len(events) - 1 else replay(state.article, events[: index + 1])
        agent = event.data.get("agent", {})
        who = Contributor(event.agent, agent.get("name", event.agent), agent.get("type") == "software")
        for unit in partial.units:
            text = partial.unit_target(unit)
            seen = versions.setdefault(unit.id, [])
            if not seen or seen[-1].text != text:
                seen.append(Version(who, event.at, text))
    return {uid: tuple(found) for uid, found in versions.items()}


def export_article(state: State, config: Config, fmt: str) -> str | bytes:
    """The article in one of `FORMATS`, as text ready to write (DOCX: bytes)."""
    if fmt not in FORMATS:
        raise UnknownFormatError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if state.target_text is None:
        raise InputError(f"article {state.article!r} has no translation yet; record one with `byline translate`")
    if fmt == "po":
        from workflow.model.working_files import render_po

        return render_po(state, config)
    if fmt == "md":
        return state.target_text
    if fmt == "docx-table":  # the bilingual table: unit, Korean, English
        from workflow.formats import docx

        return docx.write_table(unit_records(state), header(state, config))
    if fmt == "docx":
        from workflow.formats import docx

        return docx.write(state.target_text, head=" ".join(state.heads), article=state.article,
                                lang=config.target_lang, title=_title(state.target_text))
    if fmt == "html":
        from workflow.formats import html

        return html.write(state.target_text, title=_title(state.target_text), lang=config.target_lang)
    from workflow.formats import module

    return module(fmt).write(unit_records(state), header(state, config))


def _title(text: str) -> str | None:
    first = text.lstrip().split("\n", 1)[0]
    return first.lstrip("#").strip() if first.startswith("#") else None
