"""Imports in `workflow/` run one way: no module reaches itself through its imports.

Counted: every import statement, at the top of a module or inside a function
(a lazy import that closes a circle is the same tangle, only hidden), with
`from pkg import name` resolved to the module `pkg.name` when there is one and
to the package's `__init__` otherwise; and every string that is exactly a
module's dotted name, because the registries (formats, reports, commands)
import their modules by name. A module's own package `__init__` counts only
when the module imports from it by name, as any other module would.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "workflow"


def modules(package: Path) -> dict[str, tuple[Path, bool]]:
    """Every module under `package` by dotted name, with its file and whether it is a package `__init__`."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def imports(name: str, path: Path, is_package: bool, known: set[str]) -> set[str]:
    """The modules of `known` that the module `name` (in file `path`) imports, anywhere in its body."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
            found.add(node.value)
    return (found & known) - {name}


def graph(package: Path) -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    found = modules(package)
    return {name: imports(name, path, is_package, set(found)) for name, (path, is_package) in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One circle (as a path that returns to its start) per strongly connected group of modules."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative so that deep chains cannot overflow
        work = [(start, iter(sorted(edges[start])))]
        order[start] = low[start] = len(order)
        stack.append(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == order[node]:
                    group = []
                    while not group or group[-1] != node:
                        group.append(stack.pop())
                    if len(group) > 1:
                        groups.append(sorted(group))
            elif target not in order:
                order[target] = low[target] = len(order)
                stack.append(target)
                work.append((target, iter(sorted(edges[target]))))
            elif target in stack:
                low[node] = min(low[node], order[target])

    for name in sorted(edges):
        if name not in order:
            visit(name)
    return [_circle(group, edges) for group in groups]


def _circle(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(edges[node] & set(group)):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"{group} is not strongly connected")


def test_no_import_circle_in_workflow() -> None:
    found = cycles(graph(PACKAGE))
    assert not found, "import circles (make the shared part a module below both): " + "; ".join(
        " -> ".join(circle) for circle in found
    )


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"pkg/__init__.py": "", "pkg/a.py": "from pkg.b import x\n", "pkg/b.py": "x = 1\n"}, [],
                     id="one-way"),
        pytest.param({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n",
                      "pkg/b.py": "def f():\n    from pkg.a import y\n"}, [["pkg.a", "pkg.b", "pkg.a"]],
                     id="lazy-import-closes-it"),
        pytest.param({"pkg/__init__.py": "def f():\n    from pkg.sub import core\n", "pkg/sub/__init__.py": "",
                      "pkg/sub/core.py": "from pkg import thing\n"},
                     [["pkg", "pkg.sub.core", "pkg"]], id="through-a-package-init"),
        pytest.param({"pkg/__init__.py": "", "pkg/a.py": "REGISTRY = {'b': 'pkg.b'}\n",
                      "pkg/b.py": "from . import a\n"},
                     [["pkg.a", "pkg.b", "pkg.a"]], id="registry-by-name-and-relative-import"),
        pytest.param({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": "import pkg.c\n",
                      "pkg/c.py": "import pkg.a\n"}, [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]], id="three-modules"),
    ],
)
def test_the_probe_finds_a_planted_circle(tmp_path: Path, files: dict[str, str], expected: list[list[str]]) -> None:
    assert cycles(graph(_write(tmp_path, files))) == expected
