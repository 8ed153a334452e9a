"""Commands for pre-publication checks: `byline check` and `byline rules`."""

from __future__ import annotations

import sys

import click

from workflow.commands.options import emit_json, json_option, open_workspace, workspace_option


@click.command()
@click.argument("articles", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every article (the default when none is named).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "sarif", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--no-cache", is_flag=True, help="Re-check every article, ignoring cached results.")
@click.option("--shard", help="Only shard I of N (e.g. 2/4), split by a hash of the article name.")
@workspace_option
def check(articles, all_, fmt, as_json, no_cache, shard, workspace_dir) -> None:  # type: ignore[no-untyped-def]
    """Pre-publication checks; exit 1 when any unwaived error is found.

    ARTICLES are slugs or files inside sources/<slug>/ or translations/<slug>/.
    """
    from workflow import checks  # noqa: PLC0415
    from workflow.checks.output import RENDERERS  # noqa: PLC0415

    ws = open_workspace(workspace_dir)
    slugs = checks.shard(checks.resolve_articles(ws, articles) if articles and not all_ else ws.articles(), shard)
    findings = checks.run_checks(ws, slugs, use_cache=not no_cache)
    output = RENDERERS["json" if as_json else fmt](findings, slugs, lambda: checks.select_rules(ws.config).active)
    if output:
        click.echo(output)
    sys.exit(1 if checks.has_errors(findings) else 0)


@click.command()
@json_option
def rules(as_json) -> None:  # type: ignore[no-untyped-def]
    """List the check rules: code, name, default severity and summary."""
    from workflow.checks import rules as registered  # noqa: PLC0415

    found = registered()
    if as_json:
        emit_json({"rules": [{"code": r.code, "name": r.name, "severity": r.severity, "family": r.family,
                              "summary": r.summary} for r in found]})
        return
    for r in found:
        click.echo(f"{r.code}  {r.name:<24} {r.severity:<8} {r.summary}")


COMMANDS = (check, rules)
