"""Sentence alignment of Korean sources with free-form English translations."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.text.align import Bead, Lexicon, align_sentences
from workflow.text.evidence import EvidenceModel, _clean, _english_skeleton, _english_skeletons, _korean_skeleton

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ko-en-news"


def pairs(beads: tuple[Bead, ...]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.source, bead.target) for bead in beads]


LAB_KO = [
    "IBM은 서울에 새 연구소를 열었다.",
    "연구소에는 연구원 300명이 일하게 된다.",
    "회사는 이 연구소에 1억1천만 달러를 투자했다.",
]
LAB_EN = [
    "IBM opened a new laboratory in Seoul.",
    "It will employ 300 researchers.",
    "The company invested $110 million in the laboratory.",
]

CASES = [
    ("one-to-one", LAB_KO, LAB_EN, [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]),
    (
        "one-to-two",
        [
            "회사는 1억1천만 달러를 투자했으며 2025년까지 공장 두 곳을 더 짓겠다고 밝혔다.",
            "시장은 NASA의 발표를 환영했다.",
        ],
        [
            "The company invested $110 million.",
            "It said it would build two more plants by 2025.",
            "The mayor welcomed the NASA announcement.",
        ],
        [((0,), (0, 1)), ((1,), (2,))],
    ),
    (
        "two-to-one",
        [
            "회사는 1억1천만 달러를 투자했다.",
            "회사는 2025년까지 공장 두 곳을 더 짓겠다고 밝혔다.",
            "시장은 NASA의 발표를 환영했다.",
        ],
        [
            "The company invested $110 million and said it would build two more plants by 2025.",
            "The mayor welcomed the NASA announcement.",
        ],
        [((0, 1), (0,)), ((2,), (1,))],
    ),
    (
        "two-to-two",
        [
            "NATO 사무총장은 1990년 이후 처음으로 병력 5만 명을 늘리겠다고 말했다.",
            "이는 UN 안보리가 2005년 채택한 결의에 따른 것이다.",
        ],
        [
            "Citing a resolution the UN Security Council adopted in 2005, the NATO chief said",
            "the alliance would add 50,000 troops, its first increase since 1990.",
        ],
        [((0, 1), (0, 1))],
    ),
    (
        "one-to-three",
        [
            "정부는 1억1천만 달러를 들여 부산에 새 항구를 짓고, 2027년까지 컨테이너 처리량을 두 배로 늘리며, "
            "항만 노동자 500명을 새로 고용하겠다고 발표했다.",
            "야당은 이 계획이 예산을 낭비한다고 비판했다.",
        ],
        [
            "The government announced it would spend $110 million on a new port in Busan.",
            "It aims to double container traffic by 2027.",
            "It will also hire 500 new dock workers.",
            "The opposition criticised the plan as a waste of the budget.",
        ],
        [((0,), (0, 1, 2)), ((1,), (3,))],
    ),
    (
        "omission",
        [
            LAB_KO[0],
            LAB_KO[1],
            "이 연구소는 2019년 대전에 세운 분소와 함께 아시아 연구의 거점이 되며 "
            "인공지능과 반도체를 집중적으로 연구한다.",
            LAB_KO[2],
        ],
        LAB_EN,
        [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))],
    ),
    (
        "addition",
        LAB_KO,
        [LAB_EN[0], LAB_EN[1], "Staff writer Jane Doe in New York contributed reporting to this story.", LAB_EN[2]],
        [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))],
    ),
    (
        "names-and-acronyms",
        ["WHO는 성명을 발표했다.", "오바마 대통령은 매케인 의원을 만났다.", "FIFA는 일정을 바꿨다."],
        ["The WHO issued a statement.", "President Obama met Senator McCain.", "FIFA changed the schedule."],
        [((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
    ),
]


@pytest.mark.parametrize(
    ("source", "target", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_bead_types(source, target, expected):
    assert pairs(align_sentences(source, target)) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ([], [], []),
        (["한 문장이다."], [], [((0,), ())]),
        ([], ["One sentence."], [((), (0,))]),
    ],
    ids=["both-empty", "source-only", "target-only"],
)
def test_empty_sides(source, target, expected):
    assert pairs(align_sentences(source, target)) == expected


def test_clear_alignment_is_confident():
    beads = align_sentences(LAB_KO, LAB_EN)
    assert all(0.9 <= bead.confidence <= 1.0 for bead in beads)


def test_decomposed_hangul_aligns_like_composed():
    decomposed = [unicodedata.normalize("NFD", text) for text in LAB_KO]
    assert align_sentences(decomposed, LAB_EN) == align_sentences(LAB_KO, LAB_EN)


@pytest.mark.parametrize(
    ("korean", "english"),
    [("오바마", "Obama"), ("매케인", "McCain"), ("고든", "Gordon"), ("워싱턴", "Washington"),
     ("바그다드", "Baghdad"), ("리버모어", "Livermore"), ("힐러리", "Hillary")],
    ids=["obama", "mccain", "gordon", "washington", "baghdad", "livermore", "hillary"],
)
def test_transliterated_names_share_a_skeleton(korean, english):
    assert _korean_skeleton(korean) == _english_skeleton(english)


@pytest.mark.parametrize(
    ("korean", "english"),
    [("아르기닌", "Arginine"), ("로마", "Roman"), ("멕시코", "Mexican"),
     ("인도", "Indians"), ("오바마", "Obama")],
    ids=["r-kept", "demonym", "demonym-c", "demonym-plural", "plain-name"],
)
def test_name_variants_share_a_skeleton(korean, english):
    assert _korean_skeleton(korean) in _english_skeletons(english)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("trip &#8212;", "trip \u2014"), ("¡°Yes,¡± he said", "\u201cYes,\u201d he said"),
     ("McCain¡¯s lead", "McCain\u2019s lead"), ("Señor &amp; co", "Señor & co"), ("plain", "plain")],
    ids=["numeric-entity", "euc-kr-quotes", "euc-kr-apostrophe", "latin-1-kept", "untouched"],
)
def test_features_read_the_text_a_reader_sees(raw, clean):
    assert _clean(raw) == clean


def test_entities_and_garbled_quotes_do_not_change_the_alignment():
    source = ["그는 “우리는 이겼다”고 말했다.", "경찰은 사건을 조사하고 있다."]
    garbled = ["¡°We won,¡± he said.", "Police are investigating the case &#8212; officials said."]
    plain = ["“We won,” he said.", "Police are investigating the case — officials said."]
    assert (
        pairs(align_sentences(source, garbled)) == pairs(align_sentences(source, plain)) == [((0,), (0,)), ((1,), (1,))]
    )


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (["Police are chasing the suspect.", "The president welcomed the plan."],
         [((0,), (0,)), ((1,), ()), ((2,), (1,))]),
        (["The government announced new measures.", "The president welcomed the plan."],
         [((0,), ()), ((1,), (0,)), ((2,), (1,))]),
    ],
    ids=["middle-dropped", "first-dropped"],
)
def test_built_in_glossary_finds_the_omitted_sentence_without_a_lexicon(target, expected):
    source = ["경찰은 용의자를 쫓고 있다.", "정부는 새 대책을 내놓았다.", "대통령은 계획을 환영했다."]
    assert pairs(align_sentences(source, target)) == expected


def test_lexicon_learns_recurring_translations():
    lexicon = Lexicon.from_pairs(
        [
            ("대통령은 어제 연설했다.", "The president spoke yesterday."),
            ("대통령이 서울을 방문했다.", "The president visited Seoul."),
            ("의회는 법안을 통과시켰다.", "Parliament passed the bill."),
            ("의회가 예산을 승인했다.", "Parliament approved the budget."),
        ]
    )
    assert "presi" in lexicon.translations["대통령"]
    assert "parli" in lexicon.translations["의회"]


def test_lexicon_separates_sentences_that_share_nothing_else():
    lexicon = Lexicon.from_pairs(
        [("대통령은 어제 연설했다.", "The president spoke."), ("대통령이 방문했다.", "The president visited."),
         ("의회는 법안을 통과시켰다.", "Parliament passed a bill."), ("의회가 승인했다.", "Parliament approved it.")]
    )
    source = ["의회는 오늘 회의를 열었다.", "대통령은 침묵했다."]
    target = ["Parliament met today.", "The president kept silent."]
    assert pairs(align_sentences(source, target, lexicon)) == [((0,), (0,)), ((1,), (1,))]


def test_fitted_model_keeps_weights():
    model = EvidenceModel.fit([("가나다라마", "abcdefghij"), ("가나다", "abcdef")], number=5.0)
    assert model.ratio == pytest.approx(2.0)
    assert model.number == 5.0


sentences = st.lists(st.text(max_size=40), max_size=12)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(sentences, sentences)
def test_beads_cover_every_sentence_once_in_order(source, target):
    beads = align_sentences(source, target)
    assert [i for bead in beads for i in bead.source] == list(range(len(source)))
    assert [j for bead in beads for j in bead.target] == list(range(len(target)))
    assert all(bead.source or bead.target for bead in beads)
    assert all(0.0 <= bead.confidence <= 1.0 for bead in beads)


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "dev.ko").exists(), reason="../shared/data/ko-en-news is absent")
def test_first_corpus_document_aligns_well():
    from workflow.text.segment import split_english, split_korean

    ko_lines = (CORPUS / "dev.ko").read_text(encoding="utf-8").splitlines()[:25]
    en_lines = (CORPUS / "dev.en").read_text(encoding="utf-8").splitlines()[:25]
    source, target, gold = [], [], set()
    for ko, en in zip(ko_lines, en_lines, strict=True):
        ko_sents = [ko[s.start : s.end] for s in split_korean(ko)] or [ko]
        en_sents = [en[s.start : s.end] for s in split_english(en)] or [en]
        gold |= {(len(source) + a, len(target) + b) for a in range(len(ko_sents)) for b in range(len(en_sents))}
        source += ko_sents
        target += en_sents
    found = {(s, t) for bead in align_sentences(source, target) for s in bead.source for t in bead.target}
    precision, recall = len(found & gold) / len(found), len(found & gold) / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.9


@settings(max_examples=40, deadline=None)
@given(sentences, sentences)
def test_crossing_beads_cover_every_sentence_once_each_english_in_one_run(source, target):
    beads = align_sentences(source, target, crossing=True)
    assert sorted(i for bead in beads for i in bead.source) == list(range(len(source)))
    assert sorted(j for bead in beads for j in bead.target) == list(range(len(target)))
    for bead in beads:
        for side in (bead.source, bead.target):
            assert list(side) == list(range(side[0], side[0] + len(side))) if side else True
        assert 0.0 <= bead.confidence <= 1.0
