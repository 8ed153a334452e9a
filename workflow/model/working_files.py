"""The working files as replay renders them: ko.md, en.md and the en.po view.

`verify` compares the files on disk with these renderings byte for byte, and
every recording command writes them, so both sides share this one module.
"""

from __future__ import annotations

from pathlib import Path

from workflow.config import Config
from workflow.model.state import ADDITION_PREFIX, ADDITION_SOURCE, Branch, Conflict, Side, State, Unit
from workflow.workspace import Workspace, read_working, write_atomic


def po_entries(state: State, numbered: bool = False):
    """One PO entry per unit, additions in between, in the order of the English.

    `numbered` names additions as byline did before they had ids (`add:1`, `add:2`, … in text order).
    """
    from workflow.formats.po import Entry

    items: list[tuple[int, int, Entry]] = []
    conflicts = state.target_conflicts
    for order, unit in enumerate(state.units):
        comments = []
        if unit.start == unit.end:
            comments.append("omitted: this Korean has no English in the article")
        if unit.low_confidence:
            comments.append(f"alignment confidence {unit.confidence:.2f}: check that this pairing is right")
        clash = _conflict_on(conflicts, unit) if conflicts else None
        if clash is not None:
            comments.append(f"conflict: {_sides(clash)} changed this unit differently; this is the first version; "
                            f"resolve it in {state.article}'s en.md, then `byline record`")
        stale_from = state.unit_basis(unit) if state.is_stale(unit) else None
        if stale_from is not None:
            comments.append("stale: the Korean changed after this English was written or approved")
        items.append((unit.start, order, Entry(unit.id, state.unit_source(unit), state.unit_target(unit), stale_from,
                                               tuple(comments), state.needs_review(unit), state.comment(unit))))
    for number, addition in enumerate(state.added, start=1):
        name = f"{ADDITION_PREFIX}{number}" if numbered else addition.id
        entry = Entry(name, ADDITION_SOURCE, (state.target_text or "")[addition.start : addition.end],
                      comments=("addition: English with no Korean source (context or credit line)",))
        items.append((addition.start, -1, entry))
    items.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entry in items]


def _conflict_on(conflicts: tuple[Conflict, ...], unit: Unit) -> Conflict | None:
    for conflict in conflicts:
        names = {sid for name in conflict.unit.split(",") for sid in name.split("+")}
        if names & set(unit.sources):
            return conflict
    return None


def side_name(side: Side) -> str:
    """How a conflict block and en.po name one side: who changed it there, and that side's latest event."""
    branch = side.label
    if not isinstance(branch, Branch):
        return str(branch)
    return f"{' and '.join(branch.agents) or 'unknown'} ({branch.head[7:19]})"


def _sides(conflict: Conflict) -> str:
    return " and ".join(side_name(side) for side in conflict.sides)


def target_view(state: State) -> str:
    """en.md as replay yields it: the English, with each unresolved conflict as a git conflict block."""
    text = state.target_text or ""
    if not state.target_conflicts:
        return text
    from workflow.model.merge import with_markers

    return with_markers(text, state.target_conflicts, side_name)


_RENDERED: dict[tuple[object, ...], str] = {}


def render_po(state: State, config: Config) -> str:
    """The en.po view of an article.

    The same ledger head gives the same view, so the last few renderings are
    kept: verify and the checks both need it for every article.
    """
    key = (state.article, state.heads, len(state.events), config.source_lang, config.target_lang,
           tuple((p.id, p.name) for p in config.people))
    if key not in _RENDERED:
        if len(_RENDERED) >= 8:
            _RENDERED.clear()
        _RENDERED[key] = _render_po(state, config)
    return _RENDERED[key]


def legacy_po(state: State, config: Config) -> str | None:
    """en.po as byline wrote it before additions had ids (None when the article has no additions).

    A workspace made by that version holds it until its next recording
    rewrites the view; it holds no work, so verify accepts it.
    """
    return _render_po(state, config, numbered=True) if state.added else None


def _render_po(state: State, config: Config, numbered: bool = False) -> str:
    from workflow.formats.po import write

    names = {p.id: p.name for p in config.people}
    last = next((s for s in reversed(state.steps) if s.type in ("translate", "edit", "correct")), None)
    translator = f"{names.get(last.agent, last.agent)} <{last.agent}>" if last else "none"
    first = state.steps[0].at if state.steps else ""
    metadata = {
        "Project-Id-Version": f"byline {state.article}",
        "POT-Creation-Date": _po_date(first),
        "PO-Revision-Date": _po_date(last.at if last else first),
        "Last-Translator": translator,
        "Language-Team": f"{config.target_lang} desk",
        "Language": config.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": config.source_lang,
        "X-Byline-Head": " ".join(state.heads),
    }
    return write(po_entries(state, numbered), metadata)


def _po_date(at: str) -> str:
    """Ledger time (2026-11-27T09:14:03Z) in gettext's form (2026-11-27 09:14+0000)."""
    return f"{at[:10]} {at[11:16]}+0000" if len(at) >= 16 else at


def working_files(ws: Workspace, state: State) -> dict[Path, str]:
    """Every working file replay yields for the article, by path."""
    files = {ws.source_file(state.article): state.source_text}
    if state.target_text is not None:
        files[ws.target_file(state.article)] = target_view(state)
        files[ws.po_file(state.article)] = render_po(state, ws.config)
    return files


def write_working_files(ws: Workspace, state: State) -> None:
    """Write what replay yields, each file atomically, skipping files that already hold it.

    A file that holds it in its own wrapping (`same_text`) is kept as its
    author wrapped it. Callers have made sure no unrecorded work is in the
    files (`workflow.steps.recording.refuse_unrecorded`).
    """
    from workflow.errors import InputError
    from workflow.text.compare import same_text

    for path, content in working_files(ws, state).items():
        data = content.encode("utf-8")
        try:
            on_disk = read_working(ws.root, path)
        except InputError:
            on_disk = None  # a link or a device where a file belongs: replaced by the file
        if on_disk == data or (on_disk is not None and same_text(content, on_disk.decode("utf-8", "replace"))):
            continue
        write_atomic(path, data)
