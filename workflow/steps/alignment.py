"""Steps on the pairing of Korean and English: units for a new translation, and a unit corrected by hand."""

from __future__ import annotations

from workflow.config import Person
from workflow.errors import InputError
from workflow.ledger import sha256
from workflow.model.state import State, Unit
from workflow.model.units import sentence_spans, units_from_beads
from workflow.steps.events import agent_json, without_none
from workflow.steps.lexicon import workspace_lexicon
from workflow.steps.recording import Recorded, commit
from workflow.text.anchors import anchored_alignment, is_heading
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


def align_units(ws: Workspace, state: State, text: str) -> tuple[Unit, ...]:
    """Units for free-form English: its sentences aligned to the live source segments."""
    from workflow.text.embed import Embedder
    from workflow.text.segment import split_english
    from workflow.text.vectorcache import VectorCache

    sentences = split_english(text)
    segments = state.segments
    beads = anchored_alignment(
        [state.source_text[s.start : s.end] for s in segments],
        [is_heading(state.source_text, s.start) for s in segments],
        [text[s.start : s.end] for s in sentences],
        [is_heading(text, s.start) for s in sentences],
        workspace_lexicon(ws, exclude=state.article),
        Embedder(VectorCache.for_workspace(ws.root)),
        crossing=True,
    )
    def runner_up(bead: Any) -> tuple[list[str], list[Any], float] | None:
        other = bead.runner_up
        if other is None:
            return None
        return [segments[i].id for i in other.source], [sentences[j] for j in other.target], other.probability

    groups = [
        ([segments[i].id for i in bead.source], [sentences[j] for j in bead.target], bead.confidence, runner_up(bead))
        for bead in beads
    ]
    return units_from_beads(groups, len(text))


def correct_unit(ws: Workspace, slug: str, person: Person, unit_id: str, source_ids: str, target_range: str | None,
                 *, signer: Any = None) -> Recorded:
    """Re-pair sources and English sentences; units that lose them are trimmed, the result recorded."""
    sources = tuple(s.strip() for s in source_ids.split(",") if s.strip())

    def build(state: State) -> dict[str, Any] | None:
        try:
            state.unit(unit_id)
        except KeyError:
            raise InputError(f"article {slug!r} has no unit {unit_id!r}; "
                             f"list them with `byline align {slug}`") from None
        live = [s.id for s in state.segments]
        for sid in sources:
            if sid not in live:
                raise InputError(f"--source {sid!r}: not a segment of {slug!r} "
                                 f"(segments s1…); see `byline status {slug}`")
        sentences = sentence_spans(state.target_text or "")
        span = _target_span(target_range, sentences, state)
        units = _rebuild(state, sources, span)
        if units == state.units:
            return None
        touched = [u.id for u in units if u.sources == sources]
        return without_none({"type": "align", "stage": "align", "agent": agent_json(person, "edit"),
                       "layout": [u.to_json() for u in units], "touched": touched,
                       "base": {"target": sha256(state.target_text or "")}})

    return commit(ws, slug, build, signer=signer)


def _target_span(target_range: str | None, sentences: list[tuple[int, int]], state: State) -> tuple[int, int] | None:
    if not target_range:
        return None
    try:
        first, _, last = target_range.partition("-")
        a, b = int(first), int(last or first)
    except ValueError:
        raise InputError(f"--target {target_range!r}: give English sentence numbers like 5 or 5-6") from None
    if not (1 <= a <= b <= len(sentences)):
        raise InputError(f"--target {target_range!r}: the English has sentences 1 to {len(sentences)}")
    return sentences[a - 1][0], sentences[b - 1][1]


def _rebuild(state: State, sources: tuple[str, ...], span: tuple[int, int] | None) -> tuple[Unit, ...]:
    """The units with `sources` paired to `span`; other units give up what the new unit takes."""
    taken = set(sources)
    result = []
    for unit in state.units:
        rest = tuple(s for s in unit.sources if s not in taken)
        start, end = unit.start, unit.end
        if span is not None and start < span[1] and span[0] < end:
            if start >= span[0] and end <= span[1]:
                start = end = span[1] if rest else start
            elif start < span[0]:
                end = span[0]
            else:
                start = span[1]
        if rest == unit.sources and (start, end) == (unit.start, unit.end):
            result.append(unit)  # untouched: it keeps the aligner's runner-up
        elif rest:
            result.append(Unit(rest, start, max(start, end), unit.confidence))
    position = span if span is not None else (state.unit(sources[0]).start,) * 2
    result.append(Unit(sources, position[0], position[1], 1.0))
    order = {s.id: i for i, s in enumerate(state.segments)}
    result.sort(key=lambda u: (u.start, u.end, order.get(u.sources[0], 0)))
    return tuple(result)
