"""Bilingual files that name no ledger head: merged three-way, never allowed to undo a colleague's later change.

PO and XLIFF 2.1 exports name the head they were made from; a file whose
marker was removed (or a tool that drops it) does not. Such a file is
compared with every version of the English: the version it agrees with on the
most units (the earliest, on a tie: then every later change of the record
is merged rather than overwritten) is taken as the one it was made from. The
file's English is laid on that version, and the result is merged with the
current English as a stale export made there would be (`workflow.steps.stale`,
on the one three-way merge): units only the file changed take the file's
English, units only the record changed since keep the record's, and a unit
both changed — the file bringing back an older wording or a new one made on
the old text — is not recorded and is named.
When the file cannot be laid on that version (it names units the version
lacks), it may change only units the record did not change since.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow.errors import BylineError, ConflictError
from workflow.formats.document import Pair
from workflow.ledger import TEXT_TYPES
from workflow.model.replay import versions
from workflow.model.state import ADDITION_PREFIX, State, Unit
from workflow.steps.pairs import apply_pairs, clean_target


def merge_headless(path: Path, state: State, pairs: Sequence[Pair], refused: list[str]) -> tuple[str, tuple[Unit, ...]]:
    """The English to record from a head-less file: merged as a stale export made at the version it matches.

    The merge itself is the stale-export merge (`workflow.steps.stale`, on the
    one three-way merge): units both sides changed go to `refused`.
    """
    wanted = {p.unit: clean_target(p.target) for p in pairs if not p.unit.startswith(ADDITION_PREFIX)}
    base = _made_from(state, wanted)
    if base is None or base.head == state.head:
        return apply_pairs(path, state, pairs)
    try:
        apply_pairs(path, base, pairs)
    except BylineError:
        return _only_unchanged(path, state, base, pairs, wanted)
    from workflow.steps.stale import merge_stale

    assert base.head is not None
    return merge_stale(path, state, [base.head], pairs, refused)


def _only_unchanged(path: Path, state: State, base: State, pairs: Sequence[Pair],
                    wanted: dict[str, str]) -> tuple[str, tuple[Unit, ...]]:
    """Without a merge: the file may change only units the record left as they were in `base`."""
    current = {u.id: clean_target(state.unit_target(u)) for u in state.units}
    before = {u.id: clean_target(base.unit_target(u)) for u in base.units}
    refused = [uid for uid, text in wanted.items() if uid in current and text != current[uid]
               and before.get(uid) != current[uid]]
    if refused:
        _refuse(path, state, base, refused)
    return apply_pairs(path, state, pairs)


def _refuse(path: Path, state: State, base: State, units: list[str]) -> None:
    later = [e for e in state.events[len(base.events):] if e.type in TEXT_TYPES]
    by = f" (#{later[-1].seq} {later[-1].type} by {later[-1].agent})" if later else ""
    raise ConflictError(
        f"{path}: names no ledger head, and the English of {', '.join(units)} changed in the record since the "
        f"version it matches (#{len(base.events)}){by}; recording it would undo that change; nothing recorded — "
        f"export a fresh file and redo the change there"
    )


def _made_from(state: State, wanted: dict[str, str]) -> State | None:
    """The version the file agrees with on the most units, the earliest on a tie (the safe side)."""
    best: tuple[int, State | None] = (-1, None)
    for version in versions(state.article, state.events):
        if version.target_text is None or version.events[-1].type not in (*TEXT_TYPES, "source-update"):
            continue
        agreed = sum(1 for u in version.units if wanted.get(u.id) == clean_target(version.unit_target(u)))
        if agreed > best[0]:
            best = (agreed, version)
    return best[1]


def check_base(state: State, base: str, path: Path) -> None:
    """A Word or LibreOffice file exported before the English last changed must not silently undo that change.

    Files made from an older head are merged three-way (`workflow.steps.stale`); a Word file's tracked
    changes are turns recorded one by one on the English they were made on, so the Word importer
    (`tracked`) refuses such a file, naming the event that changed the English.
    """
    heads = base.split()
    if tuple(heads) == state.heads or base == state.head:
        return
    base = heads[-1] if heads else base
    seq = next((event.seq for event in state.events if event.id == base), None)
    if seq is None:
        raise ConflictError(f"{path}: made from event {base[:19]}…, which is not in "
                            f"the record of {state.article!r}; export a fresh file")
    later = [event for event in state.events[seq:] if event.type in TEXT_TYPES]
    if later:
        last = later[-1]
        raise ConflictError(
            f"{path}: exported at event #{seq}, but the English changed "
            f"since (#{last.seq} {last.type} by {last.agent}); "
            f"nothing recorded; export a fresh file and redo the change there"
        )
