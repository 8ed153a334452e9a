"""Commands that record a step: init, ingest, translate, edit, record, approve, waive, correct, align."""

from __future__ import annotations

import os
import shlex
import subprocess
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
    signers,
    stage_option,
    workspace_option,
)
from workflow.errors import InputError
from workflow.model.replay import load
from workflow.slug import check_slug
from workflow.steps import signoff, source, target
from workflow.steps.recording import Recorded


def _report(recorded: Recorded, as_json: bool, what: str) -> None:
    event = recorded.event
    if as_json:
        emit_json({"recorded": event is not None, "event": dict(event.data) if event else None})
    elif event is None:
        print(f"nothing changed: no {what} recorded")
    else:
        extra = ""
        if event.type in ("edit", "correct"):
            extra = f", {len(event.data.get('units', []))} unit(s) changed"
        elif event.type == "source-update":
            src = event.data["source"]
            changed, added, retired = len(src["changed"]), len(src["added"]), len(src["retired"])
            extra = f": {changed} changed, {added} new, {retired} retired segment(s)"
        print(f"recorded {event.type} #{event.seq} by {event.agent}{extra} ({event.id[:19]}…)")


@command(arg("directory", nargs="?", default=".", type=Path, help="Where to make it (default: here)."))
def init(directory: Path) -> None:
    """Make a workspace (byline.toml with commented examples, sources/, translations/), or set up a clone of one for git.

    In a git work tree it also installs byline's merge driver in the clone's git
    config and its lines in .gitattributes; in a clone of an existing workspace
    that is all it does. Running it again changes nothing.
    """  # noqa: E501 - its first line is the command's summary, in --help and docs/commands.md
    from workflow.init import init_workspace

    done = init_workspace(directory)
    if done.created:
        print(f"workspace ready at {done.root}; add people to byline.toml, "
              "then `byline ingest FILE --article SLUG --by WHO`")
    else:
        print(f"a workspace is already at {done.root}; its files are left as they are")
    for line in done.installed:
        print(f"installed {line}")
    if not done.created and not done.installed:
        print("byline's git integration is already installed here; nothing changed")


@command(
    arg("file", type=Path, help="The source as filed (Markdown, text, HTML or DOCX)."),
    arg("--article", dest="slug", required=True, metavar="SLUG", help="The article's slug, e.g. nk-laptops."),
    by_option,
    arg("--title", metavar="TEXT", help="Headline (default: from the file)."),
    arg("--url", help="Where the source was published."),
    arg("--lang", help="Source language (default: the workspace's)."),
    arg("--date", metavar="YYYY-MM-DD",
        help="The article's own date (YYYY, YYYY-MM or YYYY-MM-DD; default: when it is received): "
             "the checks resolve 지난해 and 'two years ago' against it."),
    note_option, sign_option, workspace_option, json_option,
)
def ingest(file: Path, slug: str, who: str, title, url, lang, date, note, sign_with, workspace_dir, as_json) -> None:
    """Record a new source (Markdown, text, HTML, DOCX), or an update of an existing one."""
    ws = open_workspace(workspace_dir)
    check_slug(slug)
    agent = person(ws, who)
    recorded = source.ingest(ws, file, slug, agent, title=title, url=url, lang=lang, note=note,
                             signer=signer(ws, agent, sign_with), date=date)
    _report(recorded, as_json, "source change")
    if not as_json and recorded.event is not None:
        print(f"{len(recorded.state.segments)} segments in {ws.relative(ws.source_file(slug))}")


@command(
    article_argument,
    arg("--from", dest="from_file", required=True, type=Path, metavar="FILE",
        help="The English (Markdown, text, HTML, DOCX, PO, XLIFF)."),
    by_option,
    arg("--origin", default="human", help="human, mt:ENGINE or llm:MODEL (default: human)."),
    arg("--replace", action="store_true",
        help="Replace an edited translation as a whole (the edits stay on the record; credit starts again)."),
    note_option, sign_option, workspace_option, json_option,
)
def translate(article, from_file, who, origin, replace, note, sign_with, workspace_dir, as_json) -> None:
    """Record a translation, aligned to the source sentence by sentence."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = target.translate(ws, article, from_file, agent, origin=origin, note=note, replace=replace,
                                signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "translation")
    if not as_json and recorded.event is not None:
        state = recorded.state
        low = sum(1 for u in state.units if u.low_confidence)
        print(f"{len(state.units)} units, {len(state.additions())} "
              f"addition(s), {low} to check (low alignment confidence)")


@command(article_argument, by_option, stage_option, note_option, sign_option, workspace_option, json_option)
def edit(article, who, stage, note, sign_with, workspace_dir, as_json) -> None:
    """Open $VISUAL or $EDITOR on en.md and record the change when it closes."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    ws.require_article(article)
    path = ws.target_file(article)
    if not path.exists():
        raise InputError(f"{ws.relative(path)}: no English yet; record a translation first")
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    opened = load(ws, article).target_hash()
    sign = signer(ws, agent, sign_with)  # refuse a wrong key, or a missing one, before any editing
    if sign is None:
        from workflow.signing import needs_signature

        if needs_signature(ws, agent.id, "edit"):
            raise InputError(f"{agent.id} must sign their edits (a roster key, or the policy): give their private key "
                             "with --sign-with FILE (or BYLINE_SIGNING_KEY); nothing was opened")
    try:
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        raise InputError(f"editor {editor!r} could not be started ({exc.strerror}); "
                         "set $VISUAL or $EDITOR to an editor on PATH") from exc
    if result.returncode != 0:
        raise InputError(f"editor {editor!r} exited with {result.returncode}; "
                         "nothing recorded (en.md may hold unsaved work)")
    recorded = target.record(ws, article, agent, stage=stage, note=note, signer=sign, expect_target=opened)
    _report(recorded, as_json, "edit")


