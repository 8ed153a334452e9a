"""Names that become paths or ledger keys: article slugs and roster ids.

Validated before any path is built, so that no name can escape the workspace.
"""

from __future__ import annotations

import re

from workflow.errors import InputError

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def check_slug(slug: str) -> str:
    """Return `slug` if it is a valid article name, else raise an input error."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise InputError(
            f"article {slug!r}: not a valid name; use lower-case letters, digits and '-' "
            "(at most 64, starting with a letter or digit), e.g. nk-laptops"
        )
    return slug


STAGE_PATTERN = re.compile(r"[a-z][a-z-]{0,31}")


def check_stage(stage: str) -> str:
    """Return `stage` if it is a stage name (edit, copyedit, fact-check, …), else raise an input error."""
    if not STAGE_PATTERN.fullmatch(stage):
        raise InputError(f"--stage {stage!r}: stage names are lower-case words "
                         "joined by '-', e.g. edit, copyedit, fact-check")
    return stage
