"""JUnit and SARIF written as the articles are checked: the same documents, without an archive's worth in memory.

SARIF is written a result at a time between the log's head and tail; JUnit,
whose suites carry a share of the whole run's time, sets the findings aside in
a temporary file (`workflow.checks.spool`) and writes a suite at a time.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workflow.checks.output import junit_lines, render_junit, sarif_lines
from workflow.checks.registry import rules as registered
from workflow.checks.spool import Spool
from workflow.problems import Kind, Problem

RULES = registered()
CODES = [r.code for r in RULES]


def ran() -> list:
    return list(RULES)


# Messages quote article text with repr(), which escapes control characters: none reaches a message raw.
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@st.composite
def findings_of(draw: st.DrawFn, articles: list[str]) -> list[Problem]:
    """Findings over `articles`, in article order, as `each_checked` gives them."""
    found = []
    for article in articles:
        for _ in range(draw(st.integers(0, 3))):
            found.append(Problem(
                Kind.CHECK, draw(_text), article, f"translations/{article}/en.po", draw(st.none() | st.integers(1, 99)),
                draw(st.none() | st.sampled_from(["s1", "s2", "s1+s2"])), draw(st.sampled_from(CODES)),
                "a-rule", draw(st.sampled_from(["error", "warning"])), draw(st.booleans())))
    return found


ARTICLES = st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4).map(sorted)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_streamed_sarif_is_the_log_json_dumps_writes(data: st.DataObject) -> None:
    articles = data.draw(ARTICLES)
    found = data.draw(findings_of(articles))
    text = "\n".join(sarif_lines(found, articles, ran))
    log = json.loads(text)
    assert text == json.dumps(log, ensure_ascii=False, indent=2)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["message"]["text"].rstrip(".")) for r in results] == [
        (f.rule, f.message.strip().rstrip(".")) for f in found]
    assert [bool(r.get("suppressions")) for r in results] == [f.waived for f in found]


def _watched(found: list[Problem], taken: list[Problem]) -> Iterator[Problem]:
    for f in found:
        taken.append(f)
        yield f


def test_sarif_writes_each_result_before_the_next_article_is_checked() -> None:
    found = [Problem(Kind.CHECK, f"finding {n}", f"art{n}", "f", 1, None, "BL201", "x", "error") for n in range(5)]
    taken: list[Problem] = []
    pieces = sarif_lines(_watched(found, taken), [f.article for f in found], ran)
    head = next(pieces)
    assert '"results": [' in head and taken == found[:1]
    first = next(pieces)
    assert "finding 0" in first and taken == found[:2]  # one result waits for the next, to know its comma


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_spool_gives_back_each_articles_findings_in_order(data: st.DataObject) -> None:
    articles = data.draw(ARTICLES)
    found = data.draw(findings_of(articles))
    with Spool() as spool:
        spool.extend(found)
        back = list(spool.by_article(articles))
    assert [a for a, _ in back] == articles
    assert [f for _, group in back for f in group] == found
    assert all({f.article for f in group} <= {article} for article, group in back)


def test_the_spool_refuses_findings_out_of_article_order() -> None:
    late = Problem(Kind.CHECK, "m", "b", "f", 1, None, "BL201", "x", "error")
    early = late._replace(article="a")
    with Spool() as spool:
        spool.extend([late, early])
        with pytest.raises(ValueError, match="out of article order"):
            list(spool.by_article(["a", "b"]))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_streamed_junit_counts_each_articles_failing_rules(data: st.DataObject) -> None:
    articles = data.draw(ARTICLES)
    found = data.draw(findings_of(articles))
    shuffled = data.draw(st.permutations(found))
    streamed = "".join(junit_lines(iter(found), articles, ran))
    document = etree.fromstring(streamed.encode("utf-8"))
    untimed = re.compile(r' timestamp="[^"]*"')  # the wall clock's second, read once per suite
    grouped = "".join(junit_lines(iter(sorted(shuffled, key=lambda f: articles.index(str(f.article)))), articles, ran))
    # Findings in any order make the document of the same findings grouped by article, each article's in turn.
    assert untimed.sub("", render_junit(shuffled, articles, ran)) == untimed.sub("", grouped)
    suites = document.findall("testsuite")
    assert [s.get("name") for s in suites] == articles
    for suite in suites:
        blocking = {f.rule for f in found if f.article == suite.get("name") and f.blocking}
        assert int(suite.get("failures")) == len(blocking)
        assert {c.find("failure").get("type") for c in suite.findall("testcase")
                if c.find("failure") is not None} == blocking


@pytest.mark.parametrize("fmt", ["junit", "sarif"])
def test_check_writes_empty_documents_for_an_empty_workspace(empty_workspace: Path, fmt: str) -> None:
    result = invoke("check", "--all", "--format", fmt, "--workspace", str(empty_workspace))
    assert result.exit_code == 0, result.output
    if fmt == "junit":
        assert etree.fromstring(result.output.encode("utf-8")).tag == "testsuites"
        assert "<testsuite " not in result.output
    else:
        assert json.loads(result.output)["runs"][0]["results"] == []


def test_junit_through_the_cli_agrees_with_the_json_findings(workspace: Path) -> None:
    """Three articles (one with a changed figure, two copies whose ledgers name another article): each suite
    fails exactly the rules JSON reports as blocking."""
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("$110 million", "$120 million"), encoding="utf-8")
    ws = ["--workspace", str(workspace)]
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    for name in ("nk2", "nk3"):
        for folder in ("sources", "translations"):
            shutil.copytree(workspace / folder / "nk", workspace / folder / name)
    as_json = invoke("check", "--all", "--json", *ws)
    junit = invoke("check", "--all", "--format", "junit", *ws)
    assert as_json.exit_code == junit.exit_code == 1
    found = json.loads(as_json.output)["findings"]
    suites = etree.fromstring(junit.output.encode("utf-8")).findall("testsuite")
    assert [s.get("name") for s in suites] == ["nk", "nk2", "nk3"]
    for suite in suites:
        blocking = {f["rule"] for f in found if f["article"] == suite.get("name")
                    and f["severity"] == "error" and not f.get("waived")}
        failed = {c.find("failure").get("type") for c in suite.findall("testcase") if c.find("failure") is not None}
        assert failed == blocking and int(suite.get("failures")) == len(blocking)
    assert "BL201" in {c.find("failure").get("type") for c in suites[0].findall("testcase")
                       if c.find("failure") is not None}
