"""Findings set aside on disk, for a format that can write them only once the whole run is over.

JUnit gives every suite a share of the run's wall time, which is known only
after the last article is checked. Holding an archive's findings in memory
until then would make memory grow with the archive; a temporary file (deleted
when the spool closes, even on an error) holds them instead, a finding a line,
and gives them back an article at a time.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from workflow.problems import Kind, Problem


class Spool:
    """A temporary file of findings, written in article order and read back article by article."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="byline-findings-")

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def extend(self, findings: Iterable[Problem]) -> None:
        """Set the findings aside, in the order given (article order: `by_article` reads them back so)."""
        dumps, write = json.JSONEncoder(ensure_ascii=False).encode, self._file.write
        for f in findings:
            write(dumps([f.article, f.file, f.line, f.unit, f.rule, f.name, f.severity, f.waived, f.message]))
            write("\n")

    def by_article(self, articles: Sequence[str]) -> Iterator[tuple[str, list[Problem]]]:
        """Each article with its findings, in the order of `articles`; only one article's are held at a time.

        The findings must have been set aside in that order: a finding of
        another article, or one out of order, is a programming error.
        """
        self._file.seek(0)
        lines = iter(self._file)
        waiting = _read(next(lines, ""))
        for article in articles:
            found = []
            while waiting is not None and waiting.article == article:
                found.append(waiting)
                waiting = _read(next(lines, ""))
            yield article, found
        if waiting is not None:
            raise ValueError(f"finding of {waiting.article!r} out of article order")


def _read(line: str) -> Problem | None:
    """A finding as `Spool.extend` wrote it; None at the end of the file."""
    if not line:
        return None
    article, file, line_number, unit, rule, name, severity, waived, message = json.loads(line)
    return Problem(Kind.CHECK, message, article, file, line_number, unit, rule, name, severity, waived)
