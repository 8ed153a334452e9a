"""Crash safety: processes killed while recording keep every earlier line; a torn line is set aside, never lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import invoke

from workflow.ledger import UNFINISHED, scan

RECORDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from workflow.steps.signoff import waive
    from workflow.workspace import Workspace

    ws = Workspace(Path(sys.argv[1]))
    person = ws.config.person("ewhong")
    n = 0
    while True:
        n += 1
        waive(ws, "nk", person, rule="BL201", reason=f"{sys.argv[2]} {n} " + "근거 " * (n % 50))
    """
)


def _ledger(root: Path) -> Path:
    return root / "translations" / "nk" / "provenance.jsonl"


@pytest.mark.slow
def test_kill_loop_keeps_every_earlier_line(workspace: Path) -> None:
    rng = random.Random(9)
    ledger = _ledger(workspace)
    deadline = time.monotonic() + 40
    kills = torn = 0
    for round_ in range(10):
        if time.monotonic() > deadline:
            break
        before = ledger.read_bytes()
        job = subprocess.Popen([sys.executable, "-c", RECORDER, str(workspace), f"r{round_}"], stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, 1.2))
        job.send_signal(signal.SIGKILL)
        code = job.wait()
        assert code == -signal.SIGKILL, f"round {round_}: the recorder stopped by itself ({code}): {job.stderr.read()}"
        kills += 1
        after = ledger.read_bytes()
        assert after.startswith(before), f"round {round_}: an earlier line changed"
        events, problem = scan(ledger)
        if problem is not None:
            assert problem.message.startswith("torn last line"), problem
            torn += not problem.message.startswith(UNFINISHED)  # a whole event that lacks its newline is completed
            assert invoke("repair", "nk", "--workspace", str(workspace)).exit_code == 0
        assert len(events) >= before.count(b"\n")
    assert kills >= 3
    assert len(scan(ledger)[0]) > 2, "the recorders were killed before they recorded anything"
    assert invoke("waive", "nk", "--rule", "BL202", "--by", "mfoster", "--reason", "after the crashes",
                  "--workspace", str(workspace)).exit_code == 0
    result = invoke("verify", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert len(list(ledger.parent.glob("provenance.jsonl.torn-*"))) == torn


@pytest.mark.parametrize("keep", [pytest.param(lambda n: 1, id="one-byte"), pytest.param(lambda n: n // 2, id="half"),
                                  pytest.param(lambda n: n - 1, id="all-but-newline")])
def test_torn_line_named_repaired_and_appends_continue(workspace: Path, keep) -> None:  # type: ignore[no-untyped-def]
    ledger = _ledger(workspace)
    assert invoke("approve", "nk", "--by", "ewhong", "--workspace", str(workspace)).exit_code == 0
    whole = ledger.read_bytes()
    start = whole[:-1].rfind(b"\n") + 1
    cut = start + keep(len(whole) - start)
    ledger.write_bytes(whole[:cut])

    result = invoke("verify", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "translations/nk/provenance.jsonl:3: torn: torn last line" in result.output

    refused = invoke("approve", "nk", "--by", "mfoster", "--workspace", str(workspace))
    assert refused.exit_code == 2 and "byline repair" in refused.output
    assert ledger.read_bytes() == whole[:cut]

    repaired = invoke("repair", "nk", "--workspace", str(workspace))
    if cut == len(whole) - 1:  # a whole event that lost only its newline is completed, never set aside
        assert repaired.exit_code == 0 and "completed the last event" in repaired.output
        assert ledger.read_bytes() == whole and not list(ledger.parent.glob("provenance.jsonl.torn-*"))
        return
    assert repaired.exit_code == 0 and "set the torn last line aside" in repaired.output
    [side] = ledger.parent.glob("provenance.jsonl.torn-*")
    assert side.read_bytes() == whole[start:cut]
    assert ledger.read_bytes() == whole[:start]

    assert invoke("approve", "nk", "--by", "mfoster", "--workspace", str(workspace)).exit_code == 0
    result = invoke("verify", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert invoke("repair", "nk", "--workspace", str(workspace)).output.endswith("whole; nothing to repair\n")


@pytest.mark.slow
def test_killed_while_holding_the_lock_does_not_block_others(workspace: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(
        """
        import sys, time
        from pathlib import Path
        from workflow.workspace import article_lock
        with article_lock(Path(sys.argv[1])):
            print("locked", flush=True)
            time.sleep(60)
        """), str(workspace / "translations" / "nk")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    waiter = subprocess.Popen([sys.executable, "-m", "workflow", "approve", "nk", "--by", "ewhong",
                               "--workspace", str(workspace)], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)
    assert waiter.poll() is None  # waits for the lock
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert waiter.wait(timeout=60) == 0
    assert len(scan(_ledger(workspace))[0]) == 3
