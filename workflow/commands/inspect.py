"""Commands that read the record: status, log, show, diff, blame, credit, verify, repair."""

from __future__ import annotations

import argparse
import sys

from workflow.commands.command import arg, command
from workflow.commands.options import (
    article_argument,
    articles_argument,
    emit_json,
    emit_json_items,
    json_option,
    open_workspace,
    workspace_option,
)
from workflow.errors import InputError, IntegrityError


def _articles(ws, articles: tuple[str, ...]) -> list[str]:
    """The named articles (each must exist), or every article of the workspace."""
    if articles:
        return [ws.require_article(a) for a in articles]
    return ws.articles()


@command(articles_argument, workspace_option, json_option)
def status(articles, workspace_dir, as_json) -> None:
    """Where each article stands: stages done and by whom, stale and untranslated counts.

    With no article named, every article, read from the archive index (brought up to date first: only
    articles whose files changed are read again; see `byline index`).
    """
    ws = open_workspace(workspace_dir)
    if articles:
        from workflow.parallel import map_articles
        from workflow.reading.status import article_status, format_status

        results = map_articles(article_status, ws, _articles(ws, articles))
        if as_json:
            emit_json({"articles": list(results)})
        else:
            print("\n".join(format_status(r) for r in results))
        return
    from workflow.archive.index import opened
    from workflow.archive.queries import status_lines, statuses

    with opened(ws) as index:
        if as_json:
            emit_json_items("articles", statuses(index))
            return
        empty = True
        for text in status_lines(index):
            print(text)
            empty = False
        if empty:
            print("no articles yet; record a source with `byline ingest FILE --article SLUG --by WHO`")


_since_option = arg("--since", metavar="DATE", help="Only from this date on (YYYY-MM-DD, YYYY-MM or a UTC time).")
_until_option = arg("--until", metavar="DATE",
                    help="Only up to this date, inclusive (2026-11 is up to November's end).")


@command(
    arg("article", nargs="?", help="The article's slug, e.g. nk-laptops (or --all)."),
    arg("--all", dest="all_", action="store_true", help="Every article's events, from the archive index."),
    arg("--by", dest="who", metavar="WHO", help="Only events by this person (roster id or name) or software agent."),
    _since_option, _until_option,
    arg("--type", dest="kind", metavar="TYPE", help="Only events of this type (edit, approve, publish, …)."),
    arg("--unit", metavar="UNIT",
        help="Only the events that changed this unit's English (or its Korean, by a source update), each with "
             "what it changed: a unit, segment or addition id (s3, add:3f9a2c1b-1)."),
    workspace_option, json_option,
)
def log(article, all_, who, since, until, kind, unit, workspace_dir, as_json) -> None:
    """The events of an article (or with --all, of every article), oldest first; with --unit, one unit's story."""
    from workflow.archive.queries import check_date, check_type

    if (article is None) == (not all_):
        raise InputError("name one article or give --all (not both); see `byline log --help`")
    if unit is not None and all_:
        raise InputError("--unit goes with one article: `byline log ARTICLE --unit s3`")
    since, until, kind = check_date(since, "--since"), check_date(until, "--until"), check_type(kind)
    ws = open_workspace(workspace_dir)
    if all_:
        _log_all(ws, who, since, until, kind, as_json)
        return
    from workflow.ledger import read_events

    agent = None if who is None else (who if ":" in who else ws.config.person(who).id)
    everything = read_events(ws.ledger_file(ws.require_article(article)))
    events = [e for e in everything
              if (agent is None or agent in (e.agent, (e.data.get("operator") or {}).get("id")))
              and (kind is None or e.type == kind) and (since is None or e.at >= since)
              and (until is None or e.at[: len(until)] <= until)]
    if unit is not None:
        _log_unit(article, everything, {e.id for e in events}, unit, as_json)
        return
    if as_json:
        emit_json({"article": article, "events": [dict(e.data) for e in events]})
        return
    for event in events:
        data = event.data
        print(_log_line("", event.seq, event.at, event.type, event.stage, event.agent,
                        len(data["units"]) if data.get("units") else 0, bool(data.get("sig")), data.get("note"),
                        event.id))


