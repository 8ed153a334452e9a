"""Recording a Word file with tracked changes: each author's turn becomes that author's edit.

Text changed without tracking is recorded first, as `--by`'s edit; then each
turn in date order, its author found on the roster by name. Turns up to one
whose text is already the recorded English are skipped (the file came back
twice). All events are appended under one lock, so nobody records in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workflow.config import Person
from workflow.errors import InputError
from workflow.formats import Document, Revision
from workflow.ledger import Event
from workflow.model.replay import continuing
from workflow.steps.events import agent_json, edit_body
from workflow.steps.headless import check_base
from workflow.steps.recording import Recorded, append_recorded, finish_recording, recording, refuse_unrecorded
from workflow.text.normalize import normalise
from workflow.workspace import Workspace


def authors(ws: Workspace, path: Path, revisions: tuple[Revision, ...]) -> dict[str, Person]:
    """The roster entry for every tracked-change author; an unknown author is an input error naming them."""
    found = {}
    for revision in revisions:
        if revision.author in found:
            continue
        person = ws.config.person_by_name(revision.author)
        if person is None:
            raise InputError(
                f"{path}: tracked changes by {revision.author!r}, who is not on the roster in {ws.config.path}; "
                f'add them as [people.<id>] with name = "{revision.author}", or accept their changes in Word first'
            )
        found[revision.author] = person
    return found


def record_tracked(
    ws: Workspace, slug: str, person: Person, path: Path, document: Document, *,
    stage: str = "edit", note: str | None = None, kind: str = "edit", signer: Any = None,
    signers: Mapping[str, Any] | None = None,
) -> Recorded:
    """Record the untracked change (by `person`) and then each author's turn, as separate events.

    Each turn is its author's event, signed with their key (`signers`, by
    roster id: `--sign-with` once per author) when the roster holds one; the
    person who imports the file is kept as `imported_by`. If any author who
    must sign has no key given, nothing is recorded.
    """
    keys = {**(signers or {}), **({person.id: signer} if signer is not None else {})}
    people = authors(ws, path, document.revisions)
    turns = [(person, document.rejected or "", _note(note, path, None))]
    turns += [(people[r.author], r.text, _note(note, path, r)) for r in document.revisions]
    with recording(ws, slug) as events:
        state, after = continuing(slug, events, authorship=False)
        if state.target_text is None:
            raise InputError(f"article {slug!r} has no translation yet; record "
                             f"one with `byline translate {slug} --from FILE`")
        layouts: list[Any] = [None] * len(turns)
        if document.pairs is not None:  # a bilingual table: each turn's entries, applied to the English as it is
            from workflow.steps.pairs import apply_pairs

            entries = [document.rejected_pairs or (), *(r.pairs or () for r in document.revisions)]
            applied = [apply_pairs(path, state, pairs) for pairs in entries]
            texts, layouts = [text for text, _ in applied], [units for _, units in applied]
        else:
            texts = [normalise(raw, keep_nbsp=True)[0] for _, raw, _ in turns]
        done = max((i for i, text in enumerate(texts) if text == state.target_text), default=-1)
        if done < 0 and document.base:  # nothing of it recorded yet: it must have been made on the current English
            check_base(state, document.base, path)
        pending = list(zip(turns, texts, strict=True))[done + 1 :]
        units_of = dict(zip(range(len(turns)), layouts, strict=False))
        _refuse_unsigned(ws, path, [who for (who, _, _), _ in _recorded_turns(pending, state.target_text)], keys)
        refuse_unrecorded(ws, state)
        last: Event | None = None
        for number, ((who, _, why), text) in enumerate(pending, start=done + 1):
            if text == state.target_text:
                continue
            body = edit_body(state, who, text, units_of[number], stage=stage, note=why, kind=kind)
            if who.id != person.id:
                body["imported_by"] = agent_json(person, stage)
            last = append_recorded(ws, slug, events, body, keys.get(who.id))
            state = after(events)
        if last is not None:
            state = finish_recording(ws, slug, state)
        return Recorded(last, state)


def _recorded_turns(pending: list[Any], text: str | None) -> list[Any]:
    """The turns that will become events: each one whose text differs from the one before it."""
    kept = []
    for turn, turn_text in pending:
        if turn_text != text:
            kept.append((turn, turn_text))
            text = turn_text
    return kept


def _refuse_unsigned(ws: Workspace, path: Path, people: list[Person], keys: Mapping[str, Any]) -> None:
    """Before any event is written: every author whose events must be signed has given a key."""
    from workflow.signing import needs_signature

    missing = [p for p in dict.fromkeys(people) if keys.get(p.id) is None and needs_signature(ws, p.id, "edit")]
    if missing:
        named = ", ".join(f"{p.name} ({p.id})" for p in missing)
        raise InputError(
            f"{path}: tracked changes by {named}, whose events must be signed (a roster key, or the policy); "
            f"give each one's private key with --sign-with FILE (once per author); nothing recorded"
        )


def _note(note: str | None, path: Path, revision: Revision | None) -> str:
    """The event note: the person's note, then where the change came from."""
    where = f"tracked changes in {path.name}" + (f" dated {revision.date}" if revision and revision.date else "")
    if revision is None:
        where = f"untracked changes in {path.name}"
    return f"{note}; {where}" if note else where
