"""Staleness after any sequence of edits, source updates and approvals, pinned (issue 23).

DESIGN: "a unit remembers the hash of its source text when its English was
last written or approved; a source change makes it stale". So a unit is stale
from the source update that changed its Korean until its own English is
rewritten or someone approves the text — edits elsewhere change nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from helpers import KOREAN, Templates
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workflow.model.replay import load
from workflow.reading.staleness import stale_units
from workflow.workspace import find_workspace

SENTENCES = [
    "North Korea cracks down on unregistered laptops",
    "North Korean authorities are cracking down on unregistered laptops and tablets, residents said.",
    '"From now on, you will be punished as a spy," a resident of Ryanggang province said.',
    "The program cost $110 million.",
    "Three residents were arrested.",
]
WORDS = ("really", "reportedly", "quietly", "still")
# The Korean of s4 in turn, for source updates that change it.
FIGURES = ("1억2천만", "1억3천만", "1억1천만")

ACTIONS = st.lists(
    st.one_of(st.tuples(st.just("edit"), st.integers(0, 4)), st.just(("update-s4", 0)), st.just(("approve", 0))),
    max_size=4,
)


def _english(sentences: list[str]) -> str:
    return f"# {sentences[0]}\n\n{sentences[1]} {sentences[2]}\n\n{sentences[3]} {sentences[4]}\n"


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=ACTIONS)
@example(actions=[("edit", 1), ("edit", 3)])  # edits elsewhere leave s5 stale
@example(actions=[("update-s4", 0), ("update-s4", 0), ("update-s4", 0)])  # s4's Korean back to what was translated
@example(actions=[("edit", 4), ("update-s4", 0), ("approve", 0)])
def test_a_unit_is_stale_until_its_own_english_is_rewritten_or_approved(
    templates: Templates, actions: list[tuple[str, int]]
) -> None:
    from workflow.steps.signoff import approve
    from workflow.steps.source import ingest
    from workflow.steps.target import record

    with tempfile.TemporaryDirectory() as folder:
        root = templates.copy("recorded", Path(folder) / "ws")
        ws = find_workspace(explicit=root)
        korean = KOREAN.replace("3명이", "4명이")
        (root / "ko.md").write_text(korean, encoding="utf-8")
        ingest(ws, root / "ko.md", "nk", ws.config.person("reporter"))
        # The model: each unit's Korean now, and the Korean its English was last written or approved from.
        now = {"s1": "", "s2": "", "s3": "", "s4": "1억1천만", "s5": "4명"}
        basis = {**now, "s5": "3명"}
        assert {s.unit.id for s in stale_units(load(ws, "nk"))} == {"s5"}
        sentences = list(SENTENCES)
        figure = 0
        for number, (kind, index) in enumerate(actions):
            if kind == "edit":
                sentences[index] = sentences[index].replace(" ", f" {WORDS[number % len(WORDS)]} ", 1)
                (root / "translations" / "nk" / "en.md").write_text(_english(sentences), encoding="utf-8")
                record(ws, "nk", ws.config.person("ewhong"))
                basis[f"s{index + 1}"] = now[f"s{index + 1}"]
            elif kind == "update-s4":
                korean = korean.replace(now["s4"], FIGURES[figure])
                now["s4"] = FIGURES[figure]
                figure = (figure + 1) % len(FIGURES)
                (root / "ko.md").write_text(korean, encoding="utf-8")
                ingest(ws, root / "ko.md", "nk", ws.config.person("reporter"))
            else:
                approve(ws, "nk", ws.config.person("mfoster"), stage="edit")
                basis = dict(now)
            expected = {sid for sid in now if now[sid] != basis[sid]}
            state = load(ws, "nk")
            assert {s.unit.id for s in stale_units(state)} == expected, (kind, index)
            assert {u.id for u in state.units if state.is_stale(u)} == expected
