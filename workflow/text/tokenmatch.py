"""Which tokens of a new version of the English were kept or moved from the old one.

Attribution (who wrote each token) and the unit layout (which sentence renders
which Korean) both need the same answer, so it is worked out here once, over
tokens: words and punctuation marks, never whitespace. The diff is the minimal
one, words before punctuation, with no cleanup that folds a kept word between
two changes into them ("hums with finely tuned dread and anticipation" →
"hums with dread" keeps "dread"). It is made sentence by sentence, so that a
long article's edit costs little, and a sentence moved elsewhere — unchanged,
or edited, split or merged in the same save — is found as a move rather than a
deletion and an insertion.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, namedtuple
from collections.abc import Callable

from workflow.text.delta import token_diff

TOKEN = re.compile(r"\w+|[^\w\s]")
# A whole sentence of at least this many tokens, inserted, may be one deleted by an earlier edit (restorable).
MIN_MOVE_TOKENS = 4
ENDS = frozenset(".?!")

Piece = tuple[str, int, int, int]  # (equal | insert | delete, old index, new index, count), as token_diff gives


class TokenDiff(namedtuple("TokenDiff", "spans words pieces moves")):
    """The new text's tokens (spans and texts), the diff's pieces, and the moved runs (old, new, count)."""

    __slots__ = ()
    spans: list[tuple[int, int]]
    words: list[str]
    pieces: list[Piece]
    moves: list[tuple[int, int, int]]


def diff_tokens(
    old_text: str, new_text: str, old_spans: list[tuple[int, int]], old_words: list[str],
    restorable: Callable[[list[str]], bool] | None = None,
) -> TokenDiff:
    """The token diff from `old_text` (tokenised as `old_spans`, `old_words`) to `new_text`.

    Only the stretch between the unchanged ends (cut back to sentence
    boundaries) is tokenised and diffed; `restorable` says whether an
    inserted whole sentence is text an earlier edit deleted (attribution's
    pool), which keeps it out of the token diff like a moved one.
    """
    head, tail = _whole_sentence_ends(old_words, *_unchanged_ends(old_text, new_text, old_spans))
    cut = len(old_words) - tail
    shift = len(new_text) - len(old_text)
    middle_start = old_spans[head - 1][1] if head else 0
    middle_end = old_spans[cut][0] + shift if tail else len(new_text)
    middle_spans, middle_words = tokenise(new_text, middle_start, middle_end)
    new_words = old_words[:head] + middle_words + old_words[cut:]
    new_spans = old_spans[:head] + middle_spans + [(s + shift, e + shift) for s, e in old_spans[cut:]]
    middle, moved = _sentencewise_diff(old_words[head:cut], middle_words, restorable)
    pieces: list[Piece] = [
        ("equal", 0, 0, head),
        *((op, i + head, j + head, n) for op, i, j, n in middle),
        ("equal", cut, len(new_words) - tail, tail),
    ]
    moves = [(i + head, j + head, count) for i, j, count in moved]
    return TokenDiff(new_spans, new_words, _slide_to_sentence_ends(pieces, old_words, new_words), moves)


def kept_characters(old_text: str, new_text: str) -> list[int]:
    """For each character of `new_text`, the position in `old_text` it was kept or moved from (-1: new).

    Characters of kept and moved tokens map one to one (a kept token is the
    same text); whitespace and changed tokens are new.
    """
    old_spans, old_words = tokenise(old_text)
    found = diff_tokens(old_text, new_text, old_spans, old_words)
    kept = [-1] * len(new_text)
    runs = [(i, j, n) for op, i, j, n in found.pieces if op == "equal"] + found.moves
    for i, j, count in runs:
        for k in range(count):
            (old_start, _), (new_start, new_end) = old_spans[i + k], found.spans[j + k]
            kept[new_start:new_end] = range(old_start, old_start + new_end - new_start)
    return kept


def tokenise(text: str, start: int = 0, end: int | None = None) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans and texts of the tokens of `text[start:end]` (token boundaries there)."""
    matches = list(TOKEN.finditer(text, start, len(text) if end is None else end))
    return [m.span() for m in matches], [m.group() for m in matches]


