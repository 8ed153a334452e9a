"""What replaying an article's ledger yields: the State and the records inside it.

State is two texts (source, target), spans into them (segments, units) and
what the record says about them (authorship, approvals, waivers,
publications). `workflow.model.replay` builds it; everything else reads it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from collections.abc import Mapping, Sequence

from workflow.ledger import Event, sha256

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    from workflow.text.attribution import Label, Run


SOURCE_CONFLICT = "source"  # the unit name of a conflict in the Korean


class Segment(namedtuple("Segment", "id start end")):
    """A source sentence: its stable id and its span of the source text."""

    __slots__ = ()
    id: str
    start: int
    end: int


# English covered by no unit is an addition; its entry in en.po and in exports is named by its id (`add:3f9a2c1b-1`,
# workflow.model.additions) and stands where a Korean source would (in msgid, or an XLIFF unit's source) as
# ADDITION_SOURCE.
ADDITION_PREFIX = "add:"
ADDITION_SOURCE = "(addition: English with no Korean source)"


class Addition(namedtuple("Addition", "id start end")):
    """English no unit covers: its id (`add:3f9a2c1b-1`, workflow.model.additions) and its span."""

    __slots__ = ()
    id: str
    start: int
    end: int


# Below this alignment confidence a unit is flagged for a person to check (status, en.po, exports, reports).
LOW_CONFIDENCE = 0.5


class Unit(namedtuple("Unit", "sources start end confidence runner_up", defaults=(1.0, None))):
    """Consecutive source segments and the span of English that renders them.

    `runner_up`, when the aligner made the unit, is the best other pairing it
    weighed: (source ids, (start, end) of its English or None for none, its
    probability). Checks read it instead of running the aligner again.
    """

    __slots__ = ()
    sources: tuple[str, ...]
    start: int
    end: int
    confidence: float
    runner_up: tuple[tuple[str, ...], tuple[int, int] | None, float] | None

    @property
    def id(self) -> str:
        return "+".join(self.sources)

    @property
    def low_confidence(self) -> bool:
        """Whether the aligner was unsure of this pairing (below LOW_CONFIDENCE): a person should check it."""
        return self.confidence < LOW_CONFIDENCE

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": list(self.sources), "span": [self.start, self.end],
                                "confidence": round(self.confidence, 3)}
        if self.runner_up is not None:
            sources, span, probability = self.runner_up
            data["runner_up"] = {"source": list(sources), "span": list(span) if span is not None else None,
                                 "probability": round(probability, 3)}
        return data

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Unit:
        start, end = data["span"]
        runner = data.get("runner_up")
        runner_up = None
        if runner is not None:
            span = runner.get("span")
            runner_up = (tuple(runner["source"]), tuple(span) if span is not None else None,
                         float(runner["probability"]))
        return Unit(tuple(data["source"]), start, end, float(data.get("confidence", 1.0)), runner_up)


class Approval(namedtuple("Approval", "agent stage source target event at")):
    """A sign-off pinned to the texts it approved."""

    __slots__ = ()
    agent: str
    stage: str
    source: str
    target: str
    event: str
    at: str


class Mark(namedtuple("Mark", "needs_review comment agent event")):
    """What translators said about a unit beside its English: still to be reviewed, and their comment.

    Set by `review` marks on edits and `review` events (a PO entry left
    `fuzzy`, an XLIFF state short of translated, a translator's `#` comment or
    note); a unit marked as needing review keeps the Korean it was last
    confirmed against, so a stale unit stays stale until someone confirms it.
    """

    __slots__ = ()
    needs_review: bool
    comment: str | None
    agent: str
    event: str


class Waiver(namedtuple("Waiver", "rule unit agent reason event pin", defaults=(None,))):
    """A recorded, reasoned exception to one check rule, for a unit or the article, pinned to what it saw.

    `pin` is `waiver_pin` of the Korean and English the waiver was recorded on
    (the unit's, or the whole article's): like an approval, a waiver vouches
    for those words, and lifts nothing once they changed. A waived sentence
    that an edit joined to its neighbour is still vouched for while its words
    stand, unchanged, inside the joined unit (`State.waiver_holds`).
    """

    __slots__ = ()
    rule: str
    unit: str | None
    agent: str
    reason: str
    event: str
    pin: str | None


def waiver_pin(korean: str, english: str) -> str:
    """What a waiver vouches for: the words of the Korean and the English it was recorded on.

    Words, not characters: case, spacing and punctuation are folded away, so
    that joining two sentences ("million. Three" → "million, and three") keeps
    the words a waiver saw recognisable inside the joined unit, while a changed
    figure or name is a changed word.
    """
    return _words(korean) + "\x00" + _words(english)


def addition_pin(added: Sequence[Addition], english: str, aid: str) -> str | None:
    """`waiver_pin` of the addition `aid`: its English alone, no Korean being behind it; None if there is none."""
    for addition in added:
        if addition.id == aid:
            return waiver_pin("", english[addition.start : addition.end])
    return None


def _pin_within(pin: str, larger: str) -> bool:
    """Whether the words a pin holds stand, in order and unbroken, in a larger unit's pin."""
    korean, english = pin.split("\x00")
    korean_now, english_now = larger.split("\x00")
    return f" {korean} " in f" {korean_now} " and f" {english} " in f" {english_now} "


