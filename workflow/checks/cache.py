"""Cached check results, one file per article under `.byline-cache/checks/`.

The key hashes everything a result depends on: the ledger bytes, the working
files, byline.toml, the glossary, the byline version, the rules version and
the active rule set with severities. Any change re-checks that article.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from workflow import __version__
from workflow.checks import GLOSSARY_NAME, RULES_VERSION, Finding, Selection
from workflow.workspace import Workspace

CACHE_DIR = ".byline-cache"


def _folder(ws: Workspace) -> Path:
    return ws.root / CACHE_DIR / "checks"


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "-"


def article_key(ws: Workspace, slug: str, selection: Selection) -> str:
    """The hash of everything the article's findings depend on."""
    parts = [__version__, RULES_VERSION, selection.fingerprint]
    files = [ws.ledger_file(slug), ws.source_file(slug), ws.target_file(slug), ws.po_file(slug),
             ws.config.path, ws.root / GLOSSARY_NAME]
    parts.extend(f"{ws.relative(p)}={_digest(p)}" for p in files)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def load(ws: Workspace, slug: str, key: str) -> list[Finding] | None:
    """The cached findings when the key matches; None for a miss or an unreadable entry."""
    try:
        data = json.loads((_folder(ws) / f"{slug}.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    try:
        return [Finding(**item) for item in data["findings"]]
    except (TypeError, KeyError):
        return None


def store(ws: Workspace, slug: str, key: str, findings: list[Finding]) -> None:
    """Write the article's findings under its key (atomically; a lost race only costs a re-check)."""
    items = [{**f.to_json(), "waived": f.waived} for f in findings]
    folder = _folder(ws)
    folder.mkdir(parents=True, exist_ok=True)
    # No fsync: a cache entry lost in a crash is only re-computed.
    tmp = folder / f".{slug}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"key": key, "findings": items}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / f"{slug}.json")
