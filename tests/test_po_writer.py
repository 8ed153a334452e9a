"""byline's PO writer gives byte for byte what polib wrote (and what every en.po in a workspace already holds).

`workflow.formats.po.write` renders the en.po view directly instead of
through polib's objects; `_polib_write` below is the writer it replaced, the
oracle these tests compare it with: on random entries (hypothesis), on the
sample article, and on every article of a workspace generated from the corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polib
import pytest
from helpers import REPO, benchmark_builder
from hypothesis import given
from hypothesis import strategies as st

from workflow.formats.po import Entry, write
from workflow.model.replay import load
from workflow.model.working_files import po_entries, render_po
from workflow.workspace import Workspace


def _polib_write(entries: Sequence[Entry], metadata: Mapping[str, str]) -> str:
    """The en.po text as polib writes it (`wrapwidth=0`): the oracle."""
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = dict(metadata)
    for item in entries:
        entry = polib.POEntry(msgctxt=item.context, msgid=item.source, msgstr=item.target)
        if item.stale_from is not None or item.needs_review:
            entry.flags.append("fuzzy")
        if item.stale_from is not None:
            entry.previous_msgctxt = item.context
            entry.previous_msgid = item.stale_from
        if item.comments:
            entry.comment = "\n".join(item.comments)
        if item.note:
            entry.tcomment = item.note
        catalog.append(entry)
    return str(catalog) + "\n"


# Everything polib escapes, every line boundary str.splitlines knows, quotes, Hangul and text past the BMP.
_TRICKY = st.sampled_from(list('\\"\n\r\t\v\b\f\x1c\x1d\x1e\x85\u2028\u2029 #|:') + ["\r\n", "한국", "😀", "msgid"])
TEXT = st.lists(st.one_of(_TRICKY, st.text(max_size=6)), max_size=8).map("".join)
ENTRY = st.builds(
    Entry, TEXT, TEXT, TEXT, st.one_of(st.none(), TEXT), st.lists(TEXT, max_size=3).map(tuple), st.booleans(),
    st.one_of(st.none(), TEXT),
)
NAME = st.one_of(
    st.sampled_from(["Project-Id-Version", "POT-Creation-Date", "Language", "Plural-Forms", "X-Byline-Head",
                     "X-Source-Language", "x-byline-head", "X-2-Field", "X-10-Field"]),
    st.text(alphabet="abcXYZ-09", min_size=1, max_size=8),
)


@given(st.lists(ENTRY, max_size=6), st.dictionaries(NAME, TEXT, max_size=6))
def test_write_is_polibs_text(entries: list[Entry], metadata: dict[str, str]) -> None:
    assert write(entries, metadata) == _polib_write(entries, metadata)


def test_the_samples_view_is_the_file_committed() -> None:
    """The sample's en.po was written by polib; the view rendered now is the same bytes."""
    ws = Workspace(REPO)
    state = load(ws, "nk-laptops")
    on_disk = ws.po_file("nk-laptops").read_bytes()
    assert render_po(state, ws.config).encode("utf-8") == on_disk
    assert _polib_write(po_entries(state), _metadata(render_po(state, ws.config))).encode("utf-8") == on_disk


def _metadata(text: str) -> dict[str, str]:
    """The header fields of a PO text, in their order (polib reads them)."""
    return dict(polib.pofile(text, wrapwidth=0).ordered_metadata())


@pytest.mark.slow
def test_every_view_of_a_generated_workspace_is_polibs_text(tmp_path: Path) -> None:
    """Fifteen articles of every life the benchmark builder makes: stale, omitted, added, corrected units."""
    builder = benchmark_builder()
    if not (builder.find_data() / "dev.ko").is_file():
        pytest.skip("needs ../shared/data/ko-en-news")
    builder.make_workspace(tmp_path / "ws", 15, seed=5)
    ws = Workspace(tmp_path / "ws")
    checked = 0
    for folder in sorted((tmp_path / "ws" / "translations").iterdir()):
        state = load(ws, folder.name)
        if state.target_text is None:
            continue
        text = render_po(state, ws.config)
        assert _polib_write(po_entries(state), _metadata(text)) == text, folder.name
        assert (folder / "en.po").read_text(encoding="utf-8") == text, folder.name
        checked += 1
    assert checked >= 12
