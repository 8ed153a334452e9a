"""The workflow's steps, each turned into one event: ingest, translate, edit, approve, …

Every step builds its event from what changed and records it through
`workflow.recording` (lock, append, working files). Nothing changed means
nothing recorded (the step returns a Recorded whose event is None).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from workflow import formats
from workflow.config import Person
from workflow.errors import ConflictError, FormatError, InputError
from workflow.ledger import TEXT_TYPES, now, read_events, sha256
from workflow.recording import Recorded, commit
from workflow.slug import check_stage
from workflow.state import State, Unit, replay
from workflow.text.normalize import normalise
from workflow.views import render_po, write_working_files
from workflow.workspace import Workspace, write_atomic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

ORIGINS = ("human", "mt:", "llm:")


def agent_json(person: Person, stage: str) -> dict[str, str]:
    """The ledger's agent record, with the role that fits the stage."""
    wanted = {"translate": "translator", "ingest": "reporter"}.get(stage, "editor")
    role = wanted if wanted in person.roles else (person.roles[0] if person.roles else wanted)
    return {"id": person.id, "name": person.name, "role": role}


def load(ws: Workspace, slug: str) -> State:
    """The replayed state of an article that exists."""
    ws.require_article(slug)
    return replay(slug, read_events(ws.ledger_file(slug)))


# --- source ---------------------------------------------------------------------


def ingest(
    ws: Workspace,
    path: Path,
    slug: str,
    person: Person,
    *,
    title: str | None = None,
    url: str | None = None,
    lang: str | None = None,
    note: str | None = None,
    signer: Any = None,
) -> Recorded:
    """Record a new source, or a source update when the article exists."""
    from workflow.text.segment import split  # noqa: PLC0415

    document = formats.read(path)
    if document.text is None:
        raise InputError(f"{path}: holds bilingual entries, not a source text; ingest the Korean as Markdown, text, HTML or DOCX")
    text, changes = normalise(document.text)
    if not text.strip():
        raise InputError(f"{path}: no text to ingest; the file is empty after normalisation")
    lang = lang or ws.config.source_lang
    raw = formats.read_bytes(path)

    def build(state: State) -> Mapping[str, Any] | None:
        meta = {k: v for k, v in {"title": title or document.title or _first_heading(text), "url": url,
                                  "lang": lang, "received_at": now()}.items() if v}
        original = {"name": path.name, "sha256": sha256(raw), "bytes": len(raw)}
        common = {"stage": "ingest", "agent": agent_json(person, "ingest"), "note": note, "lang": lang}
        if not state.events:
            spans = split(text, lang)
            segments = [{"id": f"s{i}", "span": [s.start, s.end]} for i, s in enumerate(spans, start=1)]
            stored = _keep_original(ws, slug, path, raw, first=True)
            return without_none({"type": "ingest", **common,
                           "source": {"text": text, "segments": segments, "meta": meta,
                                      "normalisation": list(changes), "original": {**original, "stored": stored}},
                           "result": {"source": sha256(text)}})
        if text == state.source_text:
            return None
        from workflow.sourceupdate import update_body  # noqa: PLC0415

        stored = _keep_original(ws, slug, path, raw, first=False, seq=len(state.events) + 1)
        body = update_body(state, text, split(text, lang))
        body["source"].update({"meta": meta, "normalisation": list(changes), "original": {**original, "stored": stored}})
        return without_none({"type": "source-update", **common, **body})

    ws.translation_dir(slug).mkdir(parents=True, exist_ok=True)
    return commit(ws, slug, build, signer=signer)


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return None


def _keep_original(ws: Workspace, slug: str, path: Path, raw: bytes, *, first: bool, seq: int = 0) -> str:
    suffix = path.suffix.lower() or ".txt"
    name = f"original{suffix}" if first else f"original-{seq}{suffix}"
    target = ws.source_dir(slug) / name
    write_atomic(target, raw)
    return ws.relative(target)


def without_none(body: dict[str, Any]) -> dict[str, Any]:
    """An event body without its unset optional fields (an absent note is left out, not null)."""
    return {k: v for k, v in body.items() if v is not None}


# --- target ---------------------------------------------------------------------


