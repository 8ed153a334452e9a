"""`byline revert`: undo an earlier change as a new event; the ledger still only grows.

The English and its authorship return to what they were before the change.
Reverting the last change to the English gives back the version before it;
reverting an earlier one is a three-way merge (`workflow.model.merge`, the
one merge) with the state after the change as base, the current state as
ours and the state before it as theirs: later changes to other sentences
stay, and a later change to the same sentences is a conflict, refused with
the units named. The revert is an `edit` event that names the event it
undoes (`reverts`); restored words get their original authors back through
attribution's deleted-text pool, as any restored text does.
"""

from __future__ import annotations

from collections.abc import Mapping

from workflow.config import Person
from workflow.errors import ConflictError, InputError
from workflow.ids import resolve_event
from workflow.model.replay import replay
from workflow.model.state import State
from workflow.steps.events import edit_body
from workflow.steps.recording import Recorded, commit
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

REVERTIBLE = ("edit", "correct")


def revert(ws: Workspace, slug: str, ref: str, person: Person, *, note: str, signer: Any = None) -> Recorded:
    """Record an edit by `person` that undoes the change of event `ref` (a number or an id prefix)."""
    ws.require_article(slug)
    if not note.strip():
        raise InputError("--note is empty; say why the change is undone")

    def build(state: State) -> Mapping[str, Any] | None:
        event = resolve_event(state.events, ref, slug)
        base, result = event.data.get("base", {}), event.data.get("result", {})
        if event.type not in REVERTIBLE or base.get("target") == result.get("target"):
            raise InputError(f"event {event.seq} ({event.type} by {event.agent}) changes no English; nothing to revert "
                             "(`byline log` shows which events are edits)")
        from workflow.model.merge import Version, merge3

        index = state.events.index(event)
        before = replay(slug, state.events[:index], authorship=False)
        after = replay(slug, state.events[: index + 1], authorship=False)
        merged = merge3(Version(after.target_text or "", after.units, label="the change"),
                        Version(state.target_text or "", state.units, label="since"),
                        Version(before.target_text or "", before.units, label="before it"))
        if merged.conflicts:
            units = ", ".join(c.unit for c in merged.conflicts)
            raise ConflictError(f"article {slug!r}: later changes touched the same English as event {event.seq} "
                                f"({units}); nothing recorded — undo it by hand with `byline edit {slug}`")
        if merged.text == state.target_text:
            raise InputError(f"event {event.seq}'s change is no longer in the English; nothing to revert")
        body = edit_body(state, person, merged.text, merged.units, stage="edit", note=note.strip())
        body["reverts"] = event.id
        return body

    return commit(ws, slug, build, signer=signer)
