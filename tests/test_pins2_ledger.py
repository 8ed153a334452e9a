"""The ledger file as others see it: its mode, its head, its fast canonical writer (issue 23, second sample).

Each test was written against a mutant of the ledger, canonical JSON or the
state (benchmarks/mutation.py, seed 20261215) that the suite let through.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import KOREAN, invoke, probe


def _ws(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def _ledger(root: Path, slug: str = "nk") -> Path:
    return root / "translations" / slug / "provenance.jsonl"


@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_a_new_ledger_is_readable_by_all_and_writable_by_its_owner_only(empty_workspace_copy: Path,
                                                                        umask: int) -> None:
    """rw-r--r-- (less what the umask takes away): a desk's other accounts read it, and nothing executes it."""
    root = empty_workspace_copy
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    old = os.umask(umask)
    try:
        result = invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *_ws(root))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(_ledger(root).stat().st_mode) == 0o644 & ~umask


def _last_id(root: Path) -> str:
    return json.loads(_ledger(root).read_bytes().splitlines()[-1])["id"]


def test_status_and_verify_name_the_last_event_as_the_head(workspace_copy: Path) -> None:
    root = workspace_copy
    for step in range(2):
        head = _last_id(root)
        status = json.loads(invoke("status", "nk", "--json", *_ws(root)).stdout)["articles"][0]
        verified = json.loads(invoke("verify", "nk", "--json", *_ws(root)).stdout)["articles"][0]
        assert status["head"] == verified["head"] == head
        assert verified["heads"] == [head]
        if step == 0:
            result = invoke("approve", "nk", "--by", "ewhong", "--stage", "edit", *_ws(root))
            assert result.exit_code == 0, result.output
            assert _last_id(root) != head


def test_recording_an_event_needs_no_reference_canonical_writer(workspace_copy: Path) -> None:
    """An approval's body (lists of stages and hashes) takes the fast writer: rfc8785 is never imported."""
    found = probe("approve", "nk", "--by", "ewhong", "--stage", "edit", *_ws(workspace_copy))
    assert found.exit_code == 0, found.stderr
    assert "rfc8785" not in found.modules
    assert invoke("verify", "nk", *_ws(workspace_copy)).exit_code == 0


CANONICAL = """
import sys
from workflow.canonical import canonical
value = {"units": [{"id": "s1", "spans": [[0, 12], [14, 30]]}], "hashes": ("sha256:ab", "sha256:cd"), "n": [0.5, 2.0]}
print(canonical(value).decode(), "rfc8785" in sys.modules)
"""


def test_lists_and_tuples_are_written_by_the_fast_writer_as_rfc8785_writes_them() -> None:
    import rfc8785

    run = subprocess.run([sys.executable, "-c", CANONICAL], capture_output=True, text=True, check=True)
    written, imported = run.stdout.split()
    expected = rfc8785.dumps({"units": [{"id": "s1", "spans": [[0, 12], [14, 30]]}],
                              "hashes": ["sha256:ab", "sha256:cd"], "n": [0.5, 2]}).decode()
    assert (written, imported) == (expected, "False")
