"""What every report shows, gathered once from the replayed record.

Renderers (HTML, Markdown, JSON) read these frozen records and never the
ledger or the state directly, so the same facts appear in every format.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from workflow.ids import resolve_event
from workflow.ledger import TEXT_TYPES, Event
from workflow.model.replay import replay, versions
from workflow.model.state import LOW_CONFIDENCE, State, Unit
from workflow.problems import Problem
from workflow.reading.blame import BlameToken, blame
from workflow.reading.credit import credit
from workflow.reading.diff import UnitDiff, unit_diffs
from workflow.reading.publication import Publication, last_publication
from workflow.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Agent:
    """Someone (or a tool) who appears in the record, with the roles they acted in."""

    id: str
    name: str
    roles: tuple[str, ...]
    software: bool


@dataclass(frozen=True, slots=True)
class Step:
    """One event on the timeline, with how much of the English it changed."""

    seq: int
    event: str
    type: str
    stage: str
    agent: str
    at: str
    note: str | None
    units: int
    inserted: int
    deleted: int


@dataclass(frozen=True, slots=True)
class Change:
    """One unit's English changed by one event, as a word-level diff."""

    seq: int
    stage: str
    agent: str
    at: str
    words: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Row:
    """A unit (or an addition) of the article: Korean, English in author runs, history, flags."""

    id: str
    source: str
    runs: tuple[tuple[str, str], ...]  # (text, agent id or "" for text no word of which has an author)
    history: tuple[Change, ...]
    stale: bool
    confidence: float
    addition: bool
    omitted: bool = False  # a unit whose English is empty
    waivers: tuple[tuple[str, str, str], ...] = ()  # (rule, agent, reason) of the waivers that hold on it

    @property
    def target(self) -> str:
        return "".join(text for text, _ in self.runs)

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True, slots=True)
class Contribution:
    """A person's (or tool's) part: surviving words, their share, units touched, sign-offs."""

    agent: str
    words: int
    share: float
    units: int
    approvals: int


@dataclass(frozen=True, slots=True)
class Integrity:
    """The `byline verify` verdict for the badge."""

    ok: bool
    events: int
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The one answer a report opens with: may this go out, and is the live page still the record?

    `state` is "blocked", "ready", "current" (published, nothing since),
    "changed" (published, changes since) or "unchecked"; `title` the words that say it
    first, `detail` the rest of the line; `errors` the findings that block.
    """

    state: str
    title: str
    detail: str
    errors: tuple[Problem, ...]


MAX_RULES = 5


def verdict(findings: tuple[Problem, ...], integrity: Integrity, publication: Publication | None, *,
            checked: bool = True) -> Verdict:
    """Ready to publish / blocked (how many errors, which) / published and current / published, N changes since.

    A record that does not verify blocks as an error does. Without the checks
    (`checked=False`) an unpublished article's verdict is "Not checked".
    """
    errors = tuple(f for f in findings if f.blocking)
    blockers = [part for part in (errors_summary(errors),
                                  "" if integrity.ok else "the record does not verify (`byline verify`)") if part]
    if publication is None:
        if not checked and not blockers:
            return Verdict("unchecked", "Not checked", "this report was made without the checks", errors)
        if blockers:
            return Verdict("blocked", "Blocked", "; ".join(blockers), errors)
        return Verdict("ready", "Ready to publish", "no unwaived error, the record verifies", errors)
    when = f"the live page was published {publication.at}"
    if publication.current:
        over = f"; it went out over {'; '.join(blockers)}" if blockers else ""
        return Verdict("current", "Published and current", f"{when} from this record{over}", errors)
    n = publication.changes_since
    title = f"Published, {n} change{'' if n == 1 else 's'} since"
    then = f"republication blocked: {'; '.join(blockers)}" if blockers else "ready to republish"
    return Verdict("changed", title, f"{when} and is out of date; {then}", errors)


def errors_summary(errors: tuple[Problem, ...]) -> str:
    """"2 errors: BL102 omission (s3, s8)", the rules in the order found, at most MAX_RULES of them."""
    if not errors:
        return ""
    rules: dict[str, tuple[str, list[str]]] = {}
    for f in errors:
        name, units = rules.setdefault(f.rule or "?", (f.name or "", []))
        if f.unit and f.unit not in units:
            units.append(f.unit)
    shown = [f"{rule} {name}".strip() + (f" ({', '.join(units)})" if units else "")
             for rule, (name, units) in list(rules.items())[:MAX_RULES]]
    more = f"; and {len(rules) - MAX_RULES} more rule(s)" if len(rules) > MAX_RULES else ""
    return f"{len(errors)} error{'' if len(errors) == 1 else 's'}: {'; '.join(shown)}{more}"


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a report shows about one article."""

    article: str
    title: str
    source_meta: tuple[tuple[str, str], ...]
    head: str | None
    credit_line: str
    organization: str | None
    integrity: Integrity
    agents: tuple[Agent, ...]
    steps: tuple[Step, ...]
    rows: tuple[Row, ...]
    contributions: tuple[Contribution, ...]
    findings: tuple[Problem, ...]  # the check findings
    waivers: tuple[tuple[str, str | None, str, str], ...]  # (rule, unit, agent, reason)
    since: int | None
    changed_since: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (unit, word diff)
    publication: Publication | None
    checked: bool  # whether `findings` are the checks' (a report may be made without them)

    def agent(self, agent_id: str) -> Agent:
        for agent in self.agents:
            if agent.id == agent_id:
                return agent
        return Agent(agent_id, agent_id, (), False)

    def name(self, agent_id: str) -> str:
        return self.agent(agent_id).name

    @property
    def verdict(self) -> Verdict:
        """The one verdict the report opens with, from its findings, integrity and publication."""
        return verdict(self.findings, self.integrity, self.publication, checked=self.checked)


