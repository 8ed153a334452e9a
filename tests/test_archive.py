"""The archive index: it equals the ledgers, follows every command incrementally, and is never trusted over them."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from helpers import KOREAN, benchmark_builder, invoke

from workflow.archive.index import default_path
from workflow.archive.schema import SCHEMA_VERSION
from workflow.ledger import TEXT_TYPES, read_events
from workflow.model.replay import load
from workflow.reading.blame import blame
from workflow.reading.credit import credit
from workflow.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


def index(root: Path, *args: str) -> dict:
    result = invoke("index", "--json", "--workspace", str(root), *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def db(root: Path, path: Path | None = None) -> sqlite3.Connection:
    return sqlite3.connect(str(path or default_path(Workspace(root))))


def assert_index_equals_ledgers(root: Path) -> None:
    """Every event, every agent's count, every article's authorship and credit, as the per-article code says."""
    ws = Workspace(root)
    conn = db(root)
    slugs = ws.articles()
    assert [r[0] for r in conn.execute("SELECT slug FROM articles ORDER BY slug")] == slugs
    ledger_events = {(slug, e.seq, e.id, e.type, e.stage, e.agent, e.at)
                     for slug in slugs for e in read_events(ws.ledger_file(slug))}
    indexed = set(conn.execute("SELECT article, seq, id, type, stage, agent, at FROM events"))
    assert indexed == ledger_events
    assert Counter(dict(conn.execute("SELECT agent, count(*) FROM events GROUP BY agent"))) == \
        Counter(event[5] for event in ledger_events)
    for slug in slugs:
        state = load(ws, slug)
        words = Counter(token.agent for token in blame(state))
        assert dict(conn.execute("SELECT agent, sum(words) FROM authorship WHERE article = ? GROUP BY agent",
                                 (slug,))) == dict(words), slug
        if state.translated:
            expected = credit(state, ws.config)
            rows = conn.execute("SELECT role, agent FROM credits WHERE article = ? ORDER BY role, position",
                                (slug,)).fetchall()
            assert [a for r, a in rows if r == "translator"] == list(expected.translators)
            assert [a for r, a in rows if r == "editor"] == list(expected.editors)
            assert [a for r, a in rows if r == "machine"] == list(expected.machine)
            assert (
                conn.execute("SELECT credit_line FROM articles WHERE slug = ?", (slug,)).fetchone()[0] == expected.line
            )
        units = conn.execute(
            "SELECT unit, target_text FROM units WHERE article = ? ORDER BY position", (slug,)
        ).fetchall()
        assert units == [(u.id, state.unit_target(u)) for u in state.units]
    # Desk-wide status from the index prints what per-article status prints.
    whole = json.loads(invoke("status", "--json", "--workspace", str(root)).stdout)
    named = (
        json.loads(invoke("status", *slugs, "--json", "--workspace", str(root)).stdout) if slugs else {"articles": []}
    )
    assert whole == named
    if slugs:
        printed = invoke("status", "--workspace", str(root)).stdout
        assert printed == invoke("status", *slugs, "--workspace", str(root)).stdout
    check = invoke("index", "--check", "--workspace", str(root))
    assert check.exit_code == 0, check.output


def test_index_equals_the_ledgers_of_a_generated_archive(tmp_path: Path) -> None:
    builder = benchmark_builder()
    if not (builder.find_data() / "dev.ko").is_file():
        pytest.skip("needs ../shared/data/ko-en-news to generate the archive")
    root = tmp_path / "ws"
    builder.make_workspace(root, 20, seed=2, workers=2)
    summary = index(root)
    assert (summary["articles"], summary["read"], summary["rebuilt"]) == (20, 20, "new")
    assert_index_equals_ledgers(root)
    conn = db(root)
    assert conn.execute("SELECT count(*) FROM authorship WHERE origin = 'mt'").fetchone()[0] > 0
    stale = conn.execute(
        "SELECT slug FROM articles WHERE published AND stale > 0 AND NOT publication_current"
    ).fetchall()
    assert ("news-0004",) in stale  # Korean corrected after publication
    assert index(root)["read"] == 0


def test_index_equals_the_ledgers_of_a_small_workspace(workspace: Path) -> None:
    index(workspace)
    assert_index_equals_ledgers(workspace)


def run_ok(root: Path, *args: str) -> None:
    result = invoke(*args, "--workspace", str(root))
    assert result.exit_code == 0, result.output


def second_article(root: Path) -> None:
    (root / "other.md").write_text("# 두 번째 기사\n\n주민 5명이 체포됐다.\n", encoding="utf-8")
    run_ok(root, "ingest", str(root / "other.md"), "--article", "other", "--by", "reporter")


def edit_english(root: Path, old: str, new: str) -> None:
    path = root / "translations" / "nk" / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


STEPS = [
    pytest.param(
        lambda r: (edit_english(r, "residents said", "locals said"), run_ok(r, "record", "nk", "--by", "ewhong")),
        "edit",
        id="record",
    ),
    pytest.param(lambda r: run_ok(r, "approve", "nk", "--by", "ewhong"), "approve", id="approve"),
    pytest.param(
        lambda r: run_ok(r, "waive", "nk", "--rule", "BL301", "--by", "ewhong", "--reason", "house style"),
        "waive",
        id="waive",
    ),
    pytest.param(
        lambda r: (
            edit_english(r, "Three residents", "Three locals"),
            run_ok(r, "correct", "nk", "--by", "ewhong", "--note", "Wording."),
        ),
        "correct",
        id="correct",
    ),
    pytest.param(lambda r: run_ok(r, "publish", "nk", "--by", "ewhong", "--force"), "publish", id="publish"),
    pytest.param(
        lambda r: (
            (r / "ko2.md").write_text(KOREAN.replace("3명", "4명"), encoding="utf-8"),
            run_ok(r, "ingest", str(r / "ko2.md"), "--article", "nk", "--by", "reporter"),
        ),
        "source-update",
        id="source-update",
    ),
    pytest.param(
        lambda r: (
            (r / "en2.md").write_text(
                (r / "translations" / "nk" / "en.md").read_text(encoding="utf-8").replace("Three", "3"),
                encoding="utf-8",
            ),
            run_ok(r, "translate", "nk", "--from", str(r / "en2.md"), "--by", "cslee"),
        ),
        "translate",
        id="translate",
    ),
]


@pytest.mark.parametrize(("step", "kind"), STEPS)
def test_each_command_updates_only_its_article(workspace: Path, step, kind: str) -> None:  # type: ignore[no-untyped-def]
    second_article(workspace)
    index(workspace)
    before = db(workspace).execute("SELECT count(*) FROM events WHERE article = 'nk'").fetchone()[0]
    step(workspace)
    summary = index(workspace)
    assert (summary["read"], summary["rebuilt"]) == (1, None)
    conn = db(workspace)
    assert conn.execute("SELECT count(*) FROM events WHERE article = 'nk'").fetchone()[0] == before + 1
    assert conn.execute("SELECT type FROM events WHERE article = 'nk' ORDER BY seq DESC").fetchone()[0] == kind
    assert_index_equals_ledgers(workspace)


def test_unrecorded_changes_and_deleted_articles_reach_the_index(workspace: Path) -> None:
    second_article(workspace)
    index(workspace)
    edit_english(workspace, "residents said", "locals said")  # not recorded
    assert index(workspace)["read"] == 1
    status = {
        s["article"]: s
        for s in json.loads(invoke("status", "--json", "--workspace", str(workspace)).stdout)["articles"]
    }
    assert any("unrecorded change" in p for p in status["nk"]["problems"])
    assert db(workspace).execute("SELECT ok FROM articles WHERE slug = 'nk'").fetchone()[0] == 0
    for folder in ("translations", "sources"):
        for path in sorted((workspace / folder / "other").iterdir()):
            path.unlink()
        (workspace / folder / "other").rmdir()
    summary = index(workspace)
    assert (summary["removed"], summary["articles"]) == (1, 1)
    assert db(workspace).execute("SELECT count(*) FROM events WHERE article = 'other'").fetchone()[0] == 0


def test_a_touched_file_is_hashed_not_read_again_and_its_new_signature_kept(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose stat moved but whose bytes did not (a fresh clone, a touch) costs a digest, once."""
    from workflow import cachefile

    monkeypatch.setattr(cachefile, "RACY_NS", 0)  # files written a moment ago count as settled
    second_article(workspace)
    index(workspace)
    english = Workspace(workspace).target_file("nk")
    stat = english.stat()
    os.utime(english, ns=(stat.st_atime_ns, stat.st_mtime_ns - 5_000_000_000))
    before = db(workspace).execute("SELECT stat, digest FROM indexed_files WHERE article = 'nk'").fetchone()
    assert index(workspace)["read"] == 0
    after = db(workspace).execute("SELECT stat, digest FROM indexed_files WHERE article = 'nk'").fetchone()
    from workflow.archive.index import _Files

    now = "|".join(cachefile.path_signature(path) for path in _Files(Workspace(workspace)).of("nk"))
    assert after == (now, before[1]) and now != before[0]
    other = db(workspace).execute("SELECT stat FROM indexed_files WHERE article = 'other'").fetchone()
    assert index(workspace)["read"] == 0
    assert db(workspace).execute("SELECT stat FROM indexed_files WHERE article = 'other'").fetchone() == other
    assert invoke("index", "--check", "--workspace", str(workspace)).exit_code == 0


