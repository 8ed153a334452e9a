"""`byline blame`: the English with the author of every word.

A word made of several tokens (wasn’t, neighborhood-watch) belongs to the
latest event that wrote any of it: a changed word belongs to who changed it.
"""

from __future__ import annotations

import bisect
import re
from collections import namedtuple
from collections.abc import Iterator, Mapping, Sequence

from workflow.model.replay import replay
from workflow.model.state import State
from workflow.text.attribution import Run

WORD = re.compile(r"\w+(?:[’'.\-]\w+)*")


class BlameToken(namedtuple("BlameToken", "text start end agent event")):
    """One word of the English, its offsets into en.md, and who last wrote it."""

    __slots__ = ()
    text: str
    start: int
    end: int
    agent: str
    event: str

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "agent": self.agent, "event": self.event}


def blame(state: State) -> list[BlameToken]:
    """Every word of the current English with its author."""
    return blame_runs(state.target_text or "", _authorship(state), _order(state))


def _authorship(state: State) -> Sequence[Run]:
    """The state's authorship runs; a state replayed without them (status, verify,
    recording) is replayed again with them, so blame and credit are never silently empty."""
    if not state.authorship and state.target_text:
        return replay(state.article, state.events).authorship
    return state.authorship


def _order(state: State) -> dict[str, int]:
    return {event.id: event.line for event in state.events}


def _words_in_runs(text: str, runs: Sequence[Run]) -> Iterator[tuple[re.Match[str], int]]:
    """Each word of `text` with the index of the first run it overlaps (both are in text order)."""
    index, count = 0, len(runs)
    for match in WORD.finditer(text):
        while index < count and runs[index].end <= match.start():
            index += 1
        if index == count:
            return
        yield match, index


def blame_runs(text: str, runs: Sequence[Run], order: Mapping[str, int]) -> list[BlameToken]:
    """Every word of `text` with the latest (by `order`) of the runs it overlaps."""
    tokens = []
    for match, index in _words_in_runs(text, runs):
        start, end = match.span()
        latest = runs[index]
        following = index + 1
        while following < len(runs) and runs[following].start < end:  # a word written by several events
            if order.get(runs[following].event, 0) > order.get(latest.event, 0):
                latest = runs[following]
            following += 1
        tokens.append(BlameToken(match.group(), start, end, latest.agent, latest.event))
    return tokens


def words_by_span(state: State, spans: Sequence[tuple[int, int, str]]) -> dict[tuple[str, str], int]:
    """Words of the current English per (span name, author), as `blame` names authors, without a token per word.

    `spans` are non-overlapping (start, end, name) in text order; a word
    counts under the span it starts in, or "" when it starts in none. The
    archive index counts every word of every article this way: making a
    BlameToken for each one cost more than the counting.
    """
    return count_words(state.target_text or "", _authorship(state), _order(state), spans)


def count_words(text: str, runs: Sequence[Run], order: Mapping[str, int],
                spans: Sequence[tuple[int, int, str]]) -> dict[tuple[str, str], int]:
    """`blame_runs`'s words counted per (span name, agent) instead of listed (see `words_by_span`), keyed in
    the order of each key's first word, as counting blame's tokens would give them.

    `runs` cover the text end to end, as `Authorship.runs` gives them. Only
    word starts are listed: between consecutive run and span edges every word
    has the same run and span, so a stretch's words are counted by bisection.
    The one word that can cross a run's end is the last to start before it;
    such a word goes to the latest event that wrote any of it, as in blame.
    """
    if not runs:
        return {}
    starts = [match.start() for match in WORD.finditer(text)]
    run_ends = [run.end for run in runs]
    crossing: dict[int, Run] = {}  # word number -> the run blame gives it, for words across a run's end
    for first, edge in enumerate(run_ends[:-1]):
        number = bisect.bisect_left(starts, edge) - 1
        if number < 0 or number in crossing:
            continue
        end = WORD.match(text, starts[number]).end()  # type: ignore[union-attr]  # a word starts there
        if end > edge:
            latest, following = runs[first], first + 1
            while following < len(runs) and runs[following].start < end:
                if order.get(runs[following].event, 0) > order.get(latest.event, 0):
                    latest = runs[following]
                following += 1
            crossing[number] = latest
    edges = sorted({*run_ends, *(edge for start, end, _ in spans for edge in (start, end))})
    counts: dict[tuple[str, str], int] = {}
    place, low = 0, 0
    for edge in edges:
        if edge > run_ends[-1]:  # words past the last run are nobody's, as in blame
            break
        high = bisect.bisect_left(starts, edge)
        if high > low:
            start = starts[low]
            while place < len(spans) and spans[place][1] <= start:
                place += 1
            name = spans[place][2] if place < len(spans) and spans[place][0] <= start else ""
            last = crossing.get(high - 1)
            plain = high - low - (last is not None)
            if plain:
                agent = runs[bisect.bisect_right(run_ends, start)].agent
                counts[name, agent] = counts.get((name, agent), 0) + plain
            if last is not None:
                counts[name, last.agent] = counts.get((name, last.agent), 0) + 1
        low = high
    return counts


