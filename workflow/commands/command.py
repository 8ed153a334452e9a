"""How a command declares itself: the function that runs it and its arguments, in argparse's own terms.

A declaration is plain data, so the command line builds a parser for the one
command being run and imports nothing else. argparse, from the standard
library, keeps an editor command's start-up close to the interpreter's own; a
CLI framework would cost more to import than most commands take to run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    Argument = tuple[tuple[str, ...], dict[str, Any]]


def arg(*names: str, **settings: Any) -> Argument:
    """One argument or option, spelt as for `ArgumentParser.add_argument`."""
    return names, settings


class Command:
    """A command: its name and help (from the function's docstring) and its arguments.

    The parsed arguments reach the function as keyword arguments named by each
    argument's `dest`.
    """

    __slots__ = ("arguments", "run")

    def __init__(self, run: Callable[..., None], arguments: tuple[Argument, ...]) -> None:
        self.run = run
        self.arguments = arguments

    @property
    def name(self) -> str:
        """The function's name, with dashes for underscores (`merge_driver` is `byline merge-driver`)."""
        return self.run.__name__.replace("_", "-")

    @property
    def description(self) -> str:
        """The docstring without its indentation: a summary line, then paragraphs."""
        lines = (self.run.__doc__ or "").strip().splitlines()
        return "\n".join([lines[0], *(line.strip() for line in lines[1:])]) if lines else ""

    @property
    def summary(self) -> str:
        return self.description.split("\n", 1)[0]

    def add_to(self, commands: argparse._SubParsersAction, formatter: Callable[..., argparse.HelpFormatter]) -> None:
        """Add this command's parser to the `byline` parser's commands."""
        parser = commands.add_parser(self.name, prog=f"byline {self.name}", description=self.description,
                                     formatter_class=formatter)
        for names, settings in self.arguments:
            if not names[0].startswith("-"):
                settings = {"metavar": names[0].upper(), **settings}
            parser.add_argument(*names, **settings)
        parser.set_defaults(run=self.run)


def command(*arguments: Argument) -> Callable[[Callable[..., None]], Command]:
    """Declare the decorated function a command taking these arguments."""

    def declare(run: Callable[..., None]) -> Command:
        return Command(run, arguments)

    return declare
