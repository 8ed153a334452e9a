"""The ledger's guarantees pinned where earlier tests let a planted bug through (issue 23).

The first event's `prev`, ids compared exactly, the fsync after each append,
and the canonical JSON of floats on both sides of the fast writer's range.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rfc8785
from helpers import ENGLISH, invoke

from workflow import ledger
from workflow.canonical import canonical, canonical_without, loads_with_canonical
from workflow.ledger import append, event_id, scan


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample, copied from the session's template (the CLI-built one costs a second a test)."""
    return workspace_copy


ZERO = "sha256:" + "0" * 64


def _body(n: int) -> dict:
    return {"type": "waive", "stage": "waive", "article": "a", "at": f"2026-11-27T09:{n:02d}:00Z",
            "agent": {"id": "ewhong", "name": "Eugene Whong", "role": "editor"}, "rule": "BL201", "reason": f"r{n}"}


def _v2(path: Path, count: int = 3) -> list[bytes]:
    events: list = []
    for n in range(count):
        events.append(append(path, _body(n), events))
    return path.read_bytes().split(b"\n")[:-1]


def _v1(count: int = 3) -> list[dict]:
    datas, prev = [], None
    for n in range(count):
        data = {"v": 1, "seq": n + 1, "prev": prev, **_body(n), "tool": {"name": "byline", "version": "0.1.0"}}
        data["id"] = prev = event_id(data)
        datas.append(data)
    return datas


def _write(path: Path, datas: list[dict]) -> None:
    path.write_bytes(b"".join(canonical(d) + b"\n" for d in datas))


def _problem(path: Path) -> tuple[int, str]:
    _, problem = scan(path)
    assert problem is not None
    return problem.line, problem.message


def test_a_first_v1_event_must_have_no_prev(tmp_path: Path) -> None:
    datas = _v1()
    datas[0]["prev"] = ZERO
    datas[0]["id"] = event_id(datas[0])
    for before, after in zip(datas, datas[1:], strict=False):  # the rest re-chained onto it: only line 1 is wrong
        after["prev"] = before["id"]
        after["id"] = event_id(after)
    path = tmp_path / "provenance.jsonl"
    _write(path, datas)
    line, message = _problem(path)
    assert line == 1 and "prev" in message


def test_a_first_v2_event_must_have_no_prev(tmp_path: Path) -> None:
    path = tmp_path / "provenance.jsonl"
    datas = [json.loads(line) for line in _v2(path, 1)]
    datas[0]["prev"] = ZERO
    datas[0]["id"] = event_id(datas[0])
    _write(path, datas)
    line, message = _problem(path)
    assert line == 1 and "prev" in message


@pytest.mark.parametrize("version", [1, 2])
def test_an_id_in_capitals_is_not_the_id(tmp_path: Path, version: int) -> None:
    path = tmp_path / "provenance.jsonl"
    datas = _v1() if version == 1 else [json.loads(line) for line in _v2(path)]
    datas[0]["id"] = "sha256:" + datas[0]["id"].removeprefix("sha256:").upper()
    _write(path, datas)
    line, message = _problem(path)
    assert line == 1 and "id does not match" in message


def test_a_parent_named_in_capitals_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "provenance.jsonl"
    datas = [json.loads(line) for line in _v2(path)]
    upper = "sha256:" + datas[0]["id"].removeprefix("sha256:").upper()
    datas[1]["parents"], datas[1]["prev"] = [upper], upper
    datas[1]["id"] = event_id(datas[1])
    _write(path, datas[:2])
    line, message = _problem(path)
    assert line == 2 and "not an earlier line" in message


def test_verify_names_a_first_line_with_a_prev(workspace: Path) -> None:
    path = workspace / "translations" / "nk" / "provenance.jsonl"
    datas = [json.loads(line) for line in path.read_bytes().split(b"\n")[:-1]]
    datas[0]["prev"] = ZERO
    datas[0]["id"] = event_id(datas[0])
    _write(path, datas[:1])
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 1
    assert "provenance.jsonl:1" in result.output