def test_a_schema_change_rebuilds(workspace: Path) -> None:
    index(workspace)
    conn = db(workspace)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    summary = index(workspace)
    assert summary["rebuilt"].startswith("schema") and summary["read"] == 1
    assert db(workspace).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a database at all\n" * 100), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:5000]), id="truncated"),
        pytest.param(
            lambda p: (p.unlink(), sqlite3.connect(str(p)).execute("CREATE TABLE notes (x)")), id="foreign-sqlite"
        ),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_or_foreign_file_is_rebuilt(workspace: Path, damage) -> None:  # type: ignore[no-untyped-def]
    index(workspace)
    path = default_path(Workspace(workspace))
    damage(path)
    result = invoke("status", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert "nk:" in result.stdout
    assert_index_equals_ledgers(workspace)
    assert not [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_index_of_another_workspace_is_refused(workspace: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-ws"
    assert invoke("init", str(other)).exit_code == 0
    shared = tmp_path / "desk.db"
    index(workspace, "-o", str(shared))
    refused = invoke("index", "-o", str(shared), "--workspace", str(other))
    assert refused.exit_code == 2
    assert str(shared) in refused.stderr and "another workspace" in refused.stderr and "--rebuild" in refused.stderr
    assert sqlite3.connect(str(shared)).execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # left alone
    # Copied into the other workspace's own cache, it is refused there too.
    cache = default_path(Workspace(other))
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(shared.read_bytes())
    assert invoke("status", "--workspace", str(other)).exit_code == 2
    assert index(other, "--rebuild")["articles"] == 0
    # An index whose workspace has gone (moved away, restored on another machine) is adopted and corrected.
    (workspace / "byline.toml").rename(workspace / "byline.toml.moved")
    assert index(other, "-o", str(shared))["articles"] == 0


def test_a_ledger_that_fails_verification_is_indexed_as_failing(workspace: Path) -> None:
    ledger = workspace / "translations" / "nk" / "provenance.jsonl"
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    ledger.write_text(lines[0] + lines[1].replace('"cslee"', '"ewhong"', 1), encoding="utf-8")
    index(workspace)
    conn = db(workspace)
    ok, problems, events = conn.execute("SELECT ok, problems, events FROM articles WHERE slug = 'nk'").fetchone()
    assert ok == 0 and events == 1
    assert "provenance.jsonl:2" in json.loads(problems)[0]
    log = invoke("log", "--all", "--workspace", str(workspace))
    assert log.exit_code == 0 and "ingest" in log.stdout and "translate" not in log.stdout
    status = invoke("status", "--workspace", str(workspace)).stdout
    assert "problem:" in status


def test_check_names_the_article_that_differs(workspace: Path) -> None:
    second_article(workspace)
    index(workspace)
    conn = db(workspace)
    conn.execute("UPDATE events SET agent = 'mfoster' WHERE article = 'nk' AND seq = 2")
    conn.commit()
    result = invoke("index", "--check", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "article 'nk': events differ" in result.stdout and "'other'" not in result.stdout
    missing = invoke("index", "--check", "-o", str(workspace / "none.db"), "--workspace", str(workspace))
    assert missing.exit_code == 2 and "byline index" in missing.stderr


def dated(root: Path, when: str, *args: str) -> None:
    os.environ["BYLINE_NOW"] = when
    try:
        run_ok(root, *args)
    finally:
        del os.environ["BYLINE_NOW"]


def test_the_credits_report_for_a_period(empty_workspace: Path) -> None:
    root = empty_workspace
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    from helpers import ENGLISH
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    dated(root, "2026-10-02T09:00:00Z", "ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter")
    dated(root, "2026-10-03T09:00:00Z", "translate", "nk", "--from", str(root / "en.md"), "--by", "cslee")
    edit_english(root, "residents said", "locals said")
    dated(root, "2026-11-04T09:00:00Z", "record", "nk", "--by", "ewhong")
    dated(root, "2026-11-05T09:00:00Z", "approve", "nk", "--by", "mfoster")  # approving is not editing

    def report(*period: str) -> dict:
        result = invoke("credit", "--all", *period, "--json", "--workspace", str(root))
        assert result.exit_code == 0, result.output
        return {p["agent"]: p for p in json.loads(result.stdout)["people"]}

    november = report("--since", "2026-11-01", "--until", "2026-11-30")
    assert list(november) == ["ewhong"]
    assert [item["article"] for item in november["ewhong"]["edited"]] == ["nk"]
    october = report("--since", "2026-10", "--until", "2026-10")
    assert list(october) == ["cslee"] and october["cslee"]["translated"][0]["at"] == "2026-10-03T09:00:00Z"
    assert set(report()) == {"cslee", "ewhong"}
    text = invoke("credit", "--all", "--since", "2026-11-01", "--workspace", str(root)).stdout
    assert "Eugene Whong (ewhong)\n  edited 1: nk" in text
    assert "no credited work" in invoke("credit", "--all", "--since", "2027-01-01", "--workspace", str(root)).stdout
    bad = invoke("credit", "--all", "--since", "November", "--workspace", str(root))
    assert bad.exit_code == 2 and "--since 'November'" in bad.stderr


def test_log_all_filters_by_person_date_and_type(machine_translated: Path) -> None:
    root = machine_translated
    second_article(root)

    def events(*args: str) -> list[dict]:
        result = invoke("log", "--all", *args, "--json", "--workspace", str(root))
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["events"]

    everything = events()
    assert [(e["article"], e["seq"]) for e in everything] == sorted(
        ((e["article"], e["seq"]) for e in everything), key=lambda k: next(
            x["at"] for x in everything if (x["article"], x["seq"]) == k)) and len(everything) == 4
    assert {e["article"] for e in events("--by", "reporter")} == {"nk", "other"}
    assert [e["type"] for e in events("--by", "Eugene Whong")] == ["edit"]
    assert [e["agent"] for e in events("--by", "mt:papago")] == ["mt:papago"]
    assert [e["agent"] for e in events("--by", "cslee")] == ["mt:papago"]  # the person who ran the machine
    assert [e["article"] for e in events("--type", "ingest")] == ["nk", "other"]
    assert events("--since", "2999-01-01") == []
    text = invoke("log", "--all", "--by", "ewhong", "--workspace", str(root)).stdout
    assert text.startswith("nk  #3") and "edit" in text
    for args, message in ((["--by", "nobody"], "no person 'nobody'"), (["--type", "sing"], "--type 'sing'"),
                          (["--since", "3 May"], "--since")):
        result = invoke("log", "--all", *args, "--workspace", str(root))
        assert result.exit_code == 2 and message in result.stderr
    assert invoke("log", "--workspace", str(root)).exit_code == 2
    one = invoke("log", "nk", "--type", "edit", "--workspace", str(root)).stdout.splitlines()
    assert len(one) == 1 and one[0].startswith("#3")


def test_a_symlinked_cache_folder_is_never_written_through(workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = workspace / ".byline-cache"
    if cache.exists():
        for path in cache.iterdir():
            path.unlink()
        cache.rmdir()
    cache.symlink_to(elsewhere)
    result = invoke("status", "--workspace", str(workspace))
    assert result.exit_code == 0 and "nk:" in result.stdout
    assert not (elsewhere / "archive.db").exists()


def test_datasette_metadata_is_the_documented_one() -> None:
    shipped = (REPO / "workflow" / "archive" / "datasette.yml").read_text(encoding="utf-8")
    assert (REPO / "docs" / "datasette.yml").read_text(encoding="utf-8") == shipped
    assert "e.type in ('align', 'correct', 'edit', 'translate')" in shipped
    assert sorted(TEXT_TYPES) == ["align", "correct", "edit", "translate"]  # the credits query names these


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.mark.skipif(importlib.util.find_spec("datasette") is None,
                    reason="datasette is not installed (pip install 'byline[archive]'; .ci/run installs it)")
def test_datasette_serves_the_index_over_loopback(machine_translated: Path, tmp_path: Path) -> None:
    from workflow.archive.serve import command, metadata_for

    index(machine_translated)
    path = default_path(Workspace(machine_translated))
    port = free_port()
    server = subprocess.Popen(command(path, metadata_for(path, tmp_path), port),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}/archive"
        for _ in range(200):
            try:
                rows = get_json(f"{base}/articles.json?_shape=array")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.1)
        else:
            pytest.fail("datasette did not answer on loopback")
        assert [row["slug"] for row in rows] == ["nk"]  # type: ignore[index]
        words = get_json(f"{base}/untouched_machine_words.json?_shape=array")
        assert words[0]["engine"] == "mt:papago" and words[0]["untouched_words"] > 0  # type: ignore[index]
        waiting = get_json(f"{base}/awaiting_approval.json?_shape=array")
        assert [row["slug"] for row in waiting] == ["nk"]  # type: ignore[index]
        month = get_json(f"{base}/credits_for_month.json?_shape=array&month=" + time.strftime("%Y-%m", time.gmtime()))
        assert {(row["agent"], row["role"]) for row in month} >= {("ewhong", "editor")}  # type: ignore[union-attr]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("when", ["2026-13-01", "2026-02-30", "2026-00", "2026-11-00", "2025-02-29",
                                  "2026-11-27T24", "2026-11-27T09:60", "2026-11-27T09:14:61Z", "0000"])
@pytest.mark.parametrize("command", [["log", "--all"], ["credit", "--all"]])
def test_a_date_that_is_no_day_of_the_calendar_is_refused(workspace: Path, command: list[str], when: str) -> None:
    """2026-13-01 once matched nothing and said so ("no credited work"): a typo read as an empty period."""
    for option in ("--since", "--until"):
        result = invoke(*command, option, when, "--workspace", str(workspace))
        assert result.exit_code == 2 and f"{option} {when!r}" in result.stderr and "no such date" in result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize("when", ["2024-02-29", "2026-12", "2026", "2026-11-27T23:59:59Z", "2026-11-27T00"])
def test_every_calendar_date_at_any_precision_is_taken(workspace: Path, when: str) -> None:
    for command in (["log", "--all"], ["credit", "--all"]):
        assert invoke(*command, "--since", when, "--workspace", str(workspace)).exit_code == 0


def test_index_never_replaces_a_file_that_is_not_an_index(workspace: Path, tmp_path: Path) -> None:
    """`-o` aimed by mistake at a desk's notes, or at its own database, once replaced it with an index: work
    lost. Outside `.byline-cache/` only a byline index (or an empty file) is replaced (the record's own files
    are refused by every command's -o: tests/test_outputs_spare_the_record.py)."""
    config = tmp_path / "desk-notes.txt"
    config.write_text("who covers the weekend desk\n", encoding="utf-8")
    notes = tmp_path / "notes.db"
    with contextlib.closing(sqlite3.connect(notes)) as conn:
        conn.execute("CREATE TABLE notes (x)")
        conn.execute("INSERT INTO notes VALUES ('a desk note')")
        conn.commit()
    for target in (config, notes):
        before = target.read_bytes()
        for extra in ([], ["--rebuild"]):
            result = invoke("index", "-o", str(target), *extra, "--workspace", str(workspace))
            assert result.exit_code == 2, result.output
            assert f"{target}: not a byline archive index" in result.stderr and "remove it" in result.stderr
            assert target.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_index_into_a_folder_is_refused(workspace: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    result = invoke("index", "-o", str(folder), "--workspace", str(workspace))
    assert result.exit_code == 2 and "is a folder" in result.stderr and "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def test_index_elsewhere_is_kept_updated_and_rebuilt(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "desk.db"
    target.touch()  # an empty file holds nothing to lose
    for extra, how in (([], "built afresh"), ([], "updated"), (["--rebuild"], "built afresh (asked to rebuild)")):
        result = invoke("index", "-o", str(target), *extra, "--workspace", str(workspace))
        assert result.exit_code == 0 and how in result.stdout, result.output
    assert db(workspace, target).execute("SELECT slug FROM articles").fetchall() == [("nk",)]


@pytest.mark.parametrize("port", ["0", "70000", "-1"])
def test_serve_refuses_a_port_that_is_none_before_building(workspace: Path, port: str) -> None:
    """Datasette's own refusal came after the index was built and 'serving …' printed, as a usage page."""
    result = invoke("index", "--serve", "--port", port, "--workspace", str(workspace))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"byline: error: --port {port}: give a port from 1 to 65535 "
                                                  "(default: 8001)"]
    assert not default_path(Workspace(workspace)).exists()


@pytest.mark.skipif(importlib.util.find_spec("datasette") is None,
                    reason="datasette is not installed (pip install 'byline[archive]'; .ci/run installs it)")
def test_serve_on_a_port_in_use_is_one_line(workspace: Path) -> None:
    """A port already held (a Datasette left running) was Datasette's log and an internal error, exit 3."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = invoke("index", "--serve", "--port", str(port), "--workspace", str(workspace))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port} cannot be listened on" in lines[0] and "give another port" in lines[0]


def copy_article(root: Path, slug: str, copy: str) -> None:
    """The article's folders copied under another name: a ledger whose events all name `slug`."""
    for folder in ("sources", "translations"):
        shutil.copytree(root / folder / slug, root / folder / copy)


def test_a_copied_ledger_credits_nobody(workspace: Path) -> None:
    """A ledger copied into a new folder replays cleanly, and `credit` once gave it the original's credit line and
    `credit --all` counted its translator twice. A ledger that fails verification now supports no credit; the
    report says which articles it left out."""
    copy_article(workspace, "nk", "nk2")
    ws = ["--workspace", str(workspace)]
    single = invoke("credit", "nk2", *ws)
    assert single.exit_code == 1 and single.stdout == ""
    assert "belongs to article 'nk', not 'nk2'" in single.stderr and "supports no credit line" in single.stderr
    report = invoke("credit", "--all", "--json", *ws)
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    assert {item["article"] for person in data["people"] for key in ("translated", "edited")
            for item in person[key]} == {"nk"}
    assert [item["article"] for item in data["not_counted"]] == ["nk2"]
    text = invoke("credit", "--all", *ws).stdout
    assert "translated 1: nk\n" in text and text.rstrip().endswith("(see `byline verify ARTICLE`): nk2")
    conn = db(workspace)
    assert conn.execute("SELECT count(*) FROM credits WHERE article = 'nk2'").fetchone()[0] == 0
    assert conn.execute("SELECT slug, ok, record_ok FROM articles ORDER BY slug").fetchall() == [
        ("nk", 1, 1), ("nk2", 0, 0)]


def test_unrecorded_work_leaves_the_record_and_its_credit_standing(workspace: Path) -> None:
    edit_english(workspace, "residents", "villagers")  # not recorded: the working file differs from the record
    ws = ["--workspace", str(workspace)]
    assert invoke("credit", "nk", *ws).exit_code == 0
    people = json.loads(invoke("credit", "--all", "--json", *ws).stdout)
    assert people["not_counted"] == [] and people["people"]
    assert db(workspace).execute("SELECT ok, record_ok FROM articles").fetchall() == [(0, 1)]


def many_articles(root: Path, count: int) -> None:
    """`count` more articles beside nk, each ingested and most translated, so that the index reads them in a pool."""
    for number in range(count):
        slug = f"story{number:02d}"
        (root / f"{slug}.md").write_text(f"# 기사 {number}\n\n주민 {number + 2}명이 체포됐다.\n\n경찰이 밝혔다.\n",
                                         encoding="utf-8")
        run_ok(root, "ingest", str(root / f"{slug}.md"), "--article", slug, "--by", "reporter")
        if number % 4:
            (root / f"{slug}.en.md").write_text(
                f"# Story {number}\n\n{number + 2} residents were arrested.\n\nPolice said so.\n", encoding="utf-8")
            run_ok(root, "translate", slug, "--from", str(root / f"{slug}.en.md"), "--by", "cslee")


def test_rows_read_in_a_pool_are_the_rows_read_one_by_one(workspace: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles read in worker processes give the index the same rows, in the same order, as when this process
    reads every article (the pool's path, tested without the corpus)."""
    from workflow import parallel

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: articles are never read in a pool")
    count = parallel.POOL_MIN + 4
    many_articles(workspace, count - 1)
    pools: list[bool] = []
    real = parallel.map_articles
    monkeypatch.setattr(parallel, "map_articles",
                        lambda func, shared, slugs: (pools.append(len(slugs) >= parallel.POOL_MIN),
                                                     real(func, shared, slugs))[1])
    (tmp_path / "out").mkdir()
    pooled, alone = tmp_path / "out" / "pooled.db", tmp_path / "out" / "alone.db"
    index(workspace, "-o", str(pooled))
    monkeypatch.setattr(parallel, "POOL_MIN", 10_000)
    index(workspace, "-o", str(alone))
    assert pools == [True, False]  # read in a pool, then by this process alone
    tables = ("articles", "events", "units", "authorship", "credits", "indexed_files", "people")
    for table in tables:
        got, expected = (list(sqlite3.connect(path).execute(f"SELECT * FROM {table}")) for path in (pooled, alone))
        assert got == expected, table
    assert sqlite3.connect(pooled).execute("SELECT count(*) FROM articles").fetchone()[0] == count
    monkeypatch.undo()
    index(workspace)  # in a pool again
    assert_index_equals_ledgers(workspace)


def test_an_article_that_cannot_be_read_leaves_the_index_and_no_temporary_files(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while the articles are read (here, a bug planted in one) changes nothing: the index is as it
    was, byte for byte, and no temporary file is left beside it."""
    import workflow.archive.extract as extract

    second_article(workspace)
    index(workspace)
    before = default_path(Workspace(workspace)).read_bytes()
    edit_english(workspace, "residents said", "locals said")
    run_ok(workspace, "record", "nk", "--by", "ewhong")
    cache = default_path(Workspace(workspace)).parent
    kept = sorted(p.name for p in cache.iterdir())
    real = extract.digested_rows

    def failing(shared, slug):  # type: ignore[no-untyped-def]
        if slug == "nk":
            raise RuntimeError("planted")
        return real(shared, slug)

    monkeypatch.setattr(extract, "digested_rows", failing)
    assert invoke("index", "--workspace", str(workspace)).exit_code == 3
    assert default_path(Workspace(workspace)).read_bytes() == before
    assert sorted(p.name for p in cache.iterdir()) == kept
    monkeypatch.undo()
    assert index(workspace)["read"] == 1
    assert_index_equals_ledgers(workspace)

