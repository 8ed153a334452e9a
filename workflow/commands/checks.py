"""Commands for pre-publication checks: `byline check` and `byline rules`."""

from __future__ import annotations

import sys
import time

from workflow.checks.output import RENDERERS, WRITERS, Run
from workflow.commands.command import arg, command
from workflow.commands.options import emit_json, json_option, open_workspace, workspace_option


@command(
    arg("articles", nargs="*", help="Article slugs, or files inside them (default: every article)."),
    arg("--all", dest="all_", action="store_true", help="Every article (the default when none is named)."),
    arg("--format", dest="fmt", choices=tuple(RENDERERS), default="text", help="Output format (default: text)."),
    arg("--json", dest="as_json", action="store_true", help="Same as --format json."),
    arg("--no-cache", action="store_true", help="Re-check every article, ignoring cached results."),
    arg("--shard", metavar="I/N", help="Only shard I of N (e.g. 2/4), split by a hash of the article name."),
    workspace_option,
)
def check(articles, all_, fmt, as_json, no_cache, shard, workspace_dir) -> None:
    """Pre-publication checks; exit 1 when any unwaived error is found.

    ARTICLES are slugs or files inside sources/<slug>/ or translations/<slug>/.
    """
    from workflow.checks import runner as checks

    started, clock = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), time.perf_counter()
    ws = open_workspace(workspace_dir)
    slugs = checks.shard(checks.resolve_articles(ws, articles) if articles and not all_ else ws.articles(), shard)
    fmt = "json" if as_json else fmt
    blocking = []

    def each_finding():  # noting on the way whether any finding blocks (exit 1)
        for found in checks.each_checked(ws, slugs, use_cache=not no_cache):
            if checks.has_errors(found):
                blocking.append(True)
            yield from found

    def rules_that_ran():  # called by JUnit and SARIF only
        from workflow.checks.registry import select_rules

        return select_rules(ws.config).active

    docs_url = ws.config.checks.get("docs_url")
    run = Run(str(ws.root), started, clock, docs_url if isinstance(docs_url, str) else None)
    # Written as the articles are checked: memory stays flat however large the archive.
    writer, joiner = WRITERS[fmt]
    write = sys.stdout.write
    first = True
    for piece in writer(each_finding(), slugs, rules_that_ran, run):
        write(piece if first else joiner + piece)
        first = False
    if not first:
        write("\n")
    sys.exit(1 if blocking else 0)


@command(json_option)
def rules(as_json) -> None:
    """List the check rules: code, name, default severity and summary."""
    from workflow.checks.registry import rules as registered

    found = registered()
    if as_json:
        emit_json({"rules": [{"code": r.code, "name": r.name, "severity": r.severity, "family": r.family,
                              "summary": r.summary} for r in found]})
        return
    for r in found:
        print(f"{r.code}  {r.name:<24} {r.severity:<8} {r.summary}")


COMMANDS = (check, rules)
