"""Issue 19, items 1 and 2: blame gives words to who changed them, and its text is the article, exactly.

The article is `newsroom.py`'s: a translation, Eugene Whong's pass (a rewording
around a kept "the", a clause cut around kept words), Malcolm Foster's
punctuation-only pass, then a correction.
"""

from __future__ import annotations

import os
from pathlib import Path

from newsroom import SLUG, Newsroom, newsroom  # noqa: F401 - the fixture

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; BYLINE_REGEN_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("BYLINE_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with BYLINE_REGEN_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; if intended, regenerate with BYLINE_REGEN_GOLDEN=1"


def authors(room: Newsroom, *args: str) -> list[tuple[str, str]]:
    return [(t["text"], t["agent"]) for t in room.json("blame", SLUG, *args)["tokens"]]


def test_kept_words_keep_their_translator_through_rewording_and_cuts(newsroom: Newsroom) -> None:
    """Item 1: "That's the program's" -> "That is the plan's" leaves "the" to the translator, and the cut
    "late-night trips home far safer and more convenient" -> "trips home safer" leaves "trips home safer"."""
    words = authors(newsroom.edited())
    quote = words.index(("That", "cslee"))
    assert words[quote : quote + 5] == [("That", "cslee"), ("is", "ewhong"), ("the", "cslee"), ("plan's", "ewhong"),
                                         ("main", "cslee")]
    cut = words.index(("trips", "cslee"))
    assert words[cut - 1 : cut + 3] == [("make", "cslee"), ("trips", "cslee"), ("home", "cslee"), ("safer", "cslee")]


def rebuilt(output: str) -> str:
    """The article again from blame's text output: each line's text after the margin, joined by line number."""
    lines: dict[int, str] = {}
    for row in output.splitlines():
        margin, _, text = row.partition("│")
        number = int(margin.split()[0])
        lines[number] = lines.get(number, "") + text
    return "\n".join(lines[n] for n in sorted(lines)) + "\n"


def test_blame_text_is_the_article_exactly_with_authors_in_the_margin(newsroom: Newsroom) -> None:
    """Item 2: punctuation stays (U.S., the closing quote), and Foster's comma shows as his."""
    room = newsroom.corrected()
    output = room.ok("blame", SLUG).stdout
    assert rebuilt(output) == room.en.read_text(encoding="utf-8")
    assert "U.S. program." in output
    comma = [row for row in output.splitlines() if row.partition("│")[2] == ", "]
    assert len(comma) == 1 and "mfoster" in comma[0].partition("│")[0]
    assert "\x1b" not in output  # no colour when not on a terminal


def test_blame_text_golden(newsroom: Newsroom) -> None:
    golden("blame.txt", newsroom.corrected().ok("blame", SLUG).stdout)


def test_blame_in_colour_is_the_article_with_a_legend(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    output = room.ok("blame", SLUG, "--color").stdout
    plain = _strip_ansi(output)
    article, _, legend = plain.rpartition("\n\n")
    assert article + "\n" == room.en.read_text(encoding="utf-8")
    assert {"cslee", "ewhong", "mfoster"} <= set(legend.split())
    assert output.count("\x1b[") > 6


def test_blame_escapes_control_characters_in_the_text(newsroom: Newsroom) -> None:
    room = newsroom.translated()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("Seoul will", "Seoul\x1b]0;owned\x07 will"),
                       encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    for args in ((), ("--color",)):
        output = room.ok("blame", SLUG, *args).stdout
        assert "\x07" not in output and "\\u001b]0;owned\\u0007" in output
        assert "\x1b]" not in output


def test_blame_at_an_earlier_event(newsroom: Newsroom) -> None:
    """`blame --at EVENT`: the English as it stood after that event (by number or id prefix)."""
    room = newsroom.edited()
    after_whong = authors(room, "--at", "3")
    assert {agent for _, agent in after_whong} == {"cslee", "ewhong"}
    assert ("Translated", "mfoster") not in after_whong
    prefix = room.json("log", SLUG)["events"][2]["id"][7:15]
    assert authors(room, "--at", prefix) == after_whong
    unknown = room.run("blame", SLUG, "--at", "999999999999")  # no such number, and no id starts so (a short one might)
    assert unknown.exit_code == 2 and "no event" in unknown.stderr


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_blame_json_offsets_are_character_exact(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    text = room.en.read_text(encoding="utf-8")
    tokens = room.json("blame", SLUG)["tokens"]
    assert all(text[t["start"] : t["end"]] == t["text"] for t in tokens)
    assert "U.S" in [t["text"] for t in tokens]  # a word, its full stop the sentence's
