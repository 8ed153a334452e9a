"""The editing commands end to end: edit (with a fake $EDITOR), record, diff, approve, credit, correct."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib
import pytest
from helpers import ENGLISH, invoke

EDITOR_SCRIPT = """
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace({old!r}, {new!r}))
sys.exit({code})
"""


def fake_editor(tmp_path: Path, old: str, new: str, code: int = 0) -> str:
    """An $EDITOR command that rewrites `old` as `new` in the file it is given, then exits with `code`."""
    script = tmp_path / f"editor-{abs(hash((old, new, code)))}.py"
    script.write_text(EDITOR_SCRIPT.format(old=old, new=new, code=code), encoding="utf-8")
    return f'"{sys.executable}" "{script}"'


def events(root: Path) -> list[dict[str, object]]:
    lines = (root / "translations" / "nk" / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def en_md(root: Path) -> Path:
    return root / "translations" / "nk" / "en.md"


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(*args, "--workspace", str(root))


# --- edit -----------------------------------------------------------------------


def test_edit_records_what_the_editor_saved(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "tablets", "tablet computers"))
    result = run(workspace, "edit", "nk", "--by", "ewhong", "--note", "clearer")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("recorded edit #3 by ewhong, 1 unit(s) changed")
    last = events(workspace)[-1]
    assert (last["type"], last["stage"], last["note"]) == ("edit", "edit", "clearer")
    assert "tablet computers" in en_md(workspace).read_text(encoding="utf-8")
    assert run(workspace, "verify", "nk").exit_code == 0


def test_edit_prefers_visual_and_takes_a_stage(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "tablets", "WRONG"))
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, "province", "Province"))
    result = run(workspace, "edit", "nk", "--by", "mfoster", "--stage", "copyedit")
    assert result.exit_code == 0, result.output
    assert events(workspace)[-1]["stage"] == "copyedit"
    assert "Province" in en_md(workspace).read_text(encoding="utf-8")


def test_edit_with_no_change_records_nothing(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "not in the text", "x"))
    result = run(workspace, "edit", "nk", "--by", "ewhong")
    assert result.exit_code == 0
    assert "nothing changed" in result.stdout and len(events(workspace)) == 2


def test_edit_stops_when_the_editor_fails(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "tablets", "tabs", code=3))
    result = run(workspace, "edit", "nk", "--by", "ewhong")
    assert result.exit_code == 2 and "exited with 3" in result.stderr
    assert len(events(workspace)) == 2


# --- record ---------------------------------------------------------------------


def test_record_en_md_edit(workspace: Path) -> None:
    en_md(workspace).write_text(ENGLISH.replace("Three residents", "Four residents"), encoding="utf-8")
    result = run(workspace, "record", "nk", "--by", "ewhong", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recorded"] and data["event"]["type"] == "edit"
    assert "+Four" in data["event"]["delta"]
    assert [u["unit"] for u in data["event"]["units"]] == ["s5"]


def test_record_en_po_edit(workspace: Path) -> None:
    po_path = workspace / "translations" / "nk" / "en.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if "arrested" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("Three residents were arrested", "Three residents were detained")
    catalog.save(str(po_path))
    result = run(workspace, "record", "nk", "--by", "mfoster")
    assert result.exit_code == 0, result.output
    assert "Three residents were detained." in en_md(workspace).read_text(encoding="utf-8")
    assert run(workspace, "verify", "nk").exit_code == 0


def test_record_from_a_file(workspace: Path) -> None:
    (workspace / "new.md").write_text(ENGLISH.replace("$110 million", "$120 million"), encoding="utf-8")
    result = run(workspace, "record", "nk", "--by", "ewhong", "--from", str(workspace / "new.md"))
    assert result.exit_code == 0, result.output
    assert "$120 million" in en_md(workspace).read_text(encoding="utf-8")


def test_record_with_nothing_changed_exits_0_and_records_nothing(workspace: Path) -> None:
    result = run(workspace, "record", "nk", "--by", "ewhong")
    assert result.exit_code == 0
    assert result.stdout.strip() == "nothing changed: no edit recorded"
    assert len(events(workspace)) == 2


def test_resaved_po_with_no_change_leaves_verify_clean(workspace: Path) -> None:
    po_path = workspace / "translations" / "nk" / "en.po"
    polib.pofile(str(po_path)).save(str(po_path))  # a PO editor's save: same entries, its own layout
    result = run(workspace, "record", "nk", "--by", "ewhong")
    assert result.exit_code == 0 and "nothing changed" in result.stdout
    assert run(workspace, "verify", "nk").exit_code == 0


def test_record_refuses_both_working_files_changed(workspace: Path) -> None:
    en_md(workspace).write_text(ENGLISH.replace("tablets", "phones"), encoding="utf-8")
    po_path = workspace / "translations" / "nk" / "en.po"
    po_path.write_text(po_path.read_text(encoding="utf-8").replace("arrested", "detained"), encoding="utf-8")
    result = run(workspace, "record", "nk", "--by", "ewhong")
    assert result.exit_code == 2 and "both changed" in result.stderr


# --- diff -----------------------------------------------------------------------


def _edited(root: Path) -> None:
    en_md(root).write_text(
        ENGLISH.replace("Three residents were arrested", "Three residents were detained"), encoding="utf-8"
    )
    assert run(root, "record", "nk", "--by", "ewhong").exit_code == 0


def test_diff_is_plain_when_piped(workspace: Path) -> None:
    _edited(workspace)
    result = run(workspace, "diff", "nk")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "s5: Three residents were [-arrested-]{+detained+}." in result.stdout


def test_diff_colours_on_request(workspace: Path) -> None:
    _edited(workspace)
    assert "\x1b[" in run(workspace, "diff", "nk", "--color").stdout


def test_diff_json_and_unit(workspace: Path) -> None:
    _edited(workspace)
    data = json.loads(run(workspace, "diff", "nk", "--json").stdout)
    assert [u["unit"] for u in data["units"]] == ["s5"]
    assert {"op": "delete", "text": "arrested"} in data["units"][0]["words"]
    assert data["to"] == events(workspace)[-1]["id"]
    one = json.loads(run(workspace, "diff", "nk", "--unit", "s2", "--json").stdout)
    assert [(u["unit"], u["before"] == u["after"]) for u in one["units"]] == [("s2", True)]


def test_diff_between_named_versions(workspace: Path) -> None:
    _edited(workspace)
    assert (
        run(workspace, "diff", "nk", "--from", "3", "--to", "3").stdout.strip()
        == "no English changed between these versions"
    )
    unknown = run(workspace, "diff", "nk", "--from", "nope")
    assert unknown.exit_code == 2 and "no event 'nope' in 'nk'" in unknown.stderr, unknown.output


# --- approve --------------------------------------------------------------------


def _approvals(root: Path) -> list[dict[str, object]]:
    return json.loads(run(root, "status", "nk", "--json").stdout)["articles"][0]["approvals"]


def test_approve_once_then_nothing_then_lapse(workspace: Path) -> None:
    assert run(workspace, "approve", "nk", "--by", "mfoster").exit_code == 0
    assert events(workspace)[-1]["type"] == "approve"
    again = run(workspace, "approve", "nk", "--by", "mfoster")
    assert again.exit_code == 0 and "nothing recorded" in again.stdout
    assert len(events(workspace)) == 3
    assert _approvals(workspace) == [{"agent": "mfoster", "stage": "approve", "current": True}]
    _edited(workspace)
    assert _approvals(workspace) == [{"agent": "mfoster", "stage": "approve", "current": False}]
    assert run(workspace, "approve", "nk", "--by", "mfoster").exit_code == 0
    assert [a["current"] for a in _approvals(workspace)] == [False, True]


def test_approve_pins_both_texts(workspace: Path) -> None:
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--stage", "edit").exit_code == 0
    base = events(workspace)[-1]["base"]
    assert set(base) == {"source", "target"} and all(v.startswith("sha256:") for v in base.values())


# --- credit and correct -----------------------------------------------------------


def test_credit_follows_the_record(workspace: Path) -> None:
    _edited(workspace)
    assert (
        run(workspace, "credit", "nk").stdout.strip()
        == "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong."
    )


def test_correct_needs_a_note(workspace: Path) -> None:
    en_md(workspace).write_text(ENGLISH.replace("Three residents", "Four residents"), encoding="utf-8")
    missing = run(workspace, "correct", "nk", "--by", "ewhong")
    assert missing.exit_code == 2 and "the following arguments are required: --note" in missing.stderr, missing.output
    empty = run(workspace, "correct", "nk", "--by", "ewhong", "--note", "  ")
    assert empty.exit_code == 2 and "--note is empty" in empty.stderr
    assert len(events(workspace)) == 2


def test_correct_records_a_correction_apart_from_edits(workspace: Path) -> None:
    en_md(workspace).write_text(ENGLISH.replace("Three residents", "Four residents"), encoding="utf-8")
    result = run(
        workspace, "correct", "nk", "--by", "ewhong", "--note", "An earlier version gave the wrong number of arrests."
    )
    assert result.exit_code == 0, result.output
    last = events(workspace)[-1]
    assert (last["type"], last["stage"]) == ("correct", "correct")
    assert last["note"] == "An earlier version gave the wrong number of arrests."
    assert "correct" in run(workspace, "log", "nk").stdout
    assert run(workspace, "verify", "nk").exit_code == 0


def test_diff_source_shows_the_korean_change_behind_a_stale_unit(workspace: Path) -> None:
    from helpers import KOREAN

    ws = ["--workspace", str(workspace)]
    (workspace / "ko2.md").write_text(KOREAN.replace("주민 3명이", "주민 5명이"), encoding="utf-8")
    assert invoke("ingest", str(workspace / "ko2.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    result = invoke("diff", "nk", "--source", "--no-color", *ws)
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    assert line.startswith("s5 [major] (number changed") and "[-3명이-]{+5명이+}" in line
    data = json.loads(invoke("diff", "nk", "--source", "--json", *ws).output)
    assert [(s["unit"], s["grade"]) for s in data["stale"]] == [("s5", "major")]


@pytest.mark.parametrize("stage", ["", "Edit", "copy edit", "x" * 40, "../edit"])
def test_a_malformed_stage_is_refused_and_nothing_recorded(workspace: Path, stage: str) -> None:
    ledger = workspace / "translations/nk/provenance.jsonl"
    before = ledger.read_bytes()
    for command in (["approve", "nk", "--by", "ewhong"], ["record", "nk", "--by", "ewhong"]):
        result = invoke(*command, "--stage", stage, "--workspace", str(workspace))
        assert result.exit_code == 2 and "stage names are lower-case" in result.output
    assert ledger.read_bytes() == before


def test_an_editor_that_cannot_start_is_an_input_error(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke("edit", "nk", "--by", "ewhong", "--workspace", str(workspace))
    assert result.exit_code == 2 and "could not be started" in result.output


@pytest.mark.parametrize(("fmt", "suffix"), [("po", ".po"), ("xliff", ".xlf")])
def test_a_file_exported_before_a_later_edit_is_merged_three_way_not_backwards(
    workspace: Path, tmp_path: Path, fmt: str, suffix: str
) -> None:
    """Issue 17: the export's head is the merge base; the colleague's later edit is kept, never undone."""
    ws = ["--workspace", str(workspace)]

    def export(name: str, old: str, new: str) -> Path:
        path = tmp_path / f"{name}{suffix}"
        assert invoke("export", "nk", "--format", fmt, "-o", str(path), *ws).exit_code == 0
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        return path

    stale = export("stale", "The program cost", "The scheme cost")
    clash = export("clash", "Three residents", "Two residents")
    en = workspace / "translations/nk/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Three residents", "Four residents"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    ledger = workspace / "translations/nk/provenance.jsonl"
    before = ledger.read_bytes()
    result = invoke("record", "nk", "--from", str(clash), "--by", "mfoster", *ws)  # the same unit: refused, named
    assert result.exit_code == 1 and "not recorded: s5 (changed since the export by ewhong)" in result.output
    assert ledger.read_bytes() == before and "Four residents" in en.read_text(encoding="utf-8")
    result = invoke("record", "nk", "--from", str(stale), "--by", "mfoster", *ws)  # another unit: merged
    assert result.exit_code == 0, result.output
    english = en.read_text(encoding="utf-8")
    assert "The scheme cost" in english and "Four residents" in english
    assert invoke("verify", *ws).exit_code == 0
