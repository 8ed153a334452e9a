"""What byline prints is shown, never obeyed: control, format and bidi characters reach a terminal as escapes.

Names, notes, reasons and the English come from people and files; an ESC or
OSC sequence in one of them would drive the reader's terminal (retitle it,
clear it, hide lines), and a bidi override would reorder what they read.
`main` puts `Escaping` around standard output and standard error for the
whole command, so no command can forget. byline's own colour codes and file
content written to standard output on purpose (`export`, `report` without
`-o`) go through `write_raw`.
"""

from __future__ import annotations

import sys

from workflow.text.characters import escape

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import TextIO


class Escaping:
    """A text stream that writes every hidden character as a JSON-style escape."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(escape(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


def write_raw(text: str, stream: object = None) -> None:
    """Write `text` as it is: byline's own escape sequences, or a file's content the user asked for."""
    target = sys.stdout if stream is None else stream
    (target.stream if isinstance(target, Escaping) else target).write(text)  # type: ignore[union-attr]
