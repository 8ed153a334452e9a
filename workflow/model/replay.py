"""Replay: an article's events in order give its state.

Replay uses only what the events carry, so a ledger replays the same on any
machine and with any later version of the segmenters or aligner. A ledger
that never branched is applied line by line; one where desks recorded
concurrently is replayed as a graph by `workflow.model.branches`, which uses
the same accumulator and merges concurrent heads three-way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from workflow import graph
from workflow.errors import IntegrityError, LedgerError
from workflow.ledger import Event, read_events, sha256
from workflow.model.shapes import body_problem
from workflow.model.state import (
    SOURCE_CONFLICT,
    Addition,
    Approval,
    Conflict,
    Mark,
    Segment,
    State,
    Step,
    Unit,
    Waiver,
    addition_pin,
    find_unit,
    segment_index,
    unit_korean,
    waiver_pin,
)
from workflow.text.delta import apply_delta

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    from workflow.text.attribution import Authorship
    from workflow.workspace import Workspace


def load(ws: Workspace, slug: str) -> State:
    """The replayed state of an article that exists."""
    ws.require_article(slug)
    return replay(slug, read_events(ws.ledger_file(slug)))


def replay(article: str, events: Iterable[Event], *, authorship: bool = True) -> State:
    """Apply every event in order; a text that does not reach its recorded hash is an integrity error.

    `events` are a ledger in file order, or a prefix of one (every parent
    before its children). `authorship=False` skips carrying authorship
    through the edits (the costly part) for callers that never look at it:
    status and verify.
    """
    events = list(events)
    if graph.is_chain([event.data for event in events]):
        return Replay(article, authorship).run(events)
    from workflow.model.branches import replay_graph

    return replay_graph(events, lambda: Replay(article, authorship))


def continuing(article: str, events: list[Event], *, authorship: bool) -> tuple[State, Callable[[list[Event]], State]]:
    """The state after `events`, and a function giving the state once more events are appended to that list.

    A recording replays the ledger once: for a ledger in one line (the usual
    case) the events appended later are applied to this same replay alone. A
    branched ledger (desks merged through git) is replayed from its start again.
    """
    if not graph.is_chain([event.data for event in events]):
        return replay(article, events, authorship=authorship), lambda now: replay(article, now, authorship=authorship)
    replayer = Replay(article, authorship)
    state = replayer.run(events)
    applied = len(events)

    def after(now: list[Event]) -> State:
        nonlocal applied
        for event in now[applied:]:
            replayer.apply(event)
        applied = len(now)
        return replayer.snapshot(now)

    return state, after


def versions(article: str, events: Iterable[Event]) -> Iterator[State]:
    """The state after each event of the file in turn (without authorship), in one pass.

    Reports and diffs that look at every version use this instead of replaying
    each prefix from the start, which would grow with the square of the events.
    """
    events = list(events)
    if not graph.is_chain([event.data for event in events]):
        from workflow.model.branches import versions_graph

        yield from versions_graph(events, lambda: Replay(article, False))
        return
    replayer = Replay(article, track_authorship=False)
    done: list[Event] = []
    for event in events:
        replayer.apply(event)
        done.append(event)
        yield replayer.snapshot(done)


class Replay:
    """The mutable accumulator behind `replay`; only the frozen State leaves it.

    A recording keeps one: it replays the ledger once, then applies just the
    event it appends (`apply`, `snapshot`) instead of replaying everything again.
    """

    def __init__(self, article: str, track_authorship: bool) -> None:
        self.article = article
        self.track_authorship = track_authorship
        self.source_text = ""
        self.source_meta: dict[str, Any] = {}
        self.segments: tuple[Segment, ...] = ()
        self.retired: list[str] = []
        self.next_segment = 1
        self.target_text: str | None = None
        self.units: tuple[Unit, ...] = ()
        self.basis: dict[str, str] = {}
        self.authorship: Authorship | None = None
        self.approvals: list[Approval] = []
        self.waivers: list[Waiver] = []
        self.steps: list[Step] = []
        self.origins: dict[str, str] = {}
        self.conflicts: list[Conflict] = []
        self.marks: dict[str, Mark] = {}
        self.added: tuple[Addition, ...] = ()  # additions with their ids (workflow.model.additions)

    def copy(self) -> Replay:
        """An independent accumulator in the same state (where the ledger branches)."""
        other = object.__new__(Replay)
        other.__dict__.update(self.__dict__)
        for name in ("retired", "approvals", "waivers", "steps", "conflicts"):
            setattr(other, name, list(getattr(self, name)))
        for name in ("source_meta", "basis", "origins", "marks"):
            setattr(other, name, dict(getattr(self, name)))
        other.authorship = self.authorship.copy() if self.authorship is not None else None
        return other

    def run(self, events: list[Event]) -> State:
        """Apply the events (the ledger, from its start) and return the state after them."""
        for event in events:
            self.apply(event)
        return self.snapshot(events)

    def apply(self, event: Event) -> None:
        """Apply one event; a body without the shape replay reads is damage, named by its line.

        Only damage is an IntegrityError: an exception from a handler after the
        shape check is a bug in replay, and is left to surface as one.
        """
        problem = body_problem(event.data)
        if problem is not None:
            # A chain can be rewritten with valid hashes; its content still has to make sense.
            raise IntegrityError(
                f"line {event.line}: event {event.seq} ({event.type}) is malformed: {problem}; the ledger was altered"
            )
        getattr(self, "_" + event.type.replace("-", "_"))(event)
        self.steps.append(Step(event.stage, event.type, event.agent, event.id, event.at, event.data.get("note")))

    def snapshot(self, events: list[Event], heads: tuple[str, ...] | None = None) -> State:
        """The frozen state after `events` (the events applied so far), whose heads are `heads` (default: the last)."""
        return State(
            article=self.article,
            events=tuple(events),
            source_text=self.source_text,
            source_meta=self.source_meta,
            segments=self.segments,
            retired=tuple(self.retired),
            next_segment=self.next_segment,
            target_text=self.target_text,
            units=self.units,
            basis=dict(self.basis),
            authorship=self.authorship.runs() if self.authorship else (),
            approvals=tuple(self.approvals),
            waivers=tuple(self.waivers),
            steps=tuple(self.steps),
            origins=dict(self.origins),
            heads=heads if heads is not None else ((events[-1].id,) if events else ()),
            conflicts=tuple(self.conflicts),
            marks=dict(self.marks),
            addition_ids=self.added,
        )

    # --- source ---------------------------------------------------------------

    def _ingest(self, event: Event) -> None:
        self._resolve_source()
        source = event.data["source"]
        self.source_text = source["text"]
        self.source_meta = dict(source.get("meta", {}))
        self._set_segments(source["segments"], event)

    def _source_update(self, event: Event) -> None:
        source = event.data["source"]
        text = self._apply_delta(event, self.source_text, source["delta"])
        self._expect(event, "source", text)
        self._resolve_source()
        self.source_text = text
        self.source_meta.update(source.get("meta", {}))
        self.retired.extend(source.get("retired", []))
        self._set_segments(source["segments"], event)
        if "layout" in event.data:
            self._set_units(event, event.data["layout"])
            self._carry_additions(event, self.target_text)

    def _resolve_source(self) -> None:
        """A source recorded after a merge settles a conflict in the Korean."""
        self.conflicts = [c for c in self.conflicts if c.unit != SOURCE_CONFLICT]

    def _set_segments(self, segments: list[Mapping[str, Any]], event: Event) -> None:
        self.segments = tuple(Segment(s["id"], s["span"][0], s["span"][1]) for s in segments)
        for segment in self.segments:
            if not (0 <= segment.start <= segment.end <= len(self.source_text)):
                raise IntegrityError(f"event {event.seq}: segment {segment.id} lies outside the source text")
            self.next_segment = max(self.next_segment, int(segment.id[1:]) + 1)

    # --- target ---------------------------------------------------------------

    def _translate(self, event: Event) -> None:
        target = event.data["target"]
        text = target["text"]
        if self.track_authorship:
            from workflow.text.attribution import Authorship, Label  # only where blame is wanted

            label = Label(event.id, event.agent)
            if self.authorship is None or event.data.get("replace"):  # `translate --replace`: all of it is theirs
                self.authorship = Authorship(text, label)
            else:
                self.authorship.update(text, label)
        old_text, self.target_text = self.target_text, text
        self._set_units(event, event.data["layout"])
        self._carry_additions(event, old_text)
        self.conflicts = [c for c in self.conflicts if c.unit == SOURCE_CONFLICT]
        self.origins[event.agent] = event.data.get("origin", "human")
        self._refresh_basis(self.units)
        self.marks.clear()  # a new translation starts with no unit waiting for review

    def _edit(self, event: Event) -> None:
        if self.target_text is None:
            raise IntegrityError(f"event {event.seq}: an edit before any translation")
        text = self._apply_delta(event, self.target_text, event.data["delta"])
        self._expect(event, "target", text)
        before = {u.id: self.target_text[u.start : u.end] for u in self.units}
        if self.authorship is not None:
            from workflow.text.attribution import Label

            label = Label(event.id, event.agent)
            self.authorship.update(text, label)
            self._credit_resolution(event, label)
        self.conflicts = [c for c in self.conflicts if c.unit == SOURCE_CONFLICT]
        old_text, self.target_text = self.target_text, text
        self._set_units(event, event.data["layout"])
        self._carry_additions(event, old_text, event.data["delta"])
        changed = [u for u in self.units if before.get(u.id) != text[u.start : u.end]]
        held = {entry["unit"] for entry in event.data.get("review", ()) if entry.get("mark") == "needs-review"}
        self._refresh_basis([u for u in changed if u.id not in held])
        for unit in changed:  # English rewritten without a mark is no longer waiting for review
            if unit.id not in held and unit.id in self.marks and self.marks[unit.id].needs_review:
                self.marks[unit.id] = self.marks[unit.id]._replace(needs_review=False)
        self._review(event)

    _correct = _edit

    def _review(self, event: Event) -> None:
        """Translators' marks on units: needs review (the Korean basis is kept), confirmed (it is renewed), comments."""
        by_id = {u.id: u for u in self.units}
        for entry in event.data.get("review", ()):
            uid = entry["unit"]
            old = self.marks.get(uid, Mark(False, None, event.agent, event.id))
            needs = old.needs_review
            if entry.get("mark") == "confirmed":
                needs = False
                if uid in by_id:
                    self._refresh_basis([by_id[uid]])
            elif entry.get("mark") == "needs-review":
                needs = True
            comment = entry["comment"] or None if "comment" in entry else old.comment
            if needs or comment:
                self.marks[uid] = Mark(needs, comment, event.agent, event.id)
            else:
                self.marks.pop(uid, None)

    def _credit_resolution(self, event: Event, label: Any) -> None:
        """An edit made on a merge with conflicts resolves them: words it kept from a side stay that side's."""
        conflicts = [c for c in self.conflicts if c.unit != SOURCE_CONFLICT]
        if conflicts and self.authorship is not None:
            from workflow.model.merge import credit_resolution
            from workflow.text.delta import edits

            credit_resolution(self.authorship, conflicts, edits(self.target_text or "", event.data["delta"]), label)

    def _align(self, event: Event) -> None:
        self._set_units(event, event.data["layout"])
        self._carry_additions(event, self.target_text)
        self._refresh_basis([u for u in self.units if u.id in event.data.get("touched", [])])

    def _refresh_basis(self, units: Iterable[Unit]) -> None:
        live = segment_index(self.segments)[2]  # the span of the last segment of each id
        for unit in units:
            for sid in unit.sources:
                if sid in live:
                    start, end = live[sid]
                    self.basis[sid] = self.source_text[start:end]

    # --- sign-offs --------------------------------------------------------------

    def _approve(self, event: Event) -> None:
        data = event.data
        self.approvals.append(
            Approval(event.agent, event.stage, data["base"]["source"], data["base"]["target"], event.id, event.at)
        )
        self._refresh_basis(self.units)

    def _waive(self, event: Event) -> None:
        data = event.data
        uid = data.get("unit")
        self.waivers.append(Waiver(data["rule"], uid, event.agent, data["reason"], event.id, self._pin(uid)))

    def _pin(self, uid: str | None) -> str | None:
        """What a waiver recorded now vouches for (`state.waiver_pin`): from the texts, not from the event's claims."""
        if uid is None:
            return waiver_pin(self.source_text, self.target_text or "")
        if uid.startswith("add:"):
            return addition_pin(self.added, self.target_text or "", uid)
        unit = find_unit(self.units, uid)
        if unit is None:
            return None
        english = (self.target_text or "")[unit.start : unit.end]
        return waiver_pin(unit_korean(self.source_text, self.segments, unit), english)

    def _publish(self, event: Event) -> None:
        """Publication changes no text; the step itself is the record."""

    @staticmethod
    def _apply_delta(event: Event, text: str, delta: str) -> str:
        try:
            return apply_delta(text, delta)
        except LedgerError as exc:
            raise IntegrityError(f"event {event.seq}: {exc}; the ledger was altered") from exc

    def _set_units(self, event: Event, layout: list[Mapping[str, Any]]) -> None:
        """The units of a layout, each lying inside the English it pairs with."""
        units = tuple(Unit.from_json(u) for u in layout)
        length = len(self.target_text or "")
        for unit in units:
            if unit.end > length:
                raise IntegrityError(f"event {event.seq}: unit {unit.id} lies outside the English text")
        self.units = units

    def _carry_additions(self, event: Event, old_text: str | None, delta: str | None = None) -> None:
        """The additions after `event` changed the English or its units, keeping the ids of those they continue."""
        from workflow.model.additions import carry, texts

        if self.target_text is None:
            return
        mapped = None
        if not self.added:
            pass  # no earlier addition to carry: carry() maps no position, so the delta is not read again for it
        elif old_text is not None and delta is not None:
            from workflow.text.delta import PositionMap, edits

            mapper = PositionMap(edits(old_text, delta))
            mapped = lambda pos, left: mapper.map(pos, left=left)  # noqa: E731
        elif old_text == self.target_text:
            mapped = lambda pos, left: pos  # noqa: E731 - the same English: positions stand
        self.added = carry(self.added, texts(self.added, old_text), self.target_text, self.units, event.id, mapped)

    def _expect(self, event: Event, which: str, text: str) -> None:
        expected = event.data["result"][which]
        if sha256(text) != expected:
            raise IntegrityError(
                f"event {event.seq}: replaying its delta gives {which} {sha256(text)}, the event says {expected}"
            )