def agents_with_words(state: State) -> set[str]:
    """The agents who wrote at least one word of the current English (what credit needs)."""
    return agents_in(state.target_text or "", _authorship(state), _order(state))


def agents_in(text: str, runs: Sequence[Run], order: Mapping[str, int]) -> set[str]:
    """The agents that `blame_runs` would name for some word, usually without blaming every word.

    A word lying inside one run proves that run's agent; the walk stops once
    every agent with a run is proven. Only when some word straddles runs and
    an agent is still unproven does the full word-by-word blame decide.
    """
    everyone = {run.agent for run in runs}
    proven: set[str] = set()
    straddling = False
    for match, index in _words_in_runs(text, runs):
        if match.end() <= runs[index].end:
            proven.add(runs[index].agent)
            if proven == everyone:
                return proven
        else:
            straddling = True
    if straddling:
        return {token.agent for token in blame_runs(text, runs, order)}
    return proven


def shares(state: State) -> dict[str, int]:
    """Words of the current English per agent."""
    counts: dict[str, int] = {}
    for token in blame(state):
        counts[token.agent] = counts.get(token.agent, 0) + 1
    return counts


def at_event(state: State, ref: str | None) -> State:
    """The state after the event `ref` names (number or id prefix), with authorship; the state itself for None."""
    if ref is None:
        return state
    from workflow.ids import resolve_event

    event = resolve_event(state.events, ref, state.article)
    upto = next(index for index, e in enumerate(state.events) if e.id == event.id) + 1
    return state if upto == len(state.events) else replay(state.article, state.events[:upto])


class Piece(namedtuple("Piece", "line text agent seq")):
    """A stretch of one line of the English written by one event (`agent` "" on an empty line)."""

    __slots__ = ()
    line: int
    text: str
    agent: str
    seq: int


def pieces(state: State) -> list[Piece]:
    """The English cut at line ends and wherever the author changes: every character once, in order.

    Authorship runs cover every character, punctuation and spaces included,
    so the pieces joined line by line are the text exactly, and a
    punctuation-only change (a comma, a closing quote) is a piece of its own.
    """
    text = state.target_text or ""
    order = _order(state)
    found: list[Piece] = []
    line = 1
    for run in _authorship(state):
        parts = text[run.start : run.end].split("\n")
        for index, part in enumerate(parts):
            if index:
                line += 1
            if part:
                found.append(Piece(line, part, run.agent, order.get(run.event, 0)))
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    present = {p.line for p in found}
    found.extend(Piece(n, "", "", 0) for n in range(1, lines + 1) if n not in present)
    return sorted(found, key=lambda p: p.line)  # stable: pieces of a line stay in order


def margin_text(state: State) -> str:
    """Blame as git users read it: each piece on its own row, line number, author and event in a margin.

    The text right of the `│` on rows of one line number, joined, is that line
    of en.md; control characters are shown escaped (`\\u001b`), never sent to
    the terminal.
    """
    from workflow.text.characters import escape

    found = pieces(state)
    width = max((len(p.agent) for p in found), default=0)
    number = len(str(max((p.line for p in found), default=1)))
    seq = len(str(max((p.seq for p in found), default=1)))
    rows = []
    for piece in found:
        event = f"#{piece.seq:<{seq}}" if piece.agent else " " * (seq + 1)
        rows.append(f"{piece.line:>{number}} {piece.agent:<{width}} {event} │{escape(piece.text)}")
    return "\n".join(rows) + ("\n" if rows else "")


# Colours for authors in the order they first appear (ANSI foreground: green, blue, magenta, yellow, cyan, red).
PALETTE = ("32", "34", "35", "33", "36", "31")


def coloured_text(state: State) -> str:
    """The English exactly as en.md has it, each author's text in their colour, then a legend."""
    from workflow.text.characters import escape

    text = state.target_text or ""
    colours: dict[str, str] = {}
    out = []
    for run in _authorship(state):
        colour = colours.setdefault(run.agent, PALETTE[len(colours) % len(PALETTE)])
        out.append("\n".join(f"\x1b[{colour}m{escape(part)}\x1b[0m" if part else ""
                             for part in text[run.start : run.end].split("\n")))
    legend = "  ".join(f"\x1b[{colour}m■ {escape(agent)}\x1b[0m" for agent, colour in colours.items())
    return "".join(out) + ("" if text.endswith("\n") or not text else "\n") + "\n" + legend + "\n"
