"""The shared text mechanics behind BL208, terminal output and every working-file comparison."""

from __future__ import annotations

import json
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from workflow.text.characters import BIDI_CONTROLS, escape, kind_of, scan
from workflow.text.compare import same_text


def test_scan_finds_every_control_and_format_character_this_python_knows() -> None:
    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    found = {h.char for h in scan(text)}
    expected = {c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in "\n\t"} | BIDI_CONTROLS
    assert found == expected


def test_escape_of_every_character_alone_is_what_the_full_substitution_gives() -> None:
    """The printable-text shortcut in `escape` never skips a character the substitution would show."""
    from workflow.text.characters import _CANDIDATES, _shown

    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert escape(char) == _CANDIDATES.sub(_shown, char), hex(code)


@given(st.text(alphabet=st.characters(blacklist_characters="\\", blacklist_categories=("Cs",))))
def test_escape_leaves_nothing_hidden_and_round_trips_as_json(text: str) -> None:
    shown = escape(text)
    assert not list(scan(shown.replace("\n", "").replace("\t", "")))
    assert json.loads(json.dumps(shown, ensure_ascii=False).replace("\\\\u", "\\u")) == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_escape_is_the_identity_on_visible_text(text: str) -> None:
    if not any(kind_of(c) for c in text):
        assert escape(text) == text


WORDS = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=6), min_size=2, max_size=12)


@given(WORDS, st.data())
def test_rewrapping_a_paragraph_is_no_change(words: list[str], data: st.DataObject) -> None:
    recorded = " ".join(words) + "\n"
    breaks = [data.draw(st.booleans()) for _ in words[1:]]
    wrapped = words[0] + "".join(("\n" if b else " ") + w for b, w in zip(breaks, words[1:], strict=False)) + "\n"
    assert same_text(recorded, wrapped)
    assert same_text(recorded, wrapped.replace("\n", "\r\n"))


@given(WORDS)
def test_a_changed_word_a_new_paragraph_or_a_block_marker_is_a_change(words: list[str]) -> None:
    recorded = " ".join(words) + "\n"
    assert not same_text(recorded, " ".join(words[:-1] + [words[-1] + "x"]) + "\n")
    assert not same_text(recorded, words[0] + "\n\n" + " ".join(words[1:]) + "\n")
    assert not same_text(words[0] + " # " + " ".join(words[1:]) + "\n", words[0] + "\n# " + " ".join(words[1:]) + "\n")
    assert not same_text(recorded, "  " + recorded)  # indentation is content
