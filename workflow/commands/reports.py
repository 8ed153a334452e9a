"""Commands that show the record to people and machines: report, publish."""

from __future__ import annotations

import sys
from pathlib import Path

from workflow.commands.command import arg, command
from workflow.commands.options import (
    article_argument,
    by_option,
    emit_json,
    json_option,
    note_option,
    open_workspace,
    person,
    sign_option,
    signer,
    workspace_option,
)
from workflow.reports import FORMATS


@command(
    article_argument,
    arg("--format", dest="fmt", choices=FORMATS, default="html", help="Report format (default: html)."),
    arg("-o", "--output", type=Path, metavar="FILE",
        help="Write to FILE (default: standard output); never one of the record's"
        " own files."),
    arg("--since", metavar="EVENT", help="Show the units changed after this event (number or id prefix)."),
    workspace_option,
)
def report(article, fmt, output, since, workspace_dir) -> None:
    """A provenance report: HTML, Markdown, JSON, or W3C PROV (prov-json, prov-jsonld, prov-xml, prov-ttl, prov-n), or a timeline graph (dot, svg)."""  # noqa: E501 - the summary --help and docs/commands.md show
    from workflow.model.replay import load
    from workflow.reports import render
    from workflow.workspace import write_atomic

    ws = open_workspace(workspace_dir)
    if output is not None:
        from workflow.outputs import refuse_record_file

        refuse_record_file(ws, output)
    content = render(ws, load(ws, article), fmt, since=since)
    if output is not None:
        write_atomic(output, content)
        print(f"wrote {fmt} report of {article} to {output}", file=sys.stderr)
    elif isinstance(content, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
    else:
        from workflow.terminal import write_raw

        write_raw(content)  # the report as asked for


@command(
    article_argument,
    arg("-o", "--output", type=Path, metavar="FILE",
        help="Where to write the HTML (default: translations/ARTICLE/en.html)."),
    arg("--url", help="Where readers will find it; kept in the publish event."),
    arg("--force", action="store_true", help="Publish despite check errors (the override is recorded)."),
    by_option, note_option, sign_option, workspace_option, json_option,
)
def publish(article, output, url, force, who, note, sign_with, workspace_dir, as_json) -> None:
    """Run the checks, write the publishable HTML with ITS 2.0 provenance, and record a publish event."""
    from workflow.steps.publish import publish as publish_article

    ws = open_workspace(workspace_dir)
    if output is not None:
        from workflow.outputs import refuse_record_file
        from workflow.steps.publish import OUTPUT_NAME

        refuse_record_file(ws, output, own=ws.translation_dir(article) / OUTPUT_NAME)
    who_ = person(ws, who)
    done = publish_article(ws, article, who_, output=output, url=url, force=force, note=note,
                           signer=signer(ws, who_, sign_with))
    if as_json:
        emit_json({"article": article, "event": done.event.id, "seq": done.event.seq, "path": str(done.path),
                   "sha256": done.sha256, "url": done.url, "forced": done.forced, "overridden": list(done.overridden)})
        return
    print(f"recorded publish #{done.event.seq} by {who_.id} ({done.event.id[:19]}…)")
    print(f"wrote {ws.relative(done.path)} ({done.sha256})")
    if done.forced and done.overridden:
        print(f"forced past {len(done.overridden)} check error(s); the override is in the record")


COMMANDS = (report, publish)
