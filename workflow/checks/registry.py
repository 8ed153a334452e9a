"""The check rules' registry, the per-article context they read, and checking one article.

Rules are small generators declared with `@rule(code, name, severity=…, scope=…)`
in one module per family (listed in FAMILIES); `check_article` stamps each hit
with the code, the configured severity and the place in `en.po`, and applies
waivers.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Literal

from workflow.checks import GLOSSARY_NAME, Finding
from workflow.config import Config
from workflow.errors import ConfigError
from workflow.workspace import Workspace

if TYPE_CHECKING:  # replay is only needed when an article is actually checked, not for a warm cache
    from workflow.state import State, Unit

Severity = Literal["error", "warning"]
SEVERITIES = ("error", "warning")
FAMILIES = (
    "workflow.checks.completeness",
    "workflow.checks.consistency",
    "workflow.checks.policy",
    "workflow.checks.integrity",
)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: the message and, when it knows better than the runner, the place or severity."""

    message: str
    unit: str | None = None
    file: str | None = None
    line: int | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check: code, name, default severity, scope and the function."""

    code: str
    name: str
    severity: Severity
    scope: Literal["unit", "article", "record"]
    check: Callable[..., Iterator[Hit | str]]

    @property
    def summary(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]

    @property
    def family(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]


_REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, *, severity: Severity = "error", scope: str = "unit"):  # type: ignore[no-untyped-def]
    """Register a check. Unit rules get (ctx, unit), article rules (ctx), record rules (ctx) even without a state."""
    if not re.fullmatch(r"BL\d{3}", code) or code in _REGISTRY:
        raise ValueError(f"rule code {code!r} is malformed or taken")

    def register(function: Callable[..., Iterator[Hit | str]]) -> Callable[..., Iterator[Hit | str]]:
        _REGISTRY[code] = Rule(code, name, severity, scope, function)  # type: ignore[arg-type]
        return function

    return register


def rules() -> tuple[Rule, ...]:
    """Every registered rule, by code."""
    for module in FAMILIES:
        importlib.import_module(module)
    return tuple(_REGISTRY[code] for code in sorted(_REGISTRY))


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules run and at what severity, from `[checks]` in byline.toml."""

    active: tuple[Rule, ...]
    severity: dict[str, Severity]


def select_rules(config: Config) -> Selection:
    """Validate `[checks]` (select, ignore, severity) and apply it to the registry."""
    table = config.checks
    known = {r.code: r for r in rules()}
    for key in table:
        if key not in ("select", "ignore", "severity"):
            raise ConfigError(f"{config.path}: [checks] has unknown key {key!r}; known keys: ignore, select, severity")
    select = _codes(config, "select", table.get("select", []), known)
    ignore = _codes(config, "ignore", table.get("ignore", []), known)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f'{config.path}: checks.severity must be a table like {{ BL104 = "error" }}')
    _codes(config, "severity", list(severity), known)
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{config.path}: checks.severity.{code} must be \"error\" or \"warning\", found {level!r}")
    active = tuple(r for code, r in sorted(known.items()) if (not select or code in select) and code not in ignore)
    return Selection(active, dict(severity))


