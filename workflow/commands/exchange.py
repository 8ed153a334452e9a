"""Commands that hand an article to other tools: export to PO, XLIFF, TMX, Word, Markdown or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

from workflow.commands.command import arg, command
from workflow.commands.options import article_argument, open_workspace, workspace_option
from workflow.model.replay import load
from workflow.reading.export import FORMATS, export_article
from workflow.workspace import write_atomic


@command(
    article_argument,
    arg("--format", dest="fmt", required=True, choices=FORMATS,
        help="po (Poedit, Lokalize, Weblate), xliff (2.1), xliff12, tmx, docx (Word, "
             "LibreOffice), docx-table (the bilingual table in Word), md or html."),
    arg("-o", "--output", type=Path, metavar="FILE",
        help="Write to this file (default: standard output); never one of the record's"
        " own files."),
    workspace_option,
)
def export(article: str, fmt: str, output: Path | None, workspace_dir: Path | None) -> None:
    """Write the article for other tools; bring edits back with `byline record ARTICLE --from FILE`."""
    ws = open_workspace(workspace_dir)
    if output is not None:
        from workflow.outputs import refuse_record_file

        refuse_record_file(ws, output)
    text = export_article(load(ws, article), ws.config, fmt)
    if output is None:
        if isinstance(text, bytes):  # a Word file: its bytes, for `> file.docx`
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            return
        from workflow.terminal import write_raw

        write_raw(text)  # the file's content, as asked for
        return
    write_atomic(output, text if isinstance(text, bytes) else text.encode("utf-8"))
    print(f"wrote {output} ({fmt}); bring edits back with `byline record {article} --from {output} --by WHO`")


COMMANDS = (export,)
