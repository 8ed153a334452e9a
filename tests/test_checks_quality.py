"""The false alarms and misses a desk chief found on real news (issue 22, and the checks of issue 19), on
sentences written for these tests: each renders the Korean correctly, or carries one real defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import fired
from helpers import unit_context as context

DATED_2008 = {"date": "2008-07-30"}


def findings(tmp_path: Path, code: str, korean: str, english: str, meta: dict[str, str] | None = None) -> list[str]:
    ctx, unit = context(tmp_path, korean, english, meta=meta)
    return [h.message for h in fired(code, ctx, unit)]


@pytest.mark.parametrize(
    ("korean", "english", "meta", "fires"),
    [
        pytest.param("계약 기간은 1년이다.", "The contract runs for 12 months.", None, False,
                     id="one-year-is-12-months"),
        pytest.param("계약 기간은 1년이다.", "The contract runs for 18 months.", None, True,
                     id="one-year-is-not-18-months"),
        pytest.param("반년 만에 돌아왔다.", "He came back after six months.", None, False,
                     id="half-a-year-is-six-months"),
        pytest.param("10년간 복역했다.", "He served a decade in prison.", None, False, id="ten-years-is-a-decade"),
        pytest.param("2년 반 동안 협상했다.", "They negotiated for 30 months.", None, False, id="two-and-a-half-years"),
        pytest.param("그는 2006년 그 책을 썼다.", "He wrote the book two years ago.", DATED_2008, False,
                     id="a-year-is-n-years-ago-against-the-article-date"),
        pytest.param("그는 2006년 그 책을 썼다.", "He wrote the book five years ago.", DATED_2008, True,
                     id="n-years-ago-that-is-another-year"),
        pytest.param("그는 지난해 그 책을 썼다.", "He wrote the book in 2007.", DATED_2008, False,
                     id="last-year-is-2007"),
        pytest.param("그는 지난해 그 책을 썼다.", "He wrote the book in 2004.", DATED_2008, True,
                     id="last-year-is-not-2004"),
        pytest.param("올해 3천 명이 방문했다.", "This year 3,000 people visited.", DATED_2008, False, id="this-year"),
        pytest.param("그는 3년 전 떠났다.", "He left three years ago.", None, False,
                     id="n-years-ago-both-sides-undated"),
        pytest.param("20여 명이 다쳤다.", "More than 20 people were hurt.", None, False, id="yeo-is-more-than"),
        pytest.param("20여 시간 동안 갇혀 있었다.", "They were trapped for more than 12 hours.", None, True,
                     id="yeo-20-is-not-12"),
        pytest.param("수십 명이 다쳤다.", "Dozens of people were hurt.", None, False, id="susip-is-dozens"),
        pytest.param("스무 명이 다쳤다.", "20 people were hurt.", None, False, id="native-number-word"),
        pytest.param("3명이 숨지고 5명이 다쳤다.", "Three died and 3 were hurt.", None, True,
                     id="a-changed-number-whose-new-value-is-stated-elsewhere"),
        pytest.param("6·25 전쟁 때 1950년 피란했다.", "They fled in 1950, during the Korean War.", None, False,
                     id="event-name-with-a-middle-dot-is-not-a-number"),
        pytest.param("피해액은 2조원이다.", "The damage is put at 1.7 billion dollars.", None, False,
                     id="won-converted-to-dollars"),
    ],
)
def test_numbers_that_mean_the_same(tmp_path: Path, korean: str, english: str, meta: dict[str, str] | None,
                                    fires: bool) -> None:
    assert bool(findings(tmp_path, "BL201", korean, english, meta)) is fires


@pytest.mark.parametrize(
    ("korean", "english", "meta", "fires"),
    [
        pytest.param("지난 1월 발표했다.", "It was announced in January.", None, False, id="month-alone"),
        pytest.param("지난 1월 발표했다.", "It was announced in March.", None, True, id="month-alone-changed"),
        pytest.param("지난 1월 발표했다.", "It was announced last month.", {"date": "2008-02-10"}, False,
                     id="last-month-against-the-article-date"),
        pytest.param("지난 1월 발표했다.", "It was announced last month.", {"date": "2008-04-10"}, True,
                     id="last-month-is-march"),
        pytest.param("지난달 발표했다.", "It was announced in March.", {"date": "2008-04-10"}, False,
                     id="jinandal-is-march-in-april"),
        pytest.param("지난달 발표했다.", "It was announced in May.", {"date": "2008-04-10"}, True,
                     id="jinandal-is-not-may"),
        pytest.param("이달 초 발표했다.", "It was announced earlier this month.", {"date": "2008-04-10"}, False,
                     id="idal-is-this-month"),
        pytest.param("3월 하순 발표한다.", "It will be announced in late March.", None, False, id="hasun-is-late"),
        pytest.param("3월 하순 발표한다.", "It will be announced in early March.", None, True, id="hasun-is-not-early"),
        pytest.param("3월 상순 발표한다.", "It will be announced in March.", None, False, id="part-not-stated"),
        pytest.param("월요일 발표했다.", "It was announced on Monday.", None, False, id="weekday"),
        pytest.param("월요일 발표했다.", "It was announced on Tuesday.", None, True, id="weekday-changed"),
        pytest.param("27일(수) 발표했다.", "It was announced on Wednesday.", None, False, id="weekday-in-brackets"),
        pytest.param("3월 5일 발표했다.", "It was announced on March 6.", None, True, id="month-and-day"),
    ],
)
def test_months_weekdays_and_parts_of_months(tmp_path: Path, korean: str, english: str,
                                             meta: dict[str, str] | None, fires: bool) -> None:
    assert bool(findings(tmp_path, "BL202", korean, english, meta)) is fires


def test_without_its_own_date_an_article_is_dated_when_received(tmp_path: Path) -> None:
    received = {"received_at": "2008-07-30T09:00:00Z"}
    assert findings(tmp_path, "BL201", "그는 2006년 그 책을 썼다.", "He wrote the book two years ago.", received) == []


@pytest.mark.parametrize(
    ("korean", "english", "fires"),
    [
        pytest.param("G-8 정상회의가 열렸다.", "The Group of Eight summit opened.", False, id="g-8-spelled-out"),
        pytest.param("G-8 정상회의가 열렸다.", "The G8 summit opened.", False, id="g-8-without-hyphen"),
        pytest.param("G20 회의가 열렸다.", "The Group of 20 met.", False, id="g20-spelled-out"),
        pytest.param("K-pop 공연이 열렸다.", "A Korean pop concert was held.", False, id="k-pop-spelled-out"),
        pytest.param("K-pop 공연이 열렸다.", "A K-pop concert was held.", False, id="k-pop-kept"),
        pytest.param("민간항공안전청(CSA)이 점검을 요구했다.", "The Civil Aviation Safety Authority asked for checks.",
                     False, id="acronym-letters-in-order-among-initials"),
        pytest.param("버락 후세인 오바마(Barack Hussein Obama)가 말했다.", "Obama said.", False, id="name-shortened"),
        pytest.param("6·25 전쟁 70주년 행사가 열렸다.", "A ceremony marked 70 years since the Korean War.", False,
                     id="6-25-is-the-korean-war"),
        pytest.param("5·18 기념식이 열렸다.", "The Gwangju uprising was commemorated.", False,
                     id="5-18-is-an-event-name"),
    ],
)
def test_names_with_digits_hyphens_and_spelled_out_forms(tmp_path: Path, korean: str, english: str,
                                                         fires: bool) -> None:
    assert bool(findings(tmp_path, "BL203", korean, english)) is fires


def test_a_dropped_title_is_one_finding(tmp_path: Path) -> None:
    messages = findings(tmp_path, "BL203", "그는 새 책 Rules of Engagement에서 밝혔다.", "He said so in his new book.")
    assert messages == ["name 'Rules of Engagement' from the source is not in the English"]


def test_hangul_left_in_english_that_renders_no_korean(tmp_path: Path) -> None:
    english = "He said so.\n\n주민들이 신고했다."
    ctx, unit = context(tmp_path, "그는 말했다.", english, span=(0, len("He said so.")))
    hits = fired("BL205", ctx, unit)
    assert [(h.unit, h.message) for h in hits] == [("add:1", "Hangul left in the English: '주민들이', '신고했다'")]


def test_hangul_in_a_unit_names_the_unit(tmp_path: Path) -> None:
    ctx, unit = context(tmp_path, "인민반이 신고했다.", "The 인민반 reported it.")
    assert [h.unit for h in fired("BL205", ctx, unit)] == ["s1"]


def _two_sentence_article(tmp_path: Path, confidence: float):  # type: ignore[no-untyped-def]
    """s1 paired with its English; s2 paired with no English at `confidence`, its English left unpaired after s1."""
    from workflow.checks.context import Context
    from workflow.config import CONFIG_NAME, TEMPLATE
    from workflow.model.state import Segment, State, Unit
    from workflow.workspace import Workspace

    (tmp_path / CONFIG_NAME).write_text(TEMPLATE, encoding="utf-8")
    korean = "그는 말했다. 외교부는 논평을 거부했다."
    english = "He said so. The ministry declined to comment."
    units = (Unit(("s1",), 0, 11), Unit(("s2",), 11, 11, confidence))
    state = State(article="a", events=(), source_text=korean, source_meta={},
                  segments=(Segment("s1", 0, 7), Segment("s2", 8, len(korean))), retired=(), next_segment=3,
                  target_text=english, units=units, basis={"s1": korean[:7], "s2": korean[8:]}, authorship=(),
                  approvals=(), waivers=(), steps=(), origins={})
    return Context(Workspace(tmp_path), "a", state), units[1]


def test_alignment_doubt_is_one_warning_naming_the_likely_english(tmp_path: Path) -> None:
    ctx, unit = _two_sentence_article(tmp_path, 0.34)
    assert fired("BL102", ctx, unit) == [] and fired("BL104", ctx, unit) == []
    (doubt,) = fired("BL105", ctx, unit)
    assert doubt.unit == "s2"
    assert doubt.message == ("check the alignment of s2: the aligner paired it with no English (confidence 0.34); "
                             "its English is likely 'The ministry declined to comment.' (add:1)")


def test_a_confident_omission_stays_an_error(tmp_path: Path) -> None:
    ctx, unit = _two_sentence_article(tmp_path, 1.0)
    assert fired("BL105", ctx, unit) == []
    assert len(fired("BL102", ctx, unit)) == 1 and len(fired("BL104", ctx, unit)) == 1


@pytest.mark.parametrize(
    ("korean", "english", "fires"),
    [
        pytest.param("뉴욕상업거래소(NYMEX)에서 거래됐다.", "It traded on the New York Mercantile Exchange.", False,
                     id="acronym-of-word-beginnings"),
        pytest.param("Bush urges peace 부시, 평화 촉구", "President Bhsu urged peace.", True,
                     id="misspelt-name-from-a-pasted-headline"),
        pytest.param("Bush urges peace 부시, 평화 촉구", "The president urged peace.", False,
                     id="pasted-headline-words-need-not-be-rendered"),
    ],
)
def test_acronyms_and_pasted_headlines(tmp_path: Path, korean: str, english: str, fires: bool) -> None:
    assert bool(findings(tmp_path, "BL203", korean, english)) is fires


@pytest.mark.parametrize(
    ("english", "fires"),
    [
        pytest.param("He issued a statement insisting that no offer had been made.", False, id="insisting-that"),
        pytest.param("He gave an interview to declare that the crisis is over.", False, id="to-declare-that"),
        pytest.param("The crisis is over.", True, id="no-speaker-left"),
        pytest.param("The crisis is over, he said.", False, id="marks-gone-speaker-kept-is-reported-speech"),
        pytest.param("The crisis is not over.", True, id="not-is-no-speaker"),
        pytest.param("The United States stated its case.", False, id="stated-attributes"),
        pytest.param("The United States will not back down.", True, id="states-is-no-speaker"),
    ],
)
def test_quotation_rendered_as_attributed_speech(tmp_path: Path, english: str, fires: bool) -> None:
    assert bool(findings(tmp_path, "BL204", "그는 “위기는 끝났다”고 밝혔다.", english)) is fires


def test_months_resolve_only_against_the_articles_own_date(tmp_path: Path) -> None:
    received = {"received_at": "2008-04-01T09:00:00Z"}  # a story of March received on 1 April
    assert findings(tmp_path, "BL202", "지난달 발표했다.", "It was announced in February.", received) == []
    dated = {"date": "2008-03-31", "received_at": "2008-04-01T09:00:00Z"}
    assert findings(tmp_path, "BL202", "지난달 발표했다.", "It was announced in February.", dated) == []
    assert len(findings(tmp_path, "BL202", "지난달 발표했다.", "It was announced in January.", dated)) == 1


def test_a_changed_month_is_named_as_a_month_in_the_source_diff() -> None:
    from workflow.reading.staleness import change_reasons

    assert change_reasons("지난 1월 발표했다.", "지난 2월 발표했다.") == ("number changed: was January; now February",)
    assert change_reasons("2008년에 3년간 일했다.", "2009년에 4년간 일했다.") == (
        "number changed: was 2008, 3 years; now 2009, 4 years",)


def test_ingest_takes_the_articles_own_date(empty_workspace: Path) -> None:
    import json

    from helpers import KOREAN, invoke

    source = empty_workspace / "ko.md"
    source.write_text(KOREAN, encoding="utf-8")
    bad = invoke("ingest", str(source), "--article", "nk", "--by", "reporter", "--date", "30/07/2008",
                 cwd=empty_workspace)
    assert bad.exit_code == 2 and "expected the article's date as YYYY, YYYY-MM or YYYY-MM-DD" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not (empty_workspace / "translations" / "nk" / "provenance.jsonl").exists()
    good = invoke("ingest", str(source), "--article", "nk", "--by", "reporter", "--date", "2008-07-30",
                  cwd=empty_workspace)
    assert good.exit_code == 0
    first = json.loads((empty_workspace / "translations" / "nk" / "provenance.jsonl").read_text().splitlines()[0])
    assert first["source"]["meta"]["date"] == "2008-07-30"


def _article(tmp_path: Path, korean: str, english: str, units):  # type: ignore[no-untyped-def]
    """A context on one article whose Korean sentences s1, s2, … end at '.', paired by `units`."""
    import re

    from workflow.checks.context import Context
    from workflow.config import CONFIG_NAME, TEMPLATE
    from workflow.model.state import Segment, State
    from workflow.workspace import Workspace

    (tmp_path / CONFIG_NAME).write_text(TEMPLATE, encoding="utf-8")
    spans = [m.span() for m in re.finditer(r"[^.\s][^.]*\.", korean)]
    segments = tuple(Segment(f"s{n}", a, b) for n, (a, b) in enumerate(spans, start=1))
    state = State(article="a", events=(), source_text=korean, source_meta={}, segments=segments, retired=(),
                  next_segment=len(segments) + 1, target_text=english, units=tuple(units),
                  basis={s.id: korean[s.start : s.end] for s in segments}, authorship=(), approvals=(), waivers=(),
                  steps=(), origins={})
    return Context(Workspace(tmp_path), "a", state)


def test_alignment_doubt_names_the_runner_up_the_aligner_stored(tmp_path: Path) -> None:
    from workflow.model.state import Unit

    korean = "그는 말했다.\n\n외교부는 논평을 거부했다."
    english = "He said so.\n\nThe ministry declined to comment."
    # s1 took the English of both paragraphs at 0.41; the aligner's runner-up was the first sentence alone.
    doubtful = Unit(("s1",), 0, len(english), 0.41, (("s1",), (0, 11), 0.38))
    ctx = _article(tmp_path, korean, english, [doubtful, Unit(("s2",), len(english), len(english))])
    (doubt,) = fired("BL105", ctx, doubtful)
    assert doubt.message == ("check the alignment of s1: the aligner paired it with 'He said so. The ministry "
                             "declined to comment.' (confidence 0.41); its English is likely 'He said so.' (s1)")


def test_low_confidence_inside_one_paragraph_is_not_an_alignment_doubt(tmp_path: Path) -> None:
    from workflow.model.state import Unit

    # Two Korean sentences and one English sentence in one paragraph: the aligner hesitated between joining
    # both to it and leaving one out, but either way the paragraph's English is there.
    korean = "정부는 계획을 발표했다. 시행은 내년이다.\n\n야당은 반대했다."
    english = "The government announced a plan to start next year.\n\nThe opposition objected."
    first = english.index("\n")
    units = [Unit(("s1", "s2"), 0, first, 0.38, (("s1",), (0, first), 0.31)),
             Unit(("s3",), first + 2, len(english))]
    ctx = _article(tmp_path, korean, english, units)
    assert fired("BL105", ctx, units[0]) == []
    # the same pairing that takes the next paragraph's English too is one to check
    crossing = [Unit(("s1", "s2"), 0, len(english), 0.38, (("s1", "s2"), (0, first), 0.31)),
                Unit(("s3",), len(english), len(english))]
    ctx = _article(tmp_path, korean, english, crossing)
    assert [h.unit for h in fired("BL105", ctx, crossing[0])] == ["s1+s2"]


def _checks_eval():  # type: ignore[no-untyped-def]
    """benchmarks/checks_eval.py as a module (benchmarks/ is not a package; dataclasses look their module up)."""
    import importlib.util
    import sys

    if "checks_eval" in sys.modules:
        return sys.modules["checks_eval"]
    benchmarks = Path(__file__).resolve().parents[1] / "benchmarks"
    spec = importlib.util.spec_from_file_location("checks_eval", benchmarks / "checks_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # it puts its own folder on sys.path, for `folds`
    return module


def test_the_benchmark_judges_a_pairing_by_the_corpus_lines(tmp_path: Path) -> None:
    """checks_eval's verdict on an alignment doubt: right when the unit's English is its Korean's own line."""
    from workflow.model.state import Unit

    evaluate = _checks_eval()
    korean = "그는 말했다.\n\n외교부는 논평을 거부했다."
    english = "He said so.\n\nThe ministry declined to comment."
    right = _article(tmp_path, korean, english, [Unit(("s1",), 0, 11, 0.4), Unit(("s2",), 13, len(english), 0.4)])
    assert right.state is not None
    assert evaluate.pairing_verdict(right.state, "s2")[0] == "false"
    wrong = _article(tmp_path, korean, english, [Unit(("s1",), 0, len(english), 0.4),
                                                 Unit(("s2",), len(english), len(english), 0.4)])
    assert wrong.state is not None
    assert [evaluate.pairing_verdict(wrong.state, u)[0] for u in ("s1", "s2")] == ["real", "real"]


def test_the_benchmark_files_an_addition_by_its_text_not_its_id() -> None:
    """An addition's id names the event that made it, new in every run: verdicts must not depend on it."""
    from workflow.problems import Problem

    key = _checks_eval()._key
    first = Problem("check", "English with no Korean source: 'x'", article="f01", unit="add:3f9a2c1b-1",
                    rule="BL104", severity="warning")
    assert key(first) == ("f01", "add:", "BL104", "English with no Korean source: 'x'")
    assert key(first._replace(unit="add:77aa0e12-1")) == key(first)
