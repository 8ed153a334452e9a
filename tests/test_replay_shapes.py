"""Replay checks each event body's shape: damage is an integrity error naming the line, a bug in replay is a bug.

A chain can be rewritten with valid hashes around a body that makes no sense;
that is damage to the record (exit 1). An exception from replay's own code
is byline's defect and must not read as tampering (exit 3, DESIGN.md).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.errors import IntegrityError
from workflow.ledger import EVENT_TYPES, Event, append, read_events
from workflow.model import replay as replay_module
from workflow.model.replay import replay
from workflow.model.shapes import _FIELDS

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "translations" / "nk-laptops" / "provenance.jsonl"
# Fields of the envelope, which the ledger scan checks before replay sees an event.
ENVELOPE = {"v", "seq", "prev", "parents", "id", "sig", "type", "article", "at", "agent", "operator", "tool", "lang",
            "stage"}


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> list[Event]:
    """The sample's ledger, plus a source update, an alignment correction and a correction: every event type."""
    root = tmp_path_factory.mktemp("ws")
    shutil.copy(REPO / "byline.toml", root / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(REPO / folder / "nk-laptops", root / folder / "nk-laptops")
    from workflow.steps.alignment import correct_unit
    from workflow.steps.source import ingest
    from workflow.steps.target import record
    from workflow.workspace import Workspace

    ws = Workspace(root)
    korean = root / "ko-update.md"
    korean.write_text((root / "sources/nk-laptops/ko.md").read_text(encoding="utf-8").replace("9년", "8년", 1), "utf-8")
    ingest(ws, korean, "nk-laptops", ws.config.person("rfa-korean"))
    correct_unit(ws, "nk-laptops", ws.config.person("ewhong"), "s2", "s2", "2")
    english = root / "en-corrected.md"
    corrected = ws.target_file("nk-laptops").read_text(encoding="utf-8").replace("laptops", "notebooks", 1)
    english.write_text(corrected, "utf-8")
    record(ws, "nk-laptops", ws.config.person("mfoster"), stage="correct", kind="correct", source=english, note="fix")
    po = ws.po_file("nk-laptops")  # a translator's comment in en.po, the English as it is: a review event
    po.write_text(po.read_text(encoding="utf-8").replace('msgctxt "s2"', '# check the name\nmsgctxt "s2"', 1), "utf-8")
    record(ws, "nk-laptops", ws.config.person("cslee"), stage="edit")
    found = read_events(ws.ledger_file("nk-laptops"))
    assert {e.type for e in found} == EVENT_TYPES
    return found


def test_every_event_type_has_a_shape() -> None:
    assert set(_FIELDS) == EVENT_TYPES


def _with(events: list[Event], seq: int, change) -> list[Event]:  # type: ignore[no-untyped-def]
    """The events with event `seq`'s data changed in place (a copy); the chain is not replay's business."""
    data = copy.deepcopy(dict(events[seq - 1].data))
    change(data)
    return [*events[: seq - 1], Event(seq, data), *events[seq:]]


def _first(events: list[Event], kind: str) -> int:
    return next(e.seq for e in events if e.type == kind)


@pytest.mark.parametrize(
    ("kind", "change", "says"),
    [
        pytest.param("ingest", lambda d: d["source"].pop("segments"), "source.segments is missing", id="no-segments"),
        pytest.param("ingest", lambda d: d["source"]["segments"][2].update(id="x3"),
                     "source.segments[2].id must be a segment id like s3", id="segment-id"),
        pytest.param("translate", lambda d: d.pop("target"), "target is missing", id="no-target"),
        pytest.param("translate", lambda d: d["layout"][0].update(span=[5, 2]), "layout[0].span must be [start, end]",
                     id="span-backwards"),
        pytest.param("edit", lambda d: d.update(delta=7), "delta must be a string", id="delta-number"),
        pytest.param("edit", lambda d: d["layout"][1].update(source=[]), "layout[1].source must be a non-empty list",
                     id="unit-without-source"),
        pytest.param("approve", lambda d: d["base"].pop("target"), "base.target is missing", id="approve-no-target"),
        pytest.param("waive", lambda d: d.update(reason=["x"]), "reason must be a string", id="reason-list"),
        pytest.param("publish", lambda d: d.update(note=3), "note must be a string", id="note-number"),
        pytest.param("source-update", lambda d: d["source"].update(retired="s4"), "source.retired must be a list",
                     id="retired-string"),
        pytest.param("align", lambda d: d.update(layout={}), "layout must be a list", id="layout-object"),
        pytest.param("review", lambda d: d["review"][0].update(mark="maybe"),
                     'review[0].mark must be "needs-review" or "confirmed"', id="review-mark"),
        pytest.param("review", lambda d: d.pop("review"), "review is missing", id="review-missing"),
    ],
)
def test_a_malformed_body_is_an_integrity_error_naming_line_and_field(events, kind, change, says) -> None:  # type: ignore[no-untyped-def]
    seq = _first(events, kind)
    expected = re.escape(f"line {seq}: event {seq} ({kind}) is malformed: {says}")
    with pytest.raises(IntegrityError, match=expected) as caught:
        replay("nk-laptops", _with(events, seq, change))
    assert str(caught.value).endswith("the ledger was altered")


@pytest.mark.parametrize(
    ("kind", "change", "says"),
    [
        pytest.param("edit", lambda d: d.update(delta="=99999"), "delta does not fit", id="delta-does-not-fit"),
        pytest.param("translate", lambda d: d["layout"][-1].update(span=[0, 10**6]), "lies outside the English text",
                     id="unit-outside-text"),
        pytest.param("ingest", lambda d: d["source"]["segments"][0].update(span=[0, 10**6]),
                     "lies outside the source text", id="segment-outside-text"),
    ],
)
def test_a_body_that_does_not_fit_the_texts_is_an_integrity_error(events, kind, change, says) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError, match=says):
        replay("nk-laptops", _with(events, _first(events, kind), change))


