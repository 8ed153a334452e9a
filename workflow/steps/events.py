"""What every step's event is made of: the agent record, the body without unset fields, an edit's body.

These sit below the step modules, which all build events from them; no step
module imports another step module for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from workflow.config import Person
from workflow.ledger import sha256
from workflow.model.state import State, Unit

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


def agent_json(person: Person, stage: str) -> dict[str, str]:
    """The ledger's agent record, with the role that fits the stage."""
    wanted = {"translate": "translator", "ingest": "reporter"}.get(stage, "editor")
    role = wanted if wanted in person.roles else (person.roles[0] if person.roles else wanted)
    return {"id": person.id, "name": person.name, "role": role}



def without_none(body: dict[str, Any]) -> dict[str, Any]:
    """An event body without its unset optional fields (an absent note is left out, not null)."""
    return {k: v for k, v in body.items() if v is not None}


def edit_body(
    state: State, person: Person | Mapping[str, str], new_text: str, units: tuple[Unit, ...] | None,
    *, stage: str, note: str | None, kind: str = "edit",
) -> dict[str, Any]:
    """The event body for a change of the English from `state.target_text` to `new_text`."""
    from workflow.model.units import carry_units
    from workflow.text.delta import edits, make_delta

    old = state.target_text or ""
    delta = make_delta(old, new_text)
    if units is None:
        order = {s.id: i for i, s in enumerate(state.segments)}
        units = carry_units(old, new_text, edits(old, delta), state.units, order)
    before = {u.id: sha256(old[u.start : u.end]) for u in state.units}
    after = {u.id: sha256(new_text[u.start : u.end]) for u in units}
    touched = [
        {"unit": uid, "before": before.get(uid), "after": after.get(uid)}
        for uid in sorted(set(before) | set(after), key=_unit_order(state))
        if before.get(uid) != after.get(uid)
    ]
    agent = agent_json(person, stage) if isinstance(person, Person) else dict(person)
    return without_none({
        "type": kind, "stage": stage, "agent": agent, "note": note,
        "base": {"target": sha256(old)}, "result": {"target": sha256(new_text)},
        "delta": delta, "units": touched, "layout": [u.to_json() for u in units],
    })


def _unit_order(state: State) -> Callable[[str], tuple[int, str]]:
    order = {s.id: i for i, s in enumerate(state.segments)}
    return lambda uid: (order.get(uid.split("+")[0], 10**9), uid)

