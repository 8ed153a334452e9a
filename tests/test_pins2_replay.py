"""Replay as `log --unit` and `verify` show it, pinned end to end (issue 23, second sample).

Each test was written against a mutant of replay (benchmarks/mutation.py,
seed 20261215) that the suite let through: the versions that `log --unit`
reads, and the check that an edit's delta gives the text its event records.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import invoke

from workflow.canonical import canonical
from workflow.ledger import event_id


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample (ingested by reporter, translated by cslee), copied from the session's template."""
    return workspace_copy


def _ws(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def _en(root: Path) -> Path:
    return root / "translations" / "nk" / "en.md"


def _record(root: Path, who: str, old: str, new: str, *extra: str) -> None:
    text = _en(root).read_text(encoding="utf-8")
    assert old in text
    _en(root).write_text(text.replace(old, new), encoding="utf-8")
    result = invoke("record", "nk", "--by", who, *extra, *_ws(root))
    assert result.exit_code == 0, result.output


def test_log_of_a_unit_lists_the_events_that_changed_it_each_with_its_words(workspace: Path) -> None:
    _record(workspace, "ewhong", "Three residents", "Four residents", "--note", "figure")
    _record(workspace, "mfoster", "residents said", "locals said")  # another unit: not in s5's log
    _record(workspace, "mfoster", "Four residents were arrested", "Four residents were detained")
    result = invoke("log", "nk", "--unit", "s5", "--json", *_ws(workspace))
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    assert [(e["seq"], e["agent"], e["before"], e["after"]) for e in events] == [
        (2, "cslee", "", "Three residents were arrested."),
        (3, "ewhong", "Three residents were arrested.", "Four residents were arrested."),
        (5, "mfoster", "Four residents were arrested.", "Four residents were detained."),
    ]
    assert [(w["op"], w["text"]) for w in events[1]["words"]] == [
        ("delete", "Three"), ("insert", "Four"), ("equal", " residents were arrested.")]
    text = invoke("log", "nk", "--unit", "s5", *_ws(workspace)).stdout
    assert "[-Three-]{+Four+} residents were arrested." in text and "figure" in text


# --- an edit's recorded result is checked against its delta ------------------------------------------------------


def _rechain(root: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the ledger with `change(data)` applied to each event, ids and parents recomputed (a forger's work)."""
    path = root / "translations" / "nk" / "provenance.jsonl"
    lines, prev = [], None
    for line in path.read_bytes().splitlines():
        data = json.loads(line)
        data.pop("sig", None)
        change(data)
        data["prev"], data["parents"] = prev, [prev] if prev else []
        data["id"] = prev = event_id(data)
        lines.append(canonical(data))
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_an_edit_whose_recorded_result_is_not_what_its_delta_gives_fails_verify(workspace: Path) -> None:
    """The chain is rehashed, so only replay can see that the edit's `result` names another English."""
    _record(workspace, "ewhong", "Three residents", "Four residents")
    assert invoke("verify", "nk", *_ws(workspace)).exit_code == 0
    claimed = "sha256:" + hashlib.sha256(b"some other English").hexdigest()

    def lie(data: dict) -> None:
        if data["type"] == "edit":
            data["result"]["target"] = claimed

    _rechain(workspace, lie)
    result = invoke("verify", "nk", *_ws(workspace))
    assert result.exit_code == 1, result.output
    assert "event 3: replaying its delta gives target sha256:" in result.output
    assert f"the event says {claimed}" in result.output
    assert "Traceback" not in result.output
