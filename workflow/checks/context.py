"""What check rules read about one article: the workspace, its replayed state, verification, files."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from workflow.checks.glossary import GLOSSARY_NAME, load_glossary
from workflow.config import Config
from workflow.workspace import Workspace

_BREAK = re.compile(r"\n[ \t]*\n")
_MSGCTXT = re.compile(r'msgctxt "(.*)"$')

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.model.state import State, Unit
    from workflow.reading.verify import Verified


class Context:
    """What rules read about one article: the workspace, its state (None when it does not replay), files.

    A plain class rather than a dataclass: dataclasses imports inspect, about 10 ms of every cold check's start.
    """

    def __init__(self, ws: Workspace, slug: str, state: State | None, verified: Verified | None = None) -> None:
        self.ws = ws
        self.slug = slug
        self.state = state
        self.verified = verified  # read by the integrity rules

    @property
    def config(self) -> Config:
        return self.ws.config

    @cached_property
    def texts(self) -> dict[str, tuple[str, str]]:
        """Each unit's Korean and English as a reader sees them (encoding damage repaired), read once for all rules.

        BL209 reports the damage itself; every other rule compares what the
        words say, so a `¡°`-quote is still a quote and `&#8212;` a dash.
        """
        from workflow.text.characters import readable

        assert self.state is not None
        state = self.state
        live = {s.id: state.source_text[s.start : s.end] for s in state.segments}
        target = state.target_text or ""
        return {u.id: (readable(" ".join(live[sid] for sid in u.sources if sid in live)),
                       readable(target[u.start : u.end])) for u in state.units}

    def pair(self, unit: Unit) -> tuple[str, str]:
        """A unit's Korean (live segments joined by a space) and its English, as a reader sees them."""
        return self.texts[unit.id]

    @cached_property
    def article_date(self):
        """The article's own date, against which relative dates resolve (`workflow.text.dates.article_date`)."""
        from workflow.text.dates import article_date

        assert self.state is not None
        first = self.state.events[0].at if self.state.events else None
        return article_date(self.state.source_meta, first)

    @cached_property
    def additions(self) -> tuple[tuple[int, int, str], ...]:
        """Each stretch of English covered by no unit, with its id (`add:3f9a2c1b-1`, as en.po names it)."""
        assert self.state is not None
        return tuple((a.start, a.end, a.id) for a in self.state.added)

    @cached_property
    def doubtful(self) -> dict[str, tuple[int, int] | None]:
        """Units whose low-confidence pairing a person should check, each with the span of its likely English.

        A unit the aligner paired with low confidence is doubtful when its
        English is empty (the Korean would look omitted) or when its pairing
        disagrees with the paragraphs (`off_paragraphs`): translators keep
        paragraphs, so such a pairing has likely taken a neighbour's sentence.
        Low confidence where the paragraphs agree is the aligner hesitating
        over how sentences group inside a paragraph, which changes nothing a
        reader sees; on the shared corpus's dev folds that was most of the
        low-confidence units (29 of 39), and all of them were paired right.

        The likely English is the runner-up pairing the aligner stored with the
        unit (`runner_up`), or else, for a unit paired with no English, the
        addition right beside it.
        """
        assert self.state is not None
        text = self.state.target_text or ""
        result: dict[str, tuple[int, int] | None] = {}
        for unit in self.state.units:
            if not unit.low_confidence or (unit.start < unit.end and unit.id not in self.off_paragraphs):
                continue
            if unit.runner_up is not None and unit.runner_up[1] is not None:
                start, end = unit.runner_up[1]
                if (start, end) != (unit.start, unit.end):
                    result[unit.id] = (start, end)
                    continue
            beside = None
            if unit.start == unit.end:
                beside = next(((start, end) for start, end, _ in self.additions
                               if not text[end : unit.start].strip() or not text[unit.end : start].strip()), None)
            result[unit.id] = beside
        return result

    @cached_property
    def off_paragraphs(self) -> frozenset[str]:
        """Units whose pairing disagrees with the paragraphs: translators keep paragraphs, aligners slip.

        A unit disagrees when its Korean and its English span a different
        number of paragraphs, or when a paragraph it pairs with also holds a
        unit of another paragraph of the other side (the Korean of two
        paragraphs paired into one English paragraph, a shifted pairing).
        Units with no English take no part.
        """
        assert self.state is not None
        korean_text, english_text = self.state.source_text, self.state.target_text or ""
        korean_breaks = [m.start() for m in _BREAK.finditer(korean_text)]
        english_breaks = [m.start() for m in _BREAK.finditer(english_text)]
        starts = {s.id: s.start for s in self.state.segments}
        sides: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
        into_english: dict[int, set[int]] = {}
        into_korean: dict[int, set[int]] = {}
        for unit in self.state.units:
            if unit.start == unit.end:
                continue
            korean = frozenset(bisect.bisect(korean_breaks, starts[sid]) for sid in unit.sources if sid in starts)
            english = frozenset(bisect.bisect(english_breaks, unit.start + m.start())
                                for m in re.finditer(r"\S+", english_text[unit.start : unit.end]))
            sides[unit.id] = (korean, english)
            for paragraph in english:
                into_english.setdefault(paragraph, set()).update(korean)
            for paragraph in korean:
                into_korean.setdefault(paragraph, set()).update(english)
        return frozenset(uid for uid, (korean, english) in sides.items()
                         if len(korean) != len(english) or any(into_english[p] != korean for p in english)
                         or any(into_korean[p] != english for p in korean))

    def place(self, index: int) -> str | None:
        """The unit whose English holds position `index` of the English, else the addition's id, else None."""
        assert self.state is not None
        unit = next((u.id for u in self.state.units if u.start <= index < u.end), None)
        return unit or next((name for start, end, name in self.additions if start <= index < end), None)

    @cached_property
    def credit(self):
        """The credit the record supports (several policy rules read it)."""
        from workflow.reading.credit import credit

        assert self.state is not None
        return credit(self.state, self.config)

    @cached_property
    def glossary(self) -> tuple[tuple[str, tuple[str, ...], int], ...]:
        return load_glossary(self.ws.root / GLOSSARY_NAME)

    @cached_property
    def po_path(self) -> str:
        return self.ws.relative(self.ws.po_file(self.slug))

    @cached_property
    def po_lines(self) -> dict[str, int]:
        """The line of each entry's msgctxt in en.po on disk (or as replay renders it)."""
        path = self.ws.po_file(self.slug)
        text = self.verified.on_disk.get(path) if self.verified and self.verified.on_disk else None
        if text is not None:  # read as bytes by verify; line ends as read_text would give them
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        else:  # verify did not read it (it stopped at a broken chain, or the file is missing)
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except FileNotFoundError:
                if self.state is None or self.state.target_text is None:
                    return {}
                from workflow.model.working_files import render_po

                text = render_po(self.state, self.config)
        lines: dict[str, int] = {}
        for number, line in enumerate(text.split("\n"), start=1):
            match = _MSGCTXT.match(line)
            if match:
                lines.setdefault(match.group(1), number)
        return lines
