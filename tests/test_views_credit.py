"""Issue 19, item 5: one credit line on the published page; a credit paragraph in en.md is recognised and
checked against the credit rule, and a published page imported back is not new English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html
from newsroom import SLUG, WHONG, Newsroom, open_newsroom

LINE = "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster."


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def published_text(room: Newsroom) -> str:
    return html.fromstring((room.root / "translations" / SLUG / "en.html").read_bytes()).text_content()


def test_the_page_prints_the_credit_line_once_when_en_md_has_it(newsroom: Newsroom) -> None:
    room = newsroom.published()  # Foster's pass put the credit line in en.md as its own paragraph
    assert room.ok("credit", SLUG).stdout.strip() == LINE
    assert published_text(room).count("Translated by") == 1


def test_the_page_adds_the_credit_line_when_en_md_lacks_it(newsroom: Newsroom) -> None:
    room = newsroom.translated()
    room.en.write_text(WHONG, encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    room.ok("publish", SLUG, "--by", "ewhong", "--force")
    text = published_text(room)
    assert text.count("Translated by") == 1
    assert "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong." in " ".join(text.split())


def test_a_credit_paragraph_that_names_the_wrong_people_is_a_finding(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace(" and Malcolm Foster", ""), encoding="utf-8")
    room.ok("record", SLUG, "--by", "mfoster")
    rules = {f["rule"] for f in json.loads(room.run("check", SLUG, "--json").stdout)["findings"]}
    assert "BL305" in rules
    assert published_count_after_publish(room) == 1


def published_count_after_publish(room: Newsroom) -> int:
    room.ok("publish", SLUG, "--by", "mfoster", "--force")
    return published_text(room).count("Translated by")


def test_the_published_page_imported_back_is_no_new_english(newsroom: Newsroom) -> None:
    room = newsroom.published()
    events = len(room.json("log", SLUG)["events"])
    page = room.root / "translations" / SLUG / "en.html"
    copy = room.root / "published-copy.html"
    copy.write_bytes(page.read_bytes())
    result = room.ok("record", SLUG, "--by", "mfoster", "--from", str(copy))
    assert len(room.json("log", SLUG)["events"]) == events, result.output
    assert room.en.read_text(encoding="utf-8").count("Translated by") == 1


def test_a_page_whose_credit_line_byline_added_imports_back_as_no_new_english(newsroom: Newsroom) -> None:
    """en.md has no credit paragraph: the line the page adds (and its corrections block) are not read back."""
    room = newsroom.translated()
    room.en.write_text(WHONG, encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    room.ok("publish", SLUG, "--by", "ewhong", "--force")
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("correct", SLUG, "--by", "ewhong", "--note", "The cost was misstated.")
    room.ok("publish", SLUG, "--by", "ewhong", "--force")
    before = room.en.read_text(encoding="utf-8")
    events = len(room.json("log", SLUG)["events"])
    copy = room.root / "published-copy.html"
    copy.write_bytes((room.root / "translations" / SLUG / "en.html").read_bytes())
    room.ok("record", SLUG, "--by", "ewhong", "--from", str(copy))
    assert len(room.json("log", SLUG)["events"]) == events
    assert room.en.read_text(encoding="utf-8") == before and "Translated by" not in before


def test_the_credit_paragraph_shows_the_rules_line_where_it_stands(newsroom: Newsroom) -> None:
    """en.md's credit paragraph is where the page's one credit line goes, with the words the rule gives."""
    room = newsroom.edited()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace(" and Malcolm Foster", ""), encoding="utf-8")
    room.ok("record", SLUG, "--by", "mfoster")
    room.ok("publish", SLUG, "--by", "mfoster", "--force")
    tree = html.fromstring((room.root / "translations" / SLUG / "en.html").read_bytes())
    paragraphs = tree.xpath("//article/p")
    credit = [p for p in paragraphs if "Translated by" in p.text_content()]
    assert len(credit) == 1 and credit[0].get("class") == "credit" and credit[0].get("data-byline") is None
    assert credit[0].text_content() == LINE  # the rule's line, though en.md's paragraph leaves Foster out
    assert paragraphs[-1] is credit[0]
