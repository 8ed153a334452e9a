"""Smoke test for benchmarks/desks_merge.py: it builds two branches, merges, verifies and prints its figures."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_merge_benchmark_runs_on_a_small_ledger() -> None:
    spec = importlib.util.spec_from_file_location("desks_merge", REPO / "benchmarks" / "desks_merge.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main_(["--events", "20", "--runs", "1"])
    printed = out.getvalue()
    assert "merged ledger: 20 events, 2 heads, 0 conflicts" in printed
    assert "verify, single chain of 20" in printed
