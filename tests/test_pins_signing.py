"""Keys from a point on, pinned where a planted bug got through (issue 23).

An unsigned event by a person whose key is enrolled from a later date holds
as one from before the key only while the ledger's times go forward: one
dated before an earlier event is a back-dated event, and `verify` says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import crypto_key, invoke

from workflow.canonical import canonical
from workflow.ledger import event_id


def _ledger(root: Path) -> Path:
    return root / "translations" / "nk" / "provenance.jsonl"


def _append_unsigned(root: Path, at: str) -> int:
    """A waiver by ewhong appended by hand, chained and hashed as byline would but unsigned: its line."""
    lines = _ledger(root).read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    data = {"v": 2, "seq": last["seq"] + 1, "prev": last["id"], "parents": [last["id"]], "article": "nk", "lang": "en",
            "type": "waive", "stage": "waive", "agent": {"id": "ewhong", "name": "Eugene Whong", "role": "editor"},
            "rule": "BL204", "reason": "checked", "base": {}, "at": at}
    data["id"] = event_id(data)
    with open(_ledger(root), "ab") as handle:
        handle.write(canonical(data) + b"\n")
    return len(lines) + 1


def _enrol_ewhong_from_2030(root: Path) -> None:
    """Give ewhong a key on the roster, enrolled from 2030-01-01 on."""
    _, public = crypto_key(root.parent / "keys" / "ewhong")
    config = root / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "\n[people.ewhong]\n", f'\n[people.ewhong]\nkey = "{public}"\nsince = 2030-01-01T00:00:00Z\n', 1),
        encoding="utf-8")


def _signature_problems(root: Path, line: int) -> list[str]:
    findings = json.loads(invoke("verify", "nk", "--json", "--workspace", str(root)).stdout)["articles"][0]["findings"]
    return [f["message"] for f in findings if f["kind"] == "signature" and f["line"] == line]


def test_an_unsigned_event_dated_before_an_earlier_one_is_not_from_before_the_key(workspace_copy: Path) -> None:
    _enrol_ewhong_from_2030(workspace_copy)
    latest = max(json.loads(line)["at"] for line in _ledger(workspace_copy).read_text(encoding="utf-8").splitlines())
    held = _append_unsigned(workspace_copy, latest)  # the same second as the event before: it holds
    assert _signature_problems(workspace_copy, held) == []
    back = _append_unsigned(workspace_copy, "2026-01-01T00:00:00Z")  # before every event of the ledger
    [problem] = _signature_problems(workspace_copy, back)
    assert "is dated 2026-01-01T00:00:00Z, before an earlier event" in problem


def test_an_unsigned_event_from_the_keys_date_on_fails_verify(workspace_copy: Path) -> None:
    """`since` is where signing starts: an unsigned event at that moment or later is refused, naming the date."""
    _enrol_ewhong_from_2030(workspace_copy)
    at_since = _append_unsigned(workspace_copy, "2030-01-01T00:00:00Z")
    later = _append_unsigned(workspace_copy, "2030-06-01T00:00:00Z")
    for line in (at_since, later):
        [problem] = _signature_problems(workspace_copy, line)
        assert "has a key on the roster since 2030-01-01" in problem and "must be signed" in problem
    assert invoke("verify", "nk", "--workspace", str(workspace_copy)).exit_code == 1
