"""The `byline` command: the group, shared options, and the one place errors become exit codes.

Commands live in `workflow/commands/` (one module per family, listed below)
and stay thin: parse, call one library function, print.
"""

from __future__ import annotations

import importlib
import sys

import click

from workflow import __version__
from workflow.errors import BylineError

# Command families, imported when the group is built; each module exposes COMMANDS.
COMMAND_MODULES = (
    "workflow.commands.record",
    "workflow.commands.inspect",
    "workflow.commands.checks",
    "workflow.commands.exchange",
    "workflow.commands.reports",
)


class _Group(click.Group):
    """Maps byline's errors to one line on stderr and their exit code; bugs keep their traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except BylineError as exc:
            click.echo(f"byline: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="byline")
def main() -> None:
    """byline: back every credit line with proof.

    Records each step of a translated news article (source, translation,
    edits, approvals) in a hash-chained ledger, and checks, reports and
    publishes from that record.
    """


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        main.add_command(_command)