def test_an_append_is_fsynced_once_the_line_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "provenance.jsonl"
    _v2(path, 2)
    synced: list[tuple[int, int]] = []
    real = os.fsync

    def watching(fd: int) -> None:
        status = os.fstat(fd)
        synced.append((status.st_ino, status.st_size))
        real(fd)

    monkeypatch.setattr(ledger.os, "fsync", watching)
    events, _ = scan(path)
    append(path, _body(5), events)
    after = os.stat(path)
    assert (after.st_ino, after.st_size) in synced  # the ledger itself, with the new line in it


def test_recording_an_edit_fsyncs_the_ledger(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workspace / "translations" / "nk" / "provenance.jsonl"
    synced: list[tuple[int, int]] = []
    real = os.fsync

    def watching(fd: int) -> None:
        status = os.fstat(fd)
        synced.append((status.st_ino, status.st_size))
        real(fd)

    monkeypatch.setattr(ledger.os, "fsync", watching)
    (workspace / "translations" / "nk" / "en.md").write_text(ENGLISH.replace("residents said", "locals said"),
                                                            encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", "--workspace", str(workspace)).exit_code == 0
    after = os.stat(path)
    assert (after.st_ino, after.st_size) in synced


# Floats either side of where Python's shortest repr and ECMAScript's Number-to-string agree on plain decimals
# (1e-4 <= |x| < 1e16 in Python; 1e-6 <= |x| < 1e21 in ECMAScript).
FLOATS = [1e-4, 9.99e-5, 1e-5, 0.00001234, 1.5e-6, 1e-7, 5e-324, 0.1, 123.456, 9.999999999999998e15, 1e16,
          1.2345e17, 1e20, 1e21, 1.7976931348623157e308, 2.5, 1e15 + 0.5]


@pytest.mark.parametrize("value", [*FLOATS, *(-v for v in FLOATS)], ids=repr)
def test_floats_are_written_as_rfc8785_writes_them(value: float) -> None:
    expected = rfc8785.dumps({"x": value, "id": "i"})
    assert canonical({"x": value, "id": "i"}) == expected
    assert canonical_without({"x": value, "id": "i"}, ("id",)) == (expected, rfc8785.dumps({"x": value}))
    if abs(value) < 2**53:  # past it every float is integral, and reads back as an integer rfc8785 refuses
        _, full, hashed = loads_with_canonical(expected, ("id",))
        assert (full, hashed) == (expected, rfc8785.dumps({"x": value}))


def test_an_integral_float_is_written_as_an_integer() -> None:
    assert canonical({"c": 1.0, "d": -0.0, "e": 2.0**52}) == b'{"c":1,"d":0,"e":4503599627370496}'
    assert loads_with_canonical(b'{"c":1.0}', ())[1] == b'{"c":1}'


@pytest.mark.parametrize("key", ["\U0001f600", "a\U0001f600", "\uffff", "\ue000"], ids=repr)
def test_keys_are_ordered_by_utf16_units(key: str) -> None:
    value = {key: 1, "\uff61": 2, "z": 3}
    assert canonical(value) == rfc8785.dumps(value)
    line = rfc8785.dumps(value)
    assert loads_with_canonical(line, ())[1] == line


# --- the graph: what follows a merge of branches of different depth ----------------------------


def _branch(path: Path, events: list, count: int, minute: int) -> list:
    for n in range(count):
        events = [*events, append(path, {**_body(minute + n), "at": f"2026-11-27T10:{minute + n:02d}:00Z"}, events)]
    return events


def test_the_event_after_a_merge_follows_both_heads_one_deeper_than_the_deeper(tmp_path: Path) -> None:
    from workflow import graph

    first = _branch(tmp_path / "base.jsonl", [], 1, 0)
    shared = (tmp_path / "base.jsonl").read_bytes()
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_bytes(shared)
    long = _branch(tmp_path / "a.jsonl", list(first), 3, 10)  # depths 2, 3, 4
    short = _branch(tmp_path / "b.jsonl", list(first), 1, 20)  # depth 2
    merged = graph.union([e.data for e in long], [e.data for e in short])
    path = tmp_path / "provenance.jsonl"
    _write(path, merged)
    events, problem = scan(path)
    assert problem is None and len(events) == 5
    assert [e.data["id"] for e in events] == [d["id"] for d in merged]
    after = append(path, _body(40), events)
    assert after.data["parents"] == [long[-1].id, short[-1].id]
    assert after.seq == 5 and after.data["prev"] == long[-1].id
    assert scan(path)[1] is None
    assert after.parents == (long[-1].id, short[-1].id)  # v2: every parent, not only `prev`


def test_a_v1_events_parent_is_its_prev(tmp_path: Path) -> None:
    from workflow.ledger import Event

    datas = _v1(2)
    assert Event(1, datas[0]).parents == () and Event(2, datas[1]).parents == (datas[0]["id"],)


def test_a_deeply_nested_line_is_named_with_the_parsers_reason_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "provenance.jsonl"
    path.write_bytes(b"[" * 100000 + b"\n")
    line, message = _problem(path)
    assert line == 1
    reason = message.removeprefix("not a JSON event (").split(")")[0]
    assert reason.startswith("maximum recursion depth") and len(reason) == 80 and reason.endswith("…")


def test_a_last_line_without_its_newline_is_named_by_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "provenance.jsonl"
    _v2(path, 3)
    path.write_bytes(path.read_bytes()[:-1])  # an editor saved the file without the final newline
    events, problem = scan(path)
    assert problem is not None and problem.line == 3 and problem.message.startswith(ledger.UNFINISHED)
    assert len(events) == 2


# --- repair ------------------------------------------------------------------------------------


def test_a_torn_line_is_set_aside_in_a_file_named_by_the_time_of_the_repair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workflow.ledger import repair

    path = tmp_path / "provenance.jsonl"
    _v2(path, 2)
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"half an ev')
    monkeypatch.setattr(ledger.time, "time_ns", lambda: 1_795_770_843_123_456_789)  # 2026-11-27T09:14:03.123456Z
    side = repair(path)
    assert side is not None and side.name == "provenance.jsonl.torn-20261127T091403123456Z"
    assert side.read_bytes() == b'{"half an ev' and path.read_bytes() == whole


def test_repair_fsyncs_what_it_completes_and_what_it_cuts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workflow.ledger import repair

    path = tmp_path / "provenance.jsonl"
    _v2(path, 2)
    whole = path.read_bytes()
    synced: list[int] = []
    real = os.fsync

    def watching(fd: int) -> None:
        synced.append(os.fstat(fd).st_size)
        real(fd)

    monkeypatch.setattr(ledger.os, "fsync", watching)
    path.write_bytes(whole[:-1])  # a whole event without its newline: completed
    assert repair(path) == path and path.read_bytes() == whole and len(whole) in synced
    synced.clear()
    path.write_bytes(whole + b'{"torn')  # a torn line: cut off
    assert repair(path) != path and path.read_bytes() == whole and len(whole) in synced


def test_a_chain_is_told_from_a_graph_and_ancestors_are_every_event_followed() -> None:
    from workflow import graph

    def event(id_: str, *parents: str) -> dict:
        return {"v": 2, "id": id_, "parents": list(parents), "at": "2026-11-27T10:00:00Z"}

    chain = [event("a"), event("b", "a"), event("c", "b")]
    assert graph.is_chain(chain) and graph.is_chain(_v1(3)) and graph.is_chain([])
    assert not graph.is_chain([event("a"), event("b", "a"), event("c", "a")])
    # a diamond after a second event: d follows b and c, which both follow a
    diamond = [event("a"), event("x", "a"), event("b", "x"), event("c", "x"), event("d", "b", "c")]
    assert not graph.is_chain(diamond)
    assert graph.ancestor_masks(diamond) == [0b0, 0b1, 0b11, 0b11, 0b1111]
