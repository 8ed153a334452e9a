"""Steps on the English: a translation, and a change recorded from en.md, en.po or a file.

Every step builds its event from what changed and records it through
`workflow.steps.recording` (lock, append, working files). Nothing changed
means nothing recorded (the step returns a Recorded whose event is None).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from workflow import formats
from workflow.config import Person
from workflow.errors import ConflictError, FormatError, InputError
from workflow.formats.document import Pair
from workflow.ledger import now, sha256
from workflow.model.state import State, Unit
from workflow.model.working_files import render_po, write_working_files
from workflow.slug import check_stage
from workflow.steps.events import agent_json, edit_body, without_none
from workflow.steps.recording import Recorded, commit
from workflow.steps.review import review_body, review_marks
from workflow.text.compare import as_recorded, same_text, without_soft_breaks
from workflow.text.normalize import normalise
from workflow.workspace import Workspace, read_working, write_atomic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

ORIGINS = ("human", "mt:", "llm:")


def translate(
    ws: Workspace,
    slug: str,
    path: Path,
    person: Person,
    *,
    origin: str = "human",
    note: str | None = None,
    signer: Any = None,
    replace: bool = False,
) -> Recorded:
    """Record a (first or complete re-) translation from free-form English or bilingual pairs.

    A translation replaces the English as a whole, and the credit starts
    again from it; over an article whose translation has been edited it is
    refused unless `replace` (`--replace`) says that this is meant. The
    earlier work stays on the record either way.
    """
    if not origin.startswith(ORIGINS) or origin in ("mt:", "llm:"):
        raise InputError(f"--origin {origin!r}: use human, mt:ENGINE or llm:MODEL (e.g. mt:deepl)")
    ws.require_article(slug)
    document = formats.read(path)

    def build(state: State) -> Mapping[str, Any] | None:
        if not replace:
            _refuse_replacing_edits(state, path)
        if document.pairs is not None:
            from workflow.steps.pairs import text_from_pairs

            text, units = text_from_pairs(path, state, document.pairs)
        else:
            assert document.text is not None
            text = without_soft_breaks(normalise(document.text, keep_nbsp=True)[0])  # wrapping is layout
            if not text.strip():
                raise InputError(f"{path}: no English text to record")
            from workflow.steps.alignment import align_units

            units = align_units(ws, state, text)
        if text == state.target_text and units == state.units:
            return None
        agent = agent_json(person, "translate")
        body: dict[str, Any] = {"type": "translate", "stage": "translate", "agent": agent, "note": note,
                                "origin": origin, "target": {"text": text},
                                "layout": [u.to_json() for u in units],
                                "base": {"source": state.source_hash()}, "result": {"target": sha256(text)}}
        if replace and state.target_text is not None:
            body["replace"] = True  # the English is replaced as a whole: credit and authorship start again
        if origin != "human":
            engine = origin.split(":", 1)[1]
            body["operator"] = agent
            body["agent"] = {"id": origin, "name": engine, "role": "machine translation", "type": "software"}
        return without_none(body)

    return commit(ws, slug, build, signer=signer, resolves=("target",))


def _refuse_replacing_edits(state: State, path: Path) -> None:
    """A new translation over edits asks for --replace, naming the edits it would replace."""
    last = max((i for i, e in enumerate(state.events) if e.type == "translate"), default=None)
    if last is None:
        return
    edits = [e for e in state.events[last + 1 :] if e.type in ("edit", "correct")]
    if not edits:
        return
    people = list(dict.fromkeys(e.agent for e in edits))
    published = any(e.type == "publish" for e in state.events[last + 1 :])
    raise InputError(
        f"{path}: article {state.article!r} has {len(edits)} edit(s) since its translation (by {', '.join(people)}"
        f"{'; it was published' if published else ''}); a new translation replaces that English as a whole and the "
        f"credit starts again from it — add --replace if that is meant (the earlier work stays on the record)"
    )


def record(
    ws: Workspace,
    slug: str,
    person: Person,
    *,
    stage: str = "edit",
    source: Path | None = None,
    note: str | None = None,
    kind: str = "edit",
    signer: Any = None,
    expect_target: str | None = None,
    signers: Mapping[str, Any] | None = None,
) -> Recorded:
    """Record a change to the English: from en.md or en.po as edited, or from a file.

    `expect_target` is the hash of the English the change was made on (`byline
    edit` passes it): if someone recorded another change meanwhile, nothing is
    recorded, the edited text is kept beside en.md and a ConflictError says so.
    """
    check_stage(stage)
    ws.require_article(slug)
    if source is not None and source.suffix.lower() in (".docx", ".odt"):
        document = formats.read(source)
        if document.revisions:  # Word tracked changes: one edit per author's turn
            from workflow.steps.tracked import record_tracked

            return record_tracked(ws, slug, person, source, document, stage=stage, note=note, kind=kind, signer=signer,
                                  signers=signers)

    def build(state: State) -> Mapping[str, Any] | None:
        if state.target_text is None:
            raise InputError(f"article {slug!r} has no translation yet; record "
                             f"one with `byline translate {slug} --from FILE`")
        if expect_target is not None and state.target_hash() != expect_target:
            _set_conflict_aside(ws, state)
        entries: list[Pair] = []
        new_text, units = _changed_text(ws, state, source, refused, entries)
        marks = review_marks(state, entries)
        conflicts = state.target_conflicts
        if conflicts:
            _refuse_markers(ws, state, new_text, source)
        elif new_text == state.target_text and (units is None or units == state.units):
            if marks:  # the English stands; a translator confirmed, flagged or commented on units
                return review_body(state, person, marks, stage=stage, note=note)
            # Nothing to record: a file that differs only in form (a PO editor's
            # re-save, trailing spaces) is rewritten as the record has it.
            write_working_files(ws, state)
            return None
        body = edit_body(state, person, new_text, units, stage=stage, note=note, kind=kind)
        if marks:
            body = {**body, "review": marks}
        # A change recorded on a merge that conflicts resolves it, even when it keeps the provisional text.
        return {**body, "resolves": [c.unit for c in conflicts]} if conflicts else body

    consumes = () if source is not None else (ws.target_file(slug), ws.po_file(slug))
    refused: list[str] = []
    recorded = commit(ws, slug, build, signer=signer, consumes=consumes, resolves=("target",))
    if refused:
        from workflow.steps.stale import refusal

        raise refusal(source or ws.po_file(slug), refused, recorded.event is not None)
    return recorded


def _refuse_markers(ws: Workspace, state: State, text: str, source: Path | None) -> None:
    """A resolution still holding git's conflict markers (or none at all) is not a resolution yet."""
    from workflow.model.merge import marker_line
    from workflow.model.working_files import target_view

    where = str(source) if source is not None else ws.relative(ws.target_file(state.article))
    units = ", ".join(c.unit for c in state.target_conflicts)
    line = marker_line(text)
    if line is not None:
        raise InputError(f"{where}:{line}: a conflict marker is still there; keep the version you want of {units}, "
                         f"delete the marker lines, then record again")
    if source is None:
        md, po = _read_working(ws, ws.target_file(state.article)), _read_working(ws, ws.po_file(state.article))
        if (md is None or same_text(target_view(state), md)) and (po is None or po == render_po(state, ws.config)):
            raise InputError(f"{where}: the conflict in {units} is not resolved yet; edit the conflict block "
                             "(keep the version you want, delete the marker lines), then record again")


