"""Property: for any sequence of source versions, replay reproduces the files and ids stay stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.ledger import read_events
from workflow.model.replay import replay
from workflow.model.working_files import working_files
from workflow.steps.source import ingest
from workflow.workspace import Workspace

SENTENCES = [
    "북한 당국이 단속에 나섰다.",
    "주민 3명이 체포됐다.",
    "이 사업에는 1억1천만 달러가 들었다.",
    "량강도의 한 주민이 말했다.",
    "정부는 모든 기기를 등록하라고 지시했다.",
    "비가 많이 내렸다.",
    "인민반장이 집집마다 찾아갔다.",
]

versions = st.lists(
    st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), min_size=1, max_size=3),
    min_size=1,
    max_size=4,
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=versions)
def test_replay_reproduces_files_and_ids_are_never_reused(
    empty_workspace_copy: Path, history: list[list[list[str]]]
) -> None:
    ws = Workspace(empty_workspace_copy)
    slug = f"p{abs(hash(str(history))) % 10**8}"
    person = ws.config.person("reporter")
    seen: set[str] = set()
    retired: set[str] = set()
    for number, paragraphs in enumerate(history):
        path = empty_workspace_copy / f"{slug}-{number}.md"
        path.write_text("\n\n".join(" ".join(p) for p in paragraphs) + "\n", encoding="utf-8")
        ingest(ws, path, slug, person)
        state = replay(slug, read_events(ws.ledger_file(slug)))
        for file, content in working_files(ws, state).items():
            assert file.read_text(encoding="utf-8") == content
        ids = [s.id for s in state.segments]
        assert len(ids) == len(set(ids))
        assert not retired & set(ids), "a retired id came back"
        retired |= seen - set(ids)
        seen |= set(ids)
        covered = "".join(state.source_text[s.start : s.end] for s in state.segments)
        assert covered.replace(" ", "") == state.source_text.replace(" ", "").replace("\n", "")
