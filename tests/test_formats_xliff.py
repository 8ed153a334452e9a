"""XLIFF and TMX reading: files from other tools, XLIFF 1.2 dialects, and a first translation from XLIFF."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import KOREAN, invoke

from workflow.errors import FormatError
from workflow.formats import Pair, read

SUITE = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "xliff21" / "test-suite"
V2 = "urn:oasis:names:tc:xliff:document:2.0"

READS = [
    pytest.param(
        "other-tool-2.0.xlf",
        f'<xliff xmlns="{V2}" version="2.0" srcLang="ko" trgLang="en"><file id="f1"><unit id="u1" name="s4+s5">'
        '<segment id="a"><source>이 사업에는 돈이 들었다.</source><target>It cost money.</target></segment>'
        '<ignorable><source> </source></ignorable>'
        '<segment id="b"><source>주민이 체포됐다.</source>'
        '<target>Someone was <pc id="1">arrested</pc>.</target></segment>'
        "</unit></file></xliff>",
        (Pair("s4+s5", "이 사업에는 돈이 들었다. 주민이 체포됐다.", "It cost money. Someone was arrested."),),
        id="xliff20-segments-ignorable-inline-code",
    ),
    pytest.param(
        "ids-only.xlf",
        f'<xliff xmlns="{V2}" version="2.1" srcLang="ko" trgLang="en"><file id="f1">'
        '<unit id="s3_s4"><segment><source>가</source><target>A<ph id="p"/> <cp hex="00A0"/>B</target></segment></unit>'
        '<unit id="s5"><segment><source>나</source></segment></unit>'
        "</file></xliff>",
        (Pair("s3+s4", "가", "A \u00a0B"),),
        id="xliff21-id-without-name-untranslated-skipped",
    ),
    pytest.param(
        "old-tool-1.2.xlf",
        '<xliff version="1.2"><file original="nk" source-language="ko" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="7" resname="s2"><source>나</source>'
        '<target state="translated">B <g id="1">bold</g></target></trans-unit>'
        '<trans-unit id="8"><source>다</source></trans-unit>'
        "</body></file></xliff>",
        (Pair("s2", "나", "B bold"),),
        id="xliff12-without-namespace",
    ),
    pytest.param(
        "memory.tmx",
        '<tmx version="1.4"><header srclang="ko" creationtool="t" creationtoolversion="1" segtype="sentence" '
        'o-tmf="t" adminlang="en" datatype="plaintext"/><body>'
        '<tu tuid="s1"><tuv xml:lang="ko"><seg>가</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>A <ph x="1">{x}</ph></seg></tuv></tu>'
        '<tu><tuv xml:lang="ko"><seg>나</seg></tuv><tuv xml:lang="en"><seg>B</seg></tuv></tu>'
        "</body></tmx>",
        (Pair("s1", "가", "A {x}"),),
        id="tmx-tuid-only",
    ),
]


@pytest.mark.parametrize("name, content, expected", READS)
def test_reads_targets_from_other_tools(tmp_path: Path, name: str, content: str, expected: tuple) -> None:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    pairs = read(path).pairs
    assert pairs is not None
    # Unit, source and target; what each format says of review states and comments is in test_review_states.py.
    assert tuple(pair[:3] for pair in pairs) == tuple(pair[:3] for pair in expected)


@pytest.mark.parametrize(
    "name, content, message",
    [
        pytest.param("wrong-root.xlf", "<html/>", "not an XLIFF", id="not-xliff"),
        pytest.param("broken.xlf", f'<xliff xmlns="{V2}"><file>', "not well-formed", id="truncated"),
        pytest.param(
            "twice.xlf",
            f'<xliff xmlns="{V2}"><file id="f"><unit id="s1"><segment><source/><target/></segment></unit>'
            '<unit id="s1"><segment><source/><target/></segment></unit></file></xliff>',
            "appears twice",
            id="duplicate-unit",
        ),
        pytest.param(
            "two-targets.tmx",
            '<tmx><header srclang="ko"/><body><tu tuid="s1"><tuv xml:lang="en"><seg>a</seg></tuv>'
            '<tuv xml:lang="fr"><seg>b</seg></tuv></tu></body></tmx>',
            "exactly one",
            id="tmx-two-targets",
        ),
    ],
)
def test_malformed_bilingual_files_are_format_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        read(path)


@pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/schemas/xliff21/test-suite is not present")
def test_reads_every_valid_file_of_the_oasis_test_suite() -> None:
    files = sorted((SUITE / "core" / "valid").glob("*.xlf")) + sorted((SUITE / "modules" / "valid").glob("*.xlf"))
    assert files
    for path in files:
        document = read(path)
        assert document.pairs is not None, path.name


def test_first_translation_from_xliff(empty_workspace: Path) -> None:
    root = empty_workspace
    ws = ["--workspace", str(root)]
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    assert invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    units = [("s1", "Laptop crackdown"), ("s2", "Residents say there is a crackdown."), ("s3", '"Spies," one said.'),
             ("s4", "It cost $110 million."), ("s5", "Three were arrested.")]
    body = "".join(f'<unit id="{u}"><segment><source>-</source><target>{t}</target></segment></unit>' for u, t in units)
    path = root / "first.xlf"
    path.write_text(f'<xliff xmlns="{V2}" version="2.0" srcLang="ko" trgLang="en"><file id="f">{body}</file></xliff>',
                    encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(path), "--by", "cslee", *ws)
    assert result.exit_code == 0, result.output
    english = (root / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    assert english == ("# Laptop crackdown\n\nResidents say there is a crackdown. \"Spies,\" one said.\n\n"
                       "It cost $110 million. Three were arrested.\n")
