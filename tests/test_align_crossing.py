"""Units that cross: an English sentence moved before its neighbour's still renders its own Korean sentence.

End to end: translate, the units listed, PO and XLIFF export, an edit brought
back through each, verify, blame and checks on the result.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import invoke

from workflow.text.align import align_sentences

KOREAN = [
    "당국은 지난달 장마당에서 외국산 컴퓨터를 판 상인 3명을 체포했다.",
    "주민들은 전기가 하루 두 시간밖에 공급되지 않는다고 불만을 터뜨렸다.",
    "양강도의 한 주민은 휴대폰으로 단속이 곧 끝날 것이라고 전했다.",
    "노동신문은 10일 여성들의 노동조건을 개선하자는 사설을 실었다.",
]
ENGLISH = [
    "Last month the authorities arrested three traders who sold foreign computers in the market.",
    "Residents complained that electricity was supplied for only two hours a day.",
    "A resident of Ryanggang province said by mobile phone that the crackdown would end soon.",
    "The Rodong Sinmun ran an editorial on the 10th calling for better working conditions for women.",
]
MOVED = [ENGLISH[0], ENGLISH[2], ENGLISH[1], ENGLISH[3]]  # the third sentence moved before the second


def test_the_aligner_lets_a_moved_sentence_cross() -> None:
    beads = align_sentences(KOREAN, MOVED, crossing=True)
    assert [(b.source, b.target) for b in beads] == [((0,), (0,)), ((1,), (2,)), ((2,), (1,)), ((3,), (3,))]
    monotonic = align_sentences(KOREAN, MOVED)
    assert [(b.source, b.target) for b in monotonic] != [(b.source, b.target) for b in beads]


def test_two_sentences_that_traded_places_are_not_one_unit() -> None:
    swapped = [ENGLISH[1], ENGLISH[0], ENGLISH[2], ENGLISH[3]]
    beads = align_sentences(KOREAN, swapped, crossing=True)
    assert [(b.source, b.target) for b in beads] == [((0,), (1,)), ((1,), (0,)), ((2,), (2,)), ((3,), (3,))]


@pytest.fixture
def crossed(empty_workspace: Path) -> Path:
    root = empty_workspace
    (root / "ko.md").write_text(" ".join(KOREAN) + "\n", encoding="utf-8")
    (root / "en.md").write_text(" ".join(MOVED) + "\n", encoding="utf-8")
    ws = ["--workspace", str(root)]
    assert invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    result = invoke("translate", "nk", "--from", str(root / "en.md"), "--by", "cslee", *ws)
    assert result.exit_code == 0, result.output
    return root


def test_translate_records_crossing_units(crossed: Path) -> None:
    listing = json.loads(invoke("align", "nk", "--json", "--workspace", str(crossed)).stdout)
    by_unit = {unit["unit"]: (unit["target"], unit["english"]) for unit in listing["units"]}
    assert by_unit["s2"] == ([3], ENGLISH[1])
    assert by_unit["s3"] == ([2], ENGLISH[2])
    assert by_unit["s1"][0] == [1] and by_unit["s4"][0] == [4]


@pytest.mark.parametrize(("fmt", "old", "new"), [
    ("po", 'msgstr "Residents complained that', 'msgstr "Many residents complained that'),
    ("xliff", "<target>Residents complained that", "<target>Many residents complained that"),
], ids=["po", "xliff"])
def test_a_crossing_unit_edited_in_a_bilingual_file_comes_back_in_its_place(crossed: Path, fmt: str, old: str,
                                                                            new: str) -> None:
    ws = ["--workspace", str(crossed)]
    out = crossed / f"exported.{'po' if fmt == 'po' else 'xlf'}"
    assert invoke("export", "nk", "--format", fmt, "-o", str(out), *ws).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert old in text
    again = invoke("record", "nk", "--from", str(out), "--by", "ewhong", "--json", *ws)
    assert (again.exit_code, json.loads(again.stdout).get("event")) == (0, None), again.output  # nothing changed
    out.write_text(text.replace(old, new), encoding="utf-8")
    result = invoke("record", "nk", "--from", str(out), "--by", "ewhong", "--json", *ws)
    assert result.exit_code == 0, result.output
    assert [u["unit"] for u in json.loads(result.stdout)["event"]["units"]] == ["s2"]
    english = (crossed / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    assert english.strip() == " ".join([ENGLISH[0], ENGLISH[2], "Many " + ENGLISH[1][0].lower() + ENGLISH[1][1:],
                                        ENGLISH[3]])
    assert invoke("verify", "nk", *ws).exit_code == 0
    blame = json.loads(invoke("blame", "nk", "--json", *ws).stdout)["tokens"]
    assert {t["agent"] for t in blame if t["text"] == "Many"} == {"ewhong"}
    assert {t["agent"] for t in blame if t["text"] == "Ryanggang"} == {"cslee"}
    checked = invoke("check", "nk", "--json", *ws)
    assert (checked.exit_code, json.loads(checked.stdout)["findings"]) == (0, []), checked.output
    assert invoke("status", "nk", *ws).exit_code == 0


def test_a_corrected_korean_sentence_makes_its_own_crossing_unit_stale_in_every_view(crossed: Path) -> None:
    """The Korean of s2 (rendered by the third English sentence) changes: s2 goes stale, not its neighbour s3."""
    ws = ["--workspace", str(crossed)]
    (crossed / "ko.md").write_text(" ".join(KOREAN).replace("두 시간", "세 시간") + "\n", encoding="utf-8")
    assert invoke("ingest", str(crossed / "ko.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    status = json.loads(invoke("status", "nk", "--json", *ws).stdout)["articles"][0]
    assert status["stale"] == ["s2"]
    checked = invoke("check", "nk", "--json", *ws)
    stale = [f for f in json.loads(checked.stdout)["findings"] if f["rule"] == "BL304"]
    assert checked.exit_code == 1 and [f["unit"] for f in stale] == ["s2"]
    po = (crossed / "translations" / "nk" / "en.po").read_text(encoding="utf-8").splitlines()
    entry = po[stale[0]["line"] - 1:stale[0]["line"] + 2]  # the line a finding names is its entry's msgctxt
    assert entry[0] == 'msgctxt "s2"' and entry[2] == f'msgstr "{ENGLISH[1]}"', entry
    report = json.loads(invoke("report", "nk", "--format", "json", *ws).stdout)
    units = {unit["id"]: unit for unit in report["units"]}
    assert (units["s2"]["target"], units["s2"]["stale"]) == (ENGLISH[1], True)
    assert "세 시간" in units["s2"]["source"]
    assert (units["s3"]["target"], units["s3"]["stale"]) == (ENGLISH[2], False)
    html = invoke("report", "nk", *ws).stdout
    row = html[html.index('<tr id="unit-s2"'):]
    row = row[:row.index("</tr>")]
    assert ENGLISH[1] in row and 'class="flag stale"' in row
    row3 = html[html.index('<tr id="unit-s3"'):]
    assert 'class="flag stale"' not in row3[:row3.index("</tr>")]