def _words(text: str) -> str:
    """A text's words in order, case-folded and joined by single spaces (`waiver_pin`)."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold()))


def unit_korean(source_text: str, segments: tuple[Segment, ...], unit: Unit) -> str:
    """The Korean of a unit: its live segments' texts joined by a space."""
    spans = segment_index(segments)[2]
    return " ".join(source_text[spans[sid][0] : spans[sid][1]] for sid in unit.sources if sid in spans)


# The last segmentation looked up, by id: the first segment of each id (`State.segment`) and the span of the
# last (`unit_korean`, replay's basis). A view, a check or the PO writer asks about every unit of one state in
# turn, and building these per unit made those loops quadratic in the article's length. Only a tuple is kept
# (it cannot change); holding it keeps its identity from being reused.
_INDEXED: list[Any] = [None, {}, {}]


def segment_index(segments: Sequence[Segment]) -> list[Any]:
    """[segments, {id: first segment}, {id: (start, end) of the last}] for these segments."""
    if _INDEXED[0] is segments:
        return _INDEXED
    first: dict[str, Segment] = {}
    for segment in segments:
        first.setdefault(segment.id, segment)
    index = [segments, first, {s.id: (s.start, s.end) for s in segments}]
    if type(segments) is tuple:
        _INDEXED[:] = index
    return index


def find_unit(units: tuple[Unit, ...], uid: str) -> Unit | None:
    """The unit named `uid`, or holding the segment `uid`; None if there is none."""
    for unit in units:
        if unit.id == uid or uid in unit.sources:
            return unit
    return None


class Step(namedtuple("Step", "stage type agent event at note", defaults=(None,))):
    """One stage done: what, by whom, when, in which event."""

    __slots__ = ()
    stage: str
    type: str
    agent: str
    event: str
    at: str
    note: str | None


class Side(namedtuple("Side", "label text authors", defaults=(None,))):
    """One version of a conflicting region: whose it is (the caller's label), its English, and who wrote each token."""

    __slots__ = ()
    label: object
    text: str
    authors: tuple[Label, ...] | None


class Conflict(namedtuple("Conflict", "unit start end sides")):
    """A region both sides changed differently: its name, its span in the merged text, every side's version.

    `unit` is the unit id (`s4`, `s3+s4`; several joined by a comma where a
    side regrouped units), or `after:s5` / `before:s1` / `text` for the text
    between units. `sides[0]` is the provisional version the merged text holds.
    """

    __slots__ = ()
    unit: str
    start: int
    end: int
    sides: tuple[Side, ...]

    @property
    def agents(self) -> tuple[str, ...]:
        """Who changed the region on each side (as replay labels the sides with a `Branch`), each once."""
        found: list[str] = []
        for side in self.sides:
            for agent in getattr(side.label, "agents", ()):
                if agent not in found:
                    found.append(agent)
        return tuple(found)


class Branch(namedtuple("Branch", "head agents")):
    """One side of a conflict: the latest event on that side and who changed the conflicting text there."""

    __slots__ = ()
    head: str
    agents: tuple[str, ...]


