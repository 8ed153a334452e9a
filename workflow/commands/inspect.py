"""Commands that read the record: status, log, diff, blame, credit, verify, repair."""

from __future__ import annotations

import argparse
import sys

from workflow.commands.command import arg, command
from workflow.commands.options import (
    article_argument,
    articles_argument,
    emit_json,
    json_option,
    open_workspace,
    workspace_option,
)
from workflow.errors import InputError


def _articles(ws, articles: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    """The named articles (each must exist), or every article of the workspace."""
    if articles:
        return [ws.require_article(a) for a in articles]
    return ws.articles()


@command(articles_argument, workspace_option, json_option)
def status(articles, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Where each article stands: stages done and by whom, stale and untranslated counts."""
    from workflow.parallel import map_articles  # noqa: PLC0415
    from workflow.reading.status import format_status, status_of  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    results = list(map_articles(status_of, ws.root, _articles(ws, articles)))
    if as_json:
        emit_json({"articles": results})
    elif not results:
        print("no articles yet; record a source with `byline ingest FILE --article SLUG --by WHO`")
    else:
        print("\n".join(format_status(r) for r in results))


@command(article_argument, workspace_option, json_option)
def log(article, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """The events of an article, newest last."""
    from workflow.ledger import read_events  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    events = read_events(ws.ledger_file(ws.require_article(article)))
    if as_json:
        emit_json({"article": article, "events": [dict(e.data) for e in events]})
        return
    for event in events:
        data = event.data
        note = f" — {data['note']}" if data.get("note") else ""
        units = f" [{len(data['units'])} unit(s)]" if data.get("units") else ""
        signed = " signed" if data.get("sig") else ""
        print(f"#{event.seq:<3} {event.at}  {event.type:<13} {event.stage:<10} {event.agent:<12}{units}{signed}{note}  {event.id[7:19]}")


@command(
    article_argument,
    arg("--unit", help="Only this unit (e.g. s3)."),
    arg("--from", dest="from_ref", metavar="EVENT",
        help="Older version: event number or id prefix (default: the first translation)."),
    arg("--to", dest="to_ref", metavar="EVENT", help="Newer version: event number or id prefix (default: the latest)."),
    arg("--source", dest="korean", action="store_true",
        help="Show instead how the Korean of each stale unit changed since its English was written or approved."),
    arg("--color", action=argparse.BooleanOptionalAction,
        help="Colour word changes (default: when printing to a terminal)."),
    workspace_option, json_option,
)
def diff(article, unit, from_ref, to_ref, korean, color, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Sentence-level diffs of the English between two versions (or of the Korean behind stale units)."""
    from workflow.model.replay import load  # noqa: PLC0415
    from workflow.reading import diff as history  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    state = load(ws, article)
    colour = sys.stdout.isatty() if color is None else color
    if korean:
        from workflow.reading.staleness import stale_units  # noqa: PLC0415

        stale = [s for s in stale_units(state) if unit is None or unit == s.unit.id or unit in s.unit.sources]
        if as_json:
            emit_json({"article": article, "stale": [s.to_json() for s in stale]})
            return
        for item in stale:
            reasons = f" ({'; '.join(item.reasons)})" if item.reasons else ""
            _print_marked(f"{item.unit.id} [{item.grade}]{reasons}: ", item.words(), colour)
        if not stale:
            print("no stale units: every English unit matches the Korean it was written from")
        return
    old = history.version(state, from_ref, history.first_translation(state))
    new = history.version(state, to_ref, len(state.events))
    diffs = history.unit_diffs(old, new, unit)
    if unit and not diffs:
        raise InputError(f"article {article!r} has no unit {unit!r} in that version; see `byline align {article}`")
    if as_json:
        emit_json({"article": article, "from": old.head, "to": new.head, "units": [d.to_json() for d in diffs]})
        return
    for item in diffs:
        _print_marked(f"{item.unit}: ", item.words, colour)
    if not diffs:
        print("no English changed between these versions")


# How a word diff marks changes: ANSI colour for a terminal (insertions green
# and underlined, deletions red and struck through), wdiff's marks otherwise.
_COLOURED = {"insert": ("\x1b[32;4m", "\x1b[0m"), "delete": ("\x1b[31;9m", "\x1b[0m")}
_PLAIN = {"insert": ("{+", "+}"), "delete": ("[-", "-]")}


def _marked(words, colour: bool) -> str:  # type: ignore[no-untyped-def]
    """A word diff as text, its insertions and deletions marked (the words' own hidden characters escaped)."""
    from workflow.text.characters import escape  # noqa: PLC0415

    marks = _COLOURED if colour else _PLAIN
    return "".join(escape(text) if op == "equal" else marks[op][0] + escape(text) + marks[op][1] for op, text in words)


def _print_marked(prefix: str, words, colour: bool) -> None:  # type: ignore[no-untyped-def]
    """One line of a word diff: byline's colour codes pass to the terminal, nothing else does."""
    from workflow.terminal import write_raw  # noqa: PLC0415
    from workflow.text.characters import escape  # noqa: PLC0415

    write_raw(escape(prefix) + _marked(words, colour) + "\n")


@command(article_argument, workspace_option, json_option)
def blame(article, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """The English with the author of every word."""
    from workflow.model.replay import load  # noqa: PLC0415
    from workflow.reading.blame import blame as blame_words  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    state = load(ws, article)
    tokens = blame_words(state)
    if as_json:
        emit_json({"article": article, "tokens": [t.to_json() for t in tokens]})
        return
    text = state.target_text or ""
    for line_start, line in _lines(text):
        if not line.strip():
            continue
        words = [t for t in tokens if line_start <= t.start < line_start + len(line)]
        runs: list[tuple[str, list[str]]] = []
        for token in words:
            if runs and runs[-1][0] == token.agent:
                runs[-1][1].append(token.text)
            else:
                runs.append((token.agent, [token.text]))
        print("  ".join(f"[{agent}] {' '.join(ws_)}" for agent, ws_ in runs))


def _lines(text: str):  # type: ignore[no-untyped-def]
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


@command(article_argument, workspace_option, json_option)
def credit(article, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """The credit line the record supports."""
    from workflow.model.replay import load  # noqa: PLC0415
    from workflow.reading.credit import credit as make_credit  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    result = make_credit(load(ws, article), ws.config)
    if as_json:
        emit_json({"article": article, "line": result.line, "translators": list(result.translators),
                   "editors": list(result.editors), "machine": list(result.machine)})
    else:
        print(result.line)


@command(
    articles_argument,
    arg("--all", dest="all_", action="store_true", help="Every article (the default when none is named)."),
    workspace_option, json_option,
)
def verify(articles, all_, workspace_dir, as_json) -> None:  # type: ignore[no-untyped-def]
    """Check the chain, signatures, and working files against replay; exit 1 on any problem."""
    from workflow.parallel import map_articles  # noqa: PLC0415
    from workflow.reading.verify import verify_summary  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    summaries = []
    ok = True
    for summary in map_articles(verify_summary, ws.root, _articles(ws, articles)):
        ok = ok and not summary["findings"]
        if as_json:
            summaries.append(summary)
            continue
        for f in summary["findings"]:
            where = f"{f['file']}:{f['line']}" if f["line"] else f["file"]
            print(f"{where}: {f['kind']}: {f['message']}")
        if not summary["findings"]:
            keys = "; ".join(f"{s['agent']} signed {s['events']} with {s['key']}" for s in summary["signed"])
            print(f"{summary['article']}: ok, {summary['events']} event(s), chain intact, working files match"
                       + (f"; {keys}" if keys else ""))
    if as_json:
        emit_json({"ok": ok, "articles": summaries})
    sys.exit(0 if ok else 1)


@command(article_argument, workspace_option)
def repair(article, workspace_dir) -> None:  # type: ignore[no-untyped-def]
    """Complete a last ledger event that lost its newline, or set a torn last line aside (into a side file)."""
    from workflow.ledger import repair as repair_ledger  # noqa: PLC0415
    from workflow.workspace import article_lock  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    ws.require_article(article)
    with article_lock(ws.translation_dir(article)):
        side = repair_ledger(ws.ledger_file(article))
    if side is None:
        print(f"{ws.relative(ws.ledger_file(article))}: whole; nothing to repair")
    elif side == ws.ledger_file(article):
        print(f"{ws.relative(side)}: completed the last event, which lacked only its final newline; nothing was set aside")
    else:
        print(f"set the torn last line aside in {ws.relative(side)}; the ledger ends at its last whole event")


COMMANDS = (status, log, diff, blame, credit, verify, repair)
