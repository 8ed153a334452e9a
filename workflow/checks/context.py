"""What check rules read about one article: the workspace, its replayed state, verification, files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from workflow.checks.glossary import GLOSSARY_NAME, load_glossary
from workflow.config import Config
from workflow.workspace import Workspace

if TYPE_CHECKING:
    from workflow.model.state import State, Unit
    from workflow.reading.verify import Verified


@dataclass
class Context:
    """What rules read about one article: the workspace, its state (None when it does not replay), files."""

    ws: Workspace
    slug: str
    state: State | None
    verified: Verified | None = None  # read by the integrity rules

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
        """Each stretch of English covered by no unit, with its id (`add:1`, … as en.po names it)."""
        from workflow.model.state import ADDITION_PREFIX

        assert self.state is not None
        return tuple((start, end, f"{ADDITION_PREFIX}{number}")
                     for number, (start, end) in enumerate(self.state.additions(), start=1))

    @cached_property
    def doubtful(self) -> dict[str, tuple[int, int] | None]:
        """Units the aligner paired with low confidence, each with the span of its likely English (or None).

        The likely English is the runner-up pairing the aligner stored with the
        unit (`runner_up`), or else, for a unit paired with no English, the
        addition right beside it.
        """
        assert self.state is not None
        text = self.state.target_text or ""
        result: dict[str, tuple[int, int] | None] = {}
        for unit in self.state.units:
            if not unit.low_confidence:
                continue
            runner_up = getattr(unit, "runner_up", None)
            if runner_up is not None and runner_up[1] is not None:
                result[unit.id] = (int(runner_up[1][0]), int(runner_up[1][1]))
                continue
            beside = None
            if unit.start == unit.end:
                beside = next(((start, end) for start, end, _ in self.additions
                               if not text[end : unit.start].strip() or not text[unit.end : start].strip()), None)
            result[unit.id] = beside
        return result

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
            match = re.match(r'msgctxt "(.*)"$', line)
            if match:
                lines.setdefault(match.group(1), number)
        return lines
