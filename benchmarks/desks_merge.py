"""Merging two desks' branches of one ledger and verifying it, beside a single-chain verify of the same size.

Run: `.venv/bin/python benchmarks/desks_merge.py [--events 200] [--runs 5]`.

Builds, from the repository's sample article (10 events), two desks that each
record half of the remaining edits on different units, so that their union
has `--events` events in two branches; and one desk that records all of them
in a single chain. Prints the median over `--runs` of:

- merge: what git's drivers do for a pull — the union of the two ledgers
  (`merged_ledger`) and the working files its replay yields;
- verify after the merge: `byline verify`'s work on the merged ledger (chain,
  canonical order, replay of both branches from their common ancestor,
  signatures, working files);
- verify of the single chain of the same number of events, for comparison.

Figures are wall-clock on whatever else the machine is doing; say so with them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workflow.cli import main  # noqa: E402
from workflow.desks.ledgers import merged_ledger  # noqa: E402
from workflow.ledger import read_events  # noqa: E402
from workflow.model.replay import replay  # noqa: E402
from workflow.model.working_files import write_working_files  # noqa: E402
from workflow.reading.verify import verify_article  # noqa: E402
from workflow.workspace import Workspace  # noqa: E402

SLUG = "nk-laptops"


def byline(root: Path, *args: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main([*args, "--workspace", str(root)])
        except SystemExit as exc:
            if exc.code:
                raise RuntimeError(f"byline {' '.join(args)} exited {exc.code}") from None


def sample(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(ROOT / "byline.toml", target / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(ROOT / folder / SLUG, target / folder / SLUG)
    return target


def record_edits(root: Path, count: int, units: list[int], clock: int, step: int) -> None:
    """`count` recorded edits, each adding a word at the end of one of `units` (in turn), dated clock, clock+step, …"""
    ws = Workspace(root)
    for number in range(count):
        state = replay(SLUG, read_events(ws.ledger_file(SLUG)), authorship=False)
        unit = state.units[units[number % len(units)]]
        text = state.target_text or ""
        end = unit.end - 1 if text[unit.end - 1] in '.”"' else unit.end
        ws.target_file(SLUG).write_text(text[:end] + f" w{number}" + text[end:], encoding="utf-8")
        os.environ["BYLINE_NOW"] = (
            f"2026-12-{1 + (clock + number * step) // 86400:02d}T"
            f"{(clock + number * step) % 86400 // 3600:02d}:{(clock + number * step) % 3600 // 60:02d}:"
            f"{(clock + number * step) % 60:02d}Z"
        )
        byline(root, "record", SLUG, "--by", "ewhong" if units[0] % 2 == 0 else "mfoster")
    os.environ.pop("BYLINE_NOW", None)


def median(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main_(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        top = Path(folder)
        base = sample(top / "base")
        extra = options.events - len(read_events(Workspace(base).ledger_file(SLUG)))
        units = len(replay(SLUG, read_events(Workspace(base).ledger_file(SLUG)), authorship=False).units)
        a, b = shutil.copytree(base, top / "a"), shutil.copytree(base, top / "b")
        chain = shutil.copytree(base, top / "chain")
        print(
            f"building: two desks of {extra // 2} and {extra - extra // 2} edits, and one chain of {extra} …",
            flush=True,
        )
        record_edits(a, extra // 2, list(range(0, units, 2)), 0, 60)
        record_edits(b, extra - extra // 2, list(range(1, units, 2)), 30, 60)
        record_edits(chain, extra, list(range(units)), 0, 30)
        ours, theirs = (Workspace(d).ledger_file(SLUG).read_bytes() for d in (a, b))
        merged_dir = shutil.copytree(a, top / "merged")
        ws = Workspace(merged_dir)

        def merge() -> None:
            merged = merged_ledger(ours, theirs, "provenance.jsonl")
            ws.ledger_file(SLUG).write_bytes(merged.data)
            write_working_files(ws, replay(SLUG, merged.events, authorship=False))

        merging = median(options.runs, merge)
        events = len(read_events(ws.ledger_file(SLUG)))
        checked = verify_article(ws, SLUG, authorship=False)
        assert not checked.problems, checked.problems
        verifying = median(options.runs, lambda: verify_article(ws, SLUG, authorship=False))
        single = median(options.runs, lambda: verify_article(Workspace(chain), SLUG, authorship=False))
        state = replay(SLUG, read_events(ws.ledger_file(SLUG)), authorship=False)
    print(f"merged ledger: {events} events, {len(state.heads)} heads, {len(state.conflicts)} conflicts")
    print(f"merge (union + working files)     {merging * 1000:8.1f} ms")
    print(f"verify after the merge            {verifying * 1000:8.1f} ms")
    print(f"merge + verify                    {(merging + verifying) * 1000:8.1f} ms")
    print(f"verify, single chain of {options.events}      {single * 1000:8.1f} ms")
    print(f"(median of {options.runs} runs each; wall clock, on a machine others may share)")


if __name__ == "__main__":
    main_()