def _sentencewise_diff(
    old: list[str], new: list[str], restorable: Callable[[list[str]], bool] | None = None
) -> tuple[list[tuple[str, int, int, int]], list[tuple[int, int, int]]]:
    """The minimal token diff of `old` to `new`, made sentence by sentence, and what moved.

    Returns the diff's pieces, as `token_diff` gives them, and the moved
    tokens as (old index, new index, count) runs: deleted in one place and
    inserted in another, they keep their authors.

    Whole sentences are diffed first and only the stretches that differ are
    diffed token by token: the diff's cost grows with the product of length
    and changes, so this keeps a long article's edits cheap. A sentence that
    moved unchanged (deleted in one place, inserted whole in another), or comes
    back whole (`restorable`: it is among earlier deletions), is kept out of
    the token diff, so that the minimal diff cannot pair its "the" and full
    stops with those of the text it lands beside. What the token diff leaves
    over in a changed sentence may still have moved with it (a sentence moved
    and edited, or split, in one save): `_leftover_moves` finds it.
    """
    old_chunks, new_chunks = _sentences(old), _sentences(new)
    old_keys, new_keys = ["\0".join(c) for c in old_chunks], ["\0".join(c) for c in new_chunks]
    old_at, new_at = _starts(old_chunks), _starts(new_chunks)
    runs: list[tuple[int, int, int]] = []  # kept tokens: (old index, new index, count), in order
    regions: list[tuple[range, range]] = []  # chunks between kept sentences: (old chunks, new chunks)
    a = b = 0
    for op, i, j, count in token_diff(old_keys, new_keys, readable=False):
        if op == "equal":
            if a < i or b < j:
                regions.append((range(a, i), range(b, j)))
            runs.append((old_at[i], new_at[j], old_at[i + count] - old_at[i]))
            a, b = i + count, j + count
    if a < len(old_chunks) or b < len(new_chunks):
        regions.append((range(a, len(old_chunks)), range(b, len(new_chunks))))
    pairs, restored = _whole_sentences(new_chunks, old_keys, new_keys, regions, restorable)
    moved_old, moved_new = {a for a, _ in pairs}, {b for _, b in pairs} | restored
    moves = [(old_at[a], new_at[b], len(old_chunks[a])) for a, b in pairs]
    for old_range, new_range in regions:
        old_index = [k for c in old_range if c not in moved_old for k in range(old_at[c], old_at[c + 1])]
        new_index = [k for c in new_range if c not in moved_new for k in range(new_at[c], new_at[c + 1])]
        runs.extend(_kept(old, new, old_index, new_index))
    runs.sort()
    left_old = _left_over(old_chunks, old_at, runs, 0, moved_old, regions, 0)
    left_new = _left_over(new_chunks, new_at, runs, 1, moved_new, regions, 1)
    whole = (
        {c for c, rest in left_old.items() if len(rest) == len(old_chunks[c])},
        {c for c, rest in left_new.items() if len(rest) == len(new_chunks[c])},
    )
    moves.extend(_leftover_moves(old, new, left_old, left_new, whole))
    return _pieces(runs, len(old), len(new)), moves


def _whole_sentences(
    new_chunks: list[list[str]], old_keys: list[str], new_keys: list[str],
    regions: list[tuple[range, range]], restorable: Callable[[list[str]], bool] | None,
) -> tuple[list[tuple[int, int]], set[int]]:
    """The sentences (chunk numbers) that moved unchanged, as (old, new) pairs, and the inserted ones an
    earlier deletion has.

    A moved sentence is a whole sentence (it ends with its full stop, or it
    ends the text) deleted in one place and inserted in another; any length
    counts, since an identical sentence on both sides of one edit is a move.
    """
    deleted: dict[str, list[int]] = {}
    for old_range, _ in regions:
        for c in old_range:
            deleted.setdefault(old_keys[c], []).append(c)
    pairs: list[tuple[int, int]] = []
    restored: set[int] = set()
    for _, new_range in regions:
        for c in new_range:
            twins = deleted.get(new_keys[c])
            if twins and len(new_chunks[c]) > 1:
                pairs.append((twins.pop(0), c))
            elif len(new_chunks[c]) >= MIN_MOVE_TOKENS and restorable is not None and restorable(new_chunks[c]):
                restored.add(c)
    return pairs, restored


