"""One three-way merge of an article's English: text, units and authorship from a common base.

Everything that reconciles two lines of work on one English text uses this
module: replay of a ledger with concurrent heads (desks merged through git),
a stale PO/XLIFF/DOCX import (base = the state the file was exported at),
revert (base = the state after the event, theirs = the state before it) and
the resolution of a conflict.

The merge works on *regions*, not lines: each unit (the English of one or
more source sentences) is a region, and so is the text between two units
(spaces, paragraph breaks, additions such as a credit line). Where a side
merged, split or moved units, the units involved are grouped into one region
so that all three versions cut their text at the same places. A region
changed on one side takes that side's text, unit spans and per-token
authors; the same change on both sides is taken once; two different changes
are a conflict. For a conflict the merged text holds the first side's version
(the *provisional* text) and the conflict keeps every side's version, so that
en.md can show them as a git conflict block; the other side's words go to the
authorship's deleted-text pool, so a resolution that keeps them gives them
back their author.

The result depends only on the three inputs and their order, so every desk
that merges the same versions gets the same bytes.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence

from workflow.model.state import Conflict, Side, Unit

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.text.attribution import Authorship, Label
    from workflow.text.delta import Edit

    Span = tuple[int, int]
    Content = tuple[str, tuple[tuple[tuple[str, ...], int, int, float], ...]]

BASE, OURS, THEIRS = 0, 1, 2


class Version(namedtuple("Version", "text units authorship label conflicts", defaults=(None, None, ()))):
    """One input of a merge: English, units, and optionally who wrote each token.

    `label` names the side in the conflicts it takes part in; `conflicts` are
    those it already holds (a side that is itself an unresolved merge): their
    regions always come out as conflicts again, never silently one version.
    """

    __slots__ = ()
    text: str
    units: tuple[Unit, ...]
    authorship: Authorship | None
    label: object
    conflicts: tuple[Conflict, ...]


class Merged(namedtuple("Merged", "text units authorship conflicts")):
    """The merged English, its units, its authorship (None unless both sides had one), and the conflicts."""

    __slots__ = ()
    text: str
    units: tuple[Unit, ...]
    authorship: Authorship | None
    conflicts: tuple[Conflict, ...]


def merge3(base: Version, ours: Version, theirs: Version) -> Merged:
    """Merge `ours` and `theirs`, both descended from `base`.

    Symmetric except where the sides differ on one region: then `ours`' version
    is the provisional text and `theirs`' follows it in the conflict.
    """
    versions = (base, ours, theirs)
    if not theirs.conflicts and _same(ours, theirs):
        return Merged(ours.text, ours.units, ours.authorship, ours.conflicts)
    if not ours.conflicts and _same(base, ours):
        return Merged(theirs.text, theirs.units, theirs.authorship, theirs.conflicts)
    if not theirs.conflicts and _same(base, theirs):
        return Merged(ours.text, ours.units, ours.authorship, ours.conflicts)
    regions = _Regions(versions)
    pieces: list[str] = []
    units: list[Unit] = []
    taken: list[tuple[int, int, int, int]] = []  # (side, start there, end there, start in the merged text)
    conflicts: list[Conflict] = []
    position = 0
    for number, (name, spans) in enumerate(regions.spans):
        contents = [regions.content(side, number) for side in (BASE, OURS, THEIRS)]
        carried = [c for side in (OURS, THEIRS) for c in versions[side].conflicts if _overlaps(c, spans[side])]
        changed = (
            contents[OURS] != contents[BASE] or _holds(ours, carried),
            contents[THEIRS] != contents[BASE] or _holds(theirs, carried),
        )
        side = THEIRS if not changed[0] else OURS
        start, end = spans[side]
        if carried or all(changed) and contents[OURS] != contents[THEIRS]:
            conflicts.append(_conflict(name, position, versions, spans, carried, changed))
        pieces.append(versions[side].text[start:end])
        taken.append((side, start, end, position))
        units.extend(
            u._replace(start=u.start - start + position, end=u.end - start + position)
            for u in regions.units(side, number)
        )
        position += end - start
    text = "".join(pieces)
    return Merged(text, _in_order(units), _authorship(text, versions, taken), tuple(conflicts))


def _holds(version: Version, carried: list[Conflict]) -> bool:
    return any(c in version.conflicts for c in carried)


def _same(a: Version, b: Version) -> bool:
    return a.text == b.text and a.units == b.units


def _overlaps(conflict: Conflict, span: Span) -> bool:
    start, end = span
    return (conflict.start < end and start < conflict.end) or (conflict.start, conflict.end) == (start, end)


def _in_order(units: list[Unit]) -> tuple[Unit, ...]:
    """Units in text order, each source group once (the same new unit can reach the merge from both sides)."""
    seen: set[tuple[str, ...]] = set()
    result = []
    for unit in sorted(units, key=lambda u: (u.start, u.end)):
        if unit.sources not in seen:
            seen.add(unit.sources)
            result.append(unit)
    return tuple(result)


# --- regions ------------------------------------------------------------------------------------------------


class _Regions:
    """The regions all three versions cut their text into, and which units each version has in each.

    Regions alternate: the text before the first block of units, a block, the
    text up to the next block, …, the text after the last block. A block is a
    group of units that all three versions hold, in the same order relative to
    the other blocks; units only some versions hold lie in the text between.
    """

    def __init__(self, versions: Sequence[Version]) -> None:
        self.versions = versions
        groups = _Groups()
        for version in versions:
            for unit in version.units:
                groups.join(unit.sources)
        blocks = _blocks(versions, groups)
        self.spans: list[tuple[str, tuple[Span, Span, Span]]] = []
        previous: list[int] = [0, 0, 0]
        previous_name: str | None = None
        for names, extents, _ in blocks:
            gap = ((previous[0], extents[0][0]), (previous[1], extents[1][0]), (previous[2], extents[2][0]))
            self.spans.append((f"after:{previous_name}" if previous_name else f"before:{names[0]}", gap))
            self.spans.append((",".join(names), (extents[0], extents[1], extents[2])))
            previous = [extent[1] for extent in extents]
            previous_name = names[-1]
        tail = ((previous[0], len(versions[0].text)), (previous[1], len(versions[1].text)),
                (previous[2], len(versions[2].text)))
        self.spans.append((f"after:{previous_name}" if previous_name else "text", tail))
        self._assigned = [self._assign(side, groups, blocks) for side in range(3)]

    def _assign(
        self, side: int, groups: _Groups, blocks: list[tuple[list[str], tuple[Span, ...], set[str]]]
    ) -> list[list[Unit]]:
        """The version's units in each region: a block's by group, the others by where they lie."""
        block_of = {root: 2 * number + 1 for number, (_, _, roots) in enumerate(blocks) for root in roots}
        assigned: list[list[Unit]] = [[] for _ in self.spans]
        for unit in self.versions[side].units:
            region = block_of.get(groups.find(unit.sources[0])) if unit.sources else None
            if region is None:
                region = next(
                    (
                        n
                        for n, (_, spans) in enumerate(self.spans)
                        if spans[side][0] <= unit.start and unit.end <= spans[side][1]
                    ),
                    len(self.spans) - 1,
                )
            assigned[region].append(unit)
        return assigned

    def units(self, side: int, region: int) -> list[Unit]:
        return self._assigned[side][region]

    def content(self, side: int, region: int) -> Content:
        """What a region holds in one version: its text and its units, relative to its start."""
        start, end = self.spans[region][1][side]
        units = tuple((u.sources, u.start - start, u.end - start, u.confidence) for u in self._assigned[side][region])
        return self.versions[side].text[start:end], units


def _blocks(versions: Sequence[Version], groups: _Groups) -> list[tuple[list[str], tuple[Span, ...], set[str]]]:
    """Blocks of units every version holds, in the order all three agree on: (unit ids, extents, group roots)."""
    while True:
        present = [{groups.find(u.sources[0]) for u in v.units if u.sources} for v in versions]
        common = present[0] & present[1] & present[2]
        orders = [_order(v, groups, common) for v in versions]
        if _join_overlapping(orders, groups):
            continue
        blocks = _cut(orders)
        if not any(_join(block, groups) for block in blocks if len(block) > 1):
            break
    result = []
    for block in blocks:
        extents = tuple(_extent(v, groups, block) for v in versions)
        names = [u.id for u in versions[BASE].units if u.sources and groups.find(u.sources[0]) in block]
        result.append((names, extents, block))
    return result


class _Groups:
    """Union-find over source segment ids: segments that one unit holds in any version belong together."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, sid: str) -> str:
        root = sid
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while sid != root:
            self.parent[sid], sid = root, self.parent[sid]
        return root

    def join(self, sids: Sequence[str]) -> None:
        for other in sids[1:]:
            self.union(sids[0], other)
        if sids:
            self.find(sids[0])

    def union(self, a: str, b: str) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        keep, drop = sorted((root_a, root_b), key=_sid_order)
        self.parent[drop] = keep
        return True


