"""Smoke test for the benchmark builder: a two-article workspace that `byline verify` passes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from helpers import invoke

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ko-en-news"

pytestmark = pytest.mark.skipif(not (DATA / "dev.ko").is_file(), reason="needs ../shared/data/ko-en-news")


def load_builder():  # type: ignore[no-untyped-def]
    """benchmarks/make_workspace.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_workspace", REPO / "benchmarks" / "make_workspace.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_two_articles_build_a_workspace_that_verifies(tmp_path: Path) -> None:
    builder = load_builder()
    timings = builder.make_workspace(tmp_path / "ws", 2, seed=3)
    assert timings.translate > 0
    result = invoke("verify", "--all", "--json", "--workspace", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    log = invoke("log", "news-0002", "--json", "--workspace", str(tmp_path / "ws"))
    kinds = [event["type"] for event in json.loads(log.output)["events"]]
    assert kinds == ["ingest", "translate", "edit", "edit", "approve"]