def _set_conflict_aside(ws: Workspace, state: State) -> None:
    """Keep the edited en.md beside the recorded one, restore en.md, and stop."""
    path = ws.target_file(state.article)
    last = state.events[-1]
    aside = path.with_name(f"{path.name}.conflict-{now().replace(':', '')}")
    write_atomic(aside, path.read_bytes())
    write_working_files(ws, state)
    raise ConflictError(
        f"{ws.relative(path)}: the English changed while you were editing (#{last.seq} {last.type} by {last.agent}); "
        f"nothing recorded; your text is kept in {ws.relative(aside)} — redo your change on the current en.md"
    )


def _changed_text(ws: Workspace, state: State, source: Path | None, refused: list[str],
                  entries: list[Pair] | None = None) -> tuple[str, tuple[Unit, ...] | None]:
    """The new English and, when a bilingual file says exactly where, the new units (stale units go to `refused`).

    A bilingual file's entries go to `entries`, for the review marks and comments they carry.
    """

    if source is not None:
        document = formats.read(source)
        if document.pairs is not None:
            if entries is not None:
                entries.extend(document.pairs)
            if not document.base:
                from workflow.steps.headless import merge_headless

                return merge_headless(source, state, document.pairs, refused)
            return _check_base(state, document.base, source, document.pairs, refused)
        assert document.text is not None
        text = normalise(document.text, keep_nbsp=True)[0]
        heads = tuple(document.base.split()) if document.base else ()
        if heads and heads != state.heads:  # a Word or LibreOffice file made from an earlier English
            from workflow.steps.stale import merge_stale_text

            return merge_stale_text(source, state, heads, text, refused)
        return as_recorded(state.target_text or "", text), None
    md_path, po_path = ws.target_file(state.article), ws.po_file(state.article)
    md = _read_working(ws, md_path)
    po = _read_working(ws, po_path)
    # A re-wrapped paragraph is no change (the one comparison); a real change is recorded without the wrapping.
    from workflow.model.working_files import target_view

    md_changed = md is not None and not same_text(target_view(state), md)
    po_changed = po is not None and po != render_po(state, ws.config)
    if md_changed and po_changed:
        raise ConflictError(
            f"{ws.relative(md_path)} and {ws.relative(po_path)} both changed; record one of them "
            "(`byline record --from FILE`) and restore the other"
        )
    if po_changed:
        assert po is not None
        document = formats.module("po").read(po_path, po.encode("utf-8"))
        assert document.pairs is not None
        if entries is not None:
            entries.extend(document.pairs)
        if not document.base:
            from workflow.steps.headless import merge_headless

            return merge_headless(po_path, state, document.pairs, refused)
        return _check_base(state, document.base, po_path, document.pairs, refused)
    if md_changed:
        assert md is not None
        return as_recorded(state.target_text or "", normalise(md, keep_nbsp=True)[0]), None
    return state.target_text or "", None


def _check_base(
    state: State, base: str, path: Path, pairs: Sequence[Pair], refused: list[str]
) -> tuple[str, tuple[Unit, ...]]:
    """The English from a bilingual file exported at `base` (its heads); a stale one merges three-way, not backwards."""
    from workflow.steps.pairs import apply_pairs

    heads = base.split()
    if tuple(heads) == state.heads or base == state.head:
        return apply_pairs(path, state, pairs)
    from workflow.steps.stale import merge_stale

    return merge_stale(path, state, heads, pairs, refused)


def _read_working(ws: Workspace, path: Path) -> str | None:
    data = read_working(ws.root, path)
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(path, None, f"not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
