"""The one Jinja environment for the HTML pages: the provenance report and the published article.

Templates are read from `reports/templates/` beside this file (package data),
escaped by default, with block tags trimmed so the pages' layout is the templates'.
"""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

TEMPLATES = Path(__file__).with_name("templates")


@functools.cache
def _environment() -> Environment:
    """One environment per process: it keeps each template compiled (a page a publication, thousands in a build)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def template(name: str) -> Template:
    """The template called `name` in `reports/templates/` (reloaded when the file changes, as Jinja does)."""
    return _environment().get_template(name)
