"""Work over many articles in worker processes gives the same results, in order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.parallel import POOL_MIN, map_articles
from workflow.reading.status import status_of
from workflow.reading.verify import verify_summary


def summary_in_process(root: Path, slug: str) -> tuple[int, dict]:
    """Which process did the work, and what it found (module level, so that workers can unpickle it)."""
    return os.getpid(), verify_summary(root, slug)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with two cores, whatever this one has: the pool's policy is under test, not the hardware."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def test_pool_results_match_serial_results_in_order(workspace_copy: Path, two_cores: None) -> None:
    slugs = ["nk"] * (POOL_MIN + 4)
    pooled = list(map_articles(summary_in_process, workspace_copy, slugs))
    assert os.getpid() not in {pid for pid, _ in pooled}, "the work did not go to worker processes"
    assert [summary for _, summary in pooled] == [verify_summary(workspace_copy, "nk")] * len(slugs)
    assert all(summary["findings"] == [] for _, summary in pooled)
    statuses = list(map_articles(status_of, workspace_copy, slugs))
    assert {s["article"] for s in statuses} == {"nk"} and len(statuses) == len(slugs)


def test_a_few_articles_are_worked_on_in_this_process(workspace_copy: Path, two_cores: None) -> None:
    few = ["nk"] * (POOL_MIN - 1)
    assert {pid for pid, _ in map_articles(summary_in_process, workspace_copy, few)} == {os.getpid()}


def touch(folder: Path, slug: str) -> str:
    """Mark the article as worked on (module level, for workers)."""
    (folder / slug).touch()
    return slug


def test_workers_run_only_a_few_chunks_ahead_of_a_slow_caller(tmp_path: Path, two_cores: None) -> None:
    """Results wait to be taken only a few chunks ahead, so memory stays flat however large the archive."""
    import time

    from workflow.parallel import CHUNK_MAX, IN_FLIGHT

    slugs = [f"a{n:04d}" for n in range(2 * IN_FLIGHT * CHUNK_MAX * 3)]
    results = map_articles(touch, tmp_path, slugs)
    assert next(results) == slugs[0]
    time.sleep(1.0)  # time for the workers to run ahead, were they let
    ahead = len(list(tmp_path.iterdir()))
    assert ahead <= 2 * IN_FLIGHT * CHUNK_MAX < len(slugs)
    assert [slugs[0], *results] == slugs


@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=2, max_value=8))
def test_chunks_keep_every_article_in_order_and_shrink_towards_the_end(count: int, workers: int) -> None:
    """The pool's chunks are the slugs in order, none empty or over CHUNK_MAX, and the last ones small,
    so that no worker sits idle while another finishes a full chunk."""
    from workflow.parallel import CHUNK_MAX, _chunks

    slugs = [f"a{n}" for n in range(count)]
    chunks = list(_chunks(slugs, workers))
    assert [slug for chunk in chunks for slug in chunk] == slugs
    sizes = [len(chunk) for chunk in chunks]
    assert all(1 <= size <= CHUNK_MAX for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if count >= workers:  # the last chunk each worker takes is one article
        assert sizes[-workers:] == [1] * workers
