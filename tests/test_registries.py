"""The registries cannot drift from what they list: each entry exists, and everything that should be listed is.

Formats, report renderers, commands, check output formats and rule families
are each listed in one place; these tests tie every list to the modules and
pages it must agree with.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from workflow import cli, formats, reports
from workflow.checks import docs
from workflow.checks.output import RENDERERS
from workflow.checks.registry import rules

PACKAGE = Path(__file__).resolve().parents[1] / "workflow"


def _modules(folder: str, *, besides: tuple[str, ...]) -> set[str]:
    """The module names in a package folder, leaving out its helpers."""
    return {p.stem for p in (PACKAGE / folder).glob("*.py")} - {"__init__", *besides}


def test_every_format_module_is_registered_and_reads() -> None:
    registered = {entry.module for entry in formats.REGISTRY.values()}
    on_disk = {f"workflow.formats.{name}" for name in _modules("formats", besides=("document", "safexml", "safezip"))}
    assert registered == on_disk
    for name in formats.REGISTRY:
        assert callable(formats.module(name).read), name


def test_each_extension_names_one_format() -> None:
    listed = [suffix for entry in formats.REGISTRY.values() for suffix in entry.extensions]
    assert len(listed) == len(set(listed)) == len(formats.EXTENSIONS)
    assert all(re.fullmatch(r"\.[a-z0-9]+", suffix) for suffix in listed)


@pytest.mark.parametrize("fmt", reports.FORMATS)
def test_every_report_format_has_its_function(fmt: str) -> None:
    renderer = reports.REGISTRY[fmt]
    assert renderer.reads in ("report", "state")
    assert callable(getattr(importlib.import_module(renderer.module), renderer.function))


def test_every_report_module_renders_some_format() -> None:
    renderers = {entry.module for entry in reports.REGISTRY.values()}
    helpers = ("its", "jinja", "record", "schemaorg")  # ITS and JSON-LD for publish, the templates, what all show
    assert renderers == {f"workflow.reports.{name}" for name in _modules("reports", besides=helpers)}


def test_the_command_table_and_the_family_modules_agree() -> None:
    families = set(cli.COMMANDS.values())
    assert families == {f"workflow.commands.{name}" for name in _modules("commands", besides=("command", "options"))}
    for family in families:
        declared = [c.name for c in importlib.import_module(family).COMMANDS]
        assert sorted(declared) == sorted(n for n, m in cli.COMMANDS.items() if m == family), family


def test_the_checks_page_documents_every_output_format() -> None:
    page = docs.render()
    assert f"[--format {'|'.join(RENDERERS)}]" in page
    documented = re.findall(r"^- `(\w+)`", page.split("## Output", 1)[1].split("##", 1)[0], flags=re.M)
    assert documented == list(RENDERERS)


def test_every_rule_family_is_loaded_and_titled() -> None:
    families = {r.family for r in rules()}
    assert families == set(docs.FAMILY_TITLES)
    assert families == _modules("checks/rules", besides=("numbers",))  # numbers.py: what BL201/BL202 compare
