"""The workspace's bilingual lexicon: recurring translations learned from its other articles, cached.

It helps align a new translation (`workflow.steps.alignment`); it is soft
evidence, and the units it helps to find are recorded in the event, so replay
never depends on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workflow import formats
from workflow.errors import InputError
from workflow.model.state import ADDITION_PREFIX
from workflow.workspace import Workspace, write_atomic

LEXICON_ARTICLES = 200
LEXICON_CACHE = ".byline-cache/lexicon.json"
# Relearn when more than this share of the articles the lexicon came from changed.
LEXICON_STALE_SHARE = 0.1


def workspace_lexicon(ws: Workspace, exclude: str):
    """A bilingual lexicon learned from the units of the workspace's other articles.

    Learning reads every PO view, so the lexicon is cached and relearned only
    when more than a tenth of its articles changed: it is soft evidence, and
    the units it helps to find are recorded in the event, so replay never
    depends on it.
    """
    from workflow.text.align import Lexicon

    stamps = {}
    for slug in ws.articles()[:LEXICON_ARTICLES]:
        path = ws.po_file(slug)
        if slug != exclude and path.exists():
            info = path.stat()
            stamps[slug] = [info.st_mtime_ns, info.st_size]
    if not stamps:
        return None
    cache = ws.root / LEXICON_CACHE
    cached = _read_lexicon_cache(cache)
    if cached is not None:
        changed = sum(1 for slug, stamp in stamps.items() if cached["articles"].get(slug) != stamp)
        if changed <= LEXICON_STALE_SHARE * len(cached["articles"]):
            return Lexicon({k: frozenset(v) for k, v in cached["translations"].items()})
    pairs: list[tuple[str, str]] = []
    for slug in stamps:
        try:
            document = formats.read(ws.po_file(slug))
        except InputError:
            continue
        pairs.extend((p.source, p.target) for p in document.pairs or ()
                     if p.target and not p.unit.startswith(ADDITION_PREFIX))
    lexicon = Lexicon.from_pairs(pairs)
    translations = {k: sorted(v) for k, v in lexicon.translations.items()}
    write_atomic(cache, json.dumps({"articles": stamps, "translations": translations}, ensure_ascii=False))
    return lexicon


def _read_lexicon_cache(path: Path) -> dict[str, Any] | None:
    """The cached lexicon, or None when absent or unreadable (it is only a cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(key), dict) for key in ("articles", "translations")):
        return None
    return data
