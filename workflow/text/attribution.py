"""Who wrote each word of the English: authorship carried through every edit.

Authorship is kept per token (a word or a punctuation mark). On each edit
`workflow.text.tokenmatch` says which tokens were kept or moved — the
minimal token diff, so that authorship moves only with the tokens a person
changed ("hums with finely tuned dread and anticipation" → "hums with
dread" leaves "dread" to who wrote it). Kept and moved tokens keep their
author, inserted tokens take the editor — unless they bring back text that
was deleted, in this edit (a sentence moved) or in an earlier one (a revert).
Such text gets its original authors back, as WikiWho does for Wikipedia, so
that moving or restoring a sentence does not steal its credit. Text and
offsets stay character-exact: tokens are spans of the text, and runs cover
every character.
"""

from __future__ import annotations

import bisect
from collections import namedtuple
from collections.abc import Sequence

from workflow.text.tokenmatch import ENDS, MIN_MOVE_TOKENS, TOKEN, diff_tokens, tokenise  # noqa: F401 - TOKEN for the merge

# Inserted text of at least MIN_MOVE_TOKENS tokens is matched anywhere in
# deleted text; shorter insertions only where they were deleted (same neighbours).


class Label(namedtuple("Label", "event agent")):
    """Who wrote a token: the event and its agent (a roster id or a software agent)."""

    __slots__ = ()
    event: str
    agent: str


class Run(namedtuple("Run", "start end event agent")):
    """Consecutive characters `[start, end)` written by one event."""

    __slots__ = ()
    start: int
    end: int
    event: str
    agent: str


class Token(namedtuple("Token", "text start end label")):
    """One word or punctuation mark of the English, with its author."""

    __slots__ = ()
    text: str
    start: int
    end: int
    label: Label


class _Deleted(namedtuple("_Deleted", "tokens labels left right")):
    """A run of deleted tokens with their authors, and the tokens either side of it."""

    __slots__ = ()
    tokens: tuple[str, ...]
    labels: tuple[Label, ...]
    left: str | None
    right: str | None


