"""North Korean Korean: spacing, the initial-sound rule and vocabulary must not throw segmentation or alignment.

The sentences are written for these tests: a report as a North Korean source or
state media would put it (로동, 리, 녀성, 《》 quotes, 할수 있다, 손전화, 인차) beside the
same report in southern spelling, and their English.
"""

from __future__ import annotations

import pytest

from workflow.text.align import align_sentences
from workflow.text.evidence import korean_terms, south_spelling
from workflow.text.segment import split_korean

NORTH = [
    "로동신문은 10일 《녀성들의 로동조건을 개선하자》는 제목의 사설을 실었다.",
    "량강도의 한 주민은 손전화로 《단속이 인차 끝날것이라고 합니다.》라고 전했다.",
    "리철수 로동자는 새 기술을 받아들이고있으며 생산량이 두배로 늘어날수 있다고 말하였다.",
    "당국은 지난달 장마당에서 외국산 콤퓨터를 판 상인 3명을 체포하였다.",
    "주민들은 전기가 하루 두시간밖에 공급되지 않는다고 불만을 터뜨렸다.",
]
SOUTH = [
    "노동신문은 10일 '여성들의 노동조건을 개선하자'는 제목의 사설을 실었다.",
    "양강도의 한 주민은 휴대폰으로 \"단속이 곧 끝날 것이라고 합니다.\"라고 전했다.",
    "이철수 노동자는 새 기술을 받아 들이고 있으며 생산량이 두 배로 늘어날 수 있다고 말했다.",
    "당국은 지난달 시장에서 외국산 컴퓨터를 판 상인 3명을 체포했다.",
    "주민들은 전기가 하루 두 시간밖에 공급되지 않는다고 불만을 터뜨렸다.",
]
ENGLISH = [
    "The Rodong Sinmun ran an editorial on the 10th titled \"Let us improve women's working conditions.\"",
    "A resident of Ryanggang province said by mobile phone that the crackdown would end soon.",
    "Worker Ri Chol Su said he was taking up the new technology and that output could double.",
    "Last month the authorities arrested three traders who sold foreign computers in the market.",
    "Residents complained that electricity was supplied for only two hours a day.",
]


def pairs(beads):  # type: ignore[no-untyped-def]
    return [(bead.source, bead.target) for bead in beads]


@pytest.mark.parametrize("sentences", [NORTH, SOUTH], ids=["north", "south"])
def test_segmentation_finds_the_same_sentences_in_either_spelling(sentences: list[str]) -> None:
    text = " ".join(sentences)
    assert [text[span.start : span.end] for span in split_korean(text)] == sentences


@pytest.mark.parametrize("sentences", [NORTH, SOUTH], ids=["north", "south"])
def test_each_sentence_pairs_with_its_english(sentences: list[str]) -> None:
    beads = align_sentences(sentences, ENGLISH)
    assert pairs(beads) == [((i,), (i,)) for i in range(5)]
    assert all(bead.confidence >= 0.5 for bead in beads)


def test_north_korean_omission_and_addition_are_found() -> None:
    added = "This report was compiled from interviews with residents."
    english = [ENGLISH[0], added, ENGLISH[1], ENGLISH[3], ENGLISH[4]]
    assert pairs(align_sentences(NORTH, english)) == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), ()),
                                                      ((3,), (3,)), ((4,), (4,))]


SPELLINGS = [("로동", "노동"), ("리철수", "이철수"), ("녀성", "여성"), ("력사", "역사"), ("량강도", "양강도"),
             ("료리", "요리"), ("대통령", "대통령"), ("North", "North")]


@pytest.mark.parametrize(("north", "south"), SPELLINGS,
                         ids=["ro-no", "ri-i", "nyo-yo", "ryok-yok", "ryang-yang", "ryo-yo", "plain", "latin"])
def test_initial_sound_rule_gives_the_southern_spelling(north: str, south: str) -> None:
    assert south_spelling(north) == south


def test_korean_terms_of_a_northern_spelling_include_the_southern_terms() -> None:
    assert {"노동", "노동자"} <= korean_terms("로동자들이 모였다")
    assert korean_terms("노동자들이 모였다") <= korean_terms("로동자들이 모였다") | korean_terms("노동자들이 모였다")