class State(namedtuple("State", "article events source_text source_meta segments retired next_segment target_text"
                                " units basis authorship approvals waivers steps origins heads conflicts marks"
                                " addition_ids",
                       defaults=((), (), {}, ()))):
    """What replaying an article's ledger yields.

    `heads` are the events no other event follows (several after desks merged
    and before anyone recorded again); `conflicts` the regions both sides of a
    merge changed differently (`workflow.model.merge.Conflict`, whose sides
    are labelled with a `Branch`), the Korean's as unit `source`.
    """

    __slots__ = ()
    article: str
    events: tuple[Event, ...]
    source_text: str
    source_meta: Mapping[str, Any]
    segments: tuple[Segment, ...]
    retired: tuple[str, ...]
    next_segment: int
    target_text: str | None
    units: tuple[Unit, ...]
    basis: Mapping[str, str]
    authorship: tuple[Run, ...]
    approvals: tuple[Approval, ...]
    waivers: tuple[Waiver, ...]
    steps: tuple[Step, ...]
    origins: Mapping[str, str]
    heads: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    marks: Mapping[str, Mark]
    addition_ids: tuple[Addition, ...]  # as replay carried them; read `added`

    @property
    def head(self) -> str | None:
        """The last event of the file (the one head, unless desks merged and nobody recorded since)."""
        return self.events[-1].id if self.events else None

    @property
    def target_conflicts(self) -> tuple[Conflict, ...]:
        """Conflicts in the English (those en.md shows as conflict blocks)."""
        return tuple(c for c in self.conflicts if c.unit != SOURCE_CONFLICT)

    @property
    def translated(self) -> bool:
        return self.target_text is not None

    def segment(self, sid: str) -> Segment:
        segment = segment_index(self.segments)[1].get(sid)
        if segment is None:
            raise KeyError(sid)
        return segment

    def segment_text(self, sid: str) -> str:
        segment = self.segment(sid)
        return self.source_text[segment.start : segment.end]

    def unit_source(self, unit: Unit) -> str:
        """The Korean of a unit: its live segments' texts joined by a space."""
        return unit_korean(self.source_text, self.segments, unit)

    def unit_target(self, unit: Unit) -> str:
        return (self.target_text or "")[unit.start : unit.end]

    def unit(self, uid: str) -> Unit:
        unit = find_unit(self.units, uid)
        if unit is None:
            raise KeyError(uid)
        return unit

    def pin(self, uid: str | None) -> str | None:
        """`waiver_pin` of a unit's Korean and English now (the whole article's for None, an addition's English
        alone for its id); None: no such unit or addition."""
        if uid is None:
            return waiver_pin(self.source_text, self.target_text or "")
        if uid.startswith("add:"):
            return addition_pin(self.added, self.target_text or "", uid)
        unit = find_unit(self.units, uid)
        return None if unit is None else waiver_pin(self.unit_source(unit), self.unit_target(unit))

    def waiver_holds(self, waiver: Waiver) -> bool:
        """Whether a waiver still covers the words it was recorded on (they have not changed since).

        The unit it named, unchanged; or, once an edit joined that unit to
        another, its words standing unchanged inside the joined unit.
        """
        now = self.pin(waiver.unit)
        if waiver.pin is None or now is None:
            return False
        unit = None if waiver.unit is None else find_unit(self.units, waiver.unit)
        if unit is not None and unit.id != waiver.unit and waiver.unit in unit.sources:
            return _pin_within(waiver.pin, now)
        return waiver.pin == now

    def unit_basis(self, unit: Unit) -> str:
        """The Korean as it was when the unit's English was last written or approved."""
        return " ".join(self.basis.get(sid, "") for sid in unit.sources if sid in self.basis)

    def needs_review(self, unit: Unit) -> bool:
        """A translator left this unit marked for review (PO `fuzzy`, an XLIFF state short of translated)."""
        mark = self.marks.get(unit.id)
        return bool(mark and mark.needs_review)

    def comment(self, unit: Unit) -> str | None:
        """The translators' comment on a unit, if any."""
        mark = self.marks.get(unit.id)
        return mark.comment if mark else None

    def is_stale(self, unit: Unit) -> bool:
        live = segment_index(self.segments)[1]
        for sid in unit.sources:
            segment = live.get(sid)
            if segment is None or self.basis.get(sid) != self.source_text[segment.start : segment.end]:
                return True
        return False

    def source_hash(self) -> str:
        return sha256(self.source_text)

    def target_hash(self) -> str | None:
        return None if self.target_text is None else sha256(self.target_text)

    def untranslated(self) -> tuple[Segment, ...]:
        """Live segments that no unit covers."""
        covered = {sid for unit in self.units for sid in unit.sources}
        return tuple(s for s in self.segments if s.id not in covered)

    @property
    def added(self) -> tuple[Addition, ...]:
        """The additions with their ids; a state not made by replay (no events to name them by) numbers them."""
        if self.addition_ids or self.events or self.target_text is None:
            return self.addition_ids
        spans = addition_spans(self.target_text, self.units)
        return tuple(Addition(f"{ADDITION_PREFIX}{n}", start, end) for n, (start, end) in enumerate(spans, start=1))

    def additions(self) -> tuple[tuple[int, int], ...]:
        """Spans of English that no unit covers and that hold more than space or markup (`added` has their ids)."""
        return tuple((a.start, a.end) for a in self.added)


def addition_spans(text: str, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Spans of sentences that no unit covers and that hold more than space or markup, in text order.

    Only the stretches between units are split into sentences (units begin
    and end on sentence boundaries), which keeps replay cheap.
    """
    from workflow.text.segment import split_english

    covered = sorted((u.start, u.end) for u in units if u.end > u.start)
    gaps: list[tuple[int, int]] = []
    pos = 0
    for start, end in covered:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        gaps.append((pos, len(text)))
    spans: list[tuple[int, int]] = []
    for gap_start, gap_end in gaps:
        piece = text[gap_start:gap_end]
        if not any(map(str.isalnum, piece)):  # each character tested in C, as the loop it stands for did
            continue
        for span in split_english(piece):
            if any(map(str.isalnum, piece[span.start : span.end])):
                spans.append((gap_start + span.start, gap_start + span.end))
    return spans
