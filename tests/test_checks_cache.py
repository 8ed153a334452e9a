"""The check cache: what makes an article re-checked, what lets a warm run skip reading files, and what it survives."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import invoke, probe

from workflow import cachefile
from workflow.checks import cache
from workflow.problems import Kind, Problem
from workflow.workspace import Workspace


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def cache_path(root: Path) -> Path:
    return root / cachefile.CACHE_DIR / cache.INDEX_NAME


def index_of(root: Path) -> dict:
    """The cache read straight from its SQLite file: `{"shared": …, "articles": {slug: {stat, key, findings}}}`."""
    conn = sqlite3.connect(cache_path(root))
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        articles = {slug: {"stat": stat, "key": key, "findings": json.loads(found)}
                    for slug, stat, key, found in conn.execute("SELECT slug, stat, key, findings FROM entries")}
    finally:
        conn.close()
    return {"format": meta["format"], "shared": json.loads(meta["shared"]), "articles": articles}


def set_row(root: Path, slug: str, column: str, value: object) -> None:
    conn = sqlite3.connect(cache_path(root), isolation_level=None)
    try:
        conn.execute(f"UPDATE entries SET {column} = ? WHERE slug = ?", (value, slug))
    finally:
        conn.close()


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles actually checked (cache misses)."""
    import workflow.checks.article as checks

    calls: list[str] = []
    real = checks.check_article

    def spy(ws, slug, selection) -> list[Problem]:  # type: ignore[no-untyped-def]
        calls.append(slug)
        return real(ws, slug, selection)

    monkeypatch.setattr(checks, "check_article", spy)
    return calls


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times files were read and hashed (one entry per group of files)."""
    calls: list[int] = []
    real = cache.digest_files

    def spy(paths):  # type: ignore[no-untyped-def]
        calls.append(len(paths))
        return real(paths)

    monkeypatch.setattr(cache, "digest_files", spy)
    return calls


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once, as if they had been written long before the run."""
    monkeypatch.setattr(cachefile, "RACY_NS", 0)


def run(root: Path) -> list[Problem]:
    from workflow.checks.runner import run_checks

    return run_checks(Workspace(root), ["nk"])


