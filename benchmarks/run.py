"""The archive benchmark: byline's commands on workspaces of several sizes, and the peers, side by side.

Run: `.venv/bin/python benchmarks/run.py [--sizes 400,2000,10000] [--dir DIR] [--reuse]`.
Prints wall time, CPU time and peak memory per command and size, then every figure the Speed targets are
stated in (issue 21): make_workspace's build time, on 2,000 articles the full index against a cold
`check --all`, an update after one event against the full build, `status` over all against one article and
`log --all --by`; on 400 articles a cold `check --all` against pofilter and a warm re-check against the cold
one; peak memory from the smallest size to the largest. The commands those ratios compare run in turns, not one
after another. Measured while other work runs, wall times grow with the load (printed at the end) while CPU
times barely move: both are shown.
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
    """One command's run: wall seconds, peak resident memory in MiB, exit code, CPU seconds (user + system).

    Memory and CPU are the child's and its worker processes' (the largest one's peak; their CPU summed).
    """

    seconds: float
    peak_mib: float
    code: int
    cpu: float = 0.0


def run(command: list[str], cwd: Path | None = None) -> Sample:
    """Run `command` with its output discarded; wall time, the child's peak RSS and CPU time."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Sample(seconds, usage.ru_maxrss / 1024, child.returncode, usage.ru_utime + usage.ru_stime)


def median_run(command: list[str], runs: int) -> Sample:
    """The median wall and CPU time (and largest peak memory) of `runs` runs."""
    return combined([run(command) for _ in range(runs)])


def combined(samples: list[Sample]) -> Sample:
    """Medians of the times, the largest peak memory and exit code."""
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples),
                  max(s.code for s in samples), statistics.median(s.cpu for s in samples))


def byline_commands() -> set[str]:
    """The subcommands this byline installation has (check and report may be missing in a young tree)."""
    out = subprocess.run([str(BYLINE), "--help"], capture_output=True, text=True, check=False).stdout
    listed = out.split("commands:", 1)[-1].splitlines()
    return {line.split()[0] for line in listed if line.startswith("  ") and not line.startswith("   ")}


def build(size: int, folder: Path, reuse: bool) -> tuple[Path, str]:
    """The workspace of `size` articles under `folder`, built by make_workspace.py unless reused; how long
    the build took (kept beside the workspace, so that a reused one still says)."""
    root = folder / f"ws{size}"
    note = folder / f"ws{size}.build.txt"
    if reuse and (root / "byline.toml").exists():
        print(f"reusing {root}")
        return root, note.read_text(encoding="utf-8").strip() if note.exists() else "time not recorded"
    shutil.rmtree(root, ignore_errors=True)
    command = [sys.executable, str(HERE / "make_workspace.py"), "--articles", str(size), "--out", str(root)]
    load = os.getloadavg()[0]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"building {root} failed:\n{result.stderr}")
    built = f"{result.stdout.strip()} (load {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)"
    note.write_text(built + "\n", encoding="utf-8")
    print(f"built {built}")
    return root, built


def po_files(root: Path) -> list[str]:
    """Every article's en.po, in name order."""
    return sorted(str(p) for p in (root / "translations").glob("*/en.po"))


def measure(root: Path, have: set[str], runs: int, peers: bool) -> dict[str, Sample | None]:
    """Every benchmarked command on one workspace; None where the command or tool is absent."""
    ws = ["--workspace", str(root)]
    byline = [str(BYLINE)]
    results: dict[str, Sample | None] = {}
    if "check" in have:
        run([*byline, "check", "--all", *ws])  # fill the cache, whose findings the index reads
    with tempfile.TemporaryDirectory() as out:
        results.update(in_turns({
            "check --all (cold)": [*byline, "check", "--all", "--no-cache", *ws] if "check" in have else None,
            "pofilter": pofilter_command(out, root) if peers else None,
            "index (full)": [*byline, "index", "--rebuild", *ws] if "index" in have else None,
        }, runs))
    if "check" in have:
        results["check --all (warm)"] = median_run([*byline, "check", "--all", *ws], runs)
        for fmt in ("sarif", "junit"):  # the formats that group findings: written as they come all the same
            results[f"check warm --format {fmt}"] = median_run([*byline, "check", "--all", "--format", fmt, *ws], runs)
    results["verify --all"] = median_run([*byline, "verify", "--all", *ws], runs)
    if "index" in have:
        results.update(archive(root, runs))
    else:
        results["status"] = median_run([*byline, "status", *ws], runs)
    results["report (html)"] = (median_run([*byline, "report", ARTICLE, "--format", "html", *ws], runs)
                                if "report" in have else None)
    results["blame"] = median_run([*byline, "blame", ARTICLE, *ws], runs)
    results["msgfmt -c"] = msgfmt(root, runs) if peers else None
    return results


