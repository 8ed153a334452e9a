"""Deltas between two versions of a text, and positions carried through them.

Every change byline records is one diff-match-patch delta on a whole text
(`diff_toDelta` form). diff-match-patch stays inside this module: the rest of
byline sees `Delta` strings, `Edit` records and mapped positions.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

from diff_match_patch import diff_match_patch

from workflow.errors import LedgerError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Literal

EQUAL, INSERT, DELETE = 0, 1, -1


class Edit(namedtuple("Edit", "op text old_start new_start")):
    """One piece of a diff: kept, inserted or deleted text, with positions in both versions."""

    __slots__ = ()
    op: Literal["equal", "insert", "delete"]
    text: str
    old_start: int
    new_start: int


@lru_cache(maxsize=1)
def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # exact diffs: a recorded change must not depend on machine speed
    return dmp


def _diffs(old: str, new: str) -> list[tuple[int, str]]:
    dmp = _dmp()
    diffs = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


def make_delta(old: str, new: str) -> str:
    """The delta that turns `old` into `new`, human-readable on whole words."""
    return _dmp().diff_toDelta(_diffs(old, new))


def apply_delta(old: str, delta: str) -> str:
    """Apply a recorded delta; a delta that does not fit `old` is a ledger error."""
    return _text2(_from_delta(old, delta))


def _from_delta(old: str, delta: str) -> list[tuple[int, str]]:
    try:
        return _dmp().diff_fromDelta(old, delta)
    except (ValueError, IndexError) as exc:
        raise LedgerError(f"delta does not fit the text it was recorded against: {exc}") from exc


def _text2(diffs: list[tuple[int, str]]) -> str:
    return "".join(text for op, text in diffs if op != DELETE)


def edits(old: str, delta: str) -> list[Edit]:
    """The pieces of a delta, each with its start in the old and the new text."""
    result = []
    old_pos = new_pos = 0
    names = {EQUAL: "equal", INSERT: "insert", DELETE: "delete"}
    for op, text in _from_delta(old, delta):
        result.append(Edit(names[op], text, old_pos, new_pos))
        if op != INSERT:
            old_pos += len(text)
        if op != DELETE:
            new_pos += len(text)
    return result


def diff_edits(old: str, new: str) -> list[Edit]:
    """The pieces of the diff from `old` to `new` (for display and attribution)."""
    return edits(old, make_delta(old, new))


class PositionMap:
    """Carries positions of the old text to the new one through a delta.

    `left=True` places a position that sits exactly where text was inserted
    before the insertion, `left=False` after it; a position inside deleted
    text goes to where the deletion was.
    """

    def __init__(self, pieces: list[Edit]) -> None:
        self._pieces = pieces

    def map(self, pos: int, *, left: bool) -> int:
        shift = 0
        for piece in self._pieces:
            length = len(piece.text)
            if piece.op == "insert":
                if piece.old_start < pos or (piece.old_start == pos and not left):
                    shift += length
                continue
            if piece.old_start + length <= pos:
                if piece.op == "delete":
                    shift -= length
                continue
            if piece.op == "delete" and piece.old_start < pos:
                return piece.old_start + shift  # inside a deletion
            break
        return pos + shift


def token_diff(old: list[str], new: list[str], *, readable: bool = True) -> list[tuple[str, int, int, int]]:
    """Diff two token sequences: ("equal"|"insert"|"delete", old_index, new_index, count).

    Each distinct token is encoded as one private-use character so that
    diff-match-patch diffs tokens as it would characters. `readable` applies
    its semantic cleanup, which folds short kept stretches between changes
    into the change: easier to read, but a word kept between two changes
    ("hums with ~~finely tuned~~ dread ~~and anticipation~~") would then count
    as rewritten. Attribution asks for the minimal diff (`readable=False`).
    """
    codes: dict[str, str] = {}

    def encode(tokens: list[str]) -> str:
        return "".join(codes.setdefault(token, chr(0xF0000 + len(codes))) for token in tokens)

    a, b = encode(old), encode(new)
    dmp = _dmp()
    diffs = dmp.diff_main(a, b, False)
    if readable:
        dmp.diff_cleanupSemantic(diffs)
    result = []
    i = j = 0
    names = {EQUAL: "equal", INSERT: "insert", DELETE: "delete"}
    for op, text in diffs:
        result.append((names[op], i, j, len(text)))
        if op != INSERT:
            i += len(text)
        if op != DELETE:
            j += len(text)
    return result


_WORDS = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff for display: ("equal"|"insert"|"delete", text) pairs, merged."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    merged: list[tuple[str, str]] = []
    for op, i, j, count in token_diff(a, b):
        text = "".join(a[i : i + count] if op == "delete" else b[j : j + count])
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


MIN_MOVED_CHARS = 15


def kept_positions(pieces: list[Edit], new_length: int) -> list[int]:
    """For each character of the new text, the old position it was kept or moved from (-1: new).

    Moved text is an insertion of at least MIN_MOVED_CHARS whose text was
    deleted elsewhere in the same edit (or contains such a deletion whole).
    """
    kept = [-1] * new_length
    deleted = [p for p in pieces if p.op == "delete" and len(p.text.strip()) >= MIN_MOVED_CHARS]
    for piece in pieces:
        if piece.op == "equal":
            kept[piece.new_start : piece.new_start + len(piece.text)] = range(
                piece.old_start, piece.old_start + len(piece.text)
            )
        elif piece.op == "insert" and len(piece.text.strip()) >= MIN_MOVED_CHARS:
            _match_move(piece, deleted, kept)
    return kept


def _match_move(piece: Edit, deleted: list[Edit], kept: list[int]) -> None:
    text = piece.text.strip()
    offset = piece.text.find(text)
    for gone in deleted:
        at = gone.text.find(text)
        if at >= 0:
            start = piece.new_start + offset
            kept[start : start + len(text)] = range(gone.old_start + at, gone.old_start + at + len(text))
            return
        inner = gone.text.strip()
        at = text.find(inner)
        if at >= 0:
            start = piece.new_start + offset + at
            base = gone.old_start + gone.text.find(inner)
            kept[start : start + len(inner)] = range(base, base + len(inner))
            return
