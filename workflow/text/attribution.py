"""Who wrote each word of the English: authorship carried through every edit.

Authorship is kept per token (a word or a punctuation mark). On each edit the
token sequences are diffed: kept tokens keep their author, inserted tokens
take the editor — unless they bring back text that was deleted, in this edit
(a sentence moved) or in an earlier one (a revert). Such text gets its
original authors back, as WikiWho does for Wikipedia, so that moving or
restoring a sentence does not steal its credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from workflow.text.delta import token_diff

TOKEN = re.compile(r"\w+|[^\w\s]")
# Inserted text of at least this many tokens is matched anywhere in deleted
# text; shorter insertions only where they were deleted (same neighbours).
MIN_MOVE_TOKENS = 4


@dataclass(frozen=True, slots=True)
class Label:
    """Who wrote a token: the event and its agent (a roster id or a software agent)."""

    event: str
    agent: str


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive characters `[start, end)` written by one event."""

    start: int
    end: int
    event: str
    agent: str


@dataclass(frozen=True, slots=True)
class Token:
    """One word or punctuation mark of the English, with its author."""

    text: str
    start: int
    end: int
    label: Label


@dataclass(slots=True)
class _Deleted:
    tokens: tuple[str, ...]
    labels: tuple[Label, ...]
    left: str | None
    right: str | None


class Authorship:
    """Per-token authorship of one text, updated edit by edit during replay."""

    def __init__(self, text: str, label: Label) -> None:
        self.text = text
        self._spans = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
        self._labels = [label] * len(self._spans)
        self._pool: list[_Deleted] = []  # deleted runs, oldest first
        self._index: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def tokens(self) -> list[Token]:
        """Every token of the current text with its author."""
        return [
            Token(self.text[s:e], s, e, label) for (s, e), label in zip(self._spans, self._labels, strict=True)
        ]

    def runs(self) -> tuple[Run, ...]:
        """Runs covering every character: the space after a token belongs to it."""
        runs: list[Run] = []
        n = len(self._spans)
        for i, ((start, _), label) in enumerate(zip(self._spans, self._labels, strict=True)):
            start = 0 if i == 0 else start
            end = self._spans[i + 1][0] if i + 1 < n else len(self.text)
            if runs and runs[-1].event == label.event:
                runs[-1] = Run(runs[-1].start, end, label.event, label.agent)
            else:
                runs.append(Run(start, end, label.event, label.agent))
        return tuple(runs)

    def update(self, new_text: str, label: Label) -> None:
        """Carry authorship to `new_text`, written by `label`'s event."""
        old_words = [self.text[s:e] for s, e in self._spans]
        new_spans = [(m.start(), m.end()) for m in TOKEN.finditer(new_text)]
        new_words = [new_text[s:e] for s, e in new_spans]
        new_labels: list[Label | None] = [None] * len(new_spans)
        inserted: list[tuple[int, int]] = []
        deleted_now: list[_Deleted] = []
        for op, i, j, count in token_diff(old_words, new_words):
            if op == "equal":
                new_labels[j : j + count] = self._labels[i : i + count]
            elif op == "insert":
                inserted.append((j, count))
            else:
                deleted_now.append(
                    _Deleted(
                        tuple(old_words[i : i + count]),
                        tuple(self._labels[i : i + count]),
                        old_words[i - 1] if i > 0 else None,
                        old_words[i + count] if i + count < len(old_words) else None,
                    )
                )
        for deleted in deleted_now:
            self._remember(deleted)
        for j, count in inserted:
            self._restore(new_words, new_labels, j, count)
        self.text = new_text
        self._spans = new_spans
        self._labels = [found or label for found in new_labels]

    def _remember(self, deleted: _Deleted) -> None:
        number = len(self._pool)
        self._pool.append(deleted)
        words = deleted.tokens
        for pos in range(len(words) - MIN_MOVE_TOKENS + 1):
            self._index.setdefault(words[pos : pos + MIN_MOVE_TOKENS], []).append((number, pos))

    def _restore(self, words: Sequence[str], labels: list[Label | None], j: int, count: int) -> None:
        """Give inserted tokens that bring back deleted text their earlier authors."""
        end = j + count
        pos = j
        while pos + MIN_MOVE_TOKENS <= end:
            best = self._longest_match(words, pos, end)
            if best is None:
                pos += 1
                continue
            entry, start, length = best
            labels[pos : pos + length] = entry.labels[start : start + length]
            pos += length
        if count < MIN_MOVE_TOKENS and all(label is None for label in labels[j:end]):
            self._restore_in_place(words, labels, j, end)

    def _longest_match(self, words: Sequence[str], pos: int, end: int) -> tuple[_Deleted, int, int] | None:
        candidates = self._index.get(tuple(words[pos : pos + MIN_MOVE_TOKENS]))
        if not candidates:
            return None
        best: tuple[_Deleted, int, int] | None = None
        for number, start in reversed(candidates):  # the latest deletion wins ties
            entry = self._pool[number]
            length = MIN_MOVE_TOKENS
            while (
                pos + length < end
                and start + length < len(entry.tokens)
                and entry.tokens[start + length] == words[pos + length]
            ):
                length += 1
            if best is None or length > best[2]:
                best = (entry, start, length)
        return best

    def _restore_in_place(self, words: Sequence[str], labels: list[Label | None], j: int, end: int) -> None:
        run = tuple(words[j:end])
        left = words[j - 1] if j > 0 else None
        right = words[end] if end < len(words) else None
        for entry in reversed(self._pool):
            if entry.tokens == run and (entry.left == left or entry.right == right):
                labels[j:end] = entry.labels
                return