def _sid_order(sid: str) -> tuple[int, str]:
    return (int(sid[1:]), sid) if sid[1:].isdigit() else (10**9, sid)


def _order(version: Version, groups: _Groups, common: set[str]) -> list[tuple[str, int, int]]:
    """The version's common groups in text order, each with the extent of its units: (root, start, end)."""
    extents: dict[str, list[int]] = {}
    for unit in version.units:
        if unit.sources and (root := groups.find(unit.sources[0])) in common:
            span = extents.setdefault(root, [unit.start, unit.end])
            span[0], span[1] = min(span[0], unit.start), max(span[1], unit.end)
    return sorted(((root, s, e) for root, (s, e) in extents.items()), key=lambda g: (g[1], g[2], _sid_order(g[0])))


def _join_overlapping(orders: list[list[tuple[str, int, int]]], groups: _Groups) -> bool:
    """Join groups whose extents overlap in some version (their units interleave there)."""
    joined = False
    for order in orders:
        reach, reach_root = -1, None
        for root, start, end in order:
            if reach_root is not None and start < reach:
                joined |= groups.union(reach_root, root)
            if end > reach:
                reach, reach_root = end, root
    return joined


def _cut(orders: list[list[tuple[str, int, int]]]) -> list[set[str]]:
    """Cut the three orders wherever all three have placed the same groups so far: the blocks."""
    blocks: list[set[str]] = []
    seen: dict[str, int] = {}
    current: set[str] = set()
    complete = 0
    for items in zip(*orders, strict=True):
        for root, _, _ in items:
            seen[root] = seen.get(root, 0) + 1
            current.add(root)
            complete += seen[root] == 3
        if complete == len(current):
            blocks.append(current)
            current, complete = set(), 0
    return blocks


