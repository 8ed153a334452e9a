"""What a check rule is, and `@rule`, which declares one.

A rule is a generator over one article's `Context` (and, for unit rules, a
unit) that yields `workflow.problems.finding(...)`s, or plain messages.

Rule modules (`workflow.checks.rules.*`) import only this and the context they
read; `workflow.checks.registry` imports the rule modules, so imports run one
way: rule <- rules <- registry.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Iterator

from workflow.problems import Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning"]
SEVERITIES = ("error", "warning")


class Rule(namedtuple("Rule", "code name severity scope check")):
    """A registered check: code, name, default severity, scope and the function.

    A named tuple rather than a dataclass: dataclasses imports inspect, about 10 ms of every cold check's start.
    """

    __slots__ = ()
    code: str
    name: str
    severity: Severity
    scope: Literal["unit", "article", "record"]
    check: Callable[..., Iterator[Problem | str]]

    @property
    def summary(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]

    @property
    def family(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]


_REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, *, severity: Severity = "error", scope: str = "unit"):
    """Register a check. Unit rules get (ctx, unit), article rules (ctx), record rules (ctx) even without a state."""
    if not re.fullmatch(r"BL\d{3}", code) or code in _REGISTRY:
        raise ValueError(f"rule code {code!r} is malformed or taken")

    def register(function: Callable[..., Iterator[Problem | str]]) -> Callable[..., Iterator[Problem | str]]:
        _REGISTRY[code] = Rule(code, name, severity, scope, function)
        return function

    return register


def declared() -> tuple[Rule, ...]:
    """The rules declared so far (the modules imported so far), by code."""
    return tuple(_REGISTRY[code] for code in sorted(_REGISTRY))