def in_turns(commands: dict[str, list[str] | None], runs: int) -> dict[str, Sample | None]:
    """The commands a target compares, run in turn (A, B, C, A, B, C, …): a busier minute of the machine falls
    on both sides of each ratio alike, where runs of one command after another's would put it on one side.
    None stands for a command that is absent or not measured at this size."""
    present = {name: command for name, command in commands.items() if command is not None}
    samples: dict[str, list[Sample]] = {name: [] for name in present}
    for _ in range(runs):
        for name, command in present.items():
            samples[name].append(run(command))
    return {name: combined(samples[name]) if name in samples else None for name in commands}


def archive(root: Path, runs: int) -> dict[str, Sample | None]:
    """The archive index, once built in full: an update after one new event, and the desk-wide commands that
    read it."""
    ws = ["--workspace", str(root)]
    byline = [str(BYLINE)]
    results: dict[str, Sample | None] = {}
    index = root / ".byline-cache" / "archive.db"  # built by `measure`, in turns with the cold check
    samples = []
    for number in range(runs):  # each run after one more event, recorded in a different article
        slug = f"news-{number + 2:04d}"
        english = root / "translations" / slug / "en.md"
        english.write_text(english.read_text(encoding="utf-8").rstrip("\n") + " (Updated.)\n", encoding="utf-8")
        recorded = run([*byline, "record", slug, "--by", "rdavis", "--note", "benchmark", *ws])
        if recorded.code != 0:
            sys.exit(f"recording an edit of {slug} failed: exit {recorded.code}")
        samples.append(run([*byline, "index", *ws]))
    results["index (1 new event)"] = combined(samples)
    run([*byline, "index", *ws])
    results["status (all)"] = median_run([*byline, "status", *ws], runs)
    results["status (one)"] = median_run([*byline, "status", ARTICLE, *ws], runs)
    results["log --all --by"] = median_run([*byline, "log", "--all", "--by", "jkang", "--since", "2026-11", *ws], runs)
    results["credit --all --since"] = median_run([*byline, "credit", "--all", "--since", "2026-11-01", *ws], runs)
    assert index.exists()
    return results


def pofilter_command(out: str, root: Path) -> list[str] | None:
    """translate-toolkit's pofilter over every en.po (one process, all of its checks), writing into `out`."""
    tool = Path(sys.executable).with_name("pofilter")
    if not tool.exists():
        return None
    return [str(tool), "--progress=none", "-i", str(root / "translations"), "-o", out]


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
    """Rows of commands, columns of sizes: wall seconds, CPU seconds and peak MiB."""
    names = list(next(iter(measured.values())))
    width = 34
    head = f"{'command':<26}" + "".join(f"{f'{n} articles: wall, cpu, peak':>{width}}" for n in sizes)
    lines = [head, "-" * len(head)]
    for name in names:
        cells = []
        for n in sizes:
            sample = measured[n][name]
            cells.append("n/a" if sample is None else
                         f"{sample.seconds:.3f} s {sample.cpu:>7.2f} s {sample.peak_mib:>6.1f} MiB"
                         + ("  " if sample.code in (0, 1) else " !"))
        lines.append(f"{name:<26}" + "".join(f"{c:>{width}}" for c in cells))
    return "\n".join(lines)


def _times(of: Sample, to: Sample) -> str:
    """How many times `to` the `of` sample takes, in wall time and in CPU time."""
    return f"{of.seconds / to.seconds:.2f}x wall, {of.cpu / to.cpu:.2f}x CPU" if to.cpu else \
        f"{of.seconds / to.seconds:.2f}x wall"


