"""Cached check results, so that re-checking an unchanged archive costs little more than start-up.

One index, `.byline-cache/checks.json`, holds each article's findings beside
a SHA-256 digest of the files they depend on: its ledger, ko.md, en.md and
en.po. The whole index also depends on byline.toml, the glossary and byline's
own files: a change to any of them re-checks every article. Digests, not
versions or dates, decide: a cache restored into a fresh checkout and a fresh
install of the same byline (as CI does) is reused.

Reading every file to hash it would cost more than the rest of a warm run, so
the digest is trusted without reading while the files' stat signatures are the
ones recorded beside it (`workflow.cachefile` says why that is safe). Files
that are not settled get no signature and are hashed again on the next run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from workflow.cachefile import (
    CACHE_DIR,
    digest_files,
    locked,
    package_files,
    path_signature,
    real_folder,
    write_quietly,
)
from workflow.checks.glossary import GLOSSARY_NAME
from workflow.config import CONFIG_NAME
from workflow.problems import Kind, Problem
from workflow.workspace import Workspace

INDEX_NAME = "checks.json"
INDEX_FORMAT = 3


class Index:
    """The cache for one run: what earlier runs stored, and what this run learns to store back.

    An entry is `{"stat": signatures, "key": digest, "findings": […]}`; the
    shared entry (byline.toml, the glossary, byline's files) has no findings.
    """

    def __init__(self, ws: Workspace) -> None:
        # Plain strings, not pathlib: on a warm run over thousands of files path objects would dominate.
        self._root = str(ws.root)
        self.path = os.path.join(self._root, CACHE_DIR, INDEX_NAME)
        source, target = ws.config.source_lang, ws.config.target_lang
        self._templates = ("translations/{}/provenance.jsonl", f"sources/{{}}/{source}.md",
                           f"translations/{{}}/{target}.md", f"translations/{{}}/{target}.po")
        stored = self._read()
        previous = stored.get("shared")
        same, self._shared = self._compare(
            previous, [f"{self._root}/{CONFIG_NAME}", f"{self._root}/{GLOSSARY_NAME}", *package_files()])
        self._articles: dict[str, dict] = stored.get("articles", {}) if same else {}
        self._shared_changed = not same or self._shared != previous
        self._fresh: dict[str, dict] = {}  # signatures and key of a missed article, taken before it is checked
        self._learnt: set[str] = set()  # articles whose entry this run wrote or refreshed

    def _read(self) -> dict:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):  # missing, unreadable or damaged: start afresh
            return {}
        if (not isinstance(data, dict) or data.get("format") != INDEX_FORMAT
                or not isinstance(data.get("articles"), dict) or not isinstance(data.get("shared"), dict)):
            return {}
        return data

    def _article_files(self, slug: str) -> list[str]:
        return [f"{self._root}/{template.format(slug)}" for template in self._templates]

    @staticmethod
    def _compare(entry: object, paths: Sequence[str]) -> tuple[bool, dict]:
        """Whether the files are as they were when `entry` was stored, and their signatures and key now.

        The signatures are taken before the files are read, so a change made
        while they are read or checked shows as a changed signature next time.
        """
        stat = "|".join(path_signature(path) for path in paths)
        known = entry if isinstance(entry, dict) else {}
        if known.get("stat") == stat:
            return True, {"stat": stat, "key": known.get("key")}
        key, racy = digest_files(paths)
        return known.get("key") == key, {"stat": None if racy else stat, "key": key}

    def load(self, slug: str) -> list[Problem] | None:
        """The stored findings when none of the article's files changed; None otherwise."""
        entry = self._articles.get(slug)
        same, now = self._compare(entry, self._article_files(slug))
        if not same:
            self._fresh[slug] = now
            return None
        assert isinstance(entry, dict)
        if now["stat"] != entry["stat"]:  # read again and unchanged: remember the new signatures
            entry.update(now)
            self._learnt.add(slug)
        items = entry.get("findings")
        if not isinstance(items, list) or not all(type(item) is list and len(item) == 8 for item in items):
            return None
        # Positional, as stored: rule, name, severity, unit, file, line, message, waived.
        return [Problem(Kind.CHECK, item[6], slug, item[4], item[5], item[3], item[0], item[1], item[2], item[7])
                for item in items]

    def store(self, slug: str, findings: Sequence[Problem]) -> None:
        """Remember the article's findings under its files as `load` saw them, before they were checked."""
        now = self._fresh.pop(slug, None)
        if now is None:
            now = self._compare(None, self._article_files(slug))[1]
        self._articles[slug] = {**now, "findings": [[f.rule, f.name, f.severity, f.unit, f.file, f.line, f.message,
                                                     f.waived] for f in findings]}
        self._learnt.add(slug)

    def save(self) -> None:
        """Write back what this run learnt, merged with what other runs wrote meanwhile.

        Under a lock so that concurrent runs (shards, an editor's pre-commit hook)
        do not drop each other's entries. A cache that cannot be written (a
        read-only checkout, a full disk) only means the next run checks again.
        """
        if not (self._shared_changed or self._learnt):
            return
        folder = os.path.dirname(self.path)
        try:
            if not real_folder(folder):
                return
            with locked(os.path.join(folder, "checks.lock")):
                current = self._read()
                if current and current["shared"].get("key") == self._shared["key"]:
                    articles = {**current["articles"], **{slug: self._articles[slug] for slug in self._learnt}}
                else:
                    articles = self._articles
                # Forget deleted articles, so that the index does not grow with an archive's history.
                articles = {slug: entry for slug, entry in articles.items()
                            if os.path.exists(self._article_files(slug)[0])}
                write_quietly(self.path, json.dumps({"format": INDEX_FORMAT, "shared": self._shared,
                                                     "articles": articles}, ensure_ascii=False, separators=(",", ":")))
        except OSError:  # a read-only checkout: the next run checks again
            return
