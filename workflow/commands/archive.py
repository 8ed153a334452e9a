"""The archive command: index (the SQLite index of every ledger, and browsing it in Datasette)."""

from __future__ import annotations

import sys
from pathlib import Path

from workflow.commands.command import arg, command
from workflow.commands.options import emit_json, json_option, open_workspace, workspace_option
from workflow.errors import InputError


@command(
    arg("-o", "--output", dest="output", type=Path, metavar="FILE",
        help="Where the index is kept (default: .byline-cache/archive.db)."),
    arg("--check", dest="check_only", action="store_true",
        help="Confirm the index matches the ledgers, changing nothing; exit 1 naming each article that differs."),
    arg("--rebuild", action="store_true", help="Build it afresh from the ledgers, replacing the index at FILE."),
    arg("--serve", action="store_true",
        help="Then browse it in Datasette on 127.0.0.1 until Ctrl-C (needs `pip install 'byline[archive]'`)."),
    arg("--port", type=int, default=8001, help="With --serve: the port (default: 8001)."),
    workspace_option, json_option,
)
def index(output, check_only, rebuild, serve, port, workspace_dir, as_json) -> None:
    """Bring the archive's SQLite index up to date: only articles whose files changed are read again.

    `status` with no article, `log --all` and `credit --all` read it; Datasette browses it with the
    canned queries in docs/datasette.yml. It is derived from the ledgers and never trusted over them:
    a damaged or foreign file in .byline-cache/ is rebuilt, a file at -o FILE that is not an index is
    left alone (exit 2), an index of another workspace is refused.
    """
    from workflow.archive import index as archive

    ws = open_workspace(workspace_dir)
    if output is not None:
        from workflow.outputs import refuse_record_file

        refuse_record_file(ws, output)
    if serve:
        from workflow.archive.serve import check_port

        check_port(port)
    if check_only:
        if rebuild or serve:
            raise InputError("--check changes nothing: give it without --rebuild and --serve")
        problems = archive.check(ws, output)
        if as_json:
            emit_json({"ok": not problems, "problems": problems})
        else:
            print("\n".join(problems) or f"{output or archive.default_path(ws)}: matches the ledgers")
        sys.exit(1 if problems else 0)
    conn, summary = archive.update(ws, output, rebuild=rebuild)
    conn.close()
    if as_json:
        emit_json(summary.to_json())
    else:
        how = f"built afresh ({summary.rebuilt})" if summary.rebuilt else "updated"
        print(f"{summary.path}: {how}; {summary.articles} article(s), {summary.read} read, "
              f"{summary.removed} removed, in {summary.seconds:.2f}s")
    if serve:
        from workflow.archive.serve import serve as run_datasette

        if summary.path == ":memory:":
            raise InputError("the index could not be written (a read-only cache folder); give -o FILE to serve it")
        sys.exit(run_datasette(Path(summary.path), port))


COMMANDS = (index,)