def label(report: Report, row: Row) -> str:
    """What a unit's place says when its English is empty or waived: "omitted, waived by X (BL102): reason"."""
    waived = "; ".join(f"waived by {report.name(agent)} ({rule}): {reason}" for rule, agent, reason in row.waivers)
    if row.omitted:
        return f"omitted, {waived}" if waived else "omitted, not waived"
    return waived


def gather(ws: Workspace, state: State, *, since: str | None = None, with_checks: bool = True) -> Report:
    """Build the report of an article's current state (and what changed after event `since`)."""
    from workflow.reading.verify import verify_article

    tokens = blame(state)
    history = _histories(state)
    verified = verify_article(ws, state.article)
    since_seq = resolve_event(state.events, since, state.article).line if since else None
    changed: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    if since_seq is not None:
        old = replay(state.article, state.events[:since_seq], authorship=False)
        changed = tuple((d.unit, d.words) for d in unit_diffs(old, state))
    return Report(
        article=state.article,
        title=str(state.source_meta.get("title") or state.article),
        source_meta=tuple((k, str(v)) for k, v in sorted(state.source_meta.items()) if k != "title"),
        head=state.head,
        credit_line=credit(state, ws.config).line if state.translated else "",
        organization=ws.config.organization,
        integrity=Integrity(not verified.problems, verified.events, tuple(p.message for p in verified.problems)),
        agents=_agents(ws, state),
        steps=tuple(_step(state, event, history) for event in state.events),
        rows=_rows(state, tokens, history),
        contributions=_contributions(state, tokens, history),
        findings=tuple(_findings(ws, state.article)) if with_checks else (),
        waivers=tuple((w.rule, w.unit, w.agent, w.reason) for w in state.waivers),
        since=since_seq,
        changed_since=changed,
        publication=last_publication(state),
        checked=with_checks,
    )


def _agents(ws: Workspace, state: State) -> tuple[Agent, ...]:
    """Every agent of the record in order of first appearance; names from the roster, else the ledger."""
    roster = {p.id: p for p in ws.config.people}
    seen: dict[str, tuple[str, list[str], bool]] = {}
    for event in state.events:
        for data in (event.data["agent"], event.data.get("operator")):
            if not data:
                continue
            person = roster.get(data["id"])
            name = person.name if person else data.get("name", data["id"])
            entry = seen.setdefault(data["id"], (name, [], data.get("type") == "software"))
            role = data.get("role")
            if role and role not in entry[1]:
                entry[1].append(role)
    return tuple(Agent(aid, name, tuple(roles), soft) for aid, (name, roles, soft) in seen.items())


