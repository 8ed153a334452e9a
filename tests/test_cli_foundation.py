"""End-to-end: init, ingest (Markdown, HTML, DOCX, NFD), source updates, status, log, verify, errors."""

from __future__ import annotations

import json
import unicodedata
import zipfile
from pathlib import Path

import pytest
from helpers import KOREAN, invoke


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def ingest(root: Path, name: str, content: str | bytes, slug: str = "story", who: str = "reporter"):
    path = root / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return invoke("ingest", str(path), "--article", slug, "--by", who, *ws_args(root))


def ledger_lines(root: Path, slug: str = "story") -> list[dict]:
    path = root / "translations" / slug / "provenance.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_init_writes_commented_config_and_folders(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "new"))
    assert result.exit_code == 0
    config = (tmp_path / "new" / "byline.toml").read_text(encoding="utf-8")
    for section in ("[workspace]", "[policy]", "[checks]", "# [people.cslee]"):
        assert section in config
    assert (tmp_path / "new" / "sources").is_dir() and (tmp_path / "new" / "translations").is_dir()
    assert (tmp_path / "new" / ".gitignore").read_text(encoding="utf-8") == ".byline-cache/\n"
    before = (tmp_path / "new" / "byline.toml").read_bytes()
    again = invoke("init", str(tmp_path / "new"))  # idempotent: makes nothing over an existing workspace
    assert again.exit_code == 0 and "already" in again.output and "nothing changed" in again.output
    assert (tmp_path / "new" / "byline.toml").read_bytes() == before


