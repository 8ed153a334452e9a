"""`byline init`: a new workspace with a commented byline.toml and its folders."""

from __future__ import annotations

from pathlib import Path

from workflow.cachefile import CACHE_DIR
from workflow.config import CONFIG_NAME, TEMPLATE
from workflow.errors import WorkspaceError, WriteError
from workflow.workspace import write_atomic


def init_workspace(directory: Path) -> Path:
    """Create the workspace; an existing byline.toml is never overwritten."""
    root = directory.resolve()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root}: exists and is not a folder")
    config = root / CONFIG_NAME
    if config.exists():
        raise WorkspaceError(f"{config}: a workspace is already here; edit the file instead of running init again")
    try:
        for folder in ("sources", "translations"):
            (root / folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{root}: cannot make the workspace here ({exc.strerror}); choose a folder you can write to") from exc
    write_atomic(config, TEMPLATE)
    _ignore_caches(root)
    return root


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
