"""Keys from a point on, pinned where a planted bug got through (issue 23).

An unsigned event by a person whose key is enrolled from a later date holds
as one from before the key only while the ledger's times go forward: one
dated before an earlier event is a back-dated event, and `verify` says so.
"""

from __future__ import annotations

from pathlib import Path

from test_record_truth import add_key, append_raw, events, needs_ssh_keygen, person_json, signature_problems, ssh_key


@needs_ssh_keygen
def test_an_unsigned_event_dated_before_an_earlier_one_is_not_from_before_the_key(workspace_copy: Path) -> None:
    _, public = ssh_key(workspace_copy.parent / "keys" / "ewhong")
    add_key(workspace_copy, "ewhong", public, since="2030-01-01T00:00:00Z")
    latest = max(e["at"] for e in events(workspace_copy))
    waiver = {"type": "waive", "stage": "waive", "agent": person_json("ewhong", "Eugene Whong", "editor"),
              "rule": "BL204", "reason": "checked", "base": {}}
    held = append_raw(workspace_copy, {**waiver, "at": latest})  # the same second as the event before: it holds
    assert signature_problems(workspace_copy, held["seq"]) == []
    back = append_raw(workspace_copy, {**waiver, "at": "2026-01-01T00:00:00Z"})  # before every event of the ledger
    [problem] = signature_problems(workspace_copy, back["seq"])
    assert "is dated 2026-01-01T00:00:00Z, before an earlier event" in problem
