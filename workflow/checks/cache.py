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


def _digest(path: Path | str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return "-"


class Keys:
    """Cache keys and entries for one run: the workspace-wide part of the key is hashed once."""

    def __init__(self, ws: Workspace, selection: Selection) -> None:
        self.folder = ws.root / CACHE_DIR / "checks"
        # Plain strings, not pathlib: on a warm run over thousands of articles path objects dominate.
        root = str(ws.root)
        config = ws.config
        self.files = (f"{root}/translations/{{slug}}/provenance.jsonl", f"{root}/sources/{{slug}}/{config.source_lang}.md",
                      f"{root}/translations/{{slug}}/{config.target_lang}.md",
                      f"{root}/translations/{{slug}}/{config.target_lang}.po")
        shared = [__version__, RULES_VERSION, selection.fingerprint,
                  _digest(ws.config.path), _digest(ws.root / GLOSSARY_NAME)]
        self.prefix = "\n".join(shared)

    def key(self, slug: str) -> str:
        """The hash of everything the article's findings depend on."""
        parts = [self.prefix, *(_digest(template.format(slug=slug)) for template in self.files)]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def load(self, slug: str) -> list[Finding] | None:
        """The cached findings when the key matches; None for a miss or an unreadable entry."""
        try:
            with open(os.path.join(self.folder, f"{slug}.json"), encoding="utf-8") as handle:
                data = json.load(handle)
        except (FileNotFoundError, ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or data.get("key") != self.key(slug):
            return None
        try:
            return [Finding(**item) for item in data["findings"]]
        except (TypeError, KeyError):
            return None

    def store(self, slug: str, findings: list[Finding]) -> None:
        """Write the article's findings under its key; no fsync, a lost entry is only re-computed."""
        items = [{**f.to_json(), "waived": f.waived} for f in findings]
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{slug}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"key": self.key(slug), "findings": items}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.folder / f"{slug}.json")
