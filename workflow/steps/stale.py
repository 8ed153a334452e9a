"""A file exported at an earlier head (PO, XLIFF; a Word or LibreOffice text), merged three-way with what was
recorded since.

The heads the export names are the merge base: the file's English is the
base with the file's entries applied, the record's is now. Units only the
file changed are taken, units only colleagues changed since are kept, and
units both changed are left as the record has them and named (nothing is
recorded for them; the file stays as it is, so no work is lost).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from workflow.errors import BylineError, ConflictError
from workflow.formats.document import Pair
from workflow.ledger import TEXT_TYPES, Event
from workflow.model.state import State, Unit


class UnitsRefused(BylineError):
    """Some units of a stale file clash with changes recorded since its export; the rest was recorded."""

    exit_code = 1


def merge_stale(path: Path, state: State, heads: Sequence[str], pairs: Sequence[Pair],
                refused: list[str]) -> tuple[str, tuple[Unit, ...]]:
    """The English to record from a file exported at `heads`; the clashing units are added to `refused`."""
    from workflow.steps.pairs import apply_pairs

    ancestry, since = _since_export(path, state, heads)
    if not since:
        return apply_pairs(path, state, pairs)
    from workflow.model.merge import Version, merge3
    from workflow.model.replay import replay

    base = replay(state.article, [event for event in state.events if event.id in ancestry], authorship=False)
    text, units = apply_pairs(path, base, pairs)
    merged = merge3(Version(base.target_text or "", base.units),
                    Version(state.target_text or "", state.units, None, "record"), Version(text, units, None, "file"))
    colleagues = " and ".join(dict.fromkeys(event.agent for event in since))
    refused.extend(f"{conflict.unit} (changed since the export by {colleagues})" for conflict in merged.conflicts)
    return merged.text, merged.units


def merge_stale_text(path: Path, state: State, heads: Sequence[str], text: str,
                     refused: list[str]) -> tuple[str, tuple[Unit, ...] | None]:
    """The English to record from a whole text (DOCX, ODT) exported at `heads`, as `merge_stale` does for entries.

    The file names no units, so its units are the base's carried through its change, as an edit carries them.
    """
    ancestry, since = _since_export(path, state, heads)
    if not since:
        return text, None
    from workflow.model.merge import Version, merge3
    from workflow.model.replay import replay
    from workflow.model.units import carry_units
    from workflow.text.delta import edits, make_delta

    base = replay(state.article, [event for event in state.events if event.id in ancestry], authorship=False)
    old = base.target_text or ""
    order = {segment.id: number for number, segment in enumerate(base.segments)}
    units = carry_units(old, text, edits(old, make_delta(old, text)), base.units, order)
    merged = merge3(Version(old, base.units), Version(state.target_text or "", state.units, None, "record"),
                    Version(text, units, None, "file"))
    colleagues = " and ".join(dict.fromkeys(event.agent for event in since))
    refused.extend(f"{conflict.unit} (changed since the export by {colleagues})" for conflict in merged.conflicts)
    return merged.text, merged.units


def _since_export(path: Path, state: State, heads: Sequence[str]) -> tuple[set[str], list[Event]]:
    """The events the export was made from (its heads and their ancestry), and the text changes recorded since."""
    known = {event.id: event for event in state.events}
    missing = [head for head in heads if head not in known]
    if missing:
        raise ConflictError(f"{path}: made from event {missing[0][:19]}…, which "
                            f"is not in the record of {state.article!r}; "
                            "export a fresh file")
    ancestry = _ancestry(known, heads)
    return ancestry, [event for event in state.events if event.id not in ancestry and event.type in TEXT_TYPES]


def _ancestry(events: Mapping[str, Event], heads: Sequence[str]) -> set[str]:
    """The ids of `heads` and of every event they follow."""
    found: set[str] = set()
    todo = list(heads)
    while todo:
        eid = todo.pop()
        if eid not in found:
            found.add(eid)
            todo.extend(events[eid].parents)
    return found


def refusal(path: Path, refused: list[str], recorded: bool) -> UnitsRefused:
    """The one-line report of what a stale file could not bring in."""
    done = "recorded its other changes" if recorded else "nothing else in it changed, so nothing was recorded"
    return UnitsRefused(f"{path}: {done}; not recorded: {'; '.join(refused)} — export a fresh file and redo "
                        "those units there")