def _log_unit(article: str, events, chosen: set[str], unit: str, as_json: bool) -> None:
    """`log --unit`: the events (of those the filters chose) that changed one unit, each with its word diff."""
    from workflow.reading.history import unit_story

    story = [step for step in unit_story(article, events, unit) if step.event.id in chosen]
    if as_json:
        emit_json({"article": article, "unit": unit, "events": [
            {**{key: step.event.data.get(key) for key in ("seq", "id", "type", "stage", "at", "note")},
             "agent": step.event.agent,
             **({"before": step.english[0], "after": step.english[1],
                 "words": [{"op": op, "text": text} for op, text in step.english[2]]} if step.english else {}),
             **({"korean": {"before": step.korean[0], "after": step.korean[1],
                            "words": [{"op": op, "text": text} for op, text in step.korean[2]]}}
                if step.korean else {})}
            for step in story]})
        return
    for step in story:
        event, data = step.event, step.event.data
        print(_log_line("", event.seq, event.at, event.type, event.stage, event.agent, 0, bool(data.get("sig")),
                        data.get("note"), event.id))
        if step.english:
            _print_marked("    ", step.english[2], sys.stdout.isatty())
        if step.korean:
            _print_marked("    Korean: ", step.korean[2], sys.stdout.isatty())
    if not story:
        print(f"no event changed {unit}" + (" among those chosen" if len(chosen) < len(events) else ""))


@command(
    arg("first", metavar="[ARTICLE] EVENT",
        help="The event: its number or an id prefix (as `byline log` shows them); an id prefix is looked for in "
             "every article, a number needs the article first (e.g. `byline show nk-laptops 4`)."),
    arg("second", nargs="?", metavar="", help=argparse.SUPPRESS),
    arg("--color", action=argparse.BooleanOptionalAction,
        help="Colour word changes (default: when printing to a terminal)."),
    workspace_option, json_option,
)
def show(first, second, color, workspace_dir, as_json) -> None:
    """What one event changed, as a diff of the English (and the Korean), with its note, agent, stage, time and
    signature status (signed by whom, unsigned, or a signature verify refuses)."""
    from workflow.reading.history import show as shown

    article, ref = (None, first) if second is None else (first, second)
    found = shown(open_workspace(workspace_dir), ref, article)
    status, signer, key, problem = found.signature
    signature = {"status": status, "signer": signer, "key": key, "problem": problem}
    if as_json:
        emit_json({"article": found.article, "event": dict(found.event.data), "signature": signature,
                   **found.changes.to_json()})
        return
    from workflow.text.characters import escape

    event, data = found.event, found.event.data
    agent = data["agent"]
    operator = data.get("operator")
    lines = [f"event #{event.seq} {event.id}", f"article:   {found.article}",
             f"type:      {event.type} (stage {event.stage})",
             f"agent:     {agent['id']} ({', '.join(str(agent[k]) for k in ('name', 'role') if agent.get(k))})"
             + (f", run by {operator['id']}" if operator else ""),
             f"at:        {event.at}"]
    if data.get("note"):
        lines.append(f"note:      {data['note']}")
    if event.type == "waive":
        lines.append(f"waives:    {data.get('rule')} on {data.get('unit') or 'the article'}: {data.get('reason')}")
    if data.get("url"):
        lines.append(f"url:       {data['url']}")
    said = {"signed": f"signed by {signer} with {key}", "unsigned": "unsigned",
            "invalid": f"signature invalid ({key})"}[status]
    lines.append(f"signature: {said}" + (f"; verify refuses it: {problem}" if problem else ""))
    print("\n".join(escape(line) for line in lines) + "\n")
    print_changes(found.changes, sys.stdout.isatty() if color is None else color)
    if not found.changes:
        print("no change to the English or the Korean")


def _log_all(ws, who, since, until, kind, as_json) -> None:
    """`log --all`: the archive index's events, filtered."""
    from workflow.archive.index import opened
    from workflow.archive.queries import agent_id, events

    with opened(ws) as index:
        agent = agent_id(index, ws.config, who) if who is not None else None
        found = events(index, agent=agent, since=since, until=until, kind=kind)
        if as_json:
            emit_json_items("events", found)
            return
        for e in found:
            print(_log_line(f"{e['article']}  ", e["seq"], e["at"], e["type"], e["stage"], e["agent"],
                            e["units_changed"] or 0, bool(e["signed_by"]), e["note"], e["id"]))


def _log_line(prefix: str, seq: int, at: str, kind: str, stage: str, agent: str, units: int, signed: bool,
              note: str | None, event_id: str) -> str:
    """One event as `byline log` prints it."""
    return (f"{prefix}#{seq:<3} {at}  {kind:<13} {stage:<10} {agent:<12}{f' [{units} unit(s)]' if units else ''}"
            f"{' signed' if signed else ''}{f' — {note}' if note else ''}  {event_id[7:19]}")