JUNK = st.sampled_from([None, 0, -1, 1.5, True, "", "x", "s1", [], [0], [0, 1], [1, 0], {}, {"a": 1}, [{}], [["s1"]]])


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path to a value inside an event's body, the envelope aside."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if prefix or key not in ENVELOPE:
                found.append((*prefix, key))
                found.extend(_paths(inner, (*prefix, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):
            found.append((*prefix, index))
            found.extend(_paths(inner, (*prefix, index)))
    return found


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_a_body_replays_or_is_an_integrity_error(events, data) -> None:  # type: ignore[no-untyped-def]
    seq = data.draw(st.integers(1, len(events)), label="event")
    paths = _paths(events[seq - 1].data)
    path = data.draw(st.sampled_from(paths), label="path")
    delete = data.draw(st.booleans(), label="delete")
    junk = data.draw(JUNK, label="junk")

    def change(body: dict) -> None:  # type: ignore[type-arg]
        *parents, last = path
        for key in parents:
            body = body[key]  # type: ignore[index]
        if delete and isinstance(body, dict):
            del body[last]
        else:
            body[last] = junk  # type: ignore[index]

    try:
        replay("nk-laptops", _with(events, seq, change))
    except IntegrityError:
        pass  # any other exception fails the test: replay let damage through its shape check


def test_a_bug_in_replay_is_not_reported_as_tampering(events, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def broken(self, event) -> None:  # type: ignore[no-untyped-def]
        raise KeyError("a defect in replay")

    monkeypatch.setattr(replay_module.Replay, "_translate", broken)
    with pytest.raises(KeyError, match="a defect in replay"):
        replay("nk-laptops", events)


def _forge(ledger: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the ledger with event 2's body changed and every id and prev recomputed: a chain that holds."""
    events = read_events(ledger)
    ledger.unlink()
    written: list[Event] = []
    for event in events:
        body = {k: v for k, v in copy.deepcopy(dict(event.data)).items()
                if k not in ("v", "seq", "prev", "id", "sig", "tool")}
        if event.seq == 2:
            change(body)
        written.append(append(ledger, body, written))


def test_a_forged_body_fails_verify_with_exit_1_naming_the_line(tmp_path: Path) -> None:
    shutil.copy(REPO / "byline.toml", tmp_path / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(REPO / folder / "nk-laptops", tmp_path / folder / "nk-laptops")
    _forge(tmp_path / "translations/nk-laptops/provenance.jsonl", lambda body: body["layout"][0].update(span="0-9"))
    run = [sys.executable, "-m", "workflow"]
    verified = subprocess.run([*run, "verify", "--json", "--workspace", str(tmp_path)], capture_output=True, text=True)
    assert verified.returncode == 1, verified.stderr
    [problem] = json.loads(verified.stdout)["articles"][0]["findings"]
    assert problem["kind"] == "replay"
    assert "line 2: event 2 (translate) is malformed: layout[0].span must be [start, end]" in problem["message"]
    blamed = subprocess.run([*run, "blame", "nk-laptops", "--workspace", str(tmp_path)], capture_output=True, text=True)
    assert blamed.returncode == 1 and "line 2: event 2 (translate) is malformed" in blamed.stderr
    assert "Traceback" not in blamed.stderr
