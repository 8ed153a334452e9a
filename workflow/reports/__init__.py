"""Report renderers, one module each, listed in one registry.

Each module exposes `render(report) -> str` (or bytes, for svg) over a
`workflow.reports.record.Report`; PROV formats render from the state instead,
since they describe every version rather than the current one. REGISTRY
says which function renders each format and which of the two it reads.
"""

from __future__ import annotations

import importlib
from collections import namedtuple

from workflow.errors import UnknownFormatError
from workflow.model.state import State
from workflow.workspace import Workspace


class Renderer(namedtuple("Renderer", "module function reads")):
    """A report format: the function that renders it, and what it reads.

    `reads` is "report" (the gathered `Report`: the current state with its
    history, checks and verification) or "state" (the PROV formats, which
    describe every version and take the workspace and the state).
    """

    __slots__ = ()
    module: str
    function: str
    reads: str


# --format name -> its renderer.
REGISTRY: dict[str, Renderer] = {
    "html": Renderer("workflow.reports.html", "render", "report"),
    "md": Renderer("workflow.reports.markdown", "render", "report"),
    "json": Renderer("workflow.reports.json", "render", "report"),
    "prov-json": Renderer("workflow.reports.prov", "render_json", "state"),
    "prov-xml": Renderer("workflow.reports.prov", "render_xml", "state"),
    "prov-ttl": Renderer("workflow.reports.prov", "render_turtle", "state"),
    "prov-jsonld": Renderer("workflow.reports.prov", "render_jsonld", "state"),
    "prov-n": Renderer("workflow.reports.prov", "render_provn", "state"),
    "dot": Renderer("workflow.reports.graph", "render_dot", "state"),
    "svg": Renderer("workflow.reports.graph", "render_svg", "state"),
}
FORMATS = tuple(REGISTRY)


def render(ws: Workspace, state: State, fmt: str, *, since: str | None = None) -> str | bytes:
    """The report of an article in one format."""
    if fmt not in REGISTRY:
        raise UnknownFormatError(f"--format {fmt!r}: not a report format; use one of {', '.join(FORMATS)}")
    renderer = REGISTRY[fmt]
    function = getattr(importlib.import_module(renderer.module), renderer.function)
    if renderer.reads == "state":
        return function(ws, state)
    from workflow.reports.record import gather

    return function(gather(ws, state, since=since))
