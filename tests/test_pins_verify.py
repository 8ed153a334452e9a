"""`byline verify` and the one working-file comparison, end to end (issue 23).

DESIGN: "exact after NFC and LF line ends, except that a single line break
inside a paragraph, not followed by a block marker, equals a space.
Indentation and other whitespace are content." Indenting a headline turns it
into a code block; a space at the end of a line is a Markdown line break.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN, invoke


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample, copied from the session's template (the CLI-built one costs a second a test)."""
    return workspace_copy


CHANGES = [
    pytest.param(lambda t: "    " + t, id="headline-indented"),
    pytest.param(lambda t: t.replace("\n\nNorth Korean", "\n\n  North Korean"), id="paragraph-indented"),
    pytest.param(lambda t: t.replace("laptops\n", "laptops  \n", 1), id="trailing-spaces-on-a-line"),
    pytest.param(lambda t: t + "\n", id="blank-line-at-the-end"),
    pytest.param(lambda t: "\n" + t, id="blank-line-at-the-start"),
    pytest.param(lambda t: t.rstrip("\n"), id="final-newline-removed"),
    pytest.param(lambda t: t.replace("residents said", "residents  said"), id="double-space"),
    pytest.param(lambda t: t.replace("residents said", "residents\tsaid"), id="tab-for-a-space"),
    pytest.param(lambda t: t.replace("\n\nThe program", "\nThe program"), id="paragraphs-joined"),
    pytest.param(lambda t: t.replace("tablets, residents", "tablets,\n- residents"),
                 id="line-break-before-a-list-marker"),
]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("name", ["en.md", "ko.md"])
def test_whitespace_is_content(workspace: Path, change, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = "translations" if name == "en.md" else "sources"
    path = workspace / folder / "nk" / name
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    if changed == text:
        pytest.skip("this change does not apply to this file")
    path.write_text(changed, encoding="utf-8")
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 1, result.output
    assert f"nk/{name}" in result.output and "unrecorded change" in result.output


NO_CHANGE = [
    pytest.param(lambda t: t.replace("tablets, residents", "tablets,\nresidents"), id="paragraph-re-wrapped"),
    pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf-line-ends"),
    pytest.param(lambda t: unicodedata.normalize("NFD", t), id="decomposed-unicode"),
]


@pytest.mark.parametrize("change", NO_CHANGE)
def test_rewrapping_and_line_ends_are_no_change(workspace: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "translations" / "nk" / "en.md"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output


def test_an_indented_headline_fails_the_check_until_recorded(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text("    " + ENGLISH, encoding="utf-8")
    result = invoke("check", "nk", *ws)
    assert result.exit_code == 1 and "BL402" in result.stdout
    assert "line 1" in result.stdout
    # Recorded text is normalised (workflow/text/normalize.py): the indentation is no English to record, and
    # en.md is given back as the record holds it.
    recorded = invoke("record", "nk", "--by", "ewhong", *ws)
    assert recorded.exit_code == 0 and "nothing changed" in recorded.output
    assert invoke("verify", "nk", *ws).exit_code == 0
    assert en.read_text(encoding="utf-8") == ENGLISH


def test_the_korean_as_ingested_verifies(workspace: Path) -> None:
    assert (workspace / "sources" / "nk" / "ko.md").read_text(encoding="utf-8") == KOREAN
    assert invoke("verify", "nk", "--workspace", str(workspace)).exit_code == 0


def test_a_working_file_replaced_by_a_link_is_named_even_when_it_points_at_the_same_text(
    workspace: Path, tmp_path: Path
) -> None:
    en = workspace / "translations" / "nk" / "en.md"
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_bytes(en.read_bytes())
    en.unlink()
    en.symlink_to(elsewhere)
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "translations/nk/en.md" in result.output and "link" in result.output


def test_an_en_po_as_the_version_before_addition_ids_wrote_it_verifies(workspace: Path) -> None:
    from workflow.model.replay import load
    from workflow.model.working_files import legacy_po
    from workflow.workspace import Workspace

    ws = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\nThis line was added for context.\n", encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    state = load(Workspace(workspace), "nk")
    old = legacy_po(state, Workspace(workspace).config)
    po = workspace / "translations" / "nk" / "en.po"
    assert old is not None and old != po.read_text(encoding="utf-8")
    po.write_text(old, encoding="utf-8")
    assert invoke("verify", "nk", *ws).exit_code == 0
    en.write_text(old, encoding="utf-8")  # that text is a view of en.po only, not an en.md
    assert invoke("verify", "nk", *ws).exit_code == 1


def test_canonical_lines_are_named_by_the_file_line_they_start_on() -> None:
    from workflow.text.compare import canonical_lines

    text = "# Title\n\nOne line\nwrapped here.\n\nNext.\n- a\n- b\n"
    assert canonical_lines(text) == [(1, "# Title"), (2, ""), (3, "One line wrapped here."), (5, ""),
                                     (6, "Next."), (7, "- a"), (8, "- b"), (9, "")]
    assert canonical_lines("a\r\nb\r\n\r\nc") == [(1, "a b"), (3, ""), (4, "c")]


def test_verify_names_the_line_of_a_change_after_a_wrapped_paragraph(workspace: Path) -> None:
    en = workspace / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8")
    lines = text.split("\n")
    last = max(i for i, line in enumerate(lines) if line.strip())
    lines[2] = lines[2].replace(" ", "\n", 1)  # the first paragraph wrapped: no change, one more file line
    lines[last] = "An unrecorded last paragraph."
    en.write_text("\n".join(lines), encoding="utf-8")
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert f"translations/nk/en.md:{last + 2}:" in result.output and "line 3" not in result.output


def test_a_missing_working_file_is_named(workspace: Path) -> None:
    (workspace / "translations" / "nk" / "en.po").unlink()
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "translations/nk/en.po" in result.output and "missing" in result.output
