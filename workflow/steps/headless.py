"""Bilingual files that name no ledger head: never let one undo a colleague's later change.

PO and XLIFF 2.1 exports name the head they were made from; a file whose
marker was removed (or a tool that drops it) does not. Such a file is
compared with every version of the English: the version it agrees with on the
most units (the latest, on a tie) is taken as the one it was made from. A unit
that changed in the record since that version, and that the file would set to
anything but its current English, is refused and named — whether the file
brings back the older wording (a revert) or a new one made on the old text (a
conflict). Units the record did not change since are the file's to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow.errors import ConflictError
from workflow.formats.document import Pair
from workflow.ledger import TEXT_TYPES
from workflow.model.replay import versions
from workflow.model.state import State
from workflow.steps.pairs import ADDITION_PREFIX, clean_target


def refuse_reverts(path: Path, state: State, pairs: Sequence[Pair]) -> None:
    """Raise a ConflictError naming every unit the head-less file would revert or overwrite."""
    wanted = {p.unit: clean_target(p.target) for p in pairs if not p.unit.startswith(ADDITION_PREFIX)}
    current = {u.id: clean_target(state.unit_target(u)) for u in state.units}
    changing = {uid for uid, text in wanted.items() if uid in current and text != current[uid]}
    if not changing:
        return
    base_seq, base = _made_from(state, wanted)
    refused = sorted((uid for uid in changing if base.get(uid) != current[uid]), key=_order(state))
    if not refused:
        return
    later = [e for e in state.events[base_seq:] if e.type in TEXT_TYPES]
    by = f" (#{later[-1].seq} {later[-1].type} by {later[-1].agent})" if later else ""
    raise ConflictError(
        f"{path}: names no ledger head, and the English of {', '.join(refused)} changed in the record since the version "
        f"it matches (#{base_seq}){by}; recording it would undo that change; nothing recorded — export a fresh file "
        f"and redo the change there"
    )


def _made_from(state: State, wanted: dict[str, str]) -> tuple[int, dict[str, str]]:
    """The version (event number, unit texts) the file agrees with most, the latest on a tie."""
    best: tuple[int, int, dict[str, str]] = (-1, 0, {})
    for version in versions(state.article, state.events):
        if version.target_text is None or version.events[-1].type not in (*TEXT_TYPES, "source-update"):
            continue
        texts = {u.id: clean_target(version.unit_target(u)) for u in version.units}
        agreed = sum(1 for uid, text in wanted.items() if texts.get(uid) == text)
        if agreed >= best[0]:
            best = (agreed, len(version.events), texts)
    return best[1], best[2]


def _order(state: State):  # type: ignore[no-untyped-def]
    position = {u.id: i for i, u in enumerate(state.units)}
    return lambda uid: position.get(uid, len(position))