class Authorship:
    """Per-token authorship of one text, updated edit by edit during replay."""

    def __init__(self, text: str, label: Label) -> None:
        self.text = text
        self._spans, self._words = tokenise(text)
        self._labels = [label] * len(self._spans)
        self._pool: list[_Deleted] = []  # deleted runs, oldest first
        self._index: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def copy(self) -> Authorship:
        """An independent copy: replay forks the authorship where the ledger branches."""
        other = object.__new__(Authorship)
        other.text = self.text
        other._spans, other._words, other._labels = list(self._spans), list(self._words), list(self._labels)
        other._pool = list(self._pool)
        other._index = {key: list(found) for key, found in self._index.items()}
        return other

    @classmethod
    def assembled(cls, text: str, char_labels: Sequence[Label | None], pools: Sequence[Authorship]) -> Authorship:
        """The authorship of a text pieced together from others (a merge): who wrote each character.

        Each token takes the label of its first labelled character. The
        deleted-text pools of `pools` are kept, each entry once, so that text
        deleted on either side of a merge can still be restored to its author.
        """
        self = object.__new__(cls)
        self.text = text
        self._spans, self._words = tokenise(text)
        labels: list[Label | None] = []
        for start, end in self._spans:
            labels.append(next((label for label in char_labels[start:end] if label is not None), None))
        known = [label for label in labels if label is not None]
        fallback = known[0] if known else Label("", "")
        self._labels = []
        for label in labels:
            fallback = label or fallback
            self._labels.append(fallback)
        self._pool, self._index = [], {}
        seen: set[_Deleted] = set()
        for pool in pools:
            for entry in pool._pool:
                if entry not in seen:
                    seen.add(entry)
                    self._remember(entry)
        return self

    def char_labels(self) -> list[Label | None]:
        """The label of every character of the text (None between tokens)."""
        labels: list[Label | None] = [None] * len(self.text)
        for (start, end), label in zip(self._spans, self._labels, strict=True):
            labels[start:end] = [label] * (end - start)
        return labels

    def give_back(self, span: tuple[int, int], words: Sequence[str], labels: Sequence[Label], label: Label) -> None:
        """Tokens in `span` that `label`'s edit wrote but `words` (written by `labels`) already held go back to them.

        A merge conflict leaves one side's version out of the provisional
        text; the edit that resolves it may keep that side's words, which
        then belong to their author, not to whoever resolved the conflict.
        """
        from difflib import SequenceMatcher  # only where a conflict is resolved

        first, last = _token_range(self._spans, *span)
        # Every common token counts (no semantic clean-up): a kept word is kept even between rewritten ones.
        matcher = SequenceMatcher(None, self._words[first:last], list(words), autojunk=False)
        for i, j, count in matcher.get_matching_blocks():
            for k in range(count):
                if self._labels[first + i + k] == label:
                    self._labels[first + i + k] = labels[j + k]

    def span_labels(self, start: int, end: int) -> tuple[Label, ...]:
        """The labels of the tokens that start in [start, end)."""
        first, last = _token_range(self._spans, start, end)
        return tuple(self._labels[first:last])

    def tokens(self) -> list[Token]:
        """Every token of the current text with its author."""
        return [
            Token(self.text[s:e], s, e, label) for (s, e), label in zip(self._spans, self._labels, strict=True)
        ]

    def runs(self) -> tuple[Run, ...]:
        """Runs covering every character: the space after a token belongs to it."""
        spans, labels = self._spans, self._labels
        if not spans:
            return ()
        runs: list[Run] = []
        start, current = 0, labels[0]
        for (token_start, _), label in zip(spans[1:], labels[1:], strict=True):
            if label is not current and label.event != current.event:
                runs.append(Run(start, token_start, current.event, current.agent))
                start, current = token_start, label
        runs.append(Run(start, len(self.text), current.event, current.agent))
        return tuple(runs)

    def update(self, new_text: str, label: Label) -> None:
        """Carry authorship to `new_text`, written by `label`'s event."""
        found = diff_tokens(self.text, new_text, self._spans, self._words, self._in_pool)
        new_words = found.words
        new_labels: list[Label | None] = [None] * len(new_words)
        for i, j, count in found.moves:
            new_labels[j : j + count] = self._labels[i : i + count]
        inserted: list[tuple[int, int]] = []
        deleted_now: list[_Deleted] = []
        for op, i, j, count in found.pieces:
            if op == "equal":
                new_labels[j : j + count] = self._labels[i : i + count]
            elif op == "insert":
                inserted.append((j, count))
            else:
                deleted_now.append(self._deleted(i, count))
        for deleted in deleted_now:
            self._remember(deleted)
        for j, count in inserted:
            for start, end in _unlabelled(new_labels, j, j + count):
                self._restore(new_words, new_labels, start, end - start)
        self.text = new_text
        self._spans = found.spans
        self._words = new_words
        self._labels = [found_label or label for found_label in new_labels]

    def _deleted(self, i: int, count: int) -> _Deleted:
        """The old tokens `i … i+count` as deleted text, with their neighbours."""
        words, labels = self._words, self._labels
        after = i + count
        return _Deleted(
            tuple(words[i:after]), tuple(labels[i:after]),
            words[i - 1] if i > 0 else None, words[after] if after < len(words) else None,
        )

    def _remember(self, deleted: _Deleted) -> None:
        number = len(self._pool)
        self._pool.append(deleted)
        words = deleted.tokens
        for pos in range(len(words) - MIN_MOVE_TOKENS + 1):
            self._index.setdefault(words[pos : pos + MIN_MOVE_TOKENS], []).append((number, pos))

    def _in_pool(self, tokens: list[str]) -> bool:
        """Whether `tokens` (at least MIN_MOVE_TOKENS) were deleted whole by an earlier edit."""
        size = len(tokens)
        for number, start in self._index.get(tuple(tokens[:MIN_MOVE_TOKENS]), ()):
            if list(self._pool[number].tokens[start : start + size]) == tokens:
                return True
        return False

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
        """Give a short insertion its authors back where it was deleted from the same place.

        It must be what was deleted there (the same neighbour on one side) or,
        when it holds a word, the start or end of a deletion on that side, or
        a whole sentence (a short one, dropped with its neighbours and brought
        back alone). A lone mark (a quotation mark at a sentence's start) is
        too common to be matched by less than the whole deletion.
        """
        run = tuple(words[j:end])
        size = len(run)
        left = words[j - 1] if j > 0 else None
        right = words[end] if end < len(words) else None
        wordy = any(token[:1].isalnum() for token in run)
        sentence = wordy and (left is None or left in ENDS) and run[-1] in ENDS
        for entry in reversed(self._pool):
            tokens = entry.tokens
            if tokens == run and (entry.left == left or entry.right == right):
                labels[j:end] = entry.labels
                return
            if not wordy:
                continue
            if tokens[:size] == run and _beside(entry.left, left):
                labels[j:end] = entry.labels[:size]
                return
            if tokens[-size:] == run and entry.right == right:
                labels[j:end] = entry.labels[-size:]
                return
            if sentence:
                at = _find(tokens, run)
                if at >= 0:
                    labels[j:end] = entry.labels[at : at + size]
                    return


def _beside(was: str | None, now: str | None) -> bool:
    """Whether two left neighbours are the same place: the same token, or both a sentence's start."""
    return was == now or ((was is None or was in ENDS) and (now is None or now in ENDS))


def _find(tokens: tuple[str, ...], run: tuple[str, ...]) -> int:
    """Where `run` starts inside `tokens`, or -1."""
    size = len(run)
    for at in range(len(tokens) - size + 1):
        if tokens[at : at + size] == run:
            return at
    return -1


def _unlabelled(labels: list[Label | None], start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of `labels[start:end]` that have no author yet."""
    stretches: list[tuple[int, int]] = []
    for k in range(start, end):
        if labels[k] is None:
            if stretches and stretches[-1][1] == k:
                stretches[-1] = (stretches[-1][0], k + 1)
            else:
                stretches.append((k, k + 1))
    return stretches


def _token_range(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The indices of the first token starting at or after `start` and of the first at or after `end`."""
    return bisect.bisect_left(spans, start, key=lambda s: s[0]), bisect.bisect_left(spans, end, key=lambda s: s[0])


