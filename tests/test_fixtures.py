"""The copied workspaces are the ones the CLI records: a library test on a copy starts where a CLI test starts."""

from __future__ import annotations

import re
from pathlib import Path

import helpers
import pytest

KINDS = [
    pytest.param("empty", helpers.cli_empty_workspace, id="empty"),
    pytest.param("recorded", lambda root: helpers.cli_record_sample(helpers.cli_empty_workspace(root)), id="recorded"),
    pytest.param("machine-translated", helpers.cli_machine_translated, id="machine-translated"),
]


def files(root: Path) -> dict[str, bytes]:
    """Every file of a workspace but its caches, which hold stat signatures of this machine's files."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".byline-cache" not in p.relative_to(root).parts}


@pytest.mark.parametrize(("kind", "through_the_cli"), KINDS)
def test_a_copy_holds_the_files_the_cli_records(kind: str, through_the_cli, templates: helpers.Templates,  # type: ignore[no-untyped-def]
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_NOW", "2026-11-27T09:00:00Z")  # the same event times, so the same event ids
    recorded = files(through_the_cli(tmp_path / "cli" / "ws"))
    copied = files(templates.copy(kind, tmp_path / "copy" / "ws"))
    assert copied.keys() == recorded.keys()
    assert [name for name in recorded if copied[name] != recorded[name]] == []
    assert "translations/nk/provenance.jsonl" in recorded or kind == "empty"


def test_each_copy_is_a_workspace_of_its_own(templates: helpers.Templates, tmp_path: Path) -> None:
    one = templates.copy("recorded", tmp_path / "one")
    two = templates.copy("recorded", tmp_path / "two")
    (one / "translations" / "nk" / "en.md").write_text("changed\n", encoding="utf-8")
    assert (two / "translations" / "nk" / "en.md").read_text(encoding="utf-8") == helpers.ENGLISH


def test_no_test_imports_conftest_or_another_test_module() -> None:
    """Shared names live in helpers.py: conftest.py is pytest's, and a test module is no library."""
    folder = Path(__file__).parent
    found = [f"{path.name}:{number}" for path in sorted(folder.glob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.match(r"\s*(from (conftest|test_\w+) import|import (conftest|test_\w+))\b", line)]
    assert found == [], f"import from helpers instead: {found}"
