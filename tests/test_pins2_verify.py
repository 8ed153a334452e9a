"""Where `byline verify` says an unrecorded change is, pinned end to end (issue 23, second sample).

Written against a mutant of `differences` (benchmarks/mutation.py, seed
20261215) that the suite let through: a deletion at the end of the file was
placed on line 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ENGLISH, invoke


def _findings(root: Path) -> list[tuple[str, int, str]]:
    result = invoke("verify", "nk", "--json", "--workspace", str(root))
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["articles"][0]["findings"]
    return [(f["file"], f["line"], f["message"]) for f in found]


HINT = "record it with `byline record` or restore it"


@pytest.mark.parametrize(("cut", "line", "removed"), [
    pytest.param("\n\nThe program", 5, "The program cost $110 million. Three residents were arreste…",
                 id="last-paragraph"),
    pytest.param("\n\nNorth Korean", 3, "North Korean authorities are cracking down on unregistered …",
                 id="last-two-paragraphs"),
])
def test_english_cut_from_the_end_is_named_where_it_was(workspace_copy: Path, cut: str, line: int,
                                                        removed: str) -> None:
    en = workspace_copy / "translations" / "nk" / "en.md"
    en.write_text(ENGLISH[: ENGLISH.index(cut)] + "\n", encoding="utf-8")
    found = _findings(workspace_copy)
    message = f"unrecorded change: line {line}: -{removed!r} (removed); {HINT}"
    assert found[0] == ("translations/nk/en.md", line, message)


def test_an_emptied_english_is_named_from_line_one(workspace_copy: Path) -> None:
    (workspace_copy / "translations" / "nk" / "en.md").write_text("", encoding="utf-8")
    found = _findings(workspace_copy)
    assert found[0][:2] == ("translations/nk/en.md", 1)
    assert "-'# North Korea cracks down on unregistered laptops'" in found[0][2]