def _join(block: set[str], groups: _Groups) -> bool:
    """Make a block of several groups (units one side moved) one group for the next pass."""
    members = sorted(block, key=_sid_order)
    joined = [groups.union(members[0], other) for other in members[1:]]  # every union made, not only the first
    return any(joined)


def _extent(version: Version, groups: _Groups, block: set[str]) -> Span:
    spans = [(u.start, u.end) for u in version.units if u.sources and groups.find(u.sources[0]) in block]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _conflict(
    name: str,
    position: int,
    versions: Sequence[Version],
    spans: tuple[Span, Span, Span],
    carried: list[Conflict],
    changed: tuple[bool, bool],
) -> Conflict:
    """The conflict on one region: every distinct version of it that a side made, the provisional first."""
    sides: list[Side] = []
    provisional = OURS if changed[0] else THEIRS
    for side in (OURS, THEIRS):
        if not changed[side - 1]:
            continue
        version = versions[side]
        start, end = spans[side]
        own = sorted((c for c in version.conflicts if c in carried), key=lambda c: c.start)
        if not own:
            authors = version.authorship.span_labels(start, end) if version.authorship else None
            sides.append(Side(version.label, version.text[start:end], authors))
            continue
        for number in range(max(len(c.sides) for c in own)):  # a side that is an unresolved merge here
            label = own[0].sides[min(number, len(own[0].sides) - 1)].label
            sides.append(Side(label, _splice(version.text, start, end, own, number)))
    distinct: list[Side] = []
    for side_version in sides:
        if all(side_version.text != kept.text for kept in distinct):
            distinct.append(side_version)
    return Conflict(name, position, position + spans[provisional][1] - spans[provisional][0], tuple(distinct))


