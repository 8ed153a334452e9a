"""What a recording and a check cost in replays, renders and reads: each is done once.

A recording replays the ledger once and then applies only the event it
appended; each view is rendered once per command (the en.po a record compares
against, and the one it writes, are two views: before and after); `check`
reads en.po once, in verify, and finds its entries' lines in that text.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from workflow.checks.article import check_article
from workflow.checks.registry import select_rules
from workflow.model import replay as replay_module
from workflow.model import working_files
from workflow.steps.signoff import approve
from workflow.steps.target import record
from workflow.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, Counter[str]]:
    """A copy of the sample workspace, and counts of events applied, PO renders by head and en.po reads."""
    shutil.copy(REPO / "byline.toml", tmp_path / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(REPO / folder / "nk-laptops", tmp_path / folder / "nk-laptops")
    counts: Counter[str] = Counter()
    apply, render = replay_module.Replay.apply, working_files._render_po

    def counting_apply(self, event):  # type: ignore[no-untyped-def]
        counts["applied"] += 1
        return apply(self, event)

    def counting_render(state, config):  # type: ignore[no-untyped-def]
        counts[f"render {state.head}"] += 1
        return render(state, config)

    read_bytes, read_text = Path.read_bytes, Path.read_text

    def bytes_of(path: Path) -> bytes:
        counts[f"read {path.name}"] += path.name == "en.po"
        return read_bytes(path)

    def text_of(path: Path, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
        counts[f"read {path.name}"] += path.name == "en.po"
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(replay_module.Replay, "apply", counting_apply)
    monkeypatch.setattr(working_files, "_render_po", counting_render)
    monkeypatch.setattr(working_files, "_RENDERED", {})
    os_open = os.open

    def opened(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path).name == "en.po" and flags & os.O_ACCMODE == os.O_RDONLY:
            counts["read en.po"] += 1
        return os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(Path, "read_bytes", bytes_of)
    monkeypatch.setattr(Path, "read_text", text_of)
    return Workspace(tmp_path), counts


def test_a_record_replays_once_and_renders_each_view_once(counted: tuple[Workspace, Counter[str]]) -> None:
    ws, counts = counted
    en = ws.target_file("nk-laptops")
    en.write_text(en.read_text(encoding="utf-8").replace("laptops", "notebooks", 1), encoding="utf-8")
    counts.clear()
    recorded = record(ws, "nk-laptops", ws.config.person("ewhong"))
    assert recorded.event is not None
    assert counts["applied"] == len(recorded.state.events)  # the ledger once, then the new event alone
    renders = {key: n for key, n in counts.items() if key.startswith("render")}
    assert renders == {f"render {recorded.event.data['prev']}": 1, f"render {recorded.event.id}": 1}
    assert ws.po_file("nk-laptops").read_text(encoding="utf-8") == working_files.render_po(recorded.state, ws.config)


def test_a_sign_off_replays_once_and_renders_each_view_once(counted: tuple[Workspace, Counter[str]]) -> None:
    ws, counts = counted
    recorded = approve(ws, "nk-laptops", ws.config.person("mfoster"), stage="copyedit")
    assert recorded.event is not None
    assert counts["applied"] == len(recorded.state.events)
    renders = {key: n for key, n in counts.items() if key.startswith("render")}
    # The working files are compared with the view before (nothing unrecorded may be lost), then written.
    assert renders == {f"render {recorded.event.data['prev']}": 1, f"render {recorded.event.id}": 1}


def test_check_reads_en_po_once(counted: tuple[Workspace, Counter[str]]) -> None:
    ws, counts = counted
    findings = check_article(ws, "nk-laptops", select_rules(ws.config))
    assert counts["read en.po"] == 1
    assert any(f.file.endswith("en.po") and f.line for f in findings)  # the lines came from that one read
