"""`byline blame`: the English with the author of every word.

A word made of several tokens (wasn’t, neighborhood-watch) belongs to the
latest event that wrote any of it: a changed word belongs to who changed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from workflow.state import State, replay
from workflow.text.attribution import Run

WORD = re.compile(r"\w+(?:[’'.\-]\w+)*")


@dataclass(frozen=True, slots=True)
class BlameToken:
    """One word of the English, its offsets into en.md, and who last wrote it."""

    text: str
    start: int
    end: int
    agent: str
    event: str

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "agent": self.agent, "event": self.event}


def blame(state: State) -> list[BlameToken]:
    """Every word of the current English with its author.

    A state replayed without authorship (status, verify, recording) is
    replayed again with it, so that blame and credit are never silently empty.
    """
    runs = state.authorship
    if not runs and state.target_text:
        runs = replay(state.article, state.events).authorship
    order = {event.id: event.seq for event in state.events}
    return blame_runs(state.target_text or "", runs, order)


def blame_runs(text: str, runs: Sequence[Run], order: Mapping[str, int]) -> list[BlameToken]:
    """Every word of `text` with the latest (by `order`) of the runs it overlaps.

    Words and runs are both in text order, so one pass walks them together.
    """
    tokens = []
    index, count = 0, len(runs)
    for match in WORD.finditer(text):
        start, end = match.span()
        while index < count and runs[index].end <= start:
            index += 1
        if index == count:
            break
        latest = runs[index]
        following = index + 1
        while following < count and runs[following].start < end:  # a word written by several events
            if order.get(runs[following].event, 0) > order.get(latest.event, 0):
                latest = runs[following]
            following += 1
        if latest.start < end:
            tokens.append(BlameToken(match.group(), start, end, latest.agent, latest.event))
    return tokens


def agents_with_words(state: State) -> set[str]:
    """The agents who wrote at least one word of the current English (what credit needs)."""
    runs = state.authorship
    if not runs and state.target_text:
        runs = replay(state.article, state.events).authorship
    return agents_in(state.target_text or "", runs, {event.id: event.seq for event in state.events})


def agents_in(text: str, runs: Sequence[Run], order: Mapping[str, int]) -> set[str]:
    """The agents that `blame_runs` would name for some word, usually without blaming every word.

    A word lying inside one run proves that run's agent; the walk stops once
    every agent with a run is proven. Only when some word straddles runs and
    an agent is still unproven does the full word-by-word blame decide.
    """
    everyone = {run.agent for run in runs}
    proven: set[str] = set()
    straddling = False
    index, count = 0, len(runs)
    for match in WORD.finditer(text):
        start, end = match.span()
        while index < count and runs[index].end <= start:
            index += 1
        if index == count:
            break
        if end <= runs[index].end:
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