@command(
    article_argument,
    arg("--unit", help="Only this unit, segment or addition (e.g. s3, add:3f9a2c1b-1)."),
    arg("--from", dest="from_ref", metavar="EVENT",
        help="Older version: event number or id prefix (default: the first translation)."),
    arg("--to", dest="to_ref", metavar="EVENT", help="Newer version: event number or id prefix (default: the latest)."),
    arg("--source", dest="korean", action="store_true",
        help="Show instead how the Korean of each stale unit changed since its English was written or approved."),
    arg("--color", action=argparse.BooleanOptionalAction,
        help="Colour word changes (default: when printing to a terminal)."),
    workspace_option, json_option,
)
def diff(article, unit, from_ref, to_ref, korean, color, workspace_dir, as_json) -> None:
    """What changed between two versions: each sentence's English, additions, moves and the Korean.

    A sentence cut is shown as its unit now omitted; a paragraph moved as its
    units' moves (not as English deleted and added); additions by their ids.
    With --source, instead, how the Korean behind each stale unit changed.
    """
    from workflow.model.replay import load
    from workflow.reading import diff as history

    ws = open_workspace(workspace_dir)
    state = load(ws, article)
    colour = sys.stdout.isatty() if color is None else color
    if korean:
        from workflow.reading.staleness import stale_units

        stale = [s for s in stale_units(state) if unit is None or unit == s.unit.id or unit in s.unit.sources]
        if as_json:
            emit_json({"article": article, "stale": [s.to_json() for s in stale]})
            return
        for stale_unit in stale:
            reasons = f" ({'; '.join(stale_unit.reasons)})" if stale_unit.reasons else ""
            _print_marked(f"{stale_unit.unit.id} [{stale_unit.grade}]{reasons}: ", stale_unit.words(), colour)
        if not stale:
            print("no stale units: every English unit matches the Korean it was written from")
        return
    old = history.version(state, from_ref, history.first_translation(state))
    new = history.version(state, to_ref, len(state.events))
    if unit and not history.known(old, new, unit):
        raise InputError(f"article {article!r} has no unit {unit!r} in either version; see `byline align {article}`")
    found = history.changes(old, new, unit)
    if as_json:
        emit_json({"article": article, "from": old.head, "to": new.head, **found.to_json()})
        return
    print_changes(found, colour)
    if not found:
        print("no English changed between these versions")


def print_changes(found, colour: bool) -> None:
    """`diff`'s text (and `show`'s): each unit's English, additions, moves, then the Korean, one line each."""
    for item in found.units:
        _print_marked(f"{item.unit}: ", item.words, colour,
                      " (now omitted)" if not item.after else " (new)" if not item.before else "")
    for added in found.additions:
        _print_marked(f"{added.id} ({added.op}): ", added.words, colour)
    for move in found.moves:
        _print_marked(f"{move.unit}: moved from {move.before} to {move.after}", (), colour)
    for item in found.source:
        _print_marked(f"{item.unit} (Korean): ", item.words, colour)


# How a word diff marks changes: ANSI colour for a terminal (insertions green
# and underlined, deletions red and struck through), wdiff's marks otherwise.
_COLOURED = {"insert": ("\x1b[32;4m", "\x1b[0m"), "delete": ("\x1b[31;9m", "\x1b[0m")}
_PLAIN = {"insert": ("{+", "+}"), "delete": ("[-", "-]")}


def _marked(words, colour: bool) -> str:
    """A word diff as text, its insertions and deletions marked (the words' own hidden characters escaped)."""
    from workflow.text.characters import escape

    marks = _COLOURED if colour else _PLAIN
    return "".join(escape(text) if op == "equal" else marks[op][0] + escape(text) + marks[op][1] for op, text in words)


def _print_marked(prefix: str, words, colour: bool, suffix: str = "") -> None:
    """One line of a word diff: byline's colour codes pass to the terminal, nothing else does."""
    from workflow.terminal import write_raw
    from workflow.text.characters import escape

    write_raw(escape(prefix) + _marked(words, colour) + escape(suffix) + "\n")


@command(
    article_argument,
    arg("--at", dest="at_ref", metavar="EVENT",
        help="The English as it stood after this event: number or id prefix (default: the latest)."),
    arg("--color", action=argparse.BooleanOptionalAction,
        help="Colour each author's text and end with a legend (default: when printing to a terminal); "
             "otherwise each author's stretch is a row, with line number, author and event in a margin."),
    workspace_option, json_option,
)
def blame(article, at_ref, color, workspace_dir, as_json) -> None:
    """The English with the author of every word: the article exactly, authors in a margin or in colour."""
    from workflow.model.replay import load
    from workflow.reading import blame as blamed

    ws = open_workspace(workspace_dir)
    state = blamed.at_event(load(ws, article), at_ref)
    if as_json:
        emit_json({"article": article, "head": state.head, "tokens": [t.to_json() for t in blamed.blame(state)]})
        return
    if sys.stdout.isatty() if color is None else color:
        from workflow.terminal import write_raw

        write_raw(blamed.coloured_text(state))  # byline's colours; the text in it is escaped already
    else:
        sys.stdout.write(blamed.margin_text(state))


