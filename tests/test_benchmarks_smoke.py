"""Smoke test for the benchmark builder: a two-article workspace that `byline verify` passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import benchmark_builder, invoke

BUILDER = benchmark_builder()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (BUILDER.find_data() / "dev.ko").is_file(), reason="needs ../shared/data/ko-en-news"),
]


def test_two_articles_build_a_workspace_that_verifies(tmp_path: Path) -> None:
    builder = BUILDER
    timings = builder.make_workspace(tmp_path / "ws", 2, seed=3)
    assert timings.translate > 0
    result = invoke("verify", "--all", "--json", "--workspace", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    log = invoke("log", "news-0002", "--json", "--workspace", str(tmp_path / "ws"))
    kinds = [event["type"] for event in json.loads(log.output)["events"]]
    assert kinds == ["ingest", "translate", "edit", "edit", "approve"]


def test_an_archive_mixes_the_lives_of_stories(tmp_path: Path) -> None:
    """Twenty articles, built by two workers, hold every life the builder knows, and all of them verify."""
    BUILDER.make_workspace(tmp_path / "ws", 20, seed=1, workers=2)
    result = invoke("verify", "--all", "--json", "--workspace", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    status = json.loads(invoke("status", "--json", "--workspace", str(tmp_path / "ws")).output)["articles"]
    by_slug = {s["article"]: s for s in status}
    assert len(by_slug) == 20
    kinds = {}
    for slug in by_slug:
        log = json.loads(invoke("log", slug, "--json", "--workspace", str(tmp_path / "ws")).output)["events"]
        kinds[slug] = [event["type"] for event in log]
    assert kinds["news-0020"] == ["ingest"]  # a source never translated
    assert by_slug["news-0020"]["untranslated"]
    assert (
        kinds["news-0004"][-1] == "source-update" and by_slug["news-0004"]["stale"]
    )  # Korean corrected after publication
    assert kinds["news-0008"][-3:] == ["correct", "approve", "publish"] and not by_slug["news-0008"]["stale"]
    machine = [
        event
        for event in json.loads(invoke("log", "news-0003", "--json", "--workspace", str(tmp_path / "ws")).output)[
            "events"
        ]
        if event["type"] == "translate"
    ]
    assert machine[0]["origin"] == "mt:deepl" and machine[0]["operator"]["id"] in BUILDER.TRANSLATORS
    dates = [event["at"] for slug in ("news-0001", "news-0020") for event in json.loads(
        invoke("log", slug, "--json", "--workspace", str(tmp_path / "ws")).output)["events"]]
    assert dates == sorted(dates) and dates[0].startswith("2026-01")  # along the year, in article order
