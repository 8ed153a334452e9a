"""The `byline` command: its parser, and the one place errors become exit codes.

Commands live in `workflow/commands/` (one module per family, listed below)
and stay thin: parse, call one library function, print.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Mapping, Sequence

from workflow import __version__
from workflow.commands.command import Command
from workflow.errors import BylineError, InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

# Every command and the module that defines it (each module lists its commands
# in COMMANDS). Only the module of the command being run is imported, so that
# editor commands start fast.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("init", "ingest", "translate", "edit", "record", "approve", "waive", "correct", "align",
                     "revert"), "workflow.commands.record"),
    **dict.fromkeys(("status", "log", "show", "diff", "blame", "credit", "verify", "repair"),
                   "workflow.commands.inspect"),
    **dict.fromkeys(("check", "rules"), "workflow.commands.checks"),
    "export": "workflow.commands.exchange",
    "index": "workflow.commands.archive",
    **dict.fromkeys(("report", "publish"), "workflow.commands.reports"),
    "merge-driver": "workflow.commands.desks",
}

DESCRIPTION = """byline: back every credit line with proof.

Records each step of a translated news article (source, translation, edits,
approvals) in a hash-chained ledger, and checks, reports and publishes from
that record. Run `byline COMMAND --help` for one command's options."""


class UsageError(InputError):
    """Arguments the parser cannot make sense of: one line that names where the help is."""

    def __init__(self, message: str, prog: str) -> None:
        super().__init__(f"{message}; see `{prog} --help`")


class _Parser(argparse.ArgumentParser):
    """Takes options only as spelt in full, and reports a usage mistake as a UsageError (exit code 2)."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(allow_abbrev=False, **settings)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, self.prog)


def command(name: str) -> Command:
    """The declaration of one command, importing only its module."""
    return next(c for c in importlib.import_module(COMMANDS[name]).COMMANDS if c.name == name)


class _Root(_Parser):
    """The `byline` parser; its help lists every command with its summary."""

    def __init__(self, columns: int, **settings: Any) -> None:
        super().__init__(**settings)
        self.columns = columns

    def format_help(self) -> str:
        self.epilog = _listing(self.columns)
        return super().format_help()


def parser(declared: Sequence[str]) -> tuple[argparse.ArgumentParser, Mapping[str, argparse.ArgumentParser]]:
    """The `byline` parser, and each command's own parser.

    Only the `declared` commands get their arguments (importing their modules).
    With none declared (`byline --help`, or a mistyped command) every command
    is there by name, so that argparse can list the choices.
    """
    # Help keeps the docstrings' paragraphs; it is as wide as the terminal, at most 100 columns.
    columns = _terminal_columns() - 2
    formatter = functools.partial(argparse.RawDescriptionHelpFormatter, width=columns, max_help_position=28)
    root = _Root(columns, prog="byline", usage="byline [-h] [--version] COMMAND ...", description=DESCRIPTION,
                 formatter_class=formatter)
    root.add_argument("--version", action="version", version=f"byline, version {__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS, parser_class=_Parser)
    for name in COMMANDS:
        if name in declared:
            command(name).add_to(commands, formatter)
        elif not declared:
            commands.add_parser(name, formatter_class=formatter)
    return root, commands.choices


def _terminal_columns() -> int:
    """$COLUMNS, else the terminal's width, else 80; at most 100.

    shutil.get_terminal_size's rule, without importing shutil (and the
    compression modules it pulls in) on every start.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return min(columns, 100)


def _listing(columns: int) -> str:
    """The commands and their one-line summaries, for `byline --help`.

    Written here because argparse's own listing wraps a command name as long
    as `translate` onto a line of its own.
    """
    import textwrap  # only help needs it

    lines = ["commands:"]
    for name in COMMANDS:
        lines += textwrap.wrap(command(name).summary, columns, initial_indent=f"  {name:<10}  ",
                               subsequent_indent=" " * 14)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command and exit: 0 when all is well, 1 on findings, 2 on a usage or input error, 3 on a bug.

    A bug (any exception that is not a BylineError) prints one line saying so;
    with BYLINE_DEBUG=1 it prints the traceback instead.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    named = next((a for a in args if not a.startswith("-")), None)
    from workflow.terminal import Escaping

    shown = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Escaping(sys.stdout), Escaping(sys.stderr)
    try:
        _run(args, named)
    finally:
        sys.stdout, sys.stderr = shown


def _run(args: list[str], named: str | None) -> None:
    """Parse and run one command, turning its errors into exit codes."""
    try:
        if named not in COMMANDS:  # help, the version, or a mistake that argparse explains
            root = parser([])[0]
            root.parse_args(args)
            root.print_help()
            sys.exit(2)
        root, commands = parser([named])
        where = args.index(named)
        root.parse_args(args[:where])  # `byline --help status` still means the general help
        # Intermixed, as people type them: `check a --no-cache b`, `align SRC --sentences TGT`.
        arguments = vars(commands[named].parse_intermixed_args(args[where + 1 :]))
        arguments.pop("run")(**arguments)
    except BylineError as exc:
        print(f"byline: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:
        report_bug(exc)
        sys.exit(INTERNAL_ERROR)
    sys.exit(0)


INTERNAL_ERROR = 3


def report_bug(exc: BaseException) -> None:
    """One line on standard error naming the bug, or its traceback when BYLINE_DEBUG is set (to anything but 0)."""
    if os.environ.get("BYLINE_DEBUG", "0") not in ("", "0"):
        import traceback  # only a bug needs it

        traceback.print_exception(exc, file=sys.stderr)
        return
    what = " ".join(f"{type(exc).__name__}: {exc}".split())
    print(f"byline: internal error: {what}; this is a bug — run with BYLINE_DEBUG=1 for the traceback", file=sys.stderr)
