"""The ledger on its own: appends, the graph of events, tampering named by line (v1 and v2), torn lines and repair."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from helpers import add_key, crypto_key, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import ledger
from workflow.errors import IntegrityError, LedgerError, TornLedgerError
from workflow.ledger import append, canonical, event_id, read_events, repair, scan
from workflow.workspace import Workspace, write_atomic

AGENTS = ("ewhong", "mfoster", "cslee")


def _body(n: int) -> dict:
    who = AGENTS[n % len(AGENTS)]
    return {"type": "waive", "stage": "waive", "article": "a", "at": f"2026-11-27T09:{n:02d}:00Z",
            "agent": {"id": who, "name": who.title(), "role": "editor"}, "rule": "BL201", "reason": f"reason {n} 이유"}


def _ledger(tmp_path: Path, count: int = 4) -> Path:
    path = tmp_path / "provenance.jsonl"
    events: list = []
    for n in range(count):
        events.append(append(path, _body(n), events))
    return path


def _v1_ledger(tmp_path: Path, count: int = 4) -> Path:
    """A ledger as byline wrote them before v2: seq is the line number, prev the line before."""
    path = tmp_path / "provenance.jsonl"
    lines, prev = [], None
    for n in range(count):
        data = {"v": 1, "seq": n + 1, "prev": prev, **_body(n), "tool": {"name": "byline", "version": "0.1.0"}}
        data["id"] = prev = event_id(data)
        lines.append(canonical(data))
    _rewrite(path, lines)
    return path


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _rewrite(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def _rechained(lines: list[bytes], index: int, change) -> list[bytes]:  # type: ignore[no-untyped-def]
    """Lines where event `index` was changed by `change` and given a correct id (an attacker's rewrite)."""
    data = json.loads(lines[index])
    change(data)
    data["id"] = event_id(data)
    return [*lines[:index], canonical(data), *lines[index + 1 :]]


def test_append_and_read_round_trip(tmp_path: Path) -> None:
    path = _ledger(tmp_path, 5)
    events = read_events(path)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert {e.data["v"] for e in events} == {2}
    assert events[0].data["prev"] is None and events[0].data["parents"] == []
    assert all(later.data["prev"] == earlier.id for earlier, later in zip(events, events[1:], strict=False))
    assert all(later.data["parents"] == [earlier.id] for earlier, later in zip(events, events[1:], strict=False))
    assert all(line == canonical(json.loads(line)) for line in _lines(path))
    assert events[4].data["reason"] == "reason 4 이유"


def test_missing_ledger_reads_as_empty(tmp_path: Path) -> None:
    assert scan(tmp_path / "none.jsonl") == ([], None)


TAMPERING_V1 = [
    pytest.param(lambda ls: [ls[0], ls[2], ls[1], ls[3]], 2, "seq", id="lines-swapped"),
    pytest.param(lambda ls: [ls[0], ls[2], ls[3]], 2, "seq", id="line-removed"),
    pytest.param(lambda ls: [ls[0], ls[1], ls[1], ls[2], ls[3]], 3, "again", id="line-duplicated"),
    pytest.param(lambda ls: [ls[0].replace(b'"v":1', b'"v":3'), *ls[1:]], 1, "format v3", id="future-version"),
    pytest.param(
        lambda ls: [ls[0], *_rechained(ls, 1, lambda d: d.update(note="x"))[1:]],
        3,
        "prev",
        id="rewrite-breaks-next-link",
    ),
]
TAMPERING_V2 = [
    pytest.param(lambda ls: [ls[0], ls[2], ls[1], ls[3]], 2, "not an earlier line", id="lines-swapped"),
    pytest.param(lambda ls: [ls[0], ls[2], ls[3]], 2, "not an earlier line", id="line-removed"),
    pytest.param(lambda ls: [ls[0], ls[1], ls[1], ls[2], ls[3]], 3, "again", id="line-duplicated"),
    pytest.param(lambda ls: [ls[0].replace(b'"v":2', b'"v":3'), *ls[1:]], 1, "format v3", id="future-version"),
    pytest.param(
        lambda ls: [ls[0], *_rechained(ls, 1, lambda d: d.update(note="x"))[1:]],
        3,
        "not an earlier line",
        id="rewrite-breaks-next-link",
    ),
    pytest.param(lambda ls: _rechained(ls, 1, lambda d: d.update(seq=5)), 2, "seq is 5", id="seq-not-depth"),
    pytest.param(lambda ls: _rechained(ls, 1, lambda d: d.update(prev=None)), 2, "first parent", id="prev-not-parent"),
    pytest.param(lambda ls: _rechained(ls, 2, lambda d: d.update(parents=[])), 3, "without parents", id="second-root"),
    pytest.param(
        lambda ls: _rechained(ls, 1, lambda d: d.update(parents="x")), 2, "list of distinct", id="parents-string"
    ),
    pytest.param(lambda ls: [ls[0], ls[1], b"<<<<<<< HEAD", *ls[2:]], 3, "merge driver", id="conflict-marker"),
    pytest.param(lambda ls: [ls[0], ls[1], _v1_line(), *ls[2:]], 3, "v1 event after v2", id="v1-after-v2"),
]


def _v1_line() -> bytes:
    data = {"v": 1, "seq": 3, "prev": None, **_body(9)}
    data["id"] = event_id(data)
    return canonical(data)


TAMPERING = [
    pytest.param(
        lambda ls: [ls[0], ls[1].replace(b"reason 1", b"reason 9"), *ls[2:]], 2, "id does not match", id="text-changed"
    ),
    pytest.param(
        lambda ls: [ls[0], ls[1].replace(b'{"agent"', b'{ "agent"'), *ls[2:]], 2, "canonical", id="whitespace-added"
    ),
    pytest.param(lambda ls: [ls[0], b"", *ls[1:]], 2, "not a JSON event", id="blank-line-inserted"),
    pytest.param(lambda ls: [ls[0], b"[1,2]", *ls[1:]], 2, "not a JSON object", id="array-line"),
    pytest.param(lambda ls: [ls[0], b"\xff\xfe", *ls[1:]], 2, "not a JSON event", id="not-utf8"),
    pytest.param(lambda ls: [b"[" * 100000, *ls], 1, "not a JSON event", id="deep-nesting"),
    pytest.param(lambda ls: [re.sub(rb'"v":[12]', b'"v":true', ls[0]), *ls[1:]], 1, "format vTrue", id="version-true"),
    pytest.param(lambda ls: [ls[0].replace(b'"rule":"BL201"', b'"rule":NaN'), *ls[1:]], 1, "canonical JSON", id="nan"),
    pytest.param(
        lambda ls: [ls[0].replace(b'"rule":"BL201"', b'"rule":123456789012345678901'), *ls[1:]],
        1,
        "canonical JSON",
        id="huge-integer",
    ),
    pytest.param(lambda ls: _rechained(ls, 0, lambda d: d.update(seq=True)), 1, "seq is True", id="seq-true"),
    pytest.param(
        lambda ls: _rechained(ls, 0, lambda d: d.update(agent="ewhong")), 1, "agent must be", id="agent-string"
    ),
    pytest.param(
        lambda ls: _rechained(ls, 0, lambda d: d.update(operator={"id": 7})),
        1,
        "operator must be",
        id="operator-bad-id",
    ),
    pytest.param(lambda ls: _rechained(ls, 0, lambda d: d.update(at=0)), 1, "at and stage", id="at-number"),
    pytest.param(
        lambda ls: _rechained(ls, 0, lambda d: d.update(type="launch")), 1, "unknown event type", id="unknown-type"
    ),
    pytest.param(
        lambda ls: [*_rechained(ls, 0, lambda d: d.update(sig="x"))[:1], *ls[1:]], 1, "sig must be", id="sig-string"
    ),
]


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize(("tamper", "line", "evidence"), TAMPERING)
def test_tampering_is_named_by_line(tmp_path: Path, tamper, line: int, evidence: str, version: int) -> None:  # type: ignore[no-untyped-def]
    path = (_v1_ledger if version == 1 else _ledger)(tmp_path)
    _rewrite(path, tamper(_lines(path)))
    _check_named(path, line, evidence)


@pytest.mark.parametrize(("tamper", "line", "evidence"), TAMPERING_V1)
def test_tampering_a_v1_ledger_is_named_by_line(tmp_path: Path, tamper, line: int, evidence: str) -> None:  # type: ignore[no-untyped-def]
    path = _v1_ledger(tmp_path)
    _rewrite(path, tamper(_lines(path)))
    _check_named(path, line, evidence)


@pytest.mark.parametrize(("tamper", "line", "evidence"), TAMPERING_V2)
def test_tampering_a_v2_ledger_is_named_by_line(tmp_path: Path, tamper, line: int, evidence: str) -> None:  # type: ignore[no-untyped-def]
    path = _ledger(tmp_path)
    _rewrite(path, tamper(_lines(path)))
    _check_named(path, line, evidence)


def _check_named(path: Path, line: int, evidence: str) -> None:
    events, problem = scan(path)
    assert problem is not None and problem.line == line and evidence in problem.message, problem
    assert len(events) == line - 1
    with pytest.raises(IntegrityError, match=rf"provenance.jsonl:{line}: "):
        read_events(path)


def test_torn_last_line_is_named_and_set_aside(tmp_path: Path) -> None:
    path = _ledger(tmp_path)
    whole = path.read_bytes()
    path.write_bytes(whole[:-40])  # an append cut short
    torn = whole[whole[:-1].rfind(b"\n") + 1 : -40]
    with pytest.raises(TornLedgerError, match=r"provenance.jsonl:4: torn last line"):
        read_events(path)
    side = repair(path)
    assert side is not None and side.read_bytes() == torn and side.parent == path.parent
    assert len(read_events(path)) == 3
    events = read_events(path)
    append(path, _body(7), events)
    assert [e.seq for e in read_events(path)] == [1, 2, 3, 4]
    assert repair(path) is None


def test_torn_only_line_repairs_to_empty(tmp_path: Path) -> None:
    path = tmp_path / "provenance.jsonl"
    path.write_bytes(b'{"v":1,"se')
    assert repair(path) is not None
    assert path.read_bytes() == b"" and read_events(path) == []


def test_short_write_is_taken_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _ledger(tmp_path, 2)
    before = path.read_bytes()
    real_write = os.write
    monkeypatch.setattr(ledger.os, "write", lambda fd, data: real_write(fd, data[: len(data) // 2]))
    with pytest.raises(LedgerError, match="only .* bytes were written"):
        append(path, _body(3), read_events(path))
    assert path.read_bytes() == before


def test_disk_error_is_a_ledger_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _ledger(tmp_path, 1)
    before = path.read_bytes()

    def full(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger.os, "write", full)
    with pytest.raises(LedgerError, match="No space left on device.*nothing was recorded"):
        append(path, _body(2), read_events(path))
    assert path.read_bytes() == before


def test_write_atomic_keeps_usual_permissions(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.md"
    old_mask = os.umask(0o022)
    try:
        write_atomic(fresh, "one")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    fresh.chmod(0o640)
    write_atomic(fresh, "two")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640 and fresh.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.md"]


@pytest.fixture
def signed(workspace_copy: Path) -> tuple[Workspace, bytes]:
    """The sample workspace with a third event, an approval signed by ewhong."""
    from workflow.signing import load_signer
    from workflow.steps.signoff import approve

    private, public = crypto_key(workspace_copy / "keys" / "ewhong")
    add_key(workspace_copy, "ewhong", public)
    ws = Workspace(workspace_copy)
    assert approve(ws, "nk", ws.config.person("ewhong"), signer=load_signer(private)).event is not None
    return ws, ws.ledger_file("nk").read_bytes()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_byte_change_is_detected(signed: tuple[Workspace, bytes], data: st.DataObject) -> None:
    from workflow.reading.verify import verify_article

    ws, original = signed
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original[position]), label="byte")
    path = ws.ledger_file("nk")
    try:
        path.write_bytes(original[:position] + bytes([byte]) + original[position + 1 :])
        assert verify_article(ws, "nk").problems, f"byte {position} changed to {byte} went unnoticed"
    finally:
        path.write_bytes(original)


def test_a_rehashed_event_with_nonsense_content_is_an_integrity_error(workspace: Path) -> None:
    from workflow.canonical import canonical
    from workflow.ledger import event_id

    ledger = workspace / "translations/nk/provenance.jsonl"
    lines = ledger.read_bytes().splitlines()
    second = json.loads(lines[1])
    del second["layout"]  # a translate event without units, its hash made to fit again
    second["id"] = event_id(second)
    ledger.write_bytes(lines[0] + b"\n" + canonical(second) + b"\n")
    result = invoke("verify", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "event 2 (translate) is malformed" in result.output
