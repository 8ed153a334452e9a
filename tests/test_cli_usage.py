"""The command line itself: help, version, and usage mistakes as one line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import invoke

from workflow import __version__
from workflow.cli import COMMANDS, command


@pytest.mark.parametrize(
    ("args", "expected", "help_of"),
    [
        pytest.param(["check", "--format", "xml"], "argument --format: invalid choice: 'xml'", "byline check",
                     id="bad-choice"),
        pytest.param(["ingest", "ko.md", "--by", "cslee"], "the following arguments are required: --article",
                     "byline ingest", id="missing-option"),
        pytest.param(["status", "--colour"], "unrecognized arguments: --colour", "byline status", id="unknown-option"),
        pytest.param(["check", "--no"], "unrecognized arguments: --no", "byline check", id="abbreviated-option"),
        pytest.param(["diff"], "the following arguments are required: ARTICLE", "byline diff", id="missing-argument"),
        pytest.param(["stauts"], "argument COMMAND: invalid choice: 'stauts'", "byline", id="unknown-command"),
    ],
)
def test_a_usage_mistake_is_one_line_naming_the_help_exit_2(args: list[str], expected: str, help_of: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("byline: error: ") and expected in result.stderr
    assert result.stderr.rstrip().endswith(f"see `{help_of} --help`")


def test_an_unknown_command_is_told_the_choices() -> None:
    stderr = invoke("stauts").stderr
    assert all(f"'{name}'" in stderr for name in COMMANDS)


def test_help_lists_every_command_with_its_summary_in_workflow_order() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    listing = result.stdout.split("commands:\n", 1)[1]
    names = [line.split()[0] for line in listing.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert names == list(COMMANDS)
    for name in COMMANDS:
        first_words = " ".join(command(name).summary.split()[:3])
        assert first_words in " ".join(listing.split()), name


def test_no_command_prints_the_help_and_exits_2() -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "usage: byline [-h] [--version] COMMAND ..." in result.stdout and "commands:" in result.stdout


def test_a_command_help_shows_its_options_and_defaults() -> None:
    result = invoke("approve", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("usage: byline approve ")
    text = " ".join(result.stdout.split())
    assert "--by WHO" in text and "default: approve)" in text and "--sign-with FILE" in text


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"byline, version {__version__}")


def test_diff_colours_only_on_request(workspace: Path) -> None:
    root = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *root).exit_code == 0
    plain = invoke("diff", "nk", *root).stdout
    coloured = invoke("diff", "nk", "--color", *root).stdout
    assert "[-residents-]{+locals+}" in plain and "\x1b[" not in plain
    assert "\x1b[31;9mresidents\x1b[0m\x1b[32;4mlocals\x1b[0m" in coloured
    assert invoke("diff", "nk", "--no-color", *root).stdout == plain


def test_arguments_and_options_may_come_in_any_order(workspace: Path, tmp_path: Path) -> None:
    root = ["--workspace", str(workspace)]
    verified = invoke("verify", "--json", "nk", *root)
    assert verified.exit_code == 0, verified.output
    assert [a["article"] for a in json.loads(verified.stdout)["articles"]] == ["nk"]
    (tmp_path / "ko.txt").write_text("첫 문장이다.\n둘째 문장이다.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The first sentence.\nThe second one.\n", encoding="utf-8")
    aligned = invoke("align", str(tmp_path / "ko.txt"), "--sentences", "--json", str(tmp_path / "en.txt"))
    assert aligned.exit_code == 0, aligned.output
    assert json.loads(aligned.stdout)["units"] == [{"source": [0], "target": [0]}, {"source": [1], "target": [1]}]
