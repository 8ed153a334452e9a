"""Commands that record a step: init, ingest, translate, edit, record, approve, waive, correct, align."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import click

from workflow import stages
from workflow.commands.options import (
    by_option, emit_json, json_option, note_option, open_workspace, person, sign_option, signer, stage_option,
    workspace_option,
)
from workflow.errors import InputError
from workflow.recording import Recorded
from workflow.slug import check_slug

existing_file = click.Path(exists=False, dir_okay=False, path_type=Path)


def _report(recorded: Recorded, as_json: bool, what: str) -> None:
    event = recorded.event
    if as_json:
        emit_json({"recorded": event is not None, "event": dict(event.data) if event else None})
    elif event is None:
        click.echo(f"nothing changed: no {what} recorded")
    else:
        extra = ""
        if event.type in ("edit", "correct"):
            extra = f", {len(event.data.get('units', []))} unit(s) changed"
        elif event.type == "source-update":
            src = event.data["source"]
            extra = f": {len(src['changed'])} changed, {len(src['added'])} new, {len(src['retired'])} retired segment(s)"
        click.echo(f"recorded {event.type} #{event.seq} by {event.agent}{extra} ({event.id[:19]}…)")


@click.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a workspace: byline.toml with commented examples, sources/ and translations/."""
    from workflow.init import init_workspace  # noqa: PLC0415

    created = init_workspace(directory)
    click.echo(f"workspace ready at {created}; add people to byline.toml, then `byline ingest FILE --article SLUG --by WHO`")