def ratios(results: dict[str, Sample | None]) -> list[str]:
    """The target figures on one size: peers against a cold check, warm against cold, the archive's commands."""
    cold, warm = results.get("check --all (cold)"), results.get("check --all (warm)")
    lines = []
    if cold is not None:
        for peer in ("pofilter", "msgfmt -c"):
            other = results[peer]
            if other is not None:
                target = " (target >= 5x)" if peer == "pofilter" else ""
                lines.append(f"{peer} / check cold: {_times(other, cold)}{target}")
        if warm is not None:
            lines.append(f"check warm / cold: {100 * warm.seconds / cold.seconds:.1f}% wall, "
                         f"{100 * warm.cpu / cold.cpu:.1f}% CPU (target <= 3%)")
    else:
        lines.append("check: command absent in this tree, skipped")
    full, one = results.get("index (full)"), results.get("index (1 new event)")
    if full is not None and one is not None:
        if cold is not None:
            lines.append(f"index full / check cold: {_times(full, cold)} (target <= 1)")
        lines.append(f"index after one event / full: {100 * one.seconds / full.seconds:.1f}% wall, "
                     f"{100 * one.cpu / full.cpu:.1f}% CPU (target <= 10%)")
        every, single = results["status (all)"], results["status (one)"]
        assert every is not None and single is not None
        lines.append(f"status all / one: {_times(every, single)} (target <= 5x)")
        by = results["log --all --by"]
        assert by is not None
        lines.append(f"log --all --by: {by.seconds:.3f} s wall, {by.cpu:.3f} s CPU (target < 0.3 s)")
    return lines


def memory(sizes: list[int], measured: dict[int, dict[str, Sample | None]]) -> list[str]:
    """Each command's peak memory at the smallest and the largest size, and their ratio (target: flat)."""
    small, large = min(sizes), max(sizes)
    lines = []
    for name, sample in measured[small].items():
        other = measured[large].get(name)
        if sample is not None and other is not None:
            lines.append(f"  {name:<26} {sample.peak_mib:7.1f} MiB at {small}, {other.peak_mib:7.1f} MiB at {large}: "
                         f"{other.peak_mib / sample.peak_mib:.2f}x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="400,2000,10000", help="Comma-separated article counts.")
    parser.add_argument("--dir", type=Path, help="Where the workspaces live (default: a new temporary folder).")
    parser.add_argument("--reuse", action="store_true", help="Reuse workspaces already built in --dir.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per command (the median is shown).")
    parser.add_argument("--peers-upto", type=int, default=2000,
                        help="Run pofilter and msgfmt only on workspaces of at most this many articles; larger ones"
                             " (the memory figure's) run each command --large-runs times.")
    parser.add_argument("--large-runs", type=int, default=1, help="Runs per command past --peers-upto.")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",") if s.strip()]
    folder = options.dir or Path(tempfile.mkdtemp(prefix="byline-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    have = byline_commands()
    load_before = os.getloadavg()
    measured, builds = {}, {}
    for size in sizes:
        root, builds[size] = build(size, folder, options.reuse)
        small = size <= options.peers_upto
        measured[size] = measure(root, have, options.runs if small else options.large_runs, small)
    print()
    print(table(sizes, measured))
    print("(! = exit code 2 or worse: the command failed; peak memory is the largest of the command's processes)")
    for size in sizes:
        print(f"make_workspace {size}: {builds[size]} (targets: 2,000 in under 4 min, 10,000 in under 15)")
    for size in sizes:
        print(f"{size} articles:\n  " + "\n  ".join(ratios(measured[size])))
    if len(sizes) > 1:
        print(f"peak memory from {min(sizes)} to {max(sizes)} articles (target: flat):")
        print("\n".join(memory(sizes, measured)))
    bare, floor, status = startup(folder / f"ws{min(sizes)}", max(options.runs, 15))
    print(f"start-up: python -c pass {bare * 1000:.0f} ms, byline --version {floor * 1000:.0f} ms,"
          f" byline status {ARTICLE} {status * 1000:.0f} ms = {status / bare:.1f}x bare")
    if editable():
        print("(an editable install: its import hook adds about 10 ms to every start, bare Python included;"
              " install with `pip install .` into another venv for the figures users see)")
    after = os.getloadavg()
    print(f"load average (1, 5, 15 min) before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f},"
          f" after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} on {os.cpu_count()} cores")
    print(f"workspaces in {folder}")


if __name__ == "__main__":
    main()