def translate(
    ws: Workspace,
    slug: str,
    path: Path,
    person: Person,
    *,
    origin: str = "human",
    note: str | None = None,
    signer: Any = None,
) -> Recorded:
    """Record a (first or complete re-) translation from free-form English or bilingual pairs."""
    if not origin.startswith(ORIGINS) or origin in ("mt:", "llm:"):
        raise InputError(f"--origin {origin!r}: use human, mt:ENGINE or llm:MODEL (e.g. mt:deepl)")
    ws.require_article(slug)
    document = formats.read(path)

    def build(state: State) -> Mapping[str, Any] | None:
        if document.pairs is not None:
            from workflow.bilingual import text_from_pairs  # noqa: PLC0415

            text, units = text_from_pairs(path, state, document.pairs)
        else:
            assert document.text is not None
            text, _ = normalise(document.text, keep_nbsp=True)
            if not text.strip():
                raise InputError(f"{path}: no English text to record")
            from workflow.alignment import align_units  # noqa: PLC0415

            units = align_units(ws, state, text)
        if text == state.target_text and units == state.units:
            return None
        agent = agent_json(person, "translate")
        body: dict[str, Any] = {"type": "translate", "stage": "translate", "agent": agent, "note": note,
                                "origin": origin, "target": {"text": text},
                                "layout": [u.to_json() for u in units],
                                "base": {"source": state.source_hash()}, "result": {"target": sha256(text)}}
        if origin != "human":
            engine = origin.split(":", 1)[1]
            body["operator"] = agent
            body["agent"] = {"id": origin, "name": engine, "role": "machine translation", "type": "software"}
        return without_none(body)

    return commit(ws, slug, build, signer=signer)


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
) -> Recorded:
    """Record a change to the English: from en.md or en.po as edited, or from a file.

    `expect_target` is the hash of the English the change was made on (`byline
    edit` passes it): if someone recorded another change meanwhile, nothing is
    recorded, the edited text is kept beside en.md and a ConflictError says so.
    """
    check_stage(stage)
    ws.require_article(slug)
    if source is not None and source.suffix.lower() == ".docx":
        document = formats.read(source)
        if document.revisions:  # Word tracked changes: one edit per author's turn
            from workflow.tracked import record_tracked  # noqa: PLC0415

            return record_tracked(ws, slug, person, source, document, stage=stage, note=note, kind=kind, signer=signer)

    def build(state: State) -> Mapping[str, Any] | None:
        if state.target_text is None:
            raise InputError(f"article {slug!r} has no translation yet; record one with `byline translate {slug} --from FILE`")
        if expect_target is not None and state.target_hash() != expect_target:
            _set_conflict_aside(ws, state)
        new_text, units = _changed_text(ws, state, source)
        if new_text == state.target_text and (units is None or units == state.units):
            # Nothing to record: a file that differs only in form (a PO editor's
            # re-save, trailing spaces) is rewritten as the record has it.
            write_working_files(ws, state)
            return None
        return edit_body(state, person, new_text, units, stage=stage, note=note, kind=kind)

    return commit(ws, slug, build, signer=signer)


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


def edit_body(
    state: State, person: Person | Mapping[str, str], new_text: str, units: tuple[Unit, ...] | None,
    *, stage: str, note: str | None, kind: str = "edit",
) -> dict[str, Any]:
    """The event body for a change of the English from `state.target_text` to `new_text`."""
    from workflow.layout import carry_units  # noqa: PLC0415
    from workflow.text.delta import edits, make_delta  # noqa: PLC0415

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


def _changed_text(ws: Workspace, state: State, source: Path | None) -> tuple[str, tuple[Unit, ...] | None]:
    """The new English and, when a bilingual file says exactly where, the new units."""
    from workflow.bilingual import apply_pairs  # noqa: PLC0415

    if source is not None:
        document = formats.read(source)
        if document.pairs is not None:
            _check_base(state, document.base, source)
            return apply_pairs(source, state, document.pairs)
        assert document.text is not None
        return normalise(document.text, keep_nbsp=True)[0], None
    md_path, po_path = ws.target_file(state.article), ws.po_file(state.article)
    md = _read_working(md_path)
    po = _read_working(po_path)
    md_changed = md is not None and md != state.target_text
    po_changed = po is not None and po != render_po(state, ws.config)
    if md_changed and po_changed:
        raise ConflictError(
            f"{ws.relative(md_path)} and {ws.relative(po_path)} both changed; record one of them "
            "(`byline record --from FILE`) and restore the other"
        )
    if po_changed:
        document = formats.read(po_path)
        assert document.pairs is not None
        _check_base(state, document.base, po_path)
        return apply_pairs(po_path, state, document.pairs)
    if md_changed:
        assert md is not None
        return normalise(md, keep_nbsp=True)[0], None
    return state.target_text or "", None


def _check_base(state: State, base: str | None, path: Path) -> None:
    """A bilingual file exported before the English last changed must not silently undo that change."""
    if not base or base == state.head:
        return
    seq = next((event.seq for event in state.events if event.id == base), None)
    if seq is None:
        raise ConflictError(f"{path}: made from event {base[:19]}…, which is not in the record of {state.article!r}; export a fresh file")
    later = [event for event in state.events[seq:] if event.type in TEXT_TYPES]
    if later:
        last = later[-1]
        raise ConflictError(
            f"{path}: exported at event #{seq}, but the English changed since (#{last.seq} {last.type} by {last.agent}); "
            f"nothing recorded; export a fresh file and redo the change there"
        )


def _read_working(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise FormatError(path, None, f"not UTF-8 (byte {exc.start}); save it as UTF-8") from exc


# --- sign-offs and exceptions ---------------------------------------------------


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
        return without_none({"type": "approve", "stage": stage, "agent": agent_json(person, stage), "note": note,
                       "base": {"source": pinned[0], "target": pinned[1]}})

    return commit(ws, slug, build, signer=signer)


def waive(ws: Workspace, slug: str, person: Person, *, rule: str, reason: str, unit: str | None = None,
          signer: Any = None) -> Recorded:
    """Record a reasoned exception to a check rule for the article or one unit."""
    ws.require_article(slug)
    if not reason.strip():
        raise InputError("--reason is empty; say why the rule does not apply")

    def build(state: State) -> Mapping[str, Any] | None:
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
