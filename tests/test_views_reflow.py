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
    return "\n".join(line if line.startswith("#") or not line
                     else textwrap.fill(line, width, break_on_hyphens=False, break_long_words=False)
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

def test_a_record_holding_line_breaks_keeps_them_where_its_text_was_kept(newsroom: Newsroom) -> None:
    """A ledger written before reflow was layout (the English recorded as wrapped) still verifies; a re-wrapped
    save with one edit then changes only the edited unit, and the recorded line breaks stay where their text
    was kept (replay never re-reads the wrapping: it applies the recorded deltas)."""
    from newsroom import TRANSLATION

    from workflow.model.replay import load
    from workflow.steps.events import edit_body
    from workflow.steps.recording import commit
    from workflow.workspace import Workspace

    room = newsroom.translated()
    ws = Workspace(room.root)
    old = reflowed(TRANSLATION, 50)
    commit(ws, SLUG, lambda state: edit_body(state, ws.config.person("ewhong"), old, None, stage="edit", note=None))
    assert load(ws, SLUG).target_text == old  # the record, line breaks and all
    assert room.run("verify", SLUG).exit_code == 0
    room.en.write_text(reflowed(TRANSLATION.replace("3.5 billion", "3.6 billion"), 30), encoding="utf-8")
    room.ok("record", SLUG, "--by", "mfoster")
    last = room.json("log", SLUG)["events"][-1]
    assert [u["unit"] for u in last["units"]] == ["s4"]
    assert load(ws, SLUG).target_text == old.replace("3.5 billion", "3.6 billion")
    assert room.run("verify", SLUG).exit_code == 0



@pytest.mark.parametrize(("wrapped", "soft"), [
    pytest.param("cost a total of\n3.5 billion won.", True, id="a-figure-starts-the-line"),
    pytest.param("it was\n-5 degrees.", True, id="a-negative-number-starts-the-line"),
    pytest.param("it was\n*very* cold.", True, id="emphasis-starts-the-line"),
    pytest.param("in\n1999. Then", False, id="a-number-and-a-full-stop-read-as-a-numbered-item"),
    pytest.param("the list:\n- one item", False, id="a-list-item"),
    pytest.param("the list:\n1. one item", False, id="a-numbered-item"),
    pytest.param("the list:\n* one item", False, id="a-starred-item"),
    pytest.param("he said:\n> a quote", False, id="a-quote"),
    pytest.param("the end.\n# Heading", False, id="a-heading"),
])
def test_which_line_breaks_are_layout(wrapped: str, soft: bool) -> None:
    """A line break is layout unless the next line starts a block: a heading, a quote or a list item (whose
    marker is followed by a space); a re-wrap that puts a figure or emphasis first on a line starts none."""
    assert same_text(wrapped.replace("\n", " ") + "\n", wrapped + "\n") is soft


# --- any reflow of any paragraph is no change ---------------------------------------------------------------------

WORD = st.text(alphabet="abcXYZ.,'\"-*#>1209", min_size=1, max_size=7)
PARAGRAPH = st.lists(WORD, min_size=1, max_size=12)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=4)
BLOCK = re.compile(r"[#>]|[*-]$|\d+\.$")  # a line starting so is a new block (a heading, a quote, a list item)


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
