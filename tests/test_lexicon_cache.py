"""The workspace lexicon is learned from other articles, cached, and relearned when they change."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ENGLISH, KOREAN, invoke


def add_article(root: Path, slug: str) -> None:
    ws = ["--workspace", str(root)]
    (root / f"{slug}.ko.md").write_text(KOREAN, encoding="utf-8")
    (root / f"{slug}.en.md").write_text(ENGLISH, encoding="utf-8")
    assert invoke("ingest", str(root / f"{slug}.ko.md"), "--article", slug, "--by", "reporter", *ws).exit_code == 0
    assert invoke("translate", slug, "--from", str(root / f"{slug}.en.md"), "--by", "cslee", *ws).exit_code == 0


def test_lexicon_is_cached_reused_and_relearned(workspace: Path) -> None:
    cache = workspace / ".byline-cache/lexicon.json"
    add_article(workspace, "second")
    learned = json.loads(cache.read_text(encoding="utf-8"))
    assert set(learned["articles"]) == {"nk"}
    learned["translations"] = {"표시": ["marker"]}
    cache.write_text(json.dumps(learned), encoding="utf-8")
    # Re-translating `second` learns from the same articles (nk only): the cache is reused.
    (workspace / "again.md").write_text(ENGLISH.replace("Three", "3"), encoding="utf-8")
    assert (
        invoke(
            "translate", "second", "--from", str(workspace / "again.md"), "--by", "cslee", "--workspace", str(workspace)
        ).exit_code
        == 0
    )
    assert json.loads(cache.read_text(encoding="utf-8"))["translations"] == {"표시": ["marker"]}
    add_article(workspace, "third")
    en = workspace / "translations/nk/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Three", "Four"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", "--workspace", str(workspace)).exit_code == 0
    add_article(workspace, "fourth")  # nk changed and more articles came: relearned
    relearned = json.loads(cache.read_text(encoding="utf-8"))
    assert set(relearned["articles"]) == {"nk", "second", "third"}
    assert relearned["translations"] != {"표시": ["marker"]}
