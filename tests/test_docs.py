"""Docs kept honest: every command is documented from its own help, and the README names the real ones."""

from __future__ import annotations

import re
from pathlib import Path

from workflow.cli import COMMANDS
from workflow.clidocs import render

ROOT = Path(__file__).resolve().parents[1]


def test_commands_doc_is_up_to_date() -> None:
    assert (ROOT / "docs/commands.md").read_text(encoding="utf-8") == render(), (
        "docs/commands.md is stale: run `python -m workflow.clidocs > docs/commands.md`"
    )


def test_every_command_has_help_and_a_section() -> None:
    text = render()
    for name in COMMANDS:
        assert f"## byline {name}\n" in text


def test_readme_mentions_only_commands_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.S))
    used = set(re.findall(r"byline ([a-z]+)", blocks)) | set(re.findall(r"`byline ([a-z]+)", readme))
    assert used and used <= set(COMMANDS), used - set(COMMANDS)
