"""Work over many articles in worker processes gives the same results, in order."""

from __future__ import annotations

from pathlib import Path

from workflow.parallel import POOL_MIN, map_articles
from workflow.reading.status import status_of
from workflow.reading.verify import verify_summary


def test_pool_results_match_serial_results_in_order(workspace: Path) -> None:
    slugs = ["nk"] * (POOL_MIN + 4)
    pooled = list(map_articles(verify_summary, workspace, slugs))
    assert pooled == [verify_summary(workspace, "nk")] * len(slugs)
    assert all(summary["findings"] == [] for summary in pooled)
    statuses = list(map_articles(status_of, workspace, slugs))
    assert {s["article"] for s in statuses} == {"nk"} and len(statuses) == len(slugs)