@pytest.mark.parametrize("trust_signatures", [False, True])
@pytest.mark.parametrize("change", ["ledger", "en.md", "en.po", "config", "glossary"])
def test_any_change_rechecks_the_article(workspace_copy: Path, checked: list[str], change: str, trust_signatures: bool,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if trust_signatures:
        monkeypatch.setattr(cachefile, "RACY_NS", 0)
    first = run(workspace_copy)
    assert run(workspace_copy) == first and checked == ["nk"]
    article = workspace_copy / "translations" / "nk"
    if change == "ledger":
        from workflow.steps.signoff import approve

        ws = Workspace(workspace_copy)
        assert approve(ws, "nk", ws.config.person("mfoster")).event is not None
    elif change == "glossary":
        (workspace_copy / "glossary.tsv").write_text("주민\tresident\n", encoding="utf-8")
    else:
        path = {"en.md": article / "en.md", "en.po": article / "en.po", "config": workspace_copy / "byline.toml"}[
            change
        ]
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run(workspace_copy)
    assert checked == ["nk", "nk"]


def test_no_cache_always_checks(workspace_copy: Path, checked: list[str]) -> None:
    from workflow.checks.runner import run_checks

    run_checks(Workspace(workspace_copy), ["nk"], use_cache=False)
    run_checks(Workspace(workspace_copy), ["nk"], use_cache=False)
    assert checked == ["nk", "nk"]


def test_unchanged_files_are_not_read_again(
    workspace_copy: Path, checked: list[str], hashed: list[int], settled: None
) -> None:
    first = run(workspace_copy)
    hashed.clear()
    assert run(workspace_copy) == first
    assert checked == ["nk"] and hashed == []


def test_an_edit_behind_a_restored_mtime_is_still_rechecked(
    workspace_copy: Path, checked: list[str], settled: None
) -> None:
    run(workspace_copy)
    en = workspace_copy / "translations" / "nk" / "en.md"
    before = en.stat()
    text = en.read_text(encoding="utf-8")
    en.write_text(text.replace("Three residents", "Three residentz"), encoding="utf-8")  # same size
    os.utime(en, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert en.stat().st_size == before.st_size and en.stat().st_mtime_ns == before.st_mtime_ns
    run(workspace_copy)
    assert checked == ["nk", "nk"]


def test_files_changed_just_now_are_hashed_again_next_run(
    workspace_copy: Path, checked: list[str], hashed: list[int]
) -> None:
    run(workspace_copy)
    assert index_of(workspace_copy)["articles"]["nk"]["stat"] is None  # written seconds ago: no signature trusted
    hashed.clear()
    run(workspace_copy)
    assert hashed and checked == ["nk"]


def test_a_touched_file_is_hashed_but_not_rechecked(workspace_copy: Path, checked: list[str], hashed: list[int],
                                                    settled: None) -> None:
    run(workspace_copy)
    stat_before = index_of(workspace_copy)["articles"]["nk"]["stat"]
    os.utime(workspace_copy / "translations" / "nk" / "en.po")
    hashed.clear()
    run(workspace_copy)
    assert hashed and checked == ["nk"]
    assert index_of(workspace_copy)["articles"]["nk"]["stat"] not in (None, stat_before)


def test_a_cache_restored_into_a_fresh_checkout_is_reused(workspace_copy: Path, tmp_path: Path, checked: list[str],
                                                           hashed: list[int], settled: None) -> None:
    """As in CI: new inodes and times everywhere, the same contents; files are read again, nothing is re-checked."""
    first = run(workspace_copy)
    clone = tmp_path / "clone"
    shutil.copytree(workspace_copy, clone)
    hashed.clear()
    assert run(clone) == first
    assert checked == ["nk"] and hashed


def test_concurrent_runs_keep_each_others_entries(workspace_copy: Path) -> None:
    for folder in ("sources", "translations"):
        shutil.copytree(workspace_copy / folder / "nk", workspace_copy / folder / "nk2")
    run(workspace_copy)
    one, two = cache.Index(Workspace(workspace_copy)), cache.Index(Workspace(workspace_copy))
    assert one.load("nk") is not None  # `one` holds nk's entry as it was …
    two.load("nk")
    newer = Problem(Kind.CHECK, "written by the other run", "nk", "x", None, None, "BL999", "newer", "warning")
    two.store("nk", [newer])  # … while `two` writes a newer one
    two.save()
    one.load("nk2")
    one.store("nk2", [])
    one.save()
    index = index_of(workspace_copy)
    assert set(index["articles"]) == {"nk", "nk2"}
    assert index["articles"]["nk"]["findings"][0][0] == "BL999"


def test_an_unwritable_cache_only_costs_a_recheck(workspace: Path, checked: list[str]) -> None:
    shutil.rmtree(workspace / cachefile.CACHE_DIR, ignore_errors=True)
    (workspace / cachefile.CACHE_DIR).write_text("a file where the cache folder should be", encoding="utf-8")
    first = invoke("check", *ws_args(workspace))
    second = invoke("check", *ws_args(workspace))
    assert first.exit_code == second.exit_code == 1 and first.output == second.output
    assert checked == ["nk", "nk"]
    assert not list(workspace.glob(".byline-cache*.tmp"))


def test_a_deleted_article_is_forgotten(workspace: Path, settled: None) -> None:
    for folder in ("sources", "translations"):
        shutil.copytree(workspace / folder / "nk", workspace / folder / "nk2")
    assert invoke("check", "--all", *ws_args(workspace)).exit_code == 1
    for folder in ("sources", "translations"):
        shutil.rmtree(workspace / folder / "nk2")
    os.utime(workspace / "translations" / "nk" / "en.po")  # something to write back
    invoke("check", "--all", *ws_args(workspace))
    assert set(index_of(workspace)["articles"]) == {"nk"}


def _rewrite_meta(root: Path, key: str, value: str) -> None:
    conn = sqlite3.connect(cache_path(root), isolation_level=None)
    try:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    finally:
        conn.close()


def _foreign_database(root: Path) -> None:
    path = cache_path(root)
    path.unlink()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE entries (slug TEXT, findings TEXT)")
    conn.execute("INSERT INTO entries VALUES ('nk', '[]')")
    conn.close()


def _cut_in_half(root: Path) -> None:
    path = cache_path(root)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


DAMAGE = {
    "not a database": lambda root: cache_path(root).write_text("{not a database", encoding="utf-8"),
    "empty file": lambda root: cache_path(root).write_bytes(b""),
    "cut in half": _cut_in_half,
    "a foreign database": _foreign_database,
    "another format": lambda root: _rewrite_meta(root, "format", "byline check cache 3"),
    "shared not a table": lambda root: _rewrite_meta(root, "shared", "[]"),
    "shared not JSON": lambda root: _rewrite_meta(root, "shared", "{not json"),
    "findings not JSON": lambda root: set_row(root, "nk", "findings", "{not json"),
    "finding cut short": lambda root: set_row(root, "nk", "findings", "[[1]]"),
    "findings not a list": lambda root: set_row(root, "nk", "findings", '"BL201"'),
    "findings not text": lambda root: set_row(root, "nk", "findings", 3),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt(workspace: Path, damage: str, checked: list[str]) -> None:
    expected = invoke("check", *ws_args(workspace)).output
    DAMAGE[damage](workspace)
    result = invoke("check", *ws_args(workspace))
    assert result.exit_code == 1 and result.output == expected
    assert checked == ["nk", "nk"]
    assert index_of(workspace)["articles"]["nk"]["findings"]
    assert invoke("check", *ws_args(workspace)).output == expected and checked == ["nk", "nk"]  # mended: a hit


def test_a_link_at_the_cache_path_is_replaced_not_written_through(workspace: Path, tmp_path: Path,
                                                                   checked: list[str]) -> None:
    expected = invoke("check", *ws_args(workspace)).output
    outside = tmp_path / "outside.db"
    shutil.copyfile(cache_path(workspace), outside)
    before = outside.read_bytes()
    cache_path(workspace).unlink()
    cache_path(workspace).symlink_to(outside)
    assert invoke("check", *ws_args(workspace)).output == expected
    assert checked == ["nk", "nk"]  # a link is not trusted
    assert not cache_path(workspace).is_symlink() and outside.read_bytes() == before


def _untimed(output: str) -> str:
    """JUnit says when and how long a run took (the strict Ant schema requires it): not a finding."""
    return re.sub(r' (time|timestamp|hostname)="[^"]*"', "", output)


def test_warm_output_equals_cold_in_every_format(workspace: Path) -> None:
    for fmt in ("text", "json", "junit", "sarif", "github"):
        cold = invoke("check", "--no-cache", "--format", fmt, *ws_args(workspace))
        assert cold.exit_code == 1 and "BL302" in cold.output, (fmt, cold.output)  # translated, never edited
        filled = invoke("check", "--format", fmt, *ws_args(workspace))
        warm = invoke("check", "--format", fmt, *ws_args(workspace))
        assert filled.exit_code == warm.exit_code == cold.exit_code, fmt
        assert _untimed(filled.output) == _untimed(warm.output) == _untimed(cold.output), fmt


CHECKING = ("workflow.checks.", "workflow.model.", "workflow.reading.verify")


def test_a_warm_run_loads_no_rules_and_replays_nothing(workspace: Path) -> None:
    cold, warm = (probe("check", "--workspace", str(workspace)) for _ in range(2))
    assert cold.exit_code == warm.exit_code == 1 and cold.stdout == warm.stdout, (cold, warm)
    assert "BL302 too-few-editors" in warm.stdout
    assert "workflow.checks.rules.consistency" in cold.modules  # cold: the rules ran
    assert sorted(m for m in warm.modules if m.startswith(CHECKING)) == [
        "workflow.checks.cache", "workflow.checks.glossary", "workflow.checks.output", "workflow.checks.runner"]


@pytest.mark.parametrize("use_cache", [False, True])
def test_findings_come_article_by_article(workspace_copy: Path, checked: list[str], use_cache: bool) -> None:
    """`check --all` writes each article's findings as it is checked: nothing waits for the whole archive."""
    from workflow.checks.runner import each_checked

    for name in ("nk2", "nk3"):
        for folder in ("sources", "translations"):
            shutil.copytree(workspace_copy / folder / "nk", workspace_copy / folder / name)
    found = each_checked(Workspace(workspace_copy), ["nk", "nk2", "nk3"], use_cache=use_cache)
    first = next(found)
    assert checked == ["nk"] and first and {f.article for f in first} == {"nk"}
    assert [{f.article for f in rest} for rest in found] == [{"nk2"}, {"nk3"}]
    assert checked == ["nk", "nk2", "nk3"]


def test_the_archive_index_reads_the_cache_without_writing_it(workspace_copy: Path, settled: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Only `byline check` writes the check cache; the index that reads it must not change it under itself."""
    from workflow.archive.index import update

    monkeypatch.setattr(cache, "BATCH", 1)  # any queued row would be written at once
    run(workspace_copy)
    path = cache_path(workspace_copy)
    before, stat_before = path.read_bytes(), path.stat()
    os.utime(workspace_copy / "translations" / "nk" / "en.po")  # a moved signature over the same content
    conn, summary = update(Workspace(workspace_copy))
    conn.close()
    assert summary.articles == 1
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stat_before.st_mtime_ns


def copies(root: Path, names: list[str]) -> list[str]:
    for name in names:
        for folder in ("sources", "translations"):
            shutil.copytree(root / folder / "nk", root / folder / name)
    return ["nk", *names]


def test_a_warm_run_reads_the_cache_under_one_lock(workspace_copy: Path, settled: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm run's lookups share one read transaction: the file is locked once, not once per query."""
    from workflow.checks.runner import run_checks

    slugs = copies(workspace_copy, ["nk2", "nk3", "nk4"])
    run_checks(Workspace(workspace_copy), slugs)
    begun: list[str] = []
    real = cache._open

    def traced(path: str) -> sqlite3.Connection | None:
        conn = real(path)
        if conn is not None:
            conn.set_trace_callback(lambda sql: begun.append(sql) if sql.startswith(("BEGIN", "COMMIT")) else None)
        return conn

    monkeypatch.setattr(cache, "_open", traced)
    warm = run_checks(Workspace(workspace_copy), slugs)
    assert warm and begun == ["BEGIN", "COMMIT"]  # eight lookups, one transaction


def test_a_run_that_writes_while_it_reads_still_fills_the_cache(workspace_copy: Path, settled: None,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows written in the middle of a run (a full batch) must not wait on the run's own read lock: here the
    new signatures of touched files, learnt while the run reads the cache, and the row of a new article."""
    from workflow.checks.runner import run_checks

    slugs = copies(workspace_copy, ["nk2", "nk3"])
    run_checks(Workspace(workspace_copy), slugs[:2])
    for slug in slugs[:2]:
        os.utime(workspace_copy / "translations" / slug / "en.po", ns=(10**18, 10**18))  # same text, new signature
    monkeypatch.setattr(cache, "BATCH", 1)  # every row is written as soon as it is queued
    run_checks(Workspace(workspace_copy), slugs)
    rows = index_of(workspace_copy)["articles"]
    assert set(rows) == set(slugs)
    for slug in slugs[:2]:
        signature = cachefile.path_signature(str(workspace_copy / "translations" / slug / "en.po"))
        assert signature in rows[slug]["stat"].split("|")


def test_another_run_may_write_the_cache_while_this_one_checks(workspace_copy: Path, settled: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """While a run checks an article the cache missed, it holds no lock that keeps another run from writing."""
    import workflow.checks.article as checks
    from workflow.checks.runner import run_checks

    slugs = copies(workspace_copy, ["nk2"])
    run_checks(Workspace(workspace_copy), slugs[:1])  # nk in the cache, nk2 not
    wrote: list[str] = []
    real = checks.check_article

    def meanwhile(ws, slug, selection) -> list[Problem]:  # type: ignore[no-untyped-def]
        other = sqlite3.connect(cache_path(workspace_copy), timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT OR REPLACE INTO meta VALUES ('probe', ?)", (slug,))
            other.execute("COMMIT")  # "database is locked" if this run still held its read lock
            wrote.append(slug)
        finally:
            other.close()
        return real(ws, slug, selection)

    monkeypatch.setattr(checks, "check_article", meanwhile)
    run_checks(Workspace(workspace_copy), slugs)
    assert wrote == ["nk2"]
