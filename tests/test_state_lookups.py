"""A state's per-unit lookups (segment, Korean, staleness) answer as the plain loops they replaced.

`workflow.model.state` keeps the last segmentation it was asked about indexed
by id, so that a view, a check or the PO writer asking about every unit does
not walk the segments per unit. These properties hold the indexed answers to
the loops, duplicate segment ids and segments given as a list included.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.model.state import Segment, State, Unit, addition_spans, unit_korean

SOURCE = "가나다라마바사아자차카타파하" * 2


def _segment_plain(segments, sid):
    for segment in segments:
        if segment.id == sid:
            return segment
    raise KeyError(sid)


def _korean_plain(source_text, segments, unit):
    spans = {s.id: (s.start, s.end) for s in segments}
    return " ".join(source_text[spans[sid][0] : spans[sid][1]] for sid in unit.sources if sid in spans)


def _stale_plain(state, unit):
    live = {s.id for s in state.segments}
    return any(sid not in live or state.basis.get(sid) != state.segment_text(sid) for sid in unit.sources)


_ids = st.sampled_from(["s1", "s2", "s3", "s4"])
_segments = st.lists(st.builds(lambda sid, a, n: Segment(sid, a, a + n), _ids, st.integers(0, 20), st.integers(0, 6)),
                     max_size=5)
_units = st.lists(st.builds(lambda ids: Unit(tuple(ids), 0, 0, 1.0, None), st.lists(_ids, min_size=1, max_size=3)),
                  min_size=1, max_size=4)
_basis = st.dictionaries(_ids, st.sampled_from(["", "가나", "다라마", "나다"]), max_size=4)


def _state(segments, units, basis) -> State:
    return State(article="a", events=(), source_text=SOURCE, source_meta={}, segments=segments, retired=(),
                 next_segment=5, target_text="", units=tuple(units), basis=basis, authorship=(), approvals=(),
                 waivers=(), steps=(), origins={}, heads=())


@settings(max_examples=400, deadline=None)
@given(_segments, _segments, _units, _basis, st.booleans())
def test_lookups_answer_as_the_loops(first: list, second: list, units: list, basis: dict, as_list: bool) -> None:
    for segments in (tuple(first), tuple(second), tuple(first), first if as_list else tuple(second)):
        state = _state(segments, units, basis)
        for unit in units:
            assert state.is_stale(unit) == _stale_plain(state, unit)
            assert state.unit_source(unit) == _korean_plain(SOURCE, segments, unit)
            assert unit_korean(SOURCE, segments, unit) == _korean_plain(SOURCE, segments, unit)
            for sid in unit.sources:
                try:
                    expected = _segment_plain(segments, sid)
                except KeyError:
                    expected = None
                if expected is None:
                    try:
                        state.segment(sid)
                    except KeyError:
                        continue
                    raise AssertionError(f"{sid} found in {segments}")
                assert state.segment(sid) == expected and state.segment_text(sid) == SOURCE[expected.start:expected.end]


def test_a_list_of_segments_changed_in_place_is_read_afresh() -> None:
    """Only a tuple (which cannot change) is kept indexed; a list is looked at each time."""
    segments = [Segment("s1", 0, 2)]
    unit = Unit(("s1",), 0, 0, 1.0, None)
    assert unit_korean(SOURCE, segments, unit) == "가나"
    segments[0] = Segment("s1", 2, 4)
    assert unit_korean(SOURCE, segments, unit) == "다라"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab1 .!?\n_-'\u00e9\u0301가。"), max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10)), max_size=3))
def test_addition_spans_find_the_sentences_with_a_letter_or_digit(text: str, spans: list) -> None:
    """The spans of uncovered English that hold a letter or a digit, as the per-character loop found them."""
    from workflow.text.segment import split_english

    units = [Unit(("s1",), min(a, len(text)), min(a + n, len(text)), 1.0, None) for a, n in spans]
    covered = sorted((u.start, u.end) for u in units if u.end > u.start)
    gaps, pos = [], 0
    for start, end in covered:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        gaps.append((pos, len(text)))
    expected = []
    for gap_start, gap_end in gaps:
        piece = text[gap_start:gap_end]
        if not any(ch.isalnum() for ch in piece):
            continue
        for span in split_english(piece):
            if any(ch.isalnum() for ch in piece[span.start : span.end]):
                expected.append((gap_start + span.start, gap_start + span.end))
    assert addition_spans(text, units) == expected
