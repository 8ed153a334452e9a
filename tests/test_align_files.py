"""`byline align SRC TGT` on files named as parallel corpora name them, and on files it cannot read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import invoke

KO = "정부는 새 대책을 내놓았다.\n대통령은 계획을 환영했다.\n야당은 예산이 부족하다고 비판했다.\n"
EN = ("The government announced new measures.\nThe president welcomed the plan.\n"
      "The opposition said the budget was too small.\n")
EXPECTED = [{"source": [0], "target": [0]}, {"source": [1], "target": [1]}, {"source": [2], "target": [2]}]


@pytest.mark.parametrize(("ko_name", "en_name"), [("news.ko", "news.en"), ("dev.kor", "dev.eng"), ("KO", "EN"),
                                                    ("a.ko.txt", "a.en.txt"), ("한국어.문장", "english.lines")],
                         ids=["ko-en", "three-letter", "no-extension", "double-extension", "hangul-name"])
def test_sentences_takes_any_utf8_file_one_sentence_a_line(tmp_path: Path, ko_name: str, en_name: str) -> None:
    (tmp_path / ko_name).write_text(KO, encoding="utf-8")
    (tmp_path / en_name).write_text(EN, encoding="utf-8")
    result = invoke("align", str(tmp_path / ko_name), str(tmp_path / en_name), "--sentences", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["units"] == EXPECTED
    assert result.stderr == ""


def test_sentences_keeps_blank_lines_out_and_reads_crlf_and_a_bom(tmp_path: Path) -> None:
    (tmp_path / "a.ko").write_bytes(("\ufeff" + KO.replace("\n", "\r\n\r\n")).encode("utf-8"))
    (tmp_path / "a.en").write_bytes(EN.replace("\n", "\r\n").encode("utf-8"))
    result = invoke("align", str(tmp_path / "a.ko"), str(tmp_path / "a.en"), "--sentences", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["units"] == EXPECTED


def test_an_unknown_extension_without_sentences_is_plain_text_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "a.ko").write_text(KO.replace("\n", " "), encoding="utf-8")
    (tmp_path / "a.en").write_text(EN.replace("\n", " "), encoding="utf-8")
    result = invoke("align", str(tmp_path / "a.ko"), str(tmp_path / "a.en"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["units"] == EXPECTED
    notes = result.stderr.strip().splitlines()
    assert len(notes) == 2 and all(line.startswith("note: ") and "read as plain text" in line for line in notes)
    assert "a.ko" in notes[0] and ".ko" in notes[0] and "a.en" in notes[1]


def test_a_known_extension_gives_no_note(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(KO.replace("\n", " "), encoding="utf-8")
    (tmp_path / "a.txt").write_text(EN.replace("\n", " "), encoding="utf-8")
    result = invoke("align", str(tmp_path / "a.md"), str(tmp_path / "a.txt"), "--json")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("sentences", [True, False], ids=["sentences", "text"])
def test_a_file_that_is_not_utf8_is_one_line_naming_it(tmp_path: Path, sentences: bool) -> None:
    (tmp_path / "a.ko").write_bytes(KO.encode("euc-kr"))
    (tmp_path / "a.en").write_text(EN, encoding="utf-8")
    result = invoke("align", str(tmp_path / "a.ko"), str(tmp_path / "a.en"), *(["--sentences"] if sentences else []))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert str(tmp_path / "a.ko") in lines[-1]


def test_a_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    (tmp_path / "a.en").write_text(EN, encoding="utf-8")
    result = invoke("align", str(tmp_path / "gone.ko"), str(tmp_path / "a.en"), "--sentences")
    assert result.exit_code == 2
    assert "gone.ko" in result.stderr and "no such file" in result.stderr
