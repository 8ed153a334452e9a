"""A bug in byline is exit code 3 with one line saying so; BYLINE_DEBUG=1 shows its traceback (DESIGN.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Replay's translate handler made to fail as a defect would: not a BylineError, and not damage to the ledger.
BROKEN = """
import sys
from workflow.cli import main
from workflow.model import replay

def broken(self, event):
    raise KeyError("layout")

replay.Replay._translate = broken
main(sys.argv[1:])
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the repository's sample workspace (article nk-laptops)."""
    shutil.copy(REPO / "byline.toml", tmp_path / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(REPO / folder / "nk-laptops", tmp_path / folder / "nk-laptops")
    return tmp_path


def _run(sample: Path, *args: str, debug: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(sample)}
    if debug is not None:
        env["BYLINE_DEBUG"] = debug
    return subprocess.run([sys.executable, "-c", BROKEN, *args, "--workspace", str(sample)],
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("args", [["credit", "nk-laptops"], ["status", "nk-laptops"]], ids=lambda a: a[0])
def test_a_bug_is_exit_3_and_one_line(sample: Path, args: list[str]) -> None:
    result = _run(sample, *args)
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == ("byline: internal error: KeyError: 'layout'; this is a bug — "
                             "run with BYLINE_DEBUG=1 for the traceback\n")


def test_byline_debug_shows_the_traceback(sample: Path) -> None:
    result = _run(sample, "credit", "nk-laptops", debug="1")
    assert result.returncode == 3
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'line 7, in broken' in result.stderr and result.stderr.endswith("KeyError: 'layout'\n")
    assert "internal error" not in result.stderr


def test_byline_debug_0_is_off(sample: Path) -> None:
    assert _run(sample, "credit", "nk-laptops", debug="0").stderr.startswith("byline: internal error: KeyError")


def test_errors_a_person_can_fix_keep_their_exit_codes(sample: Path) -> None:
    assert _run(sample, "credit", "no-such-article").returncode == 2
    ledger = sample / "translations/nk-laptops/provenance.jsonl"
    ledger.write_bytes(ledger.read_bytes().replace(b"Eugene Whong", b"Eugene Whang", 1))
    damaged = _run(sample, "verify")
    assert damaged.returncode == 1 and "id does not match the content" in damaged.stdout
