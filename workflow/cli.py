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

# Every command and the module that defines it (each module lists its commands
# in COMMANDS). Only the module of the command being run is imported, so that
# editor commands start fast.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("init", "ingest", "translate", "edit", "record", "approve", "waive", "correct", "align"),
                    "workflow.commands.record"),
    **dict.fromkeys(("status", "log", "diff", "blame", "credit", "verify", "repair"), "workflow.commands.inspect"),
    **dict.fromkeys(("check", "rules"), "workflow.commands.checks"),
    "export": "workflow.commands.exchange",
    **dict.fromkeys(("report", "publish"), "workflow.commands.reports"),
}


class _Group(click.Group):
    """Loads commands on demand, and maps byline's errors to one line on stderr and their exit code.

    Bugs keep their traceback.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[name])
        return next(command for command in module.COMMANDS if command.name == name)

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
