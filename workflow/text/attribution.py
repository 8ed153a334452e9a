"""Who wrote each word of the English: authorship carried through every edit.

Authorship is kept per token (a word or a punctuation mark). On each edit the
token sequences are diffed: kept tokens keep their author, inserted tokens
take the editor — unless they bring back text that was deleted, in this edit
(a sentence moved) or in an earlier one (a revert). Such text gets its
original authors back, as WikiWho does for Wikipedia, so that moving or
restoring a sentence does not steal its credit.
"""

from __future__ import annotations

import bisect
import re
from collections import namedtuple
from collections.abc import Sequence

from workflow.text.delta import token_diff

TOKEN = re.compile(r"\w+|[^\w\s]")
# Inserted text of at least this many tokens is matched anywhere in deleted
# text; shorter insertions only where they were deleted (same neighbours).
MIN_MOVE_TOKENS = 4


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


class _Deleted(namedtuple("_Deleted", "tokens labels left right left_label right_label", defaults=(None, None))):
    """A run of deleted tokens with their authors, and the tokens (with authors) either side of it."""

    __slots__ = ()
    tokens: tuple[str, ...]
    labels: tuple[Label, ...]
    left: str | None
    right: str | None
    left_label: Label | None
    right_label: Label | None


class Authorship:
    """Per-token authorship of one text, updated edit by edit during replay."""

    def __init__(self, text: str, label: Label) -> None:
        self.text = text
        self._spans, self._words = _tokenise(text)
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
        self._spans, self._words = _tokenise(text)
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
        """Tokens in `span` that `label`'s edit wrote but that `words` (written by `labels`) already held go back to them.

        A merge conflict leaves one side's version out of the provisional
        text; the edit that resolves it may keep that side's words, which
        then belong to their author, not to whoever resolved the conflict.
        """
        from difflib import SequenceMatcher  # noqa: PLC0415 - only where a conflict is resolved

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
        for (token_start, _), label in zip(spans[1:], labels[1:]):
            if label is not current and label.event != current.event:
                runs.append(Run(start, token_start, current.event, current.agent))
                start, current = token_start, label
        runs.append(Run(start, len(self.text), current.event, current.agent))
        return tuple(runs)

    def update(self, new_text: str, label: Label) -> None:
        """Carry authorship to `new_text`, written by `label`'s event."""
        old_words = self._words
        head, tail = _unchanged_ends(self.text, new_text, self._spans)
        cut = len(old_words) - tail
        shift = len(new_text) - len(self.text)
        middle_start = self._spans[head - 1][1] if head else 0
        middle_end = self._spans[cut][0] + shift if tail else len(new_text)
        middle_spans, middle_words = _tokenise(new_text, middle_start, middle_end)
        new_words = old_words[:head] + middle_words + old_words[cut:]
        new_spans = self._spans[:head] + middle_spans + [(s + shift, e + shift) for s, e in self._spans[cut:]]
        pieces = [
            ("equal", 0, 0, head),
            *((op, i + head, j + head, n) for op, i, j, n in _sentencewise_diff(old_words[head:cut], middle_words)),
            ("equal", cut, len(new_words) - tail, tail),
        ]
        new_labels: list[Label | None] = [None] * len(new_words)
        inserted: list[tuple[int, int]] = []
        deleted_now: list[_Deleted] = []
        for op, i, j, count in _slide_to_sentence_ends(pieces, old_words, new_words):
            if op == "equal":
                new_labels[j : j + count] = self._labels[i : i + count]
            elif op == "insert":
                inserted.append((j, count))
            else:
                deleted_now.append(self._deleted(i, count))
        for deleted in deleted_now:
            self._remember(deleted)
        for j, count in inserted:
            self._restore(new_words, new_labels, j, count)
        self.text = new_text
        self._spans = new_spans
        self._words = new_words
        self._labels = [found or label for found in new_labels]

    def _deleted(self, i: int, count: int) -> _Deleted:
        """The old tokens `i … i+count` as deleted text, with their neighbours."""
        words, labels = self._words, self._labels
        after = i + count
        return _Deleted(
            tuple(words[i:after]), tuple(labels[i:after]),
            words[i - 1] if i > 0 else None, words[after] if after < len(words) else None,
            labels[i - 1] if i > 0 else None, labels[after] if after < len(words) else None,
        )

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
            self._restore_edges(words, labels, entry, start, pos, length, (j, end))
            pos += length
        if count < MIN_MOVE_TOKENS and all(label is None for label in labels[j:end]):
            self._restore_in_place(words, labels, j, end)

    @staticmethod
    def _restore_edges(
        words: Sequence[str], labels: list[Label | None], entry: _Deleted, start: int, pos: int, length: int,
        bounds: tuple[int, int],
    ) -> None:
        """Moved text takes along the token either side of it that the diff kept in place.

        A sentence moved elsewhere often begins or ends with a token (The, a
        full stop) that the diff matched with an equal token left behind; the
        moved copy belongs to who wrote that token beside the deleted text.
        """
        before, after = pos - 1, pos + length
        if start == 0 and before >= bounds[0] and labels[before] is None and words[before] == entry.left:
            labels[before] = entry.left_label
        end = start + length == len(entry.tokens)
        if end and after < bounds[1] and labels[after] is None and words[after] == entry.right:
            labels[after] = entry.right_label

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