def _histories(state: State) -> dict[int, list[UnitDiff]]:
    """For every event that changed the English: its unit diffs (every version replayed in one pass)."""
    result: dict[int, list[UnitDiff]] = {}
    previous = replay(state.article, [], authorship=False)
    for event, current in zip(state.events, versions(state.article, state.events), strict=True):
        if event.type in TEXT_TYPES:
            result[event.line] = unit_diffs(previous, current)
        previous = current
    return result


def _step(state: State, event: Event, history: dict[int, list[UnitDiff]]) -> Step:
    diffs = history.get(event.line, [])
    inserted = sum(len(text.split()) for d in diffs for op, text in d.words if op == "insert")
    deleted = sum(len(text.split()) for d in diffs for op, text in d.words if op == "delete")
    return Step(event.seq, event.id, event.type, event.stage, event.agent, event.at, event.data.get("note"),
                len(diffs), inserted, deleted)


def _rows(state: State, tokens: list[BlameToken], history: dict[int, list[UnitDiff]]) -> tuple[Row, ...]:
    """Units and additions in the order of the English."""
    spans: list[tuple[int, int, Unit | str]] = [(u.start, u.end, u) for u in state.units]
    spans += [(a.start, a.end, a.id) for a in state.added]
    spans.sort(key=lambda item: (item[0], item[1]))
    events = {e.line: e for e in state.events}
    starts = [t.start for t in tokens]
    holding = [w for w in state.waivers if w.unit and state.waiver_holds(w)]
    rows = []
    for start, end, unit in spans:
        runs = _runs(state.target_text or "", tokens, starts, start, end)
        if isinstance(unit, str):
            waived = tuple((w.rule, w.agent, w.reason) for w in holding if w.unit == unit)
            rows.append(Row(unit, "", runs, (), False, 1.0, True, waivers=waived))
            continue
        changes = tuple(
            Change(seq, events[seq].stage, events[seq].agent, events[seq].at, d.words)
            for seq, diffs in history.items() for d in diffs if set(d.unit.split("+")) & set(unit.sources)
        )
        waived = tuple((w.rule, w.agent, w.reason) for w in holding if w.unit == unit.id or w.unit in unit.sources)
        rows.append(Row(unit.id, state.unit_source(unit), runs, changes, state.is_stale(unit), unit.confidence, False,
                        omitted=start == end, waivers=waived))
    return tuple(rows)


def _runs(text: str, tokens: list[BlameToken], starts: list[int], start: int, end: int) -> tuple[tuple[str, str], ...]:
    """The span's text cut into runs of one author; text between words goes with the word before.

    `starts` are the tokens' start offsets (sorted), to find the span's words by bisection.
    """
    inside = tokens[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    if not inside:
        return ((text[start:end], ""),) if end > start else ()
    runs: list[list[str]] = [[text[start : inside[0].start], ""]] if inside[0].start > start else []
    for index, token in enumerate(inside):
        stop = inside[index + 1].start if index + 1 < len(inside) else end
        piece = text[token.start : stop]
        if runs and runs[-1][1] == token.agent:
            runs[-1][0] += piece
        else:
            runs.append([piece, token.agent])
    return tuple((piece, agent) for piece, agent in runs)


def _contributions(
    state: State, tokens: list[BlameToken], history: dict[int, list[UnitDiff]]
) -> tuple[Contribution, ...]:
    total = len(tokens) or 1
    words: dict[str, int] = {}
    for token in tokens:
        words[token.agent] = words.get(token.agent, 0) + 1
    units: dict[str, set[str]] = {}
    agents = {e.line: e.agent for e in state.events}
    for seq, diffs in history.items():
        units.setdefault(agents[seq], set()).update(d.unit for d in diffs)
    approvals: dict[str, int] = {}
    for approval in state.approvals:
        approvals[approval.agent] = approvals.get(approval.agent, 0) + 1
    order = list(dict.fromkeys(e.agent for e in state.events))
    return tuple(
        Contribution(a, words.get(a, 0), words.get(a, 0) / total, len(units.get(a, ())), approvals.get(a, 0))
        for a in order if words.get(a) or units.get(a) or approvals.get(a)
    )


def _findings(ws: Workspace, slug: str) -> list[Problem]:
    """The pre-publication checks' findings for the article."""
    from workflow.checks.runner import run_checks

    return run_checks(ws, [slug])
