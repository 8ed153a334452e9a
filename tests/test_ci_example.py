"""docs/ci-github-actions.yml runs (issue #20, item 7): its shell steps, in a clean clone, as a fresh runner would.

The workflow is parsed as YAML; `uses:` steps are played by their local
equivalents (checkout: a clone; setup-python: a new virtual environment first
on PATH; cache: nothing; upload-sarif: the file must be a SARIF log), GitHub
expressions are substituted, and every `run:` step runs in bash with `-eo
pipefail`, as GitHub's runners do. An expression this test does not know
fails the test rather than being guessed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import clients
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "ci-github-actions.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _workflow() -> dict:  # type: ignore[type-arg]
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _evaluate(expression: str, context: dict[str, str]) -> str:
    """A GitHub expression made of context names, string literals and `||` (what the example uses)."""
    for alternative in (part.strip() for part in expression.split("||")):
        if alternative.startswith("'") and alternative.endswith("'"):
            value = alternative[1:-1]
        elif alternative in context:
            value = context[alternative]
        elif alternative.startswith("vars."):
            value = ""  # repository variables a fresh repository has not set
        else:
            raise AssertionError(f"{EXAMPLE.name}: expression {alternative!r} is not one this test can play")
        if value:
            return value
    return ""


def _substitute(value: object, context: dict[str, str]) -> object:
    if isinstance(value, str):
        return _EXPRESSION.sub(lambda m: _evaluate(m.group(1), context), value)
    if isinstance(value, dict):
        return {k: _substitute(v, context) for k, v in value.items()}
    return value


def test_the_example_installs_byline_from_its_repository() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert not re.search(r"pip install\s+byline\b", text), "no `byline` distribution is on the package index"
    steps = _workflow()["jobs"]["check"]["steps"]
    assert any(str(s.get("uses", "")).startswith("actions/checkout") and s.get("with", {}).get("repository")
               for s in steps), "byline's own repository is checked out to install it"


def _clone(tmp_path: Path) -> Path:
    """A clean clone of this repository at its current commit, as `actions/checkout` gives the workspace."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    clone = tmp_path / "runner" / "work"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True, timeout=120)
    return clone


def test_the_example_runs_in_a_clean_clone(tmp_path: Path) -> None:
    clients.program("git", "apt-get install git")
    job = _workflow()["jobs"]["check"]
    clone = _clone(tmp_path)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True, check=True).stdout
    python = tmp_path / "runner" / "python"  # what actions/setup-python puts first on PATH
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{python / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.update(CI="true", GITHUB_ACTIONS="true", PIP_DISABLE_PIP_VERSION_CHECK="1")
    shards = job["strategy"]["matrix"]["shard"]
    for shard in shards:
        context = {"matrix.shard": str(shard), "github.sha": sha.strip(), "github.repository": "newsroom/workspace",
                   "github.workspace": str(clone), "runner.temp": str(tmp_path / "runner" / "temp")}
        failed = False
        for number, raw in enumerate(job["steps"], start=1):
            step = _substitute(raw, context)
            assert isinstance(step, dict)
            if failed and "always()" not in str(step.get("if", "")):
                continue
            where = f"shard {shard}, step {number} ({step.get('name') or step.get('uses') or step.get('run')})"
            if "uses" in step:
                _play(str(step["uses"]), step.get("with", {}), clone, tmp_path, where)
                continue
            result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", str(step["run"])],
                                    cwd=clone, env=env, capture_output=True, text=True, timeout=900)
            if result.returncode != 0:
                failed = True
                assert "Annotate" in str(step.get("name")), f"{where} failed:\n{result.stdout}\n{result.stderr}"
        assert not failed, f"shard {shard}: the sample article has findings"


def _play(uses: str, given: dict, clone: Path, tmp_path: Path, where: str) -> None:  # type: ignore[type-arg]
    """The local equivalent of one `uses:` step."""
    action = uses.split("@", 1)[0]
    if action == "actions/checkout":
        if given.get("repository"):  # byline itself; in a fresh clone of byline's own repository, this commit
            target = clone / given.get("path", "")
            assert target != clone and not target.exists(), f"{where}: byline goes into its own folder"
            subprocess.run(["git", "clone", "-q", str(clone), str(target)], check=True, timeout=120)
        return
    if action in ("actions/setup-python", "actions/cache"):
        return
    if action == "github/codeql-action/upload-sarif":
        log = clone / given["sarif_file"]
        assert log.exists(), f"{where}: {log.name} was not written"
        data = json.loads(log.read_text(encoding="utf-8"))
        assert data["version"] == "2.1.0" and data["runs"], f"{where}: not a SARIF log"
        return
    raise AssertionError(f"{where}: this test does not know how to play {uses!r}")
