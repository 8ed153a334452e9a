"""The archive benchmark: byline's commands on 10-, 100- and 400-article workspaces, and the peers.

Run: `.venv/bin/python benchmarks/run.py [--sizes 10,100,400] [--dir DIR] [--reuse]`.
Prints wall time and peak memory per command and size, and the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BYLINE = Path(sys.executable).with_name("byline")
ARTICLE = "news-0001"


@dataclass(frozen=True, slots=True)
class Sample:
    """One command's run: wall seconds, peak resident memory of the child in MiB, exit code."""

    seconds: float
    peak_mib: float
    code: int


def run(command: list[str], cwd: Path | None = None) -> Sample:
    """Run `command` with its output discarded; wall time and the child's own peak RSS."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Sample(seconds, usage.ru_maxrss / 1024, child.returncode)


def median_run(command: list[str], runs: int) -> Sample:
    """The median wall time (and largest peak memory) of `runs` runs."""
    samples = [run(command) for _ in range(runs)]
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples),
                  max(s.code for s in samples))


def byline_commands() -> set[str]:
    """The subcommands this byline installation has (check and report may be missing in a young tree)."""
    out = subprocess.run([str(BYLINE), "--help"], capture_output=True, text=True, check=False).stdout
    listed = out.split("commands:", 1)[-1].splitlines()
    return {line.split()[0] for line in listed if line.startswith("  ") and not line.startswith("   ")}


def build(size: int, folder: Path, reuse: bool) -> Path:
    """The workspace of `size` articles under `folder`, built by make_workspace.py unless reused."""
    root = folder / f"ws{size}"
    if reuse and (root / "byline.toml").exists():
        print(f"reusing {root}")
        return root
    shutil.rmtree(root, ignore_errors=True)
    command = [sys.executable, str(HERE / "make_workspace.py"), "--articles", str(size), "--out", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"building {root} failed:\n{result.stderr}")
    print(f"built {result.stdout.strip()}")
    return root


def po_files(root: Path) -> list[str]:
    """Every article's en.po, in name order."""
    return sorted(str(p) for p in (root / "translations").glob("*/en.po"))


def measure(root: Path, have: set[str], runs: int) -> dict[str, Sample | None]:
    """Every benchmarked command on one workspace; None where the command or tool is absent."""
    ws = ["--workspace", str(root)]
    byline = [str(BYLINE)]
    results: dict[str, Sample | None] = {}
    if "check" in have:
        results["check --all (cold)"] = median_run([*byline, "check", "--all", "--no-cache", *ws], runs)
        run([*byline, "check", "--all", *ws])  # fill the cache
        results["check --all (warm)"] = median_run([*byline, "check", "--all", *ws], runs)
    results["verify --all"] = median_run([*byline, "verify", "--all", *ws], runs)
    if "index" in have:
        results.update(archive(root, runs))
    else:
        results["status"] = median_run([*byline, "status", *ws], runs)
    results["report (html)"] = (median_run([*byline, "report", ARTICLE, "--format", "html", *ws], runs)
                                if "report" in have else None)
    results["blame"] = median_run([*byline, "blame", ARTICLE, *ws], runs)
    results["pofilter"] = pofilter(root, runs)
    results["msgfmt -c"] = msgfmt(root, runs)
    return results


def archive(root: Path, runs: int) -> dict[str, Sample | None]:
    """The archive index: a full build, an update after one new event, and the desk-wide commands that read it."""
    ws = ["--workspace", str(root)]
    byline = [str(BYLINE)]
    results: dict[str, Sample | None] = {}
    index = root / ".byline-cache" / "archive.db"
    results["index (full)"] = median_run([*byline, "index", "--rebuild", *ws], runs)
    samples = []
    for number in range(runs):  # each run after one more event, recorded in a different article
        slug = f"news-{number + 2:04d}"
        english = root / "translations" / slug / "en.md"
        english.write_text(english.read_text(encoding="utf-8").rstrip("\n") + " (Updated.)\n", encoding="utf-8")
        recorded = run([*byline, "record", slug, "--by", "rdavis", "--note", "benchmark", *ws])
        if recorded.code != 0:
            sys.exit(f"recording an edit of {slug} failed: exit {recorded.code}")
        samples.append(run([*byline, "index", *ws]))
    results["index (1 new event)"] = Sample(statistics.median(s.seconds for s in samples),
                                            max(s.peak_mib for s in samples), max(s.code for s in samples))
    run([*byline, "index", *ws])
    results["status (all)"] = median_run([*byline, "status", *ws], runs)
    results["status (one)"] = median_run([*byline, "status", ARTICLE, *ws], runs)
    results["log --all --by"] = median_run([*byline, "log", "--all", "--by", "jkang", "--since", "2026-11", *ws], runs)
    results["credit --all --since"] = median_run([*byline, "credit", "--all", "--since", "2026-11-01", *ws], runs)
    assert index.exists()
    return results


def pofilter(root: Path, runs: int) -> Sample | None:
    """translate-toolkit's pofilter over every en.po (one process, all of its checks)."""
    tool = Path(sys.executable).with_name("pofilter")
    if not tool.exists():
        return None
    with tempfile.TemporaryDirectory() as out:
        return median_run([str(tool), "--progress=none", "-i", str(root / "translations"), "-o", out], runs)


