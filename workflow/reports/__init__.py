"""Report renderers, one module each, listed in one registry.

Each module exposes `render(report) -> str` (or bytes, for svg) over a
`workflow.reports.record.Report`; PROV formats render from the state instead,
since they describe every version rather than the current one.
"""

from __future__ import annotations

import importlib

from workflow.errors import UnknownFormatError
from workflow.model.state import State
from workflow.workspace import Workspace

# --format name -> (module, function). PROV formats take (workspace, state).
REGISTRY: dict[str, tuple[str, str]] = {
    "html": ("workflow.reports.html", "render"),
    "md": ("workflow.reports.markdown", "render"),
    "json": ("workflow.reports.json", "render"),
    "prov-json": ("workflow.reports.prov", "render_json"),
    "prov-xml": ("workflow.reports.prov", "render_xml"),
    "prov-ttl": ("workflow.reports.prov", "render_turtle"),
    "prov-n": ("workflow.reports.prov", "render_provn"),
    "dot": ("workflow.reports.prov", "render_dot"),
    "svg": ("workflow.reports.prov", "render_svg"),
}
FORMATS = tuple(REGISTRY)
_FROM_STATE = frozenset({"prov-json", "prov-xml", "prov-ttl", "prov-n", "dot", "svg"})


def render(ws: Workspace, state: State, fmt: str, *, since: str | None = None) -> str | bytes:
    """The report of an article in one format."""
    if fmt not in REGISTRY:
        raise UnknownFormatError(f"--format {fmt!r}: not a report format; use one of {', '.join(FORMATS)}")
    module_name, function_name = REGISTRY[fmt]
    function = getattr(importlib.import_module(module_name), function_name)
    if fmt in _FROM_STATE:
        return function(ws, state)
    from workflow.reports.record import gather  # noqa: PLC0415

    return function(gather(ws, state, since=since))