def _codes(config: Config, key: str, value: object, known: dict[str, Rule]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{config.path}: checks.{key} must be a list of rule codes like ["BL204"]')
    for code in value:
        if code.upper() not in known:
            raise ConfigError(f"{config.path}: checks.{key} names unknown rule {code!r}; `byline rules` lists them")
    return [code.upper() for code in value]


@dataclass
class Context:
    """What rules read about one article: the workspace, its state (None when it does not replay), files."""

    ws: Workspace
    slug: str
    state: State | None
    verified: object = None  # workflow.verify.Verified, read by the integrity rules

    @property
    def config(self) -> Config:
        return self.ws.config

    @cached_property
    def texts(self) -> dict[str, tuple[str, str]]:
        """Each unit's Korean and English, read once for all the unit rules."""
        assert self.state is not None
        state = self.state
        live = {s.id: state.source_text[s.start : s.end] for s in state.segments}
        target = state.target_text or ""
        return {u.id: (" ".join(live[sid] for sid in u.sources if sid in live), target[u.start : u.end])
                for u in state.units}

    def pair(self, unit: Unit) -> tuple[str, str]:
        """A unit's Korean (live segments joined by a space) and its English."""
        return self.texts[unit.id]

    @cached_property
    def credit(self):  # type: ignore[no-untyped-def]
        """The credit the record supports (several policy rules read it)."""
        from workflow.credit import credit  # noqa: PLC0415

        assert self.state is not None
        return credit(self.state, self.config)

    @cached_property
    def glossary(self) -> tuple[tuple[str, tuple[str, ...], int], ...]:
        return load_glossary(self.ws.root / GLOSSARY_NAME)

    @cached_property
    def po_path(self) -> str:
        return self.ws.relative(self.ws.po_file(self.slug))

    @cached_property
    def po_lines(self) -> dict[str, int]:
        """The line of each entry's msgctxt in en.po on disk (or as replay renders it)."""
        path = self.ws.po_file(self.slug)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            if self.state is None or self.state.target_text is None:
                return {}
            from workflow.views import render_po  # noqa: PLC0415

            text = render_po(self.state, self.config)
        lines = {}
        for number, line in enumerate(text.split("\n"), start=1):
            match = re.match(r'msgctxt "(.*)"$', line)
            if match:
                lines.setdefault(match.group(1), number)
        return lines


def load_glossary(path: Path) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """`glossary.tsv`: Korean term TAB required English (alternatives split by `|`); `#` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 ({exc.reason}); save it as UTF-8") from exc
    terms = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ConfigError(f"{path}:{number}: expected 'Korean term<TAB>English' (alternatives as a|b), found {raw!r}")
        english = tuple(e.strip() for e in parts[1].split("|") if e.strip())
        terms.append((parts[0].strip(), english, number))
    return tuple(terms)


def check_article(ws: Workspace, slug: str, selection: Selection) -> list[Finding]:
    """Run the selected rules on one article; waivers recorded in its ledger mark findings waived."""
    from workflow.verify import verify_article  # noqa: PLC0415

    verified = verify_article(ws, slug)
    ctx = Context(ws, slug, verified.state, verified)
    findings: list[Finding] = []
    for active in selection.active:
        for hit in _hits(active, ctx):
            findings.append(_stamp(ctx, active, hit, selection.severity.get(active.code)))
    return _apply_waivers(ctx.state, findings)


def _hits(active: Rule, ctx: Context) -> Iterator[Hit]:
    """The rule's hits as Hit records, each unit rule's hits carrying their unit."""
    if active.scope == "record":
        items: Iterator[tuple[str | None, Hit | str]] = ((None, h) for h in active.check(ctx))
    elif ctx.state is None:
        return
    elif active.scope == "article":
        items = ((None, h) for h in active.check(ctx))
    else:
        items = ((unit.id, h) for unit in ctx.state.units for h in active.check(ctx, unit))
    for unit_id, hit in items:
        hit = Hit(hit) if isinstance(hit, str) else hit
        if hit.unit is None and unit_id is not None:
            hit = Hit(hit.message, unit_id, hit.file, hit.line, hit.severity)
        yield hit


def _stamp(ctx: Context, active: Rule, hit: Hit, configured: str | None) -> Finding:
    """The finding: configured severity wins over the rule's own grading; place defaults to the unit's PO entry."""
    severity = configured or hit.severity or active.severity
    if hit.file is not None:
        file, line = hit.file, hit.line
    else:
        file = ctx.po_path
        line = hit.line if hit.line is not None or hit.unit is None else ctx.po_lines.get(hit.unit)
    return Finding(active.code, active.name, severity, ctx.slug, hit.unit, file, line, hit.message)


def _apply_waivers(state: State | None, findings: list[Finding]) -> list[Finding]:
    if state is None or not state.waivers:
        return findings
    waived = {(w.rule.upper(), w.unit) for w in state.waivers}
    result = []
    for f in findings:
        is_waived = (f.rule, None) in waived or (f.unit is not None and any(
            (f.rule, part) in waived for part in (f.unit, *f.unit.split("+"))))
        result.append(f._replace(waived=True) if is_waived else f)
    return result


# Below this many articles to check, starting worker processes costs more than it saves.
POOL_THRESHOLD = 8


def check_many(ws: Workspace, slugs: list[str], selection: Selection) -> list[list[Finding]]:
    """`check_article` over the articles, in a process pool when it pays."""
    import os  # noqa: PLC0415

    workers = min(os.cpu_count() or 1, len(slugs) // POOL_THRESHOLD)
    if workers < 2:
        return [check_article(ws, slug, selection) for slug in slugs]
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_check_one, [(ws, slug, selection) for slug in slugs], chunksize=8))


def _check_one(job: tuple[Workspace, str, Selection]) -> list[Finding]:
    return check_article(*job)