def _sentencewise_diff(old: list[str], new: list[str]) -> list[tuple[str, int, int, int]]:
    """A token diff made sentence by sentence, as `token_diff` gives it.

    Whole sentences are diffed first and only the stretches that differ are
    diffed token by token: the diff's cost grows with the product of length
    and changes, so this keeps a long article's edits cheap.
    """
    old_chunks, new_chunks = _sentences(old), _sentences(new)
    result: list[tuple[str, int, int, int]] = []
    i = j = 0
    pending_old = pending_new = 0

    def flush() -> None:
        if not (pending_old or pending_new):
            return
        for op, a, b, count in token_diff(old[i - pending_old : i], new[j - pending_new : j]):
            result.append((op, a + i - pending_old, b + j - pending_new, count))

    for op, a, b, count in token_diff(["\0".join(c) for c in old_chunks], ["\0".join(c) for c in new_chunks]):
        if op == "equal":
            flush()
            pending_old = pending_new = 0
            length = sum(len(c) for c in old_chunks[a : a + count])
            result.append(("equal", i, j, length))
            i, j = i + length, j + length
        elif op == "delete":
            length = sum(len(c) for c in old_chunks[a : a + count])
            i, pending_old = i + length, pending_old + length
        else:
            length = sum(len(c) for c in new_chunks[b : b + count])
            j, pending_new = j + length, pending_new + length
    flush()
    return [piece for piece in result if piece[3]]


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens cut after each full stop, question or exclamation mark."""
    chunks: list[list[str]] = []
    start = 0
    for index, token in enumerate(tokens):
        if token in _ENDS:
            chunks.append(tokens[start : index + 1])
            start = index + 1
    if start < len(tokens):
        chunks.append(tokens[start:])
    return chunks


_ENDS = frozenset(".?!")


def _tokenise(text: str, start: int = 0, end: int | None = None) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans and texts of the tokens of `text[start:end]` (token boundaries there)."""
    matches = list(TOKEN.finditer(text, start, len(text) if end is None else end))
    return [m.span() for m in matches], [m.group() for m in matches]


def _token_range(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The indices of the first token starting at or after `start` and of the first at or after `end`."""
    return bisect.bisect_left(spans, start, key=lambda s: s[0]), bisect.bisect_left(spans, end, key=lambda s: s[0])


def _unchanged_ends(old: str, new: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """How many tokens of `old` (with `spans`) at its start and at its end the edit to `new` leaves alone.

    Most edits touch a few sentences of a long article; diffing only the
    tokens between the unchanged ends keeps recording and replay fast. A token
    counts as unchanged when it and the character after (or before) it lie in
    the common prefix (or suffix), so that it is a whole token of `new` too.
    """
    prefix = _common_length(old, new)
    suffix = _common_length(old[prefix:][::-1], new[prefix:][::-1])
    head = bisect.bisect_left(spans, prefix, key=lambda span: span[1])
    tail = len(spans) - bisect.bisect_right(spans, len(old) - suffix, key=lambda span: span[0])
    return head, min(tail, len(spans) - head)


def _slide_to_sentence_ends(
    pieces: list[tuple[str, int, int, int]], old: list[str], new: list[str]
) -> list[tuple[str, int, int, int]]:
    """Shift each insertion or deletion between two kept stretches to end at a sentence end, where it can.

    A diff may place a block anywhere among equal tokens around it (it moved
    "The program … total." as "program … total. The"); ending the block at a
    full stop keeps a moved sentence whole, so its deleted copy is found.
    """
    result = list(pieces)
    for k in range(1, len(result) - 1):
        before, (op, i, j, count), after = result[k - 1], result[k], result[k + 1]
        if op == "equal" or before[0] != "equal" or after[0] != "equal":
            continue
        tokens, start = (new, j) if op == "insert" else (old, i)
        left = 0
        while left < before[3] and tokens[start - 1 - left] == tokens[start + count - 1 - left]:
            left += 1
        right = 0
        while right < after[3] and tokens[start + right] == tokens[start + count + right]:
            right += 1
        shift = next((s for s in sorted(range(-left, right + 1), key=abs) if tokens[start + s + count - 1] in _ENDS), 0)
        if shift:
            result[k - 1] = (before[0], before[1], before[2], before[3] + shift)
            result[k] = (op, i + shift, j + shift, count)
            result[k + 1] = (after[0], after[1] + shift, after[2] + shift, after[3] - shift)
    return result


def _common_length(a: str, b: str) -> int:
    """The length of the common prefix of two strings, by halving (string compares run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low
