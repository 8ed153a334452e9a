"""How big and how fast `report --format svg` is: pixels wide and seconds, at 20 and 100 events.

Run: `.venv/bin/python benchmarks/graph.py [--events 20,100] [--runs 5]`. Builds
a workspace (the test roster and article, then edits and approvals by two
editors, alternating), and prints, per size, the median wall time of
`byline report A --format svg` in a fresh process and the SVG's width in
pixels (96 per inch) as Graphviz drew it. Needs Graphviz `dot` on PATH.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def build(root: Path, events: int) -> None:
    """A workspace whose article `nk` has `events` events."""
    from helpers import ENGLISH, KOREAN, ROSTER, invoke

    assert invoke("init", str(root)).exit_code == 0
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    ws = ["--workspace", str(root)]
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws)
    invoke("translate", "nk", "--from", str(root / "en.md"), "--by", "cslee", *ws)
    en = root / "translations" / "nk" / "en.md"
    for number in range(events - 2):
        if number % 3 == 2:
            invoke("approve", "nk", "--by", "mfoster", *ws)
            continue
        text = en.read_text(encoding="utf-8")
        text = re.sub(r"residents said( \(\d+\))?", f"residents said ({number})", text, count=1)
        en.write_text(text, encoding="utf-8")
        invoke("record", "nk", "--by", "ewhong" if number % 2 else "mfoster", *ws)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="20,100")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("dot") is None:
        sys.exit("Graphviz `dot` is not on PATH (apt-get install graphviz)")
    byline = Path(sys.executable).parent / "byline"
    for events in (int(n) for n in args.events.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "ws"
            build(root, events)
            times, svg = [], b""
            for _ in range(args.runs):
                start = time.perf_counter()
                svg = subprocess.run([str(byline), "report", "nk", "--format", "svg", "--workspace", str(root)],
                                     capture_output=True, check=True).stdout
                times.append(time.perf_counter() - start)
            width = re.search(rb'<svg width="([\d.]+)pt"', svg)
            px = float(width.group(1)) * 96 / 72 if width else float("nan")
            median = statistics.median(times)
            print(f"{events:4d} events: svg in {median:.3f} s (median of {args.runs}), {px:.0f} px wide")


if __name__ == "__main__":
    main()
