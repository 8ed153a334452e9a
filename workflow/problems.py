"""The one record of a problem byline found: a check finding, in the file and line it is about."""

from __future__ import annotations

from collections import namedtuple


class Finding(namedtuple("Finding", "rule name severity article unit file line message waived", defaults=(False,))):
    """One problem a check found: the rule, how serious, and where."""

    __slots__ = ()
    rule: str
    name: str
    severity: str
    article: str
    unit: str | None
    file: str
    line: int | None
    message: str
    waived: bool

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"rule": self.rule, "name": self.name, "severity": self.severity,
                                   "article": self.article, "unit": self.unit, "file": self.file,
                                   "line": self.line, "message": self.message}
        if self.waived:
            data["waived"] = True
        return data
