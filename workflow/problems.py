"""The one record of a problem byline found, wherever it was found: the ledger scan, verify, a check rule.

A ledger scan finds a torn or broken line; `verify` adds events that do not
replay, working files that differ from replay and signatures that do not
hold; the check rules find content and policy problems, and the integrity
rules pass verify's problems on. All of them are `Problem`s: a `Kind`, the
evidence, and as much of the place (article, file, line, unit) as is known.
A check finding also carries its rule, the severity and whether a recorded
waiver covers it. Reports and every output format read this one record.
"""

from __future__ import annotations

from collections import namedtuple
from enum import StrEnum  # enum is imported by `re` at every start, so this costs nothing


class Kind(StrEnum):
    """What sort of problem it is; the value is what `byline verify --json` prints."""

    CHAIN = "chain"  # a ledger line whose JSON, id, seq, prev or envelope does not hold
    TORN = "torn"  # an incomplete last ledger line (an interrupted append; `byline repair`)
    REPLAY = "replay"  # events that chain but do not replay (malformed bodies, texts off their hashes)
    UNRECORDED = "unrecorded"  # a working file that differs from what replay yields
    SIGNATURE = "signature"  # a signature missing where required, or one that does not verify
    ARTICLE = "article"  # an event that names another article (a copied ledger, a spliced event)
    CHECK = "check"  # a pre-publication check rule's finding


class Problem(namedtuple("Problem", "kind message article file line unit rule name severity waived",
                         defaults=(None, None, None, None, None, None, None, False))):
    """One problem: its kind, the evidence (lower-case, quoted, no final period), and where.

    Check findings also name the rule (`rule` code and `name`), the
    configured `severity` (error or warning) and whether a waiver covers it.
    A rule yields a `finding(...)`; the runner stamps the rest.
    """

    __slots__ = ()
    kind: Kind
    message: str
    article: str | None
    file: str | None
    line: int | None
    unit: str | None
    rule: str | None
    name: str | None
    severity: str | None
    waived: bool

    @property
    def where(self) -> str:
        """`file:line`, or the file alone when the line is not known."""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    @property
    def blocking(self) -> bool:
        """An unwaived error: it fails `byline check` and blocks publication."""
        return self.severity == "error" and not self.waived

    def to_json(self) -> dict[str, object]:
        """A check finding as `byline check --json` prints it (DESIGN.md); a waived one says so."""
        data: dict[str, object] = {"rule": self.rule, "name": self.name, "severity": self.severity,
                                   "article": self.article, "unit": self.unit, "file": self.file,
                                   "line": self.line, "message": self.message}
        if self.waived:
            data["waived"] = True
        return data


def finding(message: str, *, unit: str | None = None, file: str | None = None, line: int | None = None,
            severity: str | None = None) -> Problem:
    """What a check rule yields: the evidence and, when the rule knows better than the runner, place or severity."""
    return Problem(Kind.CHECK, message, None, file, line, unit, None, None, severity)
