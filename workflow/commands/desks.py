"""The command git runs: byline's merge driver (installed by `byline init`)."""

from __future__ import annotations

import sys
from pathlib import Path

from workflow.commands.command import arg, command


@command(
    arg("base", type=Path, help="git's %%O: the common ancestor's version (a temporary file)."),
    arg("ours", type=Path, help="git's %%A: this side's version, replaced by the merge."),
    arg("theirs", type=Path, help="git's %%B: the other side's version."),
    arg("path", help="git's %%P: the file's path in the repository."),
)
def merge_driver(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """Merge one byline file for git (ledger: union of events; en.md, en.po, ko.md: rendered); exit 1 on a conflict."""
    from workflow.desks.driver import run

    sys.exit(run(base, ours, theirs, path))


COMMANDS = (merge_driver,)
