"""Many processes recording on one article at once: all land, in some order, on an intact chain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ENGLISH, invoke

from workflow.ledger import read_events

pytestmark = pytest.mark.slow  # many processes at once

EDITORS = [f"ed{n}" for n in range(1, 7)]


def _add_people(root: Path) -> None:
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        for pid in EDITORS:
            handle.write(f'\n[people.{pid}]\nname = "Editor {pid[2:]}"\nroles = ["editor"]\n')


def _start(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("BYLINE_SIGNING_KEY", None)
    return subprocess.Popen([sys.executable, "-m", "workflow", *args, "--workspace", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_parallel_approvals_edits_and_waivers(workspace: Path) -> None:
    _add_people(workspace)
    variants = []
    for n, pid in enumerate(EDITORS[:4], start=1):
        path = workspace / f"edit-{n}.md"
        path.write_text(ENGLISH.replace("residents said", f"residents said (edit {n})"), encoding="utf-8")
        variants.append((pid, path))
    jobs = (
        [_start(workspace, "approve", "nk", "--by", pid) for pid in ("ewhong", "mfoster", *EDITORS[4:])]
        + [_start(workspace, "record", "nk", "--by", pid, "--from", str(path), "--note", f"variant {path.stem}")
           for pid, path in variants]
        + [_start(workspace, "waive", "nk", "--rule", f"BL20{n}", "--by", pid, "--reason", f"checked {n}")
           for n, pid in enumerate(EDITORS, start=1)]
    )
    outcomes = [(job.wait(timeout=120), job.stdout.read(), job.stderr.read()) for job in jobs]  # type: ignore[union-attr]
    assert all(code == 0 for code, _, _ in outcomes), outcomes

    events = read_events(workspace / "translations" / "nk" / "provenance.jsonl")
    assert len(events) == 2 + len(jobs)
    by_type: dict[str, list[str]] = {}
    for event in events[2:]:
        by_type.setdefault(event.type, []).append(event.agent)
    assert sorted(by_type["approve"]) == sorted(["ewhong", "mfoster", *EDITORS[4:]])
    assert sorted(by_type["edit"]) == sorted(pid for pid, _ in variants)
    assert sorted(by_type["waive"]) == sorted(EDITORS)
    assert sorted(e.data["note"] for e in events if e.type == "edit") == sorted(
        f"variant {p.stem}" for _, p in variants
    )

    last_edit = [e for e in events if e.type == "edit"][-1]
    winner = dict(variants)[last_edit.agent]
    assert (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8") == winner.read_text(
        encoding="utf-8"
    )
    result = invoke("verify", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output


APPENDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from workflow.ledger import append, read_events
    from workflow.workspace import article_lock

    folder, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for n in range(count):
        with article_lock(folder):
            events = read_events(folder / "provenance.jsonl")
            append(folder / "provenance.jsonl", {"type": "waive", "article": "a", "agent": {"id": who, "name": who},
                   "rule": "BL201", "reason": f"{who} {n} " + "x" * (n * 97 % 3000)}, events)
    """
)


def test_many_appenders_never_interleave(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    writers, count = 12, 15
    jobs = [subprocess.Popen([sys.executable, "-c", APPENDER, str(folder), f"w{n}", str(count)], stderr=subprocess.PIPE,
                             text=True) for n in range(writers)]
    errors = [(job.wait(timeout=120), job.stderr.read()) for job in jobs]  # type: ignore[union-attr]
    assert all(code == 0 for code, _ in errors), errors
    events = read_events(folder / "provenance.jsonl")
    assert len(events) == writers * count
    for n in range(writers):
        mine = [int(e.data["reason"].split()[1]) for e in events if e.agent == f"w{n}"]
        assert mine == list(range(count))  # each writer's events in its own order, none lost
    assert all(json.loads(line) for line in (folder / "provenance.jsonl").read_text().splitlines())


def test_indexes_built_and_updated_at_once_leave_one_index_that_equals_the_ledgers(workspace: Path) -> None:
    """Builds, rebuilds and updates of the archive index started together, while an editor records: every one
    ends well, and what is left is one whole index of the ledgers as they end (no temporary file beside it)."""
    from workflow.archive.index import default_path
    from workflow.workspace import Workspace

    edited = workspace / "edit.md"
    edited.write_text(ENGLISH.replace("residents said", "locals said"), encoding="utf-8")
    jobs = [_start(workspace, "index", *(("--rebuild",) if n % 2 else ())) for n in range(4)]
    jobs.append(_start(workspace, "record", "nk", "--by", "ewhong", "--from", str(edited)))
    jobs.extend(_start(workspace, "index") for _ in range(2))
    outcomes = [(job.wait(timeout=120), job.stderr.read()) for job in jobs]  # type: ignore[union-attr]
    assert all(code == 0 for code, _ in outcomes), outcomes
    assert invoke("index", "--workspace", str(workspace)).exit_code == 0  # takes in the record, if it came last
    checked = invoke("index", "--check", "--workspace", str(workspace))  # every article, table by table
    assert checked.exit_code == 0, checked.output
    assert db_events(workspace) == [e.id for e in read_events(workspace / "translations" / "nk" / "provenance.jsonl")]
    folder = default_path(Workspace(workspace)).parent
    assert not [p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".tmp-journal"))]


def db_events(root: Path) -> list[str]:
    """The ids of nk's events, in order, as the archive index holds them."""
    import contextlib
    import sqlite3

    from workflow.archive.index import default_path
    from workflow.workspace import Workspace

    with contextlib.closing(sqlite3.connect(str(default_path(Workspace(root))))) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM events WHERE article = 'nk' ORDER BY seq")]
