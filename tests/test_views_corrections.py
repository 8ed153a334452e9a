"""Issue 19, item 4: corrections reach readers, and byline says when the live page is older than the record."""

from __future__ import annotations

import json
from pathlib import Path

import clients
import jsonschema
import pytest
from lxml import html
from newsroom import CORRECTION_NOTE, KOREAN, SLUG, TRANSLATION, Newsroom, open_newsroom

PERSON = {"type": "object", "required": ["@type", "name"],
          "properties": {"@type": {"const": "Person"}, "name": {"type": "string", "minLength": 1}}}
# The shape byline promises for the page's schema.org markup (what search engines and aggregators read).
NEWS_ARTICLE = {
    "type": "object",
    "required": ["@context", "@type", "headline", "inLanguage", "translator", "editor", "translationOfWork",
                 "isBasedOn", "datePublished", "dateModified"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "NewsArticle"},
        "headline": {"type": "string", "minLength": 1},
        "inLanguage": {"const": "en"},
        "url": {"type": "string", "format": "uri"},
        "translator": {"type": "array", "items": PERSON, "minItems": 1},
        "editor": {"type": "array", "items": PERSON},
        "translationOfWork": {"type": "object", "required": ["@type", "inLanguage", "headline"],
                              "properties": {"@type": {"const": "NewsArticle"}, "inLanguage": {"const": "ko"}}},
        "isBasedOn": {"type": "object", "required": ["@type", "inLanguage"]},
        "correction": {"type": "array", "items": {
            "type": "object", "required": ["@type", "text", "datePublished"],
            "properties": {"@type": {"const": "CorrectionComment"}, "text": {"type": "string", "minLength": 1},
                           "datePublished": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT"}}}},
        "datePublished": {"type": "string"},
        "dateModified": {"type": "string"},
    },
}


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def page(room: Newsroom):  # type: ignore[no-untyped-def]
    return html.fromstring((room.root / "translations" / SLUG / "en.html").read_bytes())


def linked_data(room: Newsroom) -> dict:  # type: ignore[type-arg]
    scripts = page(room).xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_the_republished_page_carries_the_correction_with_its_date(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    correction = next(e for e in room.json("log", SLUG)["events"] if e["type"] == "correct")
    blocks = page(room).xpath('//*[contains(concat(" ", @class, " "), " corrections ")]')
    assert len(blocks) == 1
    block = blocks[0].text_content()
    assert CORRECTION_NOTE in block
    times = blocks[0].xpath(".//time/@datetime")
    assert times == [correction["at"]]


def test_the_page_has_schema_org_news_article_markup(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    data = linked_data(room)
    jsonschema.validate(data, NEWS_ARTICLE)
    assert [p["name"] for p in data["translator"]] == ["Claire Shinyoung Oh Lee"]
    assert [p["name"] for p in data["editor"]] == ["Eugene Whong", "Malcolm Foster"]
    assert data["translationOfWork"]["headline"] == "서울시, 심야 버스 노선 확대"
    assert [c["text"] for c in data["correction"]] == [CORRECTION_NOTE]
    assert data["url"] == "https://news.example/night-bus"


def test_a_page_without_corrections_has_no_corrections_block(newsroom: Newsroom) -> None:
    room = newsroom.published()
    assert not page(room).xpath('//*[contains(@class, "corrections")]')
    data = linked_data(room)
    jsonschema.validate(data, NEWS_ARTICLE)
    assert "correction" not in data


def test_status_says_when_the_live_page_is_out_of_date(newsroom: Newsroom) -> None:
    room = newsroom.published()
    publication = next(e for e in room.json("log", SLUG)["events"] if e["type"] == "publish")
    status = room.json("status", SLUG)["articles"][0]
    assert status["published"] is True
    assert status["publication"] == {"event": publication["id"], "at": publication["at"], "current": True,
                                     "changes_since": 0}
    assert "the live page is current" in room.ok("status", SLUG).stdout

    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("correct", SLUG, "--by", "mfoster", "--note", "The cost was misstated.")
    status = room.json("status", SLUG)["articles"][0]
    assert status["publication"] == {"event": publication["id"], "at": publication["at"], "current": False,
                                     "changes_since": 1}
    text = room.ok("status", SLUG).stdout
    assert "live page is out of date" in text and "1 change since" in text


def test_status_of_an_unpublished_article(newsroom: Newsroom) -> None:
    status = newsroom.edited().json("status", SLUG)["articles"][0]
    assert status["published"] is False and status["publication"] is None


def test_the_korean_source_url_and_a_kept_page_url(newsroom: Newsroom) -> None:
    """translationOfWork points at the Korean where it was published; a republication keeps the page's address."""
    room = newsroom
    room.ok("ingest", str(room.write("ko.md", KOREAN)), "--article", SLUG, "--by", "reporter",
            "--url", "https://ko.news.example/night-bus", "--date", "2026-11-20")
    room.ok("translate", SLUG, "--from", str(room.write("draft.md", TRANSLATION)), "--by", "cslee")
    room.ok("publish", SLUG, "--by", "ewhong", "--force", "--url", "https://news.example/night-bus")
    first = linked_data(room)
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("correct", SLUG, "--by", "mfoster", "--note", "The cost was misstated.")
    room.ok("publish", SLUG, "--by", "ewhong", "--force")
    data = linked_data(room)
    jsonschema.validate(data, NEWS_ARTICLE)
    for work in (data["translationOfWork"], data["isBasedOn"]):
        assert work["url"] == "https://ko.news.example/night-bus" and work["inLanguage"] == "ko"
    assert data["translationOfWork"]["datePublished"] == "2026-11-20"
    assert data["url"] == "https://news.example/night-bus"
    publications = [e for e in room.json("log", SLUG)["events"] if e["type"] == "publish"]
    assert publications[1]["output"]["url"] == "https://news.example/night-bus"
    assert data["datePublished"] == first["datePublished"] == publications[0]["at"]
    assert data["dateModified"] == publications[1]["at"] != data["datePublished"]
    assert [p["name"] for p in data["editor"]] == ["Malcolm Foster"]  # approvals and publications earn no credit


def test_a_correction_note_cannot_end_the_script(newsroom: Newsroom) -> None:
    """A note is data: markup in it neither closes the JSON-LD script nor becomes an element of the page."""
    note = 'Fixed </script><script>alert("x")</script> & <b>more</b>'
    room = newsroom.published()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("correct", SLUG, "--by", "mfoster", "--note", note)
    room.ok("publish", SLUG, "--by", "mfoster", "--force")
    tree = page(room)
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//b")
    assert [c["text"] for c in linked_data(room)["correction"]] == [note]
    assert note in tree.xpath('string(//*[@class="corrections"])')


def test_a_correction_before_the_first_publication_is_not_listed(newsroom: Newsroom) -> None:
    room = newsroom.translated()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("correct", SLUG, "--by", "mfoster", "--note", "The cost was misstated.")
    room.ok("publish", SLUG, "--by", "mfoster", "--force")
    assert not page(room).xpath('//*[contains(@class, "corrections")]')
    assert "correction" not in linked_data(room)


@pytest.mark.slow
def test_the_corrected_page_passes_the_nu_checker(newsroom: Newsroom) -> None:
    """The corrections block and the JSON-LD keep the page valid HTML (ITS 2.0 attributes included)."""
    room = newsroom.corrected()
    verdict = clients.vnu(room.root / "translations" / SLUG / "en.html")
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


def test_the_archive_says_the_live_page_is_out_of_date(newsroom: Newsroom) -> None:
    """The index reproduces status's publication entry, and desk-wide `status` prints the same line."""
    room = newsroom.published()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("correct", SLUG, "--by", "mfoster", "--note", "The cost was misstated.")
    own = room.json("status", SLUG)["articles"][0]["publication"]
    room.ok("index")
    desk = room.ok("status").stdout
    assert "live page is out of date, 1 change since" in desk
    assert room.json("status")["articles"][0]["publication"] == own