@click.command()
@click.argument("file", type=existing_file)
@click.option("--article", "slug", required=True, help="The article's slug, e.g. nk-laptops.")
@by_option
@click.option("--title", help="Headline (default: from the file).")
@click.option("--url", help="Where the source was published.")
@click.option("--lang", help="Source language (default: the workspace's).")
@note_option
@sign_option
@workspace_option
@json_option
def ingest(file: Path, slug: str, who: str, title, url, lang, note, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Record a new source (Markdown, text, HTML, DOCX), or an update of an existing one."""
    ws = open_workspace(workspace_dir)
    check_slug(slug)
    agent = person(ws, who)
    recorded = stages.ingest(ws, file, slug, agent, title=title, url=url, lang=lang, note=note,
                             signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "source change")
    if not as_json and recorded.event is not None:
        click.echo(f"{len(recorded.state.segments)} segments in {ws.relative(ws.source_file(slug))}")


@click.command()
@click.argument("article")
@click.option("--from", "source", required=True, type=existing_file, help="The English (Markdown, text, HTML, DOCX, PO, XLIFF).")
@by_option
@click.option("--origin", default="human", show_default=True, help="human, mt:ENGINE or llm:MODEL.")
@note_option
@sign_option
@workspace_option
@json_option
def translate(article, source, who, origin, note, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Record a translation, aligned to the source sentence by sentence."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = stages.translate(ws, article, source, agent, origin=origin, note=note, signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "translation")
    if not as_json and recorded.event is not None:
        state = recorded.state
        low = sum(1 for u in state.units if u.confidence < 0.5)
        click.echo(f"{len(state.units)} units, {len(state.additions())} addition(s), {low} to check (low alignment confidence)")


@click.command()
@click.argument("article")
@by_option
@stage_option
@note_option
@sign_option
@workspace_option
@json_option
def edit(article, who, stage, note, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Open $VISUAL or $EDITOR on en.md and record the change when it closes."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    ws.require_article(article)
    path = ws.target_file(article)
    if not path.exists():
        raise InputError(f"{ws.relative(path)}: no English yet; record a translation first")
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    opened = stages.load(ws, article).target_hash()
    sign = signer(ws, agent, sign_with)  # refuse a wrong key before any editing
    try:
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        raise InputError(f"editor {editor!r} could not be started ({exc.strerror}); set $VISUAL or $EDITOR to an editor on PATH") from exc
    if result.returncode != 0:
        raise InputError(f"editor {editor!r} exited with {result.returncode}; nothing recorded (en.md may hold unsaved work)")
    recorded = stages.record(ws, article, agent, stage=stage, note=note, signer=sign, expect_target=opened)
    _report(recorded, as_json, "edit")


@click.command()
@click.argument("article")
@by_option
@stage_option
@click.option("--from", "source", type=existing_file, help="A file with the new English (Markdown, HTML, PO, XLIFF, DOCX).")
@note_option
@sign_option
@workspace_option
@json_option
def record(article, who, stage, source, note, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Record a change already made to en.md or en.po, or brought in as a file."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = stages.record(ws, article, agent, stage=stage, source=source, note=note,
                             signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "edit")


@click.command()
@click.argument("article")
@by_option
@click.option("--note", required=True, help="The public correction note.")
@click.option("--from", "source", type=existing_file, help="A file with the corrected English (default: en.md as edited).")
@sign_option
@workspace_option
@json_option
def correct(article, who, note, source, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Record a post-publication correction with its public note."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    if not note.strip():
        raise InputError("--note is empty; a correction needs its public note")
    recorded = stages.record(ws, article, agent, stage="correct", kind="correct", source=source, note=note.strip(),
                             signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "correction")


@click.command()
@click.argument("article")
@by_option
@click.option("--stage", default="approve", show_default=True, help="What is signed off (approve, edit, copyedit, …).")
@note_option
@sign_option
@workspace_option
@json_option
def approve(article, who, stage, note, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Sign off the current source and English without changing them."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = stages.approve(ws, article, agent, stage=stage, note=note, signer=signer(ws, agent, sign_with))
    if recorded.event is None and not as_json:
        click.echo(f"already approved by {agent.id} for {stage}: nothing recorded")
    else:
        _report(recorded, as_json, "approval")


@click.command()
@click.argument("article")
@click.option("--rule", required=True, help="The rule code, e.g. BL201.")
@click.option("--unit", help="The unit the exception is for (default: the whole article).")
@by_option
@click.option("--reason", required=True, help="Why the rule does not apply here.")
@sign_option
@workspace_option
@json_option
def waive(article, rule, unit, who, reason, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Record a reasoned exception to a check rule."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = stages.waive(ws, article, agent, rule=rule.upper(), unit=unit, reason=reason,
                            signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "waiver")


@click.command()
@click.argument("first")
@click.argument("second", required=False)
@click.option("--sentences", is_flag=True, help="Files hold one sentence a line (no splitting).")
@click.option("--unit", help="Correct this unit of ARTICLE (the first argument).")
@click.option("--source", "source_ids", help="With --unit: the unit's source segments, e.g. s3,s4.")
@click.option("--target", "target_range", help="With --unit: English sentence numbers, e.g. 5 or 5-6 (see `byline align ARTICLE`).")
@click.option("--by", "who", help="With --unit: who corrects the alignment.")
@sign_option
@workspace_option
@json_option
def align(first, second, sentences, unit, source_ids, target_range, who, sign_with, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Align two texts (SRC TGT), list an article's units (ARTICLE), or correct one (ARTICLE --unit U)."""
    from workflow import alignment  # noqa: PLC0415

    if second is not None:
        result = alignment.align_files(Path(first), Path(second), one_per_line=sentences)
        if as_json:
            emit_json({"units": [{"source": list(b.source), "target": list(b.target)} for b in result.beads]})
        else:
            click.echo(alignment.format_alignment(result))
        return
    ws = open_workspace(workspace_dir)
    if unit is None:
        listing = alignment.list_units(ws, first)
        emit_json(listing) if as_json else click.echo(alignment.format_listing(listing))
        return
    if not (who and source_ids):
        raise InputError("--unit needs --source s3[,s4…] and --by WHO (and --target N[-M] unless the unit is omitted)")
    agent = person(ws, who)
    recorded = alignment.correct_unit(ws, first, agent, unit, source_ids, target_range, signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "alignment change")


COMMANDS = (init, ingest, translate, edit, record, approve, waive, correct, align)
