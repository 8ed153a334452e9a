"""`byline blame`: the English with the author of every word.

A word made of several tokens (wasn’t, neighborhood-watch) belongs to the
latest event that wrote any of it: a changed word belongs to who changed it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from workflow.state import State

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
    """Every word of the current English with its author."""
    text = state.target_text or ""
    runs = state.authorship
    starts = [run.start for run in runs]
    seq = {event.id: event.seq for event in state.events}
    tokens = []
    for match in WORD.finditer(text):
        first = max(bisect.bisect_right(starts, match.start()) - 1, 0)
        candidates = []
        for run in runs[first:]:
            if run.start >= match.end():
                break
            candidates.append(run)
        if not candidates:
            continue
        latest = max(candidates, key=lambda run: seq.get(run.event, 0))
        tokens.append(BlameToken(match.group(), match.start(), match.end(), latest.agent, latest.event))
    return tokens


def shares(state: State) -> dict[str, int]:
    """Words of the current English per agent."""
    counts: dict[str, int] = {}
    for token in blame(state):
        counts[token.agent] = counts.get(token.agent, 0) + 1
    return counts