def _splice(text: str, start: int, end: int, conflicts: list[Conflict], number: int) -> str:
    """A region's text with each conflict in it replaced by that conflict's `number`th version."""
    out, pos = [], start
    for conflict in conflicts:
        out.append(text[max(pos, start) : max(conflict.start, start)])
        out.append(conflict.sides[min(number, len(conflict.sides) - 1)].text)
        pos = conflict.end
    out.append(text[max(pos, start) : end])
    return "".join(out)


# --- authorship ---------------------------------------------------------------------------------------------


def _authorship(text: str, versions: Sequence[Version], taken: list[tuple[int, int, int, int]]) -> Authorship | None:
    """Per-token authors of the merged text: each piece keeps the authors of the side it came from."""
    ours, theirs = versions[OURS].authorship, versions[THEIRS].authorship
    if ours is None or theirs is None:
        return None
    by_char = {OURS: ours.char_labels(), THEIRS: theirs.char_labels()}
    labels: list[Label | None] = [None] * len(text)
    for side, start, end, at in taken:
        labels[at : at + end - start] = by_char[side][start:end]
    from workflow.text.attribution import Authorship

    return Authorship.assembled(text, labels, (ours, theirs))


def credit_resolution(authorship: Authorship, conflicts: Sequence[Conflict], pieces: list[Edit], label: Label) -> None:
    """After the edit `pieces` (by `label`) resolved `conflicts`, give the words it kept back to their authors.

    `authorship` has already been carried through the edit, which credits the
    resolver with everything not in the provisional text; words of another
    side's version that the resolution kept are that side's authors' words.
    """
    from workflow.text.attribution import TOKEN
    from workflow.text.delta import PositionMap

    mapper = PositionMap(pieces)
    for conflict in conflicts:
        span = (mapper.map(conflict.start, left=True), mapper.map(conflict.end, left=False))
        for side in conflict.sides:
            if side.authors is not None:
                authorship.give_back(span, TOKEN.findall(side.text), side.authors, label)


# --- showing conflicts ----------------------------------------------------------------------------------------

MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


def with_markers(text: str, conflicts: Sequence[Conflict], name: Callable[[Side], str]) -> str:
    """`text` with every conflict shown as a git conflict block over the whole lines it lies on.

    A paragraph of en.md is one line, so a block holds the paragraph once per
    side: that side's version of each conflicting region in it, everything
    else (the merged changes included) alike in all. Two sides give git's own
    layout; a third or more are further `=======` sections.
    """
    blocks: list[tuple[int, int, list[Conflict]]] = []
    for conflict in sorted(conflicts, key=lambda c: (c.start, c.end)):
        start = text.rfind("\n", 0, conflict.start) + 1
        end = text.find("\n", conflict.end)
        end = len(text) if end < 0 else end
        if blocks and start <= blocks[-1][1]:
            blocks[-1] = (blocks[-1][0], max(end, blocks[-1][1]), [*blocks[-1][2], conflict])
        else:
            blocks.append((start, end, [conflict]))
    out, position = [], 0
    for start, end, group in blocks:
        out.append(text[position:start])
        count = max(len(c.sides) for c in group)
        versions = [_splice(text, start, end, group, number) for number in range(count)]
        labels = [name(group[0].sides[min(number, len(group[0].sides) - 1)]) for number in range(count)]
        out.append(f"{MARKERS[0]} {labels[0]}\n{versions[0]}\n")
        for version in versions[1:]:
            out.append(f"{MARKERS[1]}\n{version}\n")
        out.append(f"{MARKERS[2]} {' | '.join(labels[1:])}")
        position = end
    out.append(text[position:])
    return "".join(out)


def marker_line(text: str) -> int | None:
    """The number of the first line that is a git conflict marker, if any (a conflict not yet resolved)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith((MARKERS[0] + " ", MARKERS[2] + " ", "|||||||")) or line in MARKERS:
            return number
    return None
