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
        """Each unit's Korean and English, read once for all the unit rules."""
        assert self.state is not None
        state = self.state
        live = {s.id: state.source_text[s.start : s.end] for s in state.segments}
        target = state.target_text or ""
        return {u.id: (" ".join(live[sid] for sid in u.sources if sid in live), target[u.start : u.end])
                for u in state.units}

    def pair(self, unit: Unit) -> tuple[str, str]:
        """A unit's Korean (live segments joined by a space) and its English."""
        return self.texts[unit.id]

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
