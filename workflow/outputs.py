"""Where a command may write a file the user names with `-o`: anywhere but over the record.

`export`, `report`, `publish` and `index` write to `-o FILE`. A slip of the
hand there (`-o translations/nk/provenance.jsonl`, `-o translations/nk/en.md`)
once replaced a ledger or a working file: the record gone, or words that no
event holds yet. So the paths of the record (ledgers, sources, working files,
published pages, the configuration and glossary) and the files byline keeps
work aside in (`en.md.conflict-…`, `provenance.jsonl.torn-…`) are refused,
whether the file is there yet or not, links followed; any other path is the
user's to choose.
"""

from __future__ import annotations

import os
from pathlib import Path

from workflow.checks.glossary import GLOSSARY_NAME
from workflow.config import CONFIG_NAME
from workflow.errors import InputError
from workflow.steps.publish import OUTPUT_NAME
from workflow.steps.recording import PENDING
from workflow.workspace import LEDGER_NAME, Workspace


def refuse_record_file(ws: Workspace, path: Path, *, option: str = "-o", own: Path | None = None) -> None:
    """Raise InputError when `path` is one of the record's files (`own` excepted: a command's own output)."""
    if own is not None and os.path.realpath(path) == os.path.realpath(own):
        return
    what = record_file(ws, path)
    if what is not None:
        raise InputError(f"{option} {path}: that is {what}, which only byline's recording commands write; "
                         "give a path of its own (e.g. outside translations/ and sources/)")


def record_file(ws: Workspace, path: Path) -> str | None:
    """What part of the record `path` (links resolved) is, in words; None when it is none of byline's files.

    Names are compared without case: on a case-insensitive disk (macOS, Windows) EN.md is en.md.
    """
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(ws.root))
    parts = tuple(part.casefold() for part in Path(relative).parts)
    if not parts or parts[0] == os.pardir:
        return None
    if parts == (CONFIG_NAME.casefold(),):
        return "the workspace's configuration"
    if parts == (GLOSSARY_NAME.casefold(),):
        return "the workspace's glossary"
    if len(parts) != 3:
        return None
    folder, slug, name = parts
    source, target = ws.config.source_lang, ws.config.target_lang
    own: tuple[tuple[str, str], ...]
    if folder == "sources":
        own = ((f"{source}.md", f"{source} source"),)
    elif folder == "translations":
        own = ((LEDGER_NAME, "ledger"),
               (f"{target}.md", f"{target} working file"), (f"{target}.po", "PO working file"),
               (OUTPUT_NAME, "published page"), (PENDING, "marker of a recording under way"))
    else:
        return None
    for kept, what in ((kept.casefold(), what) for kept, what in own):
        if name == kept:
            return f"article {slug}'s {what}"
        if name.startswith(kept + "."):
            return f"work byline kept aside beside article {slug}'s {what}"
    return None

