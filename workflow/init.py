"""`byline init`: a new workspace with a commented byline.toml and its folders, and byline's git integration.

In a clone of an existing workspace, init makes nothing: it installs what git
needs in that clone (the merge driver) and adds byline's lines to
.gitattributes where they are missing. Running it again changes nothing.
"""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from workflow.cachefile import CACHE_DIR
from workflow.config import CONFIG_NAME, TEMPLATE
from workflow.errors import WorkspaceError, WriteError
from workflow.workspace import write_atomic


class Initialised(namedtuple("Initialised", "root created installed")):
    """What init did: the workspace, whether it made it, and each piece of git integration it installed."""

    __slots__ = ()
    root: Path
    created: bool
    installed: list[str]


def init_workspace(directory: Path) -> Initialised:
    """Make the workspace (an existing byline.toml is never overwritten), then install the git integration."""
    root = directory.resolve()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root}: exists and is not a folder")
    config = root / CONFIG_NAME
    created = not config.exists()
    if created:
        try:
            for folder in ("sources", "translations"):
                (root / folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"{root}: cannot make the workspace here "
                             f"({exc.strerror}); choose a folder you can write to") from exc
        write_atomic(config, TEMPLATE)
        _ignore_caches(root)
    from workflow.desks.install import install
    from workflow.workspace import Workspace

    return Initialised(root, created, install(root, Workspace(root).config))


def _ignore_caches(root: Path) -> None:
    """List `.byline-cache/` in the folder's .gitignore: it is derived from the files and belongs to one machine."""
    path = root / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError):  # someone else's file that byline cannot read: leave it be
        return
    if f"{CACHE_DIR}/" in text.splitlines():
        return
    write_atomic(path, text + ("\n" if text and not text.endswith("\n") else "") + f"{CACHE_DIR}/\n")
