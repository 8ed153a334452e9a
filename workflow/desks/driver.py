"""byline's git merge driver: a ledger merges as the union of its events, a working file as replay renders it.

git runs one driver process per file that both sides changed, in path order
(en.md and en.po before provenance.jsonl), and hands it only that file's three
versions. So each driver computes the merged ledger itself, with the one
function `workflow.desks.ledgers.merged_ledger`: the ledger's driver writes
it; the driver of a working file finds both sides' ledgers in git (ours at
HEAD, theirs in the commit being merged), replays their union and writes what
that replay renders. Whatever git merges, the result is what `byline verify`
expects.

Where it cannot do that honestly — a ledger it cannot find, a side whose
committed file holds a change its own ledger does not record — the driver
falls back to git's own text merge and says why, so that nobody's text is
dropped. A ledger that cannot be merged (damage, two separate starts) is left
as ours and reported as a conflict.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath

from workflow.desks.ledgers import Unmergeable, merged_ledger

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.desks.git import Git
    from workflow.model.state import State
    from workflow.workspace import Workspace

LEDGER_NAME = "provenance.jsonl"


def run(base: Path, ours: Path, theirs: Path, path: str) -> int:
    """Merge `theirs` into `ours` (git's %A, rewritten in place); git's exit code: 0 merged, 1 conflict."""
    from workflow.desks.git import Git

    try:
        if PurePosixPath(path).name == LEDGER_NAME:
            merged = merged_ledger(ours.read_bytes(), theirs.read_bytes(), path)
            ours.write_bytes(merged.data)
            return 0
        git = Git.find(Path.cwd())
        if git is None:
            return _text_merge(base, ours, theirs, path, "not inside a git work tree")
        return _merge_working_file(git, base, ours, theirs, path)
    except Unmergeable as exc:
        _say(f"{exc}; kept this side's file")
        return 1


def _merge_working_file(git: Git, base: Path, ours: Path, theirs: Path, path: str) -> int:
    from workflow.ledger import scan_bytes
    from workflow.model.replay import replay
    from workflow.text.compare import same_text

    found = _workspace_file(git, path)
    if found is None:
        return _text_merge(base, ours, theirs, path, "not a working file of a byline workspace")
    ws, slug, kind = found
    ledger_path = git.path(ws.ledger_file(slug))
    candidates = git.merge_candidates()
    sides = []
    for name, file, first in (("ours", ours, ["HEAD"]), ("theirs", theirs, [])):
        content = file.read_bytes()
        commit = git.find_commit(path, content, [*first, *candidates])
        ledger = git.blob(f"{commit}:{ledger_path}") if commit else None
        if ledger is None:
            return _text_merge(base, ours, theirs, path, f"could not find the ledger of {name}'s side")
        sides.append((name, content, ledger))
    merged = merged_ledger(sides[0][2], sides[1][2], ledger_path)
    for name, content, ledger in sides:
        rendered = _render(ws, replay(slug, scan_bytes(ledger)[0], authorship=False), kind)
        if not same_text(rendered, content.decode("utf-8", "replace")):
            return _text_merge(
                base,
                ours,
                theirs,
                path,
                f"{name}'s side committed a change to it that its ledger does "
                "not record (record it there, or after the merge)",
            )
    state = replay(slug, merged.events, authorship=False)
    ours.write_bytes(_render(ws, state, kind).encode("utf-8"))
    if kind != "target" or not state.target_conflicts:
        return 0
    units = ", ".join(c.unit for c in state.target_conflicts)
    _say(
        f"{path}: both sides changed {units}; resolve it there as any git conflict, "
        f"then `byline record {slug} --by WHO` records the resolution"
    )
    return 1


def _workspace_file(git: Git, path: str) -> tuple[Workspace, str, str] | None:
    """The workspace, article and kind (source, target, po) of a path git is merging, if it is one."""
    from workflow.workspace import Workspace

    file = git.top / path
    folder = file.parent
    while not (folder / "byline.toml").is_file():
        if folder == git.top or folder == folder.parent:
            return None
        folder = folder.parent
    ws = Workspace(folder)
    slug = file.parent.name
    kinds = {ws.source_file(slug): "source", ws.target_file(slug): "target", ws.po_file(slug): "po"}
    kind = kinds.get(file)
    return (ws, slug, kind) if kind else None


def _render(ws: Workspace, state: State, kind: str) -> str:
    from workflow.model.working_files import render_po, target_view

    if kind == "source":
        return state.source_text
    if kind == "target":
        return target_view(state)
    return render_po(state, ws.config)


def _text_merge(base: Path, ours: Path, theirs: Path, path: str, why: str) -> int:
    """git's own line merge, for a file byline cannot merge from the record, with the reason said."""
    _say(f"{path}: {why}; merged it as plain text — check it with `byline verify` after the merge")
    result = subprocess.run(
        ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base), str(theirs)],
        capture_output=True,
    )
    return 0 if result.returncode == 0 else 1


def _say(message: str) -> None:
    print(f"byline merge: {message}", file=sys.stderr)
