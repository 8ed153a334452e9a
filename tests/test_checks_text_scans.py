"""The character and name rules' quick tests never skip what their full scans would find.

BL208 scans a text for hidden characters only where `str.isprintable` (newlines
and tabs aside) refuses it; BL209's damage search starts from three quick
searches and reads look-alike accents only where one is in the text, and is
found once per text for the three rules that read it; BL203 looks for Latin
words only where a Latin letter is, and for a misspelling only among the words
within one character of the name's length. Each property holds the quick path
against the full one on text that holds what the scans look for.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow.checks.rules import consistency
from workflow.text import characters
from workflow.text.characters import Hidden, damage, kind_of, scan

PIECES = [
    "Korea", "Korea\u00b4s", "\u02ddquoted\u02dd", "\u00b4", "caf\u00c3\u00a9", "\u00a1\u00b0", "\u00a2\u00e6",
    "&#8212;", "&ntilde;", "&amp;", "<b>", "</p>", "<br/>", "\ufffd", "\u202e", "\u200b", "\u2066", "\x00", "\x1b",
    "\x85", "\xad", "\ufeff", "\U000e0041", "\n", "\t", "\r", " ", "\u00a0", "\u2028", "\u00b7", "\u3000",
    "\ud55c\uad6d", "\u00e9", "\u00c3", "\u00a9", "<", "&", ";", "a", "Z", "1",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join) | st.text(max_size=30)
# The single search the three quick ones replaced.
_ONE_SEARCH = re.compile(r"[\x80-\xff\ufffd\u02dd]|&#?[A-Za-z0-9]+;|</?[A-Za-z]")


@pytest.mark.slow  # st.text's examples take a second or two
@settings(max_examples=500, deadline=None)
@given(TEXTS)
@example("a\u202eb")
@example("line\nnext\ttab")
def test_hidden_characters_with_the_quick_test_equal_the_full_scan(text: str) -> None:
    full = [Hidden(m.start(), m.group(), kind) for m in characters._CANDIDATES.finditer(text)
            if (kind := kind_of(m.group())) is not None]
    assert list(scan(text)) == full


@settings(max_examples=500, deadline=None)
@given(TEXTS)
@example("Korea\u00b4s")
@example("&#8212;")
def test_the_quick_damage_tests_equal_the_one_search_and_the_look_alike_scan(text: str) -> None:
    assert characters._suspect(text) == bool(_ONE_SEARCH.search(text))
    if characters._LOOKALIKE.search(text):
        assert "\u00b4" in text or "\u02dd" in text


def test_damage_is_a_fresh_list_each_call() -> None:
    """Damage is found once per text; each caller still gets its own list."""
    first = damage("\u00a1\u00b0There\u00a1\u00b1")
    first.clear()
    assert len(damage("\u00a1\u00b0There\u00a1\u00b1")) == 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="가나 A-Z.az09'&·", max_size=20))
def test_latin_words_start_with_a_latin_letter(text: str) -> None:
    if consistency._LATIN.search(text):
        assert consistency._ANY_LATIN.search(text)


NAMES = ["Korea", "Koera", "ASCI", "ASIC", "White", "Wihte", "NYMEX", "NYMAX", "Strasse", "Straße", "STRASSE",
         "\u0130stanbul", "Istanbul", "PGP", "PPG", "Obama", "Obamas", "Chiquita", "Chiquitta"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(NAMES), st.lists(st.sampled_from(NAMES + ["the", "of", "and"]), max_size=12).map(" ".join))
@example("Straße", "STRASSE Strasse")
def test_misspellings_within_the_length_window_equal_those_among_all_words(name: str, english: str) -> None:
    folded = name.casefold()
    everything = [w for w in sorted(set(consistency._EN_WORD.findall(english)))
                  if consistency._near_miss_folded(folded, w.casefold())]
    windowed = [w for w, other in consistency._spellings(english, len(folded))
                if consistency._near_miss_folded(folded, other)]
    assert windowed == everything


# The one pattern of BL206's marks and paragraph breaks that `_marks` replaced.
_MARKS = re.compile(r'[()\[\]"“”]|\n\s*\n')


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "[", "]", '"', "“", "”", "\n", "\n\n", " \n", "\n \t\n", "\t", " ", "a",
                                 "\u3000", "\r\n", "said."]), max_size=16).map("".join))
@example('He said "yes.\n\n"Then (no).\n \n')
def test_marks_and_breaks_equal_the_one_pattern(text: str) -> None:
    assert list(consistency._marks(text)) == [(m.start(), m.group()) for m in _MARKS.finditer(text)]
