"""Issue 19, item 10: re-wrapping en.md's paragraphs is layout, not content. A reflow records nothing, and
the PO and XLIFF targets never gain line breaks, with or without a real edit in the same save."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from newsroom import SLUG, Newsroom, open_newsroom

from workflow.text.compare import as_recorded, same_text, without_soft_breaks


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def reflowed(text: str, width: int = 40) -> str:
    """Each paragraph wrapped at `width` columns (headings and blank lines as they are), as prettier would."""
    return "\n".join(line if line.startswith("#") or not line else textwrap.fill(line, width)
                     for line in text.split("\n"))


def events(room: Newsroom) -> int:
    return len(room.json("log", SLUG)["events"])


def test_a_reflow_records_nothing_and_keeps_the_wrapping(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    before = events(room)
    wrapped = reflowed(room.en.read_text(encoding="utf-8"))
    room.en.write_text(wrapped, encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    assert events(room) == before
    assert room.en.read_text(encoding="utf-8") == wrapped  # the editor's wrapping is theirs
    assert room.run("verify", SLUG).exit_code == 0


def test_a_reflow_with_one_edit_records_one_changed_unit_without_line_breaks(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    room.en.write_text(reflowed(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion")),
                       encoding="utf-8")
    recorded = room.json("record", SLUG, "--by", "ewhong")
    last = room.json("log", SLUG)["events"][-1]
    assert [u["unit"] for u in last["units"]] == ["s4"], recorded
    po = polib.pofile(str(room.root / "translations" / SLUG / "en.po"))
    assert all("\n" not in entry.msgstr for entry in po)
    xliff = room.root / "out.xlf"
    room.ok("export", SLUG, "--format", "xliff", "-o", str(xliff))
    targets = etree.parse(str(xliff)).xpath("//*[local-name()='target']")
    assert targets and all("\n" not in "".join(t.itertext()) for t in targets)
    assert room.run("verify", SLUG).exit_code == 0



def test_a_wrapped_translation_is_recorded_unwrapped(newsroom: Newsroom) -> None:
    """A translator's draft wrapped at 40 columns: the record, en.md and the PO targets hold the paragraphs
    as single lines (the wrapping was the draft's layout)."""
    from newsroom import KOREAN, TRANSLATION

    room = newsroom
    room.ok("ingest", str(room.write("ko.md", KOREAN)), "--article", SLUG, "--by", "reporter")
    room.ok("translate", SLUG, "--from", str(room.write("draft.md", reflowed(TRANSLATION))), "--by", "cslee")
    assert room.en.read_text(encoding="utf-8") == TRANSLATION
    po = polib.pofile(str(room.root / "translations" / SLUG / "en.po"))
    assert po and all("\n" not in entry.msgstr for entry in po)

# --- any reflow of any paragraph is no change ---------------------------------------------------------------------

WORD = st.text(alphabet="abcXYZ.,'\"-*#>1209", min_size=1, max_size=7)
PARAGRAPH = st.lists(WORD, min_size=1, max_size=12)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=4)
BLOCK = re.compile(r"[#>*-]|\d+\.")  # a line starting so is a new block (a heading, a quote, a list item)


def text_of(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(words) for words in paragraphs) + "\n"


@st.composite
def wrapped(draw: st.DrawFn, paragraphs: list[list[str]]) -> str:
    """The paragraphs re-wrapped as an editor's auto-wrap would: any space between two words may become a line
    break, except before a word that would then start a block."""
    out = []
    for words in paragraphs:
        line = words[0]
        for word in words[1:]:
            line += "\n" if not BLOCK.match(word) and draw(st.booleans()) else " "
            line += word
        out.append(line)
    return "\n\n".join(out) + "\n"


@given(st.data(), TEXT)
def test_any_reflow_of_any_paragraph_is_no_change(data: st.DataObject, paragraphs: list[list[str]]) -> None:
    recorded = text_of(paragraphs)
    edited = data.draw(wrapped(paragraphs))
    assert same_text(recorded, edited)
    assert as_recorded(recorded, edited) == recorded  # nothing to record


@given(st.data(), TEXT, st.integers(min_value=0), WORD)
def test_an_edit_inside_a_reflow_records_the_edit_alone(data: st.DataObject, paragraphs: list[list[str]],
                                                         where: int, word: str) -> None:
    """One word replaced in a re-wrapped save: the record gets the edit and no line break; a record that
    already held soft breaks (wrapped by an earlier byline) keeps them where its text was kept."""
    before = data.draw(wrapped(paragraphs))  # as an older record may hold it
    flat = [w for words in paragraphs for w in words]
    target = where % len(flat)
    changed, n = [], 0
    for words in paragraphs:
        changed.append([word if n + i == target else w for i, w in enumerate(words)])
        n += len(words)
    after = text_of(changed)
    result = as_recorded(before, data.draw(wrapped(changed)))
    assert without_soft_breaks(result) == after
    assert same_text(result, after)
    assert result.count("\n") <= before.count("\n")  # no line break the record did not hold
    plain = as_recorded(text_of(paragraphs), data.draw(wrapped(changed)))
    assert plain == after