def msgfmt(root: Path, runs: int) -> Sample | None:
    """GNU `msgfmt -c` on each en.po in turn (it merges multiple inputs into one catalog, so one file a run)."""
    if shutil.which("msgfmt") is None:
        return None
    loop = 'for f in "$@"; do msgfmt -c -o /dev/null "$f"; done'
    return median_run(["sh", "-c", loop, "sh", *po_files(root)], runs)


def startup(root: Path, runs: int) -> tuple[float, float, float]:
    """Median wall seconds of bare `python -c pass`, of `byline --version` (the interpreter, argparse and
    byline's entry point: every command's floor) and of `byline status` on a small workspace."""
    bare = median_run([sys.executable, "-c", "pass"], runs).seconds
    floor = median_run([str(BYLINE), "--version"], runs).seconds
    status = median_run([str(BYLINE), "status", ARTICLE, "--workspace", str(root)], runs).seconds
    return bare, floor, status


def editable() -> bool:
    """Whether the byline measured runs from this checkout (`pip install -e`) rather than from site-packages."""
    where = subprocess.run([sys.executable, "-c", "import workflow; print(workflow.__file__)"], capture_output=True,
                           text=True, check=False, cwd=tempfile.gettempdir()).stdout.strip()
    return bool(where) and Path(where).resolve().is_relative_to(HERE.parent)


def table(sizes: list[int], measured: dict[int, dict[str, Sample | None]]) -> str:
    """Rows of commands, columns of sizes: seconds and peak MiB."""
    names = list(next(iter(measured.values())))
    head = f"{'command':<22}" + "".join(f"{f'{n} articles':>24}" for n in sizes)
    lines = [head, "-" * len(head)]
    for name in names:
        cells = []
        for n in sizes:
            sample = measured[n][name]
            cells.append(f"{'n/a':>24}" if sample is None else f"{sample.seconds:>9.3f} s {sample.peak_mib:>7.1f} MiB"
                         + ("  " if sample.code in (0, 1) else " !"))
        lines.append(f"{name:<22}" + "".join(f"{c:>24}" for c in cells))
    return "\n".join(lines)


def ratios(results: dict[str, Sample | None]) -> list[str]:
    """The target ratios on one size: pofilter and msgfmt against cold check, warm against cold."""
    cold, warm = results.get("check --all (cold)"), results.get("check --all (warm)")
    lines = []
    if cold is not None:
        for peer in ("pofilter", "msgfmt -c"):
            other = results[peer]
            if other is not None:
                lines.append(f"{peer} / check cold: {other.seconds / cold.seconds:.2f}x")
        if warm is not None:
            lines.append(f"check warm / cold: {100 * warm.seconds / cold.seconds:.1f}%")
    else:
        lines.append("check: command absent in this tree, skipped")
    full, one = results.get("index (full)"), results.get("index (1 new event)")
    if full is not None and one is not None:
        if cold is not None:
            lines.append(f"index full / check cold: {full.seconds / cold.seconds:.2f}x (target <= 1)")
        lines.append(f"index after one event / full: {100 * one.seconds / full.seconds:.1f}% (target <= 10%)")
        every, single = results["status (all)"], results["status (one)"]
        assert every is not None and single is not None
        lines.append(f"status all / one: {every.seconds / single.seconds:.1f}x (target <= 5x)")
        by = results["log --all --by"]
        assert by is not None
        lines.append(f"log --all --by: {by.seconds:.3f}s (target < 0.3 s)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,400", help="Comma-separated article counts.")
    parser.add_argument("--dir", type=Path, help="Where the workspaces live (default: a new temporary folder).")
    parser.add_argument("--reuse", action="store_true", help="Reuse workspaces already built in --dir.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per command (the median is shown).")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    folder = options.dir or Path(tempfile.mkdtemp(prefix="byline-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    have = byline_commands()
    load_before = os.getloadavg()
    measured = {}
    for size in sizes:
        root = build(size, folder, options.reuse)
        measured[size] = measure(root, have, options.runs)
    print()
    print(table(sizes, measured))
    print("(! = exit code 2 or worse: the command failed; peak memory is the child's own maximum RSS)")
    for size in sizes:
        print(f"{size} articles: " + "; ".join(ratios(measured[size])))
    bare, floor, status = startup(folder / f"ws{min(sizes)}", max(options.runs, 15))
    print(f"start-up: python -c pass {bare * 1000:.0f} ms, byline --version {floor * 1000:.0f} ms,"
          f" byline status {ARTICLE} {status * 1000:.0f} ms = {status / bare:.1f}x bare")
    if editable():
        print("(an editable install: its import hook adds about 10 ms to every start, bare Python included;"
              " install with `pip install .` into another venv for the figures users see)")
    print("load average (1, 5, 15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f} on {} cores"
          .format(*load_before, *os.getloadavg(), os.cpu_count()))
    print(f"workspaces in {folder}")


if __name__ == "__main__":
    main()
