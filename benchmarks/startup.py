"""Start-up cost of the editor commands against a bare interpreter, and what they import.

Run: `.venv/bin/python benchmarks/startup.py [--workspace DIR] [--runs N]`.
Prints the median wall time of `python3 -c pass` and of `byline status`, `log`
and `verify` on one article (the sample by default), their ratio, and which of
the heavy or costly modules in HEAVY they imported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Heavy libraries, and two standard modules costly enough to count at start-up
# (dataclasses pulls in inspect; tomllib runs only when byline.toml changed).
HEAVY = ("kiwipiepy", "lxml", "jinja2", "prov", "cryptography", "rdflib", "dataclasses", "tomllib")
PROBE = """
import sys
from workflow.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print("\\nIMPORTED:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def timed(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def heavy_imports(args: list[str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True, text=True, check=False
    ).stdout
    return out.rsplit("IMPORTED:", 1)[-1].strip() or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspace", type=Path, default=ROOT)
    parser.add_argument("--article", default="nk-laptops")
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    bare = timed([sys.executable, "-c", "pass"], options.runs)
    print(f"python -c pass            {bare * 1000:7.1f} ms")
    byline = [str(Path(sys.executable).with_name("byline"))]  # the console script people run, not `-m workflow`
    ws = ["--workspace", str(options.workspace)]
    for name, args in (("status", ["status", options.article, *ws]), ("log", ["log", options.article, *ws]),
                       ("verify", ["verify", options.article, *ws])):
        seconds = timed([*byline, *args], options.runs)
        print(f"byline {name:<18} {seconds * 1000:7.1f} ms  "
              f"{seconds / bare:4.1f}x bare  heavy imports: {heavy_imports(args)}")


if __name__ == "__main__":
    main()
