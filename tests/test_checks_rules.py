"""Table tests for every unit rule: one line per passing or failing case, on a one-unit article."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import fired
from helpers import unit_context as context

from workflow.checks.registry import rules
from workflow.model.state import Unit

CASES = [
    # (code, korean, english, fires)
    ("BL201", "사업에는 1억1천만 달러가 들었다.", "The program cost $110 million.", False),
    ("BL201", "사업에는 1억1천만 달러가 들었다.", "The program cost $120 million.", True),
    ("BL201", "500억 달러를 요청했다.", "He asked for $50bn.", False),
    ("BL201", "주민 3명이 체포됐다.", "Three residents were arrested.", False),
    ("BL201", "주민 3명이 체포됐다.", "4 residents were arrested.", True),
    ("BL201", "초당 12조3천억 번 계산한다.", "It performs 12.3 trillion calculations a second.", False),
    ("BL201", "지지율은 45%였다.", "Support stood at 45 percent.", False),
    ("BL201", "지지율은 45%였다.", "Support stood at 54 percent.", True),
    ("BL201", "그는 1992년에 떠났다.", "He left in 1992.", False),
    ("BL201", "그는 1992년에 떠났다.", "He left in 1993.", True),
    ("BL201", "시게오(73)는 배우다.", "The 73-year-old is an actor.", False),
    ("BL201", "시게오(73)는 배우다.", "The 83-year-old is an actor.", True),
    ("BL201", "서울에서 117km 떨어진 곳이다.", "It is 73 miles from Seoul.", False),
    ("BL201", "북한은 27일 발표했다.", "North Korea said on Wednesday.", False),
    ("BL201", "오전 7시 15분에 전화가 왔다.", "The call came at 0715.", False),
    ("BL201", "1500달러를 냈다.", "They paid $1,500.", False),
    ("BL202", "3월 5일 발표했다.", "It was announced on March 5.", False),
    ("BL202", "3월 5일 발표했다.", "It was announced on March 6.", True),
    ("BL202", "3월 5일 발표했다.", "It was announced on Tuesday.", False),
    ("BL203", "ASCI White로 알려진 컴퓨터다.", "The computer known as ASCI White.", False),
    ("BL203", "ASCI White로 알려진 컴퓨터다.", "The computer known as ASCI Wihte.", True),
    ("BL203", "국제올림픽위원회(IOC)가 밝혔다.", "The International Olympic Committee said.", False),
    ("BL203", "치키타 브랜즈(Chiquita Brands)가 이득을 본다.", "Growers like Chiquita Brands benefit.", False),
    ("BL203", "치키타 브랜즈(Chiquita Brands)가 이득을 본다.", "Growers like Ciquitah Brands benefit.", True),
    ("BL203", "50km 떨어졌다.", "It is 31 miles away.", False),
    ("BL203", "Church Offers Cash for Guns 교회가 현금을 준다", "A church pays for weapons.", False),
    (
        "BL203",
        "합동태풍경보센터(Joint Typhoon Warning Center)가 전했다.",
        "the Joint Typhoon Warning Center said.",
        False,
    ),
    ("BL203", "Korea 정부가 밝혔다.", "The Korean government said.", False),
    ("BL204", "그는 “협상은 끝났다”고 말했다.", '"The talks are over," he said.', False),
    ("BL204", "그는 “협상은 끝났다”고 말했다.", "He said the talks were over.", False),
    ("BL204", "그는 “우리는 협상을 끝냈다”고 말했다.", "We are done with the talks, he said.", True),
    ("BL204", "그는 “협상은 끝났다”고 말했다.", "The talks are over.", True),
    ("BL205", "인민반이 신고했다.", "The neighborhood watch unit reported it.", False),
    ("BL205", "인민반이 신고했다.", "The 인민반 reported it.", True),
    ("BL206", "그는 말했다.", '"The talks are over," he said.', False),
    ("BL206", "그는 말했다.", '"The talks are over, he said.', True),
    ("BL206", "그는 말했다.", "The talks (in Seoul are over.", True),
    ("BL206", "그는 말했다.", "The talks (in Seoul are over.\n\nSeoul) said so.", True),
    ("BL206", "그는 말했다.", '"The talks are over.\n\n"Seoul said so," he said.', False),
    ("BL206", "그는 말했다.", "North Korea's talks are over, he said.", False),
    ("BL204", "그는 “협상은 끝났다”고 말했다.", "¡°The talks are over,¡± he said.", False),
    ("BL206", "그는 말했다.", "¡°The talks are over,¡± he said.", False),
    ("BL206", "그는 말했다.", "¡°The talks are over, he said.", True),
    ("BL209", "그는 말했다.", "He said the talks were over.", False),
    ("BL209", "그는 말했다.", "¡°The talks are over,¡± he said.", True),
    ("BL209", "그는 말했다.", "The café said â€œnoâ€\x9d.", True),
    ("BL209", "그는 말했다.", "Obama&#8212;the candidate said.", True),
    ("BL209", "그는 말했다.", "He <b>said</b> so.", True),
    ("BL209", "그는 말했다.", "He said \ufffd so.", True),
    ("BL209", "그는 ¡°협상은 끝났다¡±고 말했다.", "He said the talks were over.", True),
    ("BL209", "그는 &quot;협상&quot;을 말했다.", "He spoke of talks.", True),
    ("BL209", "그는 말했다.", "José Müller of São Paulo, AT&T, 25°C, ¡Hola!", False),
    ("BL209", "그는 말했다.", "Prices rose 3 < 5 > 2 and a<b.", False),
    ("BL103", "그는 말했다.", "…", True),
    ("BL103", "그는 말했다.", "He said.", False),
]


@pytest.mark.parametrize(
    ("code", "korean", "english", "fires"), CASES,
    ids=[f"{c}-{'fires' if f else 'quiet'}-{i}" for i, (c, _, _, f) in enumerate(CASES)],
)
def test_rule_table(tmp_path: Path, code: str, korean: str, english: str, fires: bool) -> None:
    ctx, unit = context(tmp_path, korean, english)
    hits = [h for h in fired(code, ctx, unit) if h.severity != "warning" or code in ("BL204", "BL104")]
    assert bool(hits) is fires, [h.message for h in hits]


@pytest.mark.parametrize(
    ("english", "fires"),
    [("The neighborhood watch unit reported him.", False), ("The block leader reported him.", True)],
    ids=["rendered", "missing"],
)
def test_glossary_term(tmp_path: Path, english: str, fires: bool) -> None:
    ctx, unit = context(
        tmp_path, "인민반장이 신고했다.", english, glossary="# desk terms\n인민반\tneighborhood watch unit|inminban\n"
    )
    hits = fired("BL207", ctx, unit)
    assert bool(hits) is fires
    if fires:
        assert "glossary.tsv:2" in hits[0].message


def test_acronym_replaced_is_only_a_warning(tmp_path: Path) -> None:
    ctx, unit = context(tmp_path, "FDA는 승인하지 않았다.", "The agency declined to approve it.")
    assert [h.severity for h in fired("BL203", ctx, unit)] == ["warning"]


def test_omitted_unit_fires(tmp_path: Path) -> None:
    ctx, _ = context(tmp_path, "그는 말했다.", "")
    empty = Unit(("s1",), 0, 0)
    assert fired("BL102", ctx, empty)


def test_bad_glossary_line_is_a_config_error(tmp_path: Path) -> None:
    from workflow.errors import ConfigError

    ctx, unit = context(tmp_path, "인민반", "x", glossary="인민반 neighborhood watch unit\n")
    with pytest.raises(ConfigError, match="glossary.tsv:1"):
        fired("BL207", ctx, unit)


def test_every_rule_is_documented() -> None:
    assert {r.code for r in rules()} >= {code for code, *_ in CASES} | {"BL102", "BL207"}
    for r in rules():
        doc = r.check.__doc__ or ""
        assert "*Why:*" in doc and "*Example:*" in doc, r.code
        assert r.name == r.name.lower() and " " not in r.name


def test_docs_page_is_up_to_date() -> None:
    from workflow.checks.docs import render

    page = Path(__file__).resolve().parents[1] / "docs" / "checks.md"
    assert page.read_text(encoding="utf-8") == render(), "regenerate: python -m workflow.checks.docs > docs/checks.md"
