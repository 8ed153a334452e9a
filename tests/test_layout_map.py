"""CONTRIBUTING.md's layout map names every module of `workflow/`, and the top stays small.

The map is how a newcomer finds things by their names, so a module it does not
mention is one nobody will find; the top of the package holds the foundations
only (issue 15: at most 20 modules), everything else lives in a package named
for its job.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workflow"
TOP_LIMIT = 20


def entries() -> dict[str, str]:
    """The map's entries: each entry's leading names (`cli.py, clidocs.py` or `model/`) and all of its text."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    found: dict[str, str] = {}
    key = ""
    for line in block.splitlines()[2:]:  # the fence's language, then `workflow/`
        if re.match(r"  \S", line):
            key = line[2:22].strip()
            found[key] = line[22:]
        elif key:
            found[key] += " " + line.strip()
    return found


def test_the_top_of_workflow_stays_small() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= TOP_LIMIT, f"{len(top)} modules at the top of workflow/; file the new one in a package: {top}"


def test_the_map_names_every_top_module_and_package() -> None:
    found = entries()
    text = " ".join([*found, *found.values()])
    for path in PACKAGE.glob("*.py"):
        if path.stem not in ("__init__", "__main__"):
            assert path.name in text, f"CONTRIBUTING.md's layout map does not name {path.name}"
    for folder in PACKAGE.iterdir():
        if folder.is_dir() and (folder / "__init__.py").exists():
            assert f"{folder.name}/" in found, f"CONTRIBUTING.md's layout map has no line for {folder.name}/"


def test_each_package_line_names_its_modules() -> None:
    found = entries()
    for folder in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        text = found[f"{folder.name}/"]
        for module in sorted(folder.rglob("*.py")):
            if module.stem == "__init__":
                continue
            where = f"{folder.name}/{module.relative_to(folder)}"
            assert re.search(rf"\b{module.stem}\b", text), f"{where} is not in CONTRIBUTING.md's layout map"