@command(
    arg("article", nargs="?", help="The article's slug, e.g. nk-laptops (or --all)."),
    arg("--all", dest="all_", action="store_true",
        help="A credits report for every article: who translated and edited what, from the archive index."),
    _since_option, _until_option,
    workspace_option, json_option,
)
def credit(article, all_, since, until, workspace_dir, as_json) -> None:
    """The credit line the record supports (or with --all, who translated and edited what in a period).

    A ledger that fails verification supports none (exit 1; a report names it as not counted).
    In a report, a person counts for a period on the articles the credit rule credits them on where one
    of their changes to the English (translate, edit, correct, align) falls in it.
    """
    if (article is None) == (not all_):
        raise InputError("name one article or give --all (not both); see `byline credit --help`")
    ws = open_workspace(workspace_dir)
    if all_:
        _credits_report(ws, since, until, as_json)
        return
    if since is not None or until is not None:
        raise InputError("--since and --until go with --all (a credits report for a period)")
    from workflow.reading.credit import credit as make_credit
    from workflow.reading.verify import record_failures, verify_article

    verified = verify_article(ws, ws.require_article(article))
    failed = record_failures(verified.problems)
    if failed:  # a copied or forged ledger supports no credit line
        raise IntegrityError(f"{failed[0].where}: {failed[0].message}; a ledger that fails verification supports no "
                             f"credit line (`byline verify {article}` says more)")
    assert verified.state is not None  # no state is always a failure of the record
    result = make_credit(verified.state, ws.config)
    if as_json:
        emit_json({"article": article, "line": result.line, "translators": list(result.translators),
                   "editors": list(result.editors), "machine": list(result.machine)})
    else:
        print(result.line)


def _credits_report(ws, since, until, as_json) -> None:
    """`credit --all`: who the credit rule credits, on what, for work in the period."""
    from workflow.archive.index import opened
    from workflow.archive.queries import check_date, credits_report, uncounted

    since, until = check_date(since, "--since"), check_date(until, "--until")
    with opened(ws) as index:
        people = credits_report(index, ws.config, since=since, until=until)
        failing = uncounted(index, since=since, until=until)
    if as_json:
        emit_json({"since": since, "until": until, "people": people, "not_counted": failing})
        return
    period = f"from {since or 'the first event'} to {until or 'now'}"
    print(f"credits {period}:" if people else f"no credited work {period}")
    for entry in people:
        print(f"{entry['name'] or entry['agent']} ({entry['agent']})")
        for key, label in (("translated", "translated"), ("machine_translated", "machine-translated"),
                           ("edited", "edited")):
            if entry[key]:
                print(f"  {label} {len(entry[key])}: " + ", ".join(item["article"] for item in entry[key]))
    if failing:
        names = ", ".join(item["article"] for item in failing)
        print(f"not counted, their ledger fails verification (see `byline verify ARTICLE`): {names}")


@command(
    articles_argument,
    arg("--all", dest="all_", action="store_true", help="Every article (the default when none is named)."),
    workspace_option, json_option,
)
def verify(articles, all_, workspace_dir, as_json) -> None:
    """Check the chain, signatures, and working files against replay; exit 1 on any problem."""
    from workflow.desks.commits import merge_problems
    from workflow.parallel import map_articles
    from workflow.reading.verify import verify_summary

    ws = open_workspace(workspace_dir)
    summaries = []
    ok = True
    slugs = _articles(ws, articles)
    merges, notes = merge_problems(ws, slugs)
    for summary in map_articles(verify_summary, ws, slugs):
        ledger = ws.relative(ws.ledger_file(summary["article"]))
        summary["findings"].extend({"file": ledger, "line": None, "kind": "chain", "message": message}
                                   for message in merges.get(summary["article"], ()))
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
        emit_json({"ok": ok, "articles": summaries, **({"notes": notes} if notes else {})})
    else:
        for note in notes:
            print(f"note: {note}")
    sys.exit(0 if ok else 1)


@command(article_argument, workspace_option)
def repair(article, workspace_dir) -> None:
    """Complete a last ledger event that lost its newline, or set a torn last line aside (into a side file)."""
    from workflow.ledger import repair as repair_ledger
    from workflow.workspace import article_lock

    ws = open_workspace(workspace_dir)
    ws.require_article(article)
    with article_lock(ws.translation_dir(article)):
        side = repair_ledger(ws.ledger_file(article))
    if side is None:
        print(f"{ws.relative(ws.ledger_file(article))}: whole; nothing to repair")
    elif side == ws.ledger_file(article):
        print(f"{ws.relative(side)}: completed the last event, which "
              "lacked only its final newline; nothing was set aside")
    else:
        print(f"set the torn last line aside in {ws.relative(side)}; the ledger ends at its last whole event")


COMMANDS = (status, log, show, diff, blame, credit, verify, repair)
