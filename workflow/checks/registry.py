"""Every check rule, from the family modules, and the selection `[checks]` in byline.toml makes of them."""

from __future__ import annotations

from collections import namedtuple

from workflow.checks.rule import SEVERITIES, Rule, declared
from workflow.config import Config
from workflow.errors import ConfigError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.checks.rule import Severity


def rules() -> tuple[Rule, ...]:
    """Every registered rule, by code (importing a family module registers its rules)."""
    from workflow.checks.rules import completeness, consistency, integrity, policy  # noqa: F401

    return declared()


class Selection(namedtuple("Selection", "active severity")):
    """Which rules run and at what severity, from `[checks]` in byline.toml."""

    __slots__ = ()
    active: tuple[Rule, ...]
    severity: dict[str, Severity]


def select_rules(config: Config) -> Selection:
    """Validate `[checks]` (select, ignore, severity) and apply it to the registry."""
    table = config.checks
    known = {r.code: r for r in rules()}
    for key in table:
        if key not in ("select", "ignore", "severity", "docs_url"):
            raise ConfigError(f"{config.path}: [checks] has unknown key {key!r}; "
                              "known keys: docs_url, ignore, select, severity")
    if not isinstance(table.get("docs_url", ""), str) or not str(table.get("docs_url", "https:")).startswith(
            ("https:", "http:", "file:")):
        raise ConfigError(f'{config.path}: checks.docs_url must be an absolute URL like "https://example.org/byline/docs/"')
    select = _codes(config, "select", table.get("select", []), known)
    ignore = _codes(config, "ignore", table.get("ignore", []), known)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{config.path}: checks.severity must be a table like {{ BL104 = "error" }}')
    _codes(config, "severity", list(severity), known)
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{config.path}: checks.severity.{code} must "
                              f"be \"error\" or \"warning\", found {level!r}")
    active = tuple(r for code, r in sorted(known.items()) if (not select or code in select) and code not in ignore)
    return Selection(active, dict(severity))


def _codes(config: Config, key: str, value: object, known: dict[str, Rule]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{config.path}: checks.{key} must be a list of rule codes like ["BL204"]')
    for code in value:
        if code.upper() not in known:
            raise ConfigError(f"{config.path}: checks.{key} names unknown rule {code!r}; `byline rules` lists them")
    return [code.upper() for code in value]
