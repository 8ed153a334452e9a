"""The one Jinja environment for the HTML pages: the provenance report and the published article.

Templates are read from `reports/templates/` beside this file (package data),
escaped by default, with block tags trimmed so the pages' layout is the templates'.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

TEMPLATES = Path(__file__).with_name("templates")


def template(name: str) -> Template:
    """The template called `name` in `reports/templates/`."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template(name)
