"""Attacks on the record through the command line and hand-edited files, and a busy editor's unusual orders.

Each test is one attack a red team tried (an insider on the roster who wants
credit or a lifted gate, someone who can push a commit, an editor doing
ordinary things in an unusual order) and pins what byline must do instead.
The attacks through git merges are in tests/test_attacks_git.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import invoke


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(*args, "--workspace", str(root))


def en_md(root: Path) -> Path:
    return root / "translations" / "nk" / "en.md"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(root: Path) -> list[dict]:  # type: ignore[type-arg]
    result = run(root, "check", "nk", "--json", "--no-cache")
    return json.loads(result.stdout)["findings"]


# --- waivers vouch for the words they saw -------------------------------------------------------


def test_a_waiver_lifts_nothing_once_its_unit_changed(workspace: Path) -> None:
    """An editor waives a figure the translator wrote; the translator then writes another figure under the waiver."""
    replace_in(en_md(workspace), "The program cost $110 million.", "The program cost $120 million.")
    assert run(workspace, "record", "nk", "--by", "cslee").exit_code == 0
    assert [f.get("waived", False) for f in findings(workspace) if f["rule"] == "BL201"] == [False]
    waived = run(workspace, "waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "mfoster",
                 "--reason", "the ministry's own figure is 120")
    assert waived.exit_code == 0, waived.output
    assert [f.get("waived", False) for f in findings(workspace) if f["rule"] == "BL201"] == [True]

    replace_in(en_md(workspace), "$120 million", "$990 million")
    assert run(workspace, "record", "nk", "--by", "cslee").exit_code == 0
    number = [f for f in findings(workspace) if f["rule"] == "BL201"]
    assert len(number) == 1 and not number[0].get("waived", False) and "$990 million" in number[0]["message"]


def test_an_addition_waiver_lifts_nothing_once_the_addition_changed(workspace: Path) -> None:
    """An editor waives one added sentence; the translator then rewrites that sentence under the waiver."""
    replace_in(en_md(workspace), "Three residents were arrested.",
               "Three residents were arrested. Officials declined to comment.")
    assert run(workspace, "record", "nk", "--by", "cslee").exit_code == 0
    [added] = [f["unit"] for f in findings(workspace) if f["rule"] == "BL104"]
    assert run(workspace, "waive", "nk", "--rule", "BL104", "--unit", added, "--by", "mfoster",
               "--reason", "the desk's standard closing line").exit_code == 0
    assert [(f["unit"], f.get("waived", False)) for f in findings(workspace) if f["rule"] == "BL104"] == [(added, True)]

    replace_in(en_md(workspace), "Officials declined to comment.", "Officials said the program was a success.")
    assert run(workspace, "record", "nk", "--by", "cslee").exit_code == 0
    assert [(f["unit"], f.get("waived", False)) for f in findings(workspace) if f["rule"] == "BL104"] \
        == [(added, False)]


def test_a_unit_waiver_holds_while_other_units_change(workspace: Path) -> None:
    replace_in(en_md(workspace), "The program cost $110 million.", "The program cost $120 million.")
    assert run(workspace, "record", "nk", "--by", "cslee").exit_code == 0
    assert run(workspace, "waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "mfoster",
               "--reason", "the ministry's own figure is 120").exit_code == 0
    replace_in(en_md(workspace), "residents said", "locals said")
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0
    assert [f.get("waived", False) for f in findings(workspace) if f["rule"] == "BL201"] == [True]


def test_an_article_waiver_lapses_when_the_english_changes(workspace: Path) -> None:
    """BL302 waived for the article by an editor vouches for that text; an edit by the translator needs a new one."""
    assert run(workspace, "waive", "nk", "--rule", "BL302", "--by", "mfoster",
               "--reason", "the desk edited this one by phone").exit_code == 0
    assert all(f.get("waived", False) for f in findings(workspace) if f["rule"] == "BL302")
    replace_in(en_md(workspace), "Three residents were arrested.", "Three residents were freed.")
    assert run(workspace, "record", "nk", "--by", "cslee").exit_code == 0
    assert [f.get("waived", False) for f in findings(workspace) if f["rule"] == "BL302"] == [False]