def _kept(old: list[str], new: list[str], old_index: list[int], new_index: list[int]) -> list[tuple[int, int, int]]:
    """The runs the minimal token diff keeps between the tokens `old_index` of `old` and `new_index` of `new`.

    Words are diffed first and punctuation only between the words kept: where
    keeping a comma or keeping a word are equally short diffs (a word cut
    before a comma, another put after it), the word is what was kept.
    """
    if not (old_index and new_index):
        return []
    old_words, old_marks = _split_words(old, old_index)
    new_words, new_marks = _split_words(new, new_index)
    pairs = _matched(old, new, old_words, new_words)
    if not (old_marks and new_marks):
        return _contiguous(pairs)
    bounds = [(-1, -1), *pairs, (len(old), len(new))]
    marks: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        old_gap = old_marks[bisect.bisect_right(old_marks, i0) : bisect.bisect_left(old_marks, i1)]
        new_gap = new_marks[bisect.bisect_right(new_marks, j0) : bisect.bisect_left(new_marks, j1)]
        marks.extend(_matched(old, new, old_gap, new_gap))
    return _contiguous(sorted(pairs + marks))


def _split_words(tokens: list[str], index: list[int]) -> tuple[list[int], list[int]]:
    """The positions in `index` (ascending) of words, and of punctuation marks."""
    words: list[int] = []
    marks: list[int] = []
    for k in index:
        (words if tokens[k][:1].isalnum() or tokens[k][:1] == "_" else marks).append(k)
    return words, marks


def _matched(old: list[str], new: list[str], old_index: list[int], new_index: list[int]) -> list[tuple[int, int]]:
    """The (old, new) index pairs the minimal diff of the tokens `old_index` and `new_index` keeps."""
    if not (old_index and new_index):
        return []
    pairs: list[tuple[int, int]] = []
    for op, i, j, count in token_diff([old[k] for k in old_index], [new[k] for k in new_index], readable=False):
        if op == "equal":
            pairs.extend(zip(old_index[i : i + count], new_index[j : j + count], strict=True))
    return pairs


def _left_over(
    chunks: list[list[str]], at: list[int], runs: list[tuple[int, int, int]], side: int, moved: set[int],
    regions: list[tuple[range, range]], which: int,
) -> dict[int, list[int]]:
    """For each changed sentence of one side, the token indices that no kept run covers."""
    covered = {run[side] + k for run in runs for k in range(run[2])}
    left: dict[int, list[int]] = {}
    for region in regions:
        for c in region[which]:
            if c not in moved:
                rest = [k for k in range(at[c], at[c + 1]) if k not in covered]
                if any(chunks[c][k - at[c]][:1].isalnum() for k in rest):
                    left[c] = rest
    return left


MOVE_CANDIDATES = 2500  # deleted × inserted sentences beyond which a rewrite is not searched for moves


