"""The archive index's `findings`: the latest check results, for the version of each article the index read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import invoke

from workflow.archive.index import default_path
from workflow.workspace import Workspace


def run_ok(root: Path, *args: str) -> None:
    result = invoke(*args, "--workspace", str(root))
    assert result.exit_code == 0, result.output


def index(root: Path) -> dict:
    result = invoke("index", "--json", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def indexed(root: Path) -> tuple[dict[str, int], dict[str, list[tuple[object, ...]]]]:
    """Each article's `checked`, and its findings as the index holds them."""
    conn = sqlite3.connect(str(default_path(Workspace(root))))
    checked = dict(conn.execute("SELECT slug, checked FROM articles"))
    findings: dict[str, list[tuple[object, ...]]] = {}
    for article, *rest in conn.execute(
            "SELECT article, rule, name, severity, unit, file, line, message, waived FROM findings ORDER BY rowid"):
        findings.setdefault(article, []).append(tuple(rest))
    conn.close()
    return checked, findings


def checked_now(root: Path) -> dict[str, list[tuple[object, ...]]]:
    """`byline check --all --json`, by article, in the index's columns."""
    result = invoke("check", "--all", "--json", "--workspace", str(root))
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[tuple[object, ...]]] = {}
    for f in json.loads(result.stdout)["findings"]:
        found.setdefault(f["article"], []).append(
            (f["rule"], f["name"], f["severity"], f.get("unit"), f.get("file"), f.get("line"), f["message"],
             int(f.get("waived", False))))
    return found


@pytest.fixture
def two_articles(workspace: Path) -> Path:
    """nk with a wrong number recorded (a BL201 finding), and a second article, only ingested."""
    english = workspace / "translations" / "nk" / "en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("$110 million", "$120 million"),
                       encoding="utf-8")
    run_ok(workspace, "record", "nk", "--by", "ewhong")
    (workspace / "other.md").write_text("# 두 번째 기사\n\n주민 5명이 체포됐다.\n", encoding="utf-8")
    run_ok(workspace, "ingest", str(workspace / "other.md"), "--article", "other", "--by", "reporter")
    return workspace


def test_findings_are_those_check_printed(two_articles: Path) -> None:
    expected = checked_now(two_articles)
    assert any(row[0] == "BL201" for row in expected["nk"])  # the planted wrong number is among them
    index(two_articles)
    checked, findings = indexed(two_articles)
    assert checked == {"nk": 1, "other": 1}
    assert findings == expected


def test_an_article_changed_since_its_check_has_no_findings_until_checked_again(two_articles: Path) -> None:
    checked_now(two_articles)
    index(two_articles)
    english = two_articles / "translations" / "nk" / "en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert index(two_articles)["read"] == 1
    checked, findings = indexed(two_articles)
    assert checked == {"nk": 0, "other": 1} and "nk" not in findings and findings["other"]
    expected = checked_now(two_articles)
    index(two_articles)
    assert indexed(two_articles) == ({"nk": 1, "other": 1}, expected)


def test_findings_are_of_the_version_read_even_when_a_file_changes_during_the_build(
        two_articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit landing after an article's rows were read, before its findings are looked up, does not part the
    two: the findings checked for the version read are kept with its rows, and the next update reads it again."""
    import workflow.archive.extract as extract

    expected = checked_now(two_articles)
    real = extract.digested_rows
    english = two_articles / "translations" / "nk" / "en.md"

    def edited_after_reading(shared, slug):  # type: ignore[no-untyped-def]
        read = real(shared, slug)
        if slug == "nk":
            english.write_text(english.read_text(encoding="utf-8") + "\nAdded while indexing.\n", encoding="utf-8")
        return read

    monkeypatch.setattr(extract, "digested_rows", edited_after_reading)
    index(two_articles)
    monkeypatch.undo()
    checked, findings = indexed(two_articles)
    assert checked == {"nk": 1, "other": 1} and findings == expected
    assert "Added while indexing." not in "".join(
        row[0] for row in sqlite3.connect(str(default_path(Workspace(two_articles)))).execute(
            "SELECT target_text FROM units WHERE article = 'nk'"))
    assert index(two_articles)["read"] == 1  # the edit shows on the next update
    checked, findings = indexed(two_articles)
    assert checked["nk"] == 0 and "nk" not in findings


def test_a_cache_lookup_by_the_signature_seen_matches_the_lookup_by_the_files(two_articles: Path) -> None:
    """`Index.load` with the signature and digest a reader took: a stored signature or digest that matches is a
    hit (the same findings as looking at the files), and neither matching is a miss."""
    from workflow.cachefile import digest_files, path_signature
    from workflow.checks.cache import Index

    checked_now(two_articles)
    ws = Workspace(two_articles)
    cache = Index(ws)
    paths = [str(p) for p in (ws.ledger_file("nk"), ws.source_file("nk"), ws.target_file("nk"), ws.po_file("nk"))]
    stat, digest = "|".join(path_signature(p) for p in paths), digest_files(paths)[0]
    by_files = cache.load("nk")
    assert by_files
    assert cache.load("nk", (stat, digest)) == by_files
    assert cache.load("nk", ("another signature", digest)) == by_files
    assert cache.load("nk", ("another signature", "another digest")) is None

