"""Every export format comes back through `record --from` as "nothing changed", and edits come back as edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import invoke

from workflow.reading.export import FORMATS, SUFFIXES


def _ledger(root: Path) -> bytes:
    return (root / "translations" / "nk" / "provenance.jsonl").read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_record_records_nothing(workspace: Path, fmt: str) -> None:
    out = workspace / f"exported{SUFFIXES[fmt]}"
    ws = ["--workspace", str(workspace)]
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    result = invoke("export", "nk", "--format", fmt, "-o", str(out), *ws)
    assert result.exit_code == 0, result.output
    before = _ledger(workspace)
    result = invoke("record", "nk", "--from", str(out), "--by", "ewhong", *ws)
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
    assert _ledger(workspace) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_stdout_matches_file(workspace: Path, fmt: str) -> None:
    ws = ["--workspace", str(workspace)]
    out = workspace / f"exported{SUFFIXES[fmt]}"
    invoke("export", "nk", "--format", fmt, "-o", str(out), *ws)
    if fmt.startswith("docx"):  # bytes: through a real standard output
        import subprocess
        import sys

        printed = subprocess.run([sys.executable, "-m", "workflow", "export", "nk", "--format", fmt, *ws],
                                 capture_output=True, check=True).stdout
        assert printed == out.read_bytes()
        return
    printed = invoke("export", "nk", "--format", fmt, *ws).stdout
    assert printed == out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "fmt, old, new",
    [
        pytest.param("xliff", "<target>Three residents were arrested.</target>",
                     "<target>Three people were arrested.</target>", id="xliff21-target"),
        pytest.param("xliff12", ">Three residents were arrested.</target>",
                     ">Three people were arrested.</target>", id="xliff12-target"),
        pytest.param("tmx", "<seg>Three residents were arrested.</seg>",
                     "<seg>Three people were arrested.</seg>", id="tmx-seg"),
        pytest.param("po", 'msgstr "Three residents were arrested."',
                     'msgstr "Three people were arrested."', id="po-msgstr"),
    ],
)
def test_edited_bilingual_file_records_an_edit_of_that_unit(workspace: Path, fmt: str, old: str, new: str) -> None:
    ws = ["--workspace", str(workspace)]
    out = workspace / f"exported{SUFFIXES[fmt]}"
    invoke("export", "nk", "--format", fmt, "-o", str(out), *ws)
    text = out.read_text(encoding="utf-8")
    assert old in text
    out.write_text(text.replace(old, new), encoding="utf-8")
    result = invoke("record", "nk", "--from", str(out), "--by", "ewhong", "--json", *ws)
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)["event"]
    assert [u["unit"] for u in event["units"]] == ["s5"]
    assert event["agent"]["id"] == "ewhong"
    english = (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    assert "Three people were arrested." in english


def test_unknown_export_format_is_a_usage_error(workspace: Path) -> None:
    result = invoke("export", "nk", "--format", "rtf", "--workspace", str(workspace))
    assert result.exit_code == 2 and "argument --format: invalid choice: 'rtf'" in result.stderr, result.output


def test_export_before_translation_is_an_input_error(empty_workspace: Path) -> None:
    from helpers import KOREAN

    (empty_workspace / "ko.md").write_text(KOREAN, encoding="utf-8")
    ws = ["--workspace", str(empty_workspace)]
    invoke("ingest", str(empty_workspace / "ko.md"), "--article", "nk", "--by", "reporter", *ws)
    result = invoke("export", "nk", "--format", "xliff", *ws)
    assert result.exit_code == 2
    assert "no translation yet" in result.stderr


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the repository's own workspace (the sample article: curly quotes, no-break spaces, merged units)."""
    import shutil

    if not (REPO / "translations" / "nk-laptops" / "provenance.jsonl").exists():
        pytest.skip("the repository's sample article is not recorded")
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copy(REPO / "byline.toml", root / "byline.toml")
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "translations", root / "translations")
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_sample_article_round_trips_through_every_format(sample_copy: Path, fmt: str) -> None:
    ws = ["--workspace", str(sample_copy)]
    out = sample_copy / f"exported{SUFFIXES[fmt]}"
    assert invoke("export", "nk-laptops", "--format", fmt, "-o", str(out), *ws).exit_code == 0
    ledger = sample_copy / "translations" / "nk-laptops" / "provenance.jsonl"
    before = ledger.read_bytes()
    result = invoke("record", "nk-laptops", "--from", str(out), "--by", "ewhong", *ws)
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
    assert ledger.read_bytes() == before
