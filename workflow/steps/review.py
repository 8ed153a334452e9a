"""Translators' marks carried in by bilingual files: a unit still to be reviewed, a unit confirmed, a comment.

A PO entry left `fuzzy`, or an XLIFF segment whose state is short of
translated, says "please review"; clearing it without touching the English
(Poedit's "still correct") confirms the unit as it stands, against the Korean
it now has. Translators' comments (PO `#`, XLIFF notes that are not byline's)
belong to the unit. Only what differs from the record becomes a mark: the
`review` field of the edit that brings the file in, or, when the English did
not change, an event of its own (type `review`), by the person who recorded
it. Replay (`workflow.model.replay`) applies them; the views write them back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workflow.config import Person
from workflow.formats.document import Pair
from workflow.ledger import sha256
from workflow.model.state import State
from workflow.steps.events import agent_json, without_none
from workflow.steps.pairs import ADDITION_PREFIX, clean_target

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any


def review_marks(state: State, pairs: Sequence[Pair]) -> list[dict[str, str]]:
    """The marks a file's entries add to the record, unit by unit, in the file's order."""
    units = {u.id: u for u in state.units}
    marks = []
    for pair in pairs:
        unit = units.get(pair.unit)
        if unit is None or pair.unit.startswith(ADDITION_PREFIX):
            continue
        mark: dict[str, str] = {}
        waiting = state.is_stale(unit) or state.needs_review(unit)
        rewritten = clean_target(pair.target) != clean_target(state.unit_target(unit))
        if pair.needs_review is True and (rewritten or not waiting):
            mark["mark"] = "needs-review"  # new English still to be reviewed, or a unit flagged as it stands
        elif pair.needs_review is False and waiting and not rewritten:
            mark["mark"] = "confirmed"
        if pair.comment is not None and (pair.comment.strip() or None) != state.comment(unit):
            mark["comment"] = pair.comment.strip()
        if mark:
            marks.append({"unit": unit.id, **mark})
    return marks


def review_body(state: State, person: Person, marks: list[dict[str, str]], *, stage: str,
                note: str | None) -> Mapping[str, Any]:
    """A `review` event: marks on units, the English unchanged (its hash pins what was reviewed)."""
    return without_none({
        "type": "review", "stage": stage, "agent": agent_json(person, stage), "note": note,
        "base": {"source": sha256(state.source_text), "target": sha256(state.target_text or "")},
        "review": marks,
    })
