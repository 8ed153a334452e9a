"""A merge commit kept every event of each parent: what `byline verify` adds when HEAD is a merge.

A ledger verifies on its own, so a merge made without byline's driver shows
in the files (lines out of canonical order, conflict markers, working files
that are not what replay yields). One thing the files cannot show: a merge
that took one side's ledger and dropped the other's events. That needs the
parents' ledgers, so on a merge commit verify reads them from git; on a
clone too shallow to hold them (CI's default depth of 1), it says what depth
it needs instead.
"""

from __future__ import annotations

from pathlib import Path

from workflow.desks.git import Git
from workflow.ledger import scan_bytes
from workflow.workspace import Workspace

NEEDED_DEPTH = 2


def merge_problems(ws: Workspace, slugs: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Per article, events a parent of the merge commit HEAD had and the ledger lacks; and notes for the reader."""
    git = Git.find(ws.root)
    if git is None:
        return {}, []
    parents = git.commit_parents("HEAD")
    if len(parents) < 2:
        return {}, []
    if any(git.run("cat-file", "-e", f"{parent}^{{commit}}", check=False).returncode for parent in parents):
        return {}, [
            f"HEAD is a merge commit whose parents are not in this clone (a shallow clone); to check that the "
            f"merge kept both sides' events, fetch {NEEDED_DEPTH} commits deep (`git fetch --deepen 1`, or "
            f"actions/checkout with fetch-depth: {NEEDED_DEPTH})"
        ]
    problems: dict[str, list[str]] = {}
    for slug in slugs:
        path = ws.ledger_file(slug)
        have = {event.id for event in scan_bytes(_read(path))[0]}
        for parent in parents:
            data = git.blob(f"{parent}:{git.path(path)}")
            if data is None:
                continue  # the article is new on the other side
            lost = [event for event in scan_bytes(data)[0] if event.id not in have]
            if lost:
                problems.setdefault(slug, []).append(
                    f"the merge commit HEAD lacks {len(lost)} event(s) of its parent {parent[:12]} "
                    f"(the first: #{lost[0].seq} {lost[0].type} by {lost[0].agent}, {lost[0].id[:19]}…); it was merged "
                    "without byline's merge driver: run `byline init` in a clone and redo the merge (docs/git.md)"
                )
    return problems, []


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