def test_init_adds_the_cache_to_an_existing_gitignore_once(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc", encoding="utf-8")
    assert invoke("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n.byline-cache/\n"
    (tmp_path / "byline.toml").unlink()
    assert invoke("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n.byline-cache/\n"


def test_ingest_markdown_records_event_and_working_file(empty_workspace: Path) -> None:
    result = ingest(empty_workspace, "ko.md", KOREAN)
    assert result.exit_code == 0, result.output
    assert (empty_workspace / "sources/story/ko.md").read_text(encoding="utf-8") == KOREAN
    assert (empty_workspace / "sources/story/original.md").read_bytes() == KOREAN.encode()
    (event,) = ledger_lines(empty_workspace)
    assert event["type"] == "ingest" and event["prev"] is None and event["seq"] == 1
    assert [s["id"] for s in event["source"]["segments"]] == ["s1", "s2", "s3", "s4", "s5"]
    assert event["agent"] == {"id": "reporter", "name": "Kim Jiyoung", "role": "reporter"}


def test_ingest_nfd_and_crlf_are_normalised_and_recorded(empty_workspace: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "북한 당국이 단속했다.\r\n\r\n\r\n주민이 말했다.  \r\n")
    assert ingest(empty_workspace, "nfd.txt", decomposed).exit_code == 0
    text = (empty_workspace / "sources/story/ko.md").read_text(encoding="utf-8")
    assert text == "북한 당국이 단속했다.\n\n주민이 말했다.\n"
    assert unicodedata.is_normalized("NFC", text)
    changes = ledger_lines(empty_workspace)[0]["source"]["normalisation"]
    assert any("NFC" in c for c in changes) and any("CRLF" in c for c in changes)


def test_ingest_html_keeps_article_body_without_boilerplate(empty_workspace: Path) -> None:
    page = """<html><head><title>북한 단속</title><script>var x = "광고";</script></head><body>
    <nav><a href="/">홈</a> <a href="/news">뉴스</a></nav>
    <div class="share-buttons">공유하기</div>
    <article><h1>북한, 노트북 단속</h1><p>북한 당국이 단속에 나섰다.</p>
    <blockquote>앞으로는 처벌받는다.</blockquote><p>주민이 말했다.</p></article>
    <footer>저작권 2026</footer></body></html>"""
    assert ingest(empty_workspace, "page.html", page).exit_code == 0
    text = (empty_workspace / "sources/story/ko.md").read_text(encoding="utf-8")
    assert text == "# 북한, 노트북 단속\n\n북한 당국이 단속에 나섰다.\n\n> 앞으로는 처벌받는다.\n\n주민이 말했다.\n"
    assert ledger_lines(empty_workspace)[0]["source"]["meta"]["title"] == "북한 단속"


def make_docx(path: Path, paragraphs: list[tuple[str | None, str]]) -> None:
    def paragraph(style: str | None, text: str) -> str:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = "".join(paragraph(style, text) for style, text in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)


def test_ingest_docx_reads_paragraphs_and_headings(empty_workspace: Path) -> None:
    path = empty_workspace / "story.docx"
    make_docx(path, [("Heading1", "북한 단속"), (None, "당국이 나섰다."), (None, "주민이 말했다.")])
    result = invoke("ingest", str(path), "--article", "story", "--by", "reporter", *ws_args(empty_workspace))
    assert result.exit_code == 0, result.output
    assert (empty_workspace / "sources/story/ko.md").read_text(
        encoding="utf-8"
    ) == "# 북한 단속\n\n당국이 나섰다.\n\n주민이 말했다.\n"
    assert (empty_workspace / "sources/story/original.docx").read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["missing.md", "--article", "story", "--by", "reporter"], "no such file", id="missing-file"),
        pytest.param(
            ["ko.md", "--article", "story", "--by", "nobody"], "add them as [people.<id>]", id="unknown-person"
        ),
        pytest.param(["ko.md", "--article", "../escape", "--by", "reporter"], "not a valid name", id="bad-slug"),
        pytest.param(["ko.md", "--article", "Story", "--by", "reporter"], "not a valid name", id="upper-case-slug"),
        pytest.param(["bad.md", "--article", "story", "--by", "reporter"], "not UTF-8", id="invalid-utf8"),
        pytest.param(
            ["ko.xyz", "--article", "story", "--by", "reporter"], "no reader for .xyz", id="unknown-extension"
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(empty_workspace: Path, args: list[str], expected: str) -> None:
    (empty_workspace / "ko.md").write_text(KOREAN, encoding="utf-8")
    (empty_workspace / "ko.xyz").write_text(KOREAN, encoding="utf-8")
    (empty_workspace / "bad.md").write_bytes("북한".encode() + b"\xff\xfe broken\n")
    args = [str(empty_workspace / args[0]), *args[1:]]
    result = invoke("ingest", *args, *ws_args(empty_workspace))
    assert result.exit_code == 2
    assert expected in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not list((empty_workspace / "translations").iterdir())


def test_full_name_works_for_by(empty_workspace: Path) -> None:
    (empty_workspace / "ko.md").write_text(KOREAN, encoding="utf-8")
    result = invoke(
        "ingest", str(empty_workspace / "ko.md"), "--article", "story", "--by", "Kim Jiyoung", *ws_args(empty_workspace)
    )
    assert result.exit_code == 0
    assert ledger_lines(empty_workspace)[0]["agent"]["id"] == "reporter"


def test_source_update_keeps_ids_marks_changes_and_retires(empty_workspace: Path) -> None:
    ingest(empty_workspace, "v1.md", "첫 문장이다. 둘째 문장이다.\n\n셋째 문장이다.\n")
    result = ingest(empty_workspace, "v2.md", "첫 문장이다. 둘째 문장을 고쳤다.\n\n비가 많이 내렸다.\n")
    assert result.exit_code == 0, result.output
    update = ledger_lines(empty_workspace)[1]
    assert update["type"] == "source-update"
    source = update["source"]
    assert [s["id"] for s in source["segments"]] == ["s1", "s2", "s4"]
    assert source["changed"] == ["s2"] and source["added"] == ["s4"] and source["retired"] == ["s3"]
    assert (empty_workspace / "sources/story/original-2.md").exists()
    same = ingest(empty_workspace, "v3.md", "첫 문장이다. 둘째 문장을 고쳤다.\n\n비가 많이 내렸다.\n")
    assert same.exit_code == 0 and "nothing changed" in same.output
    assert len(ledger_lines(empty_workspace)) == 2


def test_status_and_log_report_the_article(workspace: Path) -> None:
    status = json.loads(invoke("status", "--json", *ws_args(workspace)).output)
    (article,) = status["articles"]
    assert article["article"] == "nk"
    assert article["stages"] == {"ingest": ["reporter"], "translate": ["cslee"]}
    assert article["segments"] == 5 and article["units"] == 5 and article["problems"] == []
    text = invoke("log", "nk", *ws_args(workspace)).output.splitlines()
    assert len(text) == 2 and "ingest" in text[0] and "translate" in text[1]


def test_verify_names_unrecorded_change_and_broken_chain(workspace: Path) -> None:
    assert invoke("verify", *ws_args(workspace)).exit_code == 0
    en = workspace / "translations/nk/en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Three", "Four"), encoding="utf-8")
    result = invoke("verify", *ws_args(workspace))
    assert result.exit_code == 1
    assert "translations/nk/en.md:5: unrecorded: unrecorded change" in result.output
    ledger = workspace / "translations/nk/provenance.jsonl"
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    ledger.write_text(lines[1], encoding="utf-8")  # the first line removed
    result = invoke("verify", *ws_args(workspace))
    assert result.exit_code == 1 and "provenance.jsonl:1: chain" in result.output


def test_torn_ledger_blocks_appends_until_repaired(workspace: Path) -> None:
    ledger = workspace / "translations/nk/provenance.jsonl"
    whole = ledger.read_bytes()
    ledger.write_bytes(whole + b'{"v":1,"seq":3,"pre')
    blocked = invoke("approve", "nk", "--by", "ewhong", *ws_args(workspace))
    assert blocked.exit_code == 2 and "torn last line" in blocked.output
    assert invoke("verify", *ws_args(workspace)).exit_code == 1
    repaired = invoke("repair", "nk", *ws_args(workspace))
    assert repaired.exit_code == 0 and "set the torn last line aside" in repaired.output
    assert ledger.read_bytes() == whole
    (side,) = ledger.parent.glob("provenance.jsonl.torn-*")
    assert side.read_bytes() == b'{"v":1,"seq":3,"pre'
    assert invoke("approve", "nk", "--by", "ewhong", *ws_args(workspace)).exit_code == 0


def test_commands_find_the_workspace_upward(workspace: Path) -> None:
    inner = workspace / "sources" / "nk"
    result = invoke("status", cwd=inner)
    assert result.exit_code == 0 and result.output.startswith("nk:")


def test_outside_a_workspace_is_an_input_error(tmp_path: Path) -> None:
    result = invoke("status", cwd=tmp_path)
    assert result.exit_code == 2 and "not inside a byline workspace" in result.output


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param("[workspace\n", "not valid TOML", id="syntax"),
        pytest.param('[people.x]\nroles = ["editor"]\n', 'needs name = "Full Name"', id="person-without-name"),
        pytest.param('[policy]\nmin_editors = "two"\n', "policy.min_editors must be a whole number", id="bad-number"),
        pytest.param('[policy]\nminimum_editors = 2\n', "unknown key 'minimum_editors'", id="unknown-policy-key"),
    ],
)
def test_config_problems_name_file_key_and_fix(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "byline.toml").write_text(config, encoding="utf-8")
    (tmp_path / "ko.md").write_text(KOREAN, encoding="utf-8")
    result = invoke("ingest", str(tmp_path / "ko.md"), "--article", "a", "--by", "x", "--workspace", str(tmp_path))
    assert result.exit_code == 2
    assert "byline.toml" in result.output and expected in result.output


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["export", "nk", "--format", "po", "-o", "{bad}/x.po"], id="export"),
        pytest.param(["report", "nk", "--format", "md", "-o", "{bad}/x.md"], id="report"),
        pytest.param(["init", "{bad}/ws"], id="init"),
    ],
)
def test_a_place_that_cannot_be_written_is_one_line_exit_2(workspace: Path, args: list[str]) -> None:
    blocker = workspace / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    args = [a.replace("{bad}", str(blocker)) for a in args]
    result = invoke(*args, *([] if args[0] == "init" else ws_args(workspace)))
    assert result.exit_code == 2
    assert "cannot" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