@command(
    article_argument, by_option, stage_option,
    arg("--from", dest="from_file", type=Path, metavar="FILE",
        help="A file with the new English (Markdown, HTML, PO, XLIFF, DOCX)."),
    note_option, sign_option, workspace_option, json_option,
)
def record(article, who, stage, from_file, note, sign_with, workspace_dir, as_json) -> None:
    """Record a change already made to en.md or en.po, or brought in as a file."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    if from_file is not None and from_file.suffix.lower() == ".docx":  # tracked changes: a key per author
        keys = signers(ws, sign_with)
        recorded = target.record(ws, article, agent, stage=stage, source=from_file, note=note,
                                 signer=keys.get(agent.id), signers=keys)
    else:
        recorded = target.record(ws, article, agent, stage=stage, source=from_file, note=note,
                                 signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "edit")


@command(
    article_argument, by_option,
    arg("--note", required=True, metavar="TEXT", help="The public correction note."),
    arg("--from", dest="from_file", type=Path, metavar="FILE",
        help="A file with the corrected English (default: en.md as edited)."),
    sign_option, workspace_option, json_option,
)
def correct(article, who, note, from_file, sign_with, workspace_dir, as_json) -> None:
    """Record a post-publication correction with its public note."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    if not note.strip():
        raise InputError("--note is empty; a correction needs its public note")
    recorded = target.record(ws, article, agent, stage="correct", kind="correct", source=from_file, note=note.strip(),
                             signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "correction")


@command(
    article_argument, by_option,
    arg("--stage", default="approve", help="What is signed off (approve, edit, copyedit, …; default: approve)."),
    note_option, sign_option, workspace_option, json_option,
)
def approve(article, who, stage, note, sign_with, workspace_dir, as_json) -> None:
    """Sign off the current source and English without changing them."""
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = signoff.approve(ws, article, agent, stage=stage, note=note, signer=signer(ws, agent, sign_with))
    if recorded.event is None and not as_json:
        print(f"already approved by {agent.id} for {stage}: nothing recorded")
    else:
        _report(recorded, as_json, "approval")


@command(
    article_argument,
    arg("--rule", required=True, metavar="CODE", help="The rule code, e.g. BL201."),
    arg("--unit", help="The unit the exception is for (default: the whole article)."),
    by_option,
    arg("--reason", required=True, metavar="TEXT", help="Why the rule does not apply here."),
    sign_option, workspace_option, json_option,
)
def waive(article, rule, unit, who, reason, sign_with, workspace_dir, as_json) -> None:
    """Record a reasoned exception to a check rule, for the words as they stand.

    Like an approval, a waiver vouches for what it saw: it lifts the rule while
    the words of the unit's Korean and English (the article's, without --unit)
    are as they were when it was recorded, and nothing once they change. A
    sentence later joined to its neighbour keeps its waiver while its words
    stand unchanged inside the joined unit.
    """
    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = signoff.waive(ws, article, agent, rule=rule.upper(), unit=unit, reason=reason,
                            signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "waiver")


@command(
    arg("first", help="The source file to align, or an article's slug."),
    arg("second", nargs="?", help="The English file to align with the first (omit it for an article)."),
    arg("--sentences", action="store_true",
        help="Files hold one sentence a line, any UTF-8 file whatever its name (no splitting)."),
    arg("--unit", help="Correct this unit of ARTICLE (the first argument)."),
    arg("--source", dest="source_ids", metavar="IDS", help="With --unit: the unit's source segments, e.g. s3,s4."),
    arg("--target", dest="target_range", metavar="RANGE",
        help="With --unit: English sentence numbers, e.g. 5 or 5-6 (see `byline align ARTICLE`)."),
    arg("--by", dest="who", metavar="WHO", help="With --unit: who corrects the alignment."),
    sign_option, workspace_option, json_option,
)
def align(first, second, sentences, unit, source_ids, target_range, who, sign_with, workspace_dir, as_json) -> None:
    """Align two texts (SRC TGT), list an article's units (ARTICLE), or correct one (ARTICLE --unit U)."""
    from workflow.reading import alignment
    from workflow.steps.alignment import correct_unit

    if second is not None:
        result = alignment.align_files(Path(first), Path(second), one_per_line=sentences)
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        if as_json:
            emit_json({"units": [{"source": list(b.source), "target": list(b.target)} for b in result.beads]})
        else:
            print(alignment.format_alignment(result))
        return
    ws = open_workspace(workspace_dir)
    if unit is None:
        listing = alignment.list_units(ws, first)
        emit_json(listing) if as_json else print(alignment.format_listing(listing))
        return
    if not (who and source_ids):
        raise InputError("--unit needs --source s3[,s4…] and --by WHO (and --target N[-M] unless the unit is omitted)")
    agent = person(ws, who)
    recorded = correct_unit(ws, first, agent, unit, source_ids, target_range, signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "alignment change")


@command(
    article_argument,
    arg("event", metavar="EVENT", help="The change to undo: its number or an id prefix (see `byline log`)."),
    by_option,
    arg("--note", required=True, metavar="TEXT", help="Why the change is undone."),
    sign_option, workspace_option, json_option,
)
def revert(article, event, who, note, sign_with, workspace_dir, as_json) -> None:
    """Undo an earlier change as a new event: its English and authorship return to what they were before it."""
    from workflow.steps.revert import revert as revert_change

    ws = open_workspace(workspace_dir)
    agent = person(ws, who)
    recorded = revert_change(ws, article, event, agent, note=note, signer=signer(ws, agent, sign_with))
    _report(recorded, as_json, "revert")


COMMANDS = (init, ingest, translate, edit, record, approve, waive, correct, align, revert)
