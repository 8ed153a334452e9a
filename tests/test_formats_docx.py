"""Word files with tracked changes: each author's turn is their own edit, in date order, all accepted at the end."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from helpers import invoke

from workflow.formats import docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EARLY, LATE = "2026-11-27T08:00:00Z", "2026-11-27T09:30:00Z"


def _run(kind: str, text: str, author: str = "", date: str = "") -> str:
    """One piece of a paragraph: plain text, or a tracked insertion or deletion."""
    if kind == "t":
        return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    mark = f"w:author={quoteattr(author)} w:date={quoteattr(date)}" if date else f"w:author={quoteattr(author)}"
    if kind == "ins":
        return f'<w:ins w:id="1" {mark}><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:ins>'
    return f'<w:del w:id="2" {mark}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'


def make_docx(path: Path, paragraphs: list[tuple[str, list[tuple[str, ...]]]]) -> Path:
    """A minimal Word file: paragraphs of (style, pieces), each piece (kind, text[, author, date])."""
    body = []
    for style, pieces in paragraphs:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        body.append(f"<w:p>{props}{''.join(_run(*piece) for piece in pieces)}</w:p>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(body)}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
    return path


def edited_article(path: Path, *, untracked: bool = False, author: str = "Malcolm Foster") -> Path:
    """The sample English with Eugene's change (late) before Malcolm's (early) in the document."""
    spy = '"From now on, you will be punished as a spy," a resident of Ryanggang province said.'
    return make_docx(path, [
        ("Heading1", [("t", "North Korea cracks down on unregistered laptops")]),
        ("", [("t", "North Korean authorities are cracking down on "),
              ("del", "unregistered", "Eugene Whong", LATE), ("ins", "unlicensed", "Eugene Whong", LATE),
              ("t", " laptops and " + ("phones" if untracked else "tablets") + ", residents said. " + spy)]),
        ("", [("t", "The program cost $110 million. "),
              ("del", "Three residents", author, EARLY), ("ins", "Three people", author, EARLY),
              ("t", " were arrested.")]),
    ])


def _events(root: Path) -> list[dict]:  # type: ignore[type-arg]
    lines = (root / "translations" / "nk" / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_reader_gives_accepted_rejected_and_each_turn(tmp_path: Path) -> None:
    path = edited_article(tmp_path / "edited.docx")
    document = docx.read(path, path.read_bytes())
    assert "unlicensed laptops" in document.text and "Three people were" in document.text
    assert "unregistered laptops and" in document.rejected and "Three residents" in document.rejected
    assert [(r.author, r.date) for r in document.revisions] == [("Malcolm Foster", EARLY), ("Eugene Whong", LATE)]
    first, second = (r.text for r in document.revisions)
    assert "Three people" in first and "unregistered laptops and" in first
    assert second == document.text
    assert document.text.startswith("# North Korea")


def test_each_author_recorded_in_date_order(workspace: Path) -> None:
    path = edited_article(workspace / "edited.docx")
    result = invoke("record", "nk", "--from", str(path), "--by", "cslee", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    events = _events(workspace)[2:]
    assert [e["agent"]["id"] for e in events] == ["mfoster", "ewhong"]
    assert [[u["unit"] for u in e["units"]] for e in events] == [["s5"], ["s2"]]
    assert all(e["imported_by"]["id"] == "cslee" and "operator" not in e for e in events)
    assert LATE in events[1]["note"]
    english = (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    assert "unlicensed laptops and tablets" in english and "Three people were arrested." in english
    blame = json.loads(invoke("blame", "nk", "--json", "--workspace", str(workspace)).stdout)
    authors = {t["text"]: t["agent"] for t in blame["tokens"]}
    assert (authors["unlicensed"], authors["people"], authors["laptops"]) == ("ewhong", "mfoster", "cslee")


def test_untracked_change_is_credited_to_by_first(workspace: Path) -> None:
    path = edited_article(workspace / "edited.docx", untracked=True)
    result = invoke("record", "nk", "--from", str(path), "--by", "ewhong", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    events = _events(workspace)[2:]
    assert [e["agent"]["id"] for e in events] == ["ewhong", "mfoster", "ewhong"]
    assert "untracked" in events[0]["note"] and "operator" not in events[0]
    assert "phones" in (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")


def test_recording_the_same_file_again_records_nothing(workspace: Path) -> None:
    path = edited_article(workspace / "edited.docx")
    ws = ["--workspace", str(workspace)]
    first = invoke("record", "nk", "--from", str(path), "--by", "cslee", *ws)
    assert first.exit_code == 0 and len(_events(workspace)) == 4, first.output  # one event per author's turn
    ledger = (workspace / "translations" / "nk" / "provenance.jsonl").read_bytes()
    result = invoke("record", "nk", "--from", str(path), "--by", "cslee", *ws)
    assert result.exit_code == 0
    assert "nothing changed" in result.output
    assert (workspace / "translations" / "nk" / "provenance.jsonl").read_bytes() == ledger


def test_turns_already_recorded_are_skipped(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    english = workspace / "translations" / "nk" / "en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Three residents", "Three people"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "mfoster", *ws).exit_code == 0
    path = edited_article(workspace / "edited.docx")
    assert invoke("record", "nk", "--from", str(path), "--by", "cslee", *ws).exit_code == 0
    assert [e["agent"]["id"] for e in _events(workspace)[2:]] == ["mfoster", "ewhong"]


@pytest.mark.parametrize("author", ["Somebody Else", "ewhong-typo"], ids=["full-name", "id-like"])
def test_author_not_on_roster_is_an_input_error_naming_them(workspace: Path, author: str) -> None:
    path = edited_article(workspace / "edited.docx", author=author)
    ledger = (workspace / "translations" / "nk" / "provenance.jsonl").read_bytes()
    result = invoke("record", "nk", "--from", str(path), "--by", "cslee", "--workspace", str(workspace))
    assert result.exit_code == 2
    assert author in result.stderr and "byline.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (workspace / "translations" / "nk" / "provenance.jsonl").read_bytes() == ledger


def test_plain_docx_is_read_as_text(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plain.docx", [("Title", [("t", "제목")]), ("", [("t", "첫 문장이다. "), ("t", "둘째 문장이다.")])]
    )
    document = docx.read(path, path.read_bytes())
    assert document.text == "# 제목\n\n첫 문장이다. 둘째 문장이다.\n"
    assert document.revisions == () and document.rejected is None
