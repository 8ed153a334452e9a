"""Sign-offs and exceptions: approving the current texts, waiving a check rule."""

from __future__ import annotations

from collections.abc import Mapping

from workflow.config import Person
from workflow.errors import InputError
from workflow.model.state import State
from workflow.permissions import check_approval, check_waiver
from workflow.slug import check_stage
from workflow.steps.events import agent_json, without_none
from workflow.steps.recording import Recorded, commit
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


def approve(ws: Workspace, slug: str, person: Person, *, stage: str = "approve", note: str | None = None,
            signer: Any = None) -> Recorded:
    """Sign off the current texts; the same person approving the same texts again records nothing."""
    check_stage(stage)
    ws.require_article(slug)

    def build(state: State) -> Mapping[str, Any] | None:
        if state.target_text is None:
            raise InputError(f"article {slug!r} has no translation to approve yet")
        pinned = (state.source_hash(), state.target_hash())
        if any((a.agent, a.stage, a.source, a.target) == (person.id, stage, *pinned) for a in state.approvals):
            return None
        check_approval(ws.config, state, person, stage)
        return without_none({"type": "approve", "stage": stage, "agent": agent_json(person, stage), "note": note,
                       "base": {"source": pinned[0], "target": pinned[1]}})

    return commit(ws, slug, build, signer=signer)


def waive(ws: Workspace, slug: str, person: Person, *, rule: str, reason: str, unit: str | None = None,
          signer: Any = None) -> Recorded:
    """Record a reasoned exception to a check rule for the article or one unit."""
    ws.require_article(slug)
    if not reason.strip():
        raise InputError("--reason is empty; say why the rule does not apply")

    from workflow.checks.registry import rules  # the rule's family decides who may waive it

    families = {r.code: (r.name, r.family) for r in rules()}

    def build(state: State) -> Mapping[str, Any] | None:
        check_waiver(ws.config, state, person, rule, families)
        if unit is not None:
            try:
                state.unit(unit)
            except KeyError:
                known = ", ".join(u.id for u in state.units[:12])
                raise InputError(f"article {slug!r} has no unit {unit!r} (units: {known}…)") from None
        return without_none({"type": "waive", "stage": "waive", "agent": agent_json(person, "edit"), "rule": rule,
                       "unit": unit, "reason": reason.strip(),
                       "base": {"source": state.source_hash(), "target": state.target_hash()}})

    return commit(ws, slug, build, signer=signer)