def _leftover_moves(
    old: list[str], new: list[str], left_old: dict[int, list[int]], left_new: dict[int, list[int]],
    whole: tuple[set[int], set[int]],
) -> list[tuple[int, int, int]]:
    """Tokens that moved with a sentence moved and edited, split or merged in one save.

    Two changed sentences, one deleted and one inserted, are one sentence
    moved when what the diff left over of them is alike (`_moved_with`;
    `whole` are the sentences the diff kept nothing of). Sentences linked that way are diffed together, old
    ones in their order against new ones in theirs.
    """
    if not left_old or not left_new or len(left_old) * len(left_new) > MOVE_CANDIDATES:
        return []
    old_words = {c: Counter(old[k] for k in rest if old[k][:1].isalnum()) for c, rest in left_old.items()}
    new_words = {c: Counter(new[k] for k in rest if new[k][:1].isalnum()) for c, rest in left_new.items()}
    parent: dict[tuple[int, int], tuple[int, int]] = {}  # union-find over (side, sentence)

    def root(node: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    linked: set[tuple[int, int]] = set()
    for a, left in old_words.items():
        for b, right in new_words.items():
            common = (left & right).total()
            if _moved_with(common, left.total(), right.total(), (a in whole[0], b in whole[1])):
                parent[root((0, a))] = root((1, b))
                linked.update(((0, a), (1, b)))
    components: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for side, c in sorted(linked):
        components.setdefault(root((side, c)), ([], []))[side].append(c)
    moves: list[tuple[int, int, int]] = []
    for olds, news in components.values():
        old_index = [k for c in sorted(olds) for k in left_old[c]]
        new_index = [k for c in sorted(news) for k in left_new[c]]
        moves.extend(_kept(old, new, old_index, new_index))
    return moves


def _moved_with(common: int, old_words: int, new_words: int, whole: tuple[bool, bool]) -> bool:
    """Whether sharing `common` of their left-over words makes a deleted and an inserted sentence one.

    Two sentences are one when they share at least two words and half of
    their left-over words (Dice), so that a few words typed into one sentence
    never link it to a long sentence deleted elsewhere that has them too; a
    one-word sentence the diff kept nothing of (a piece split off) needs its
    one word.
    """
    if common >= 2 and 4 * common >= old_words + new_words:
        return True
    return common == 1 and ((whole[0] and old_words == 1) or (whole[1] and new_words == 1))


def _starts(chunks: list[list[str]]) -> list[int]:
    """The token index where each chunk starts, and the total at the end."""
    starts = [0]
    for chunk in chunks:
        starts.append(starts[-1] + len(chunk))
    return starts


def _contiguous(pairs: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Matched (old, new) token pairs, in order, as runs of consecutive indices on both sides."""
    runs: list[tuple[int, int, int]] = []
    for i, j in pairs:
        if runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == j:
            runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + 1)
        else:
            runs.append((i, j, 1))
    return runs


def _pieces(runs: list[tuple[int, int, int]], old_length: int, new_length: int) -> list[tuple[str, int, int, int]]:
    """Diff pieces from ordered kept runs: what lies between them is deleted or inserted."""
    pieces: list[tuple[str, int, int, int]] = []
    i = j = 0
    for run_i, run_j, count in [*runs, (old_length, new_length, 0)]:
        if run_i > i:
            pieces.append(("delete", i, j, run_i - i))
        if run_j > j:
            pieces.append(("insert", run_i, j, run_j - j))
        if count:
            if pieces and pieces[-1][0] == "equal":
                last = pieces[-1]
                pieces[-1] = ("equal", last[1], last[2], last[3] + count)
            else:
                pieces.append(("equal", run_i, run_j, count))
        i, j = run_i + count, run_j + count
    return pieces


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens cut after each full stop, question or exclamation mark."""
    chunks: list[list[str]] = []
    start = 0
    for index, token in enumerate(tokens):
        if token in ENDS:
            chunks.append(tokens[start : index + 1])
            start = index + 1
    if start < len(tokens):
        chunks.append(tokens[start:])
    return chunks


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


SENTENCE_REACH = 200  # tokens: how far the unchanged ends are cut back to a sentence boundary


def _whole_sentence_ends(words: list[str], head: int, tail: int) -> tuple[int, int]:
    """The unchanged ends cut back to sentence boundaries, so that the changed middle holds whole sentences.

    A sentence that moved is found as the same sentence deleted and inserted;
    an unchanged end that took its last words ("… in May.") would leave only
    pieces of it in the middle.
    """
    floor = max(0, head - SENTENCE_REACH)
    while head > floor and words[head - 1] not in ENDS:
        head -= 1
    cut, ceiling = len(words) - tail, min(len(words), len(words) - tail + SENTENCE_REACH)
    while cut < ceiling and cut > 0 and words[cut - 1] not in ENDS:
        cut += 1
    return head, len(words) - cut


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
        shift = next((s for s in sorted(range(-left, right + 1), key=abs) if tokens[start + s + count - 1] in ENDS), 0)
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
