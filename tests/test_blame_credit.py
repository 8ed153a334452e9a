"""`byline blame` and `byline credit` on a recorded article, and how credit lines are joined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ENGLISH, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.reading.credit import credit_line, join_names

JOINS = [
    ("none", [], ""),
    ("one", ["A"], "A"),
    ("two", ["A", "B"], "A and B"),
    ("three", ["A", "B", "C"], "A, B and C"),
    ("four", ["A", "B", "C", "D"], "A, B, C and D"),
]


@pytest.mark.parametrize(("names", "expected"), [c[1:] for c in JOINS], ids=[c[0] for c in JOINS])
def test_join_names(names: list[str], expected: str) -> None:
    assert join_names(names) == expected


TEMPLATE = "Translated by {translators}. Edited by {editors}."
LINES = [
    ("translator-and-editors", {"translators": ["A"], "editors": ["B", "C"]}, "Translated by A. Edited by B and C."),
    ("no-editors-drops-their-sentence", {"translators": ["A"], "editors": []}, "Translated by A."),
    ("no-translators", {"translators": [], "editors": ["B"]}, "Edited by B."),
]


@pytest.mark.parametrize(("people", "expected"), [c[1:] for c in LINES], ids=[c[0] for c in LINES])
def test_credit_line(people: dict[str, list[str]], expected: str) -> None:
    assert credit_line(TEMPLATE, people) == expected


def _record(root: Path, who: str, text: str) -> None:
    (root / "translations" / "nk" / "en.md").write_text(text, encoding="utf-8")
    result = invoke("record", "nk", "--by", who, "--workspace", str(root))
    assert result.exit_code == 0, result.output


def _blame(root: Path) -> list[dict[str, object]]:
    result = invoke("blame", "nk", "--json", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["tokens"]


def test_blame_json_offsets_point_into_en_md(workspace: Path) -> None:
    _record(workspace, "ewhong", ENGLISH.replace("cracking down on", "clamping down on"))
    text = (workspace / "translations" / "nk" / "en.md").read_text(encoding="utf-8")
    tokens = _blame(workspace)
    assert all(text[t["start"] : t["end"]] == t["text"] for t in tokens)
    assert [t["start"] for t in tokens] == sorted(t["start"] for t in tokens)
    by_word = {t["text"]: t["agent"] for t in tokens}
    assert by_word["clamping"] == "ewhong" and by_word["laptops"] == "cslee"
    assert all(str(t["event"]).startswith("sha256:") for t in tokens)


def test_blame_text_names_authors(workspace: Path) -> None:
    _record(workspace, "ewhong", ENGLISH.replace("Three residents", "Three local residents"))
    result = invoke("blame", "nk", "--workspace", str(workspace))
    assert result.exit_code == 0
    rows = [row.partition("│") for row in result.stdout.splitlines()]
    assert any("ewhong" in margin and text == "local " for margin, _, text in rows)
    assert any("cslee" in margin and text.startswith("The program cost") for margin, _, text in rows)


def test_moved_paragraph_keeps_its_translator(workspace: Path) -> None:
    paragraphs = ENGLISH.strip("\n").split("\n\n")
    moved = "\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1]]) + "\n"
    _record(workspace, "ewhong", moved)
    assert {t["agent"] for t in _blame(workspace)} == {"cslee"}


def test_credit_names_translator_and_editors_in_order(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    assert invoke("credit", "nk", *ws).stdout.strip() == "Translated by Claire Shinyoung Oh Lee."
    _record(workspace, "ewhong", ENGLISH.replace("tablets", "tablet computers"))
    assert invoke("approve", "nk", "--by", "mfoster", *ws).exit_code == 0  # a sign-off is not editing
    _record(
        workspace, "mfoster", ENGLISH.replace("tablets", "tablet computers").replace("residents said", "locals said")
    )
    result = invoke("credit", "nk", "--json", *ws)
    data = json.loads(result.stdout)
    assert data["line"] == "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster."
    assert data["translators"] == ["cslee"] and data["editors"] == ["ewhong", "mfoster"]


def test_a_translator_whose_words_are_all_gone_is_not_credited(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    (workspace / "mt.md").write_text(ENGLISH.replace("residents said", "inhabitants reported"), encoding="utf-8")
    assert invoke("translate", "nk", "--from", str(workspace / "mt.md"), "--by", "mfoster", *ws).exit_code == 0
    data = json.loads(invoke("credit", "nk", "--json", *ws).stdout)
    assert data["translators"] == ["cslee", "mfoster"]
    _record(workspace, "ewhong", ENGLISH.replace("residents said", "people said"))
    data = json.loads(invoke("credit", "nk", "--json", *ws).stdout)
    assert data["translators"] == ["cslee"] and "ewhong" in data["editors"]


def test_machine_translated_words_stay_with_the_engine_until_changed(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    (workspace / "mt.md").write_text(ENGLISH.replace("residents said", "inhabitants said"), encoding="utf-8")
    result = invoke(
        "translate", "nk", "--from", str(workspace / "mt.md"), "--by", "mfoster", "--origin", "mt:deepl", *ws
    )
    assert result.exit_code == 0, result.output
    by_word = {t["text"]: t["agent"] for t in _blame(workspace)}
    assert by_word["inhabitants"] == "mt:deepl" and by_word["laptops"] == "cslee"
    assert json.loads(invoke("credit", "nk", "--json", *ws).stdout)["machine"] == ["mt:deepl"]
    _record(workspace, "ewhong", ENGLISH.replace("residents said", "locals said"))
    by_word = {t["text"]: t["agent"] for t in _blame(workspace)}
    assert by_word["locals"] == "ewhong" and "inhabitants" not in by_word
    data = json.loads(invoke("credit", "nk", "--json", *ws).stdout)
    assert data["machine"] == [] and data["translators"] == ["cslee"]


def test_credit_from_a_state_replayed_without_authorship_still_names_the_translator(workspace_copy: Path) -> None:
    from workflow.config import load_config
    from workflow.ledger import read_events
    from workflow.model.replay import replay
    from workflow.reading.credit import credit

    state = replay("nk", read_events(workspace_copy / "translations/nk/provenance.jsonl"), authorship=False)
    assert credit(state, load_config(workspace_copy / "byline.toml")).translators == ("cslee",)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab1é_’'.- \n")), min_size=1, max_size=40),
    cuts=st.lists(st.integers(min_value=1, max_value=39), max_size=6),
    agents=st.lists(st.sampled_from(["cslee", "ewhong", "mfoster"]), min_size=7, max_size=7),
)
def test_cheap_agent_set_equals_the_agents_blame_names(text: str, cuts: list[int], agents: list[str]) -> None:
    from workflow.reading.blame import agents_in, blame_runs
    from workflow.text.attribution import Run

    bounds = sorted({0, len(text), *[c for c in cuts if c < len(text)]})
    runs = [Run(a, b, f"e{i}", agents[i]) for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    order = {run.event: i for i, run in enumerate(runs)}
    assert agents_in(text, runs, order) == {token.agent for token in blame_runs(text, runs, order)}


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab1é_’'.- \n")), min_size=0, max_size=50),
    cuts=st.lists(st.integers(min_value=1, max_value=49), max_size=7),
    agents=st.lists(st.sampled_from(["cslee", "ewhong", "mfoster"]), min_size=8, max_size=8),
    order=st.permutations(range(8)),
    marks=st.lists(st.integers(min_value=0, max_value=50), max_size=8),
)
def test_word_counts_per_span_equal_counting_what_blame_names(text: str, cuts: list[int], agents: list[str],
                                                              order: list[int], marks: list[int]) -> None:
    """The archive's authorship counts (no token per word) are blame's words, counted by the span each starts in;
    runs cover the text end to end, as `Authorship.runs` gives them."""
    from workflow.reading.blame import blame_runs, count_words
    from workflow.text.attribution import Run

    bounds = sorted({0, len(text), *[c for c in cuts if c < len(text)]})
    runs = [Run(a, b, f"e{i}", agents[i]) for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    ranks = {f"e{i}": rank for i, rank in enumerate(order)}  # a word across runs goes to the later event
    edges = sorted(marks)
    spans = [(a, b, f"u{i}") for i, (a, b) in enumerate(zip(edges[::2], edges[1::2], strict=False))]
    expected: dict[tuple[str, str], int] = {}
    for token in blame_runs(text, runs, ranks):
        name = next((n for a, b, n in spans if a <= token.start < b), "")
        expected[name, token.agent] = expected.get((name, token.agent), 0) + 1
    assert list(count_words(text, runs, ranks, spans).items()) == list(expected.items())  # keys in first-word order
