"""The rest of the real clients (issue #20): the W3C Nu checker on the published page, jing on the XLIFF
exports, translate-toolkit's pofilter on en.po, and pre-commit running byline's hook from this repository.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import clients
import pytest
from helpers import invoke

ROOT = Path(__file__).resolve().parents[1]


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def test_published_page_passes_the_nu_checker(machine_translated: Path, tmp_path: Path) -> None:
    page = tmp_path / "nk.html"
    result = invoke("publish", "nk", "--by", "ewhong", "--force", "-o", str(page), *ws_args(machine_translated))
    assert result.exit_code == 0, result.output
    assert "its-person" in page.read_text(encoding="utf-8") or "its-rev-person" in page.read_text(encoding="utf-8")
    verdict = clients.vnu(page)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


@pytest.mark.parametrize(("fmt", "schema"), [
    pytest.param("xliff", ("xliff21", "xliff21_all.xsd"), id="xliff21"),
    pytest.param("xliff12", ("xliff12", "xliff-core-1.2-transitional.xsd"), id="xliff12"),
])
def test_xliff_passes_jing(workspace: Path, tmp_path: Path, fmt: str, schema: tuple[str, str]) -> None:
    path = tmp_path / "nk.xlf"
    assert invoke("export", "nk", "--format", fmt, "-o", str(path), *ws_args(workspace)).exit_code == 0
    verdict = clients.jing(clients.schema(*schema), path)
    assert verdict.returncode == 0, verdict.stdout


def test_pofilter_reads_the_po_view(workspace: Path, tmp_path: Path) -> None:
    pofilter = clients.program("pofilter", "pip install translate-toolkit")
    po = workspace / "translations" / "nk" / "en.po"
    out = tmp_path / "filtered.po"
    result = subprocess.run([pofilter, "-i", str(po), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_pre_commit_runs_the_hook_from_this_repository(workspace: Path, tmp_path: Path) -> None:
    """`pre-commit try-repo` installs byline from this repository into its own environment and checks the workspace."""
    pre_commit = clients.program("pre-commit", "pip install pre-commit")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit needs a repository to install the hook from")
    repo = tmp_path / "byline"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(repo)], check=True, timeout=120)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env.pop("VIRTUAL_ENV", None)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "workspace"]):
        subprocess.run(["git", *args], cwd=workspace, check=True, env=env, timeout=60)
    run = [pre_commit, "try-repo", str(repo), "byline-check", "--all-files"]
    result = subprocess.run(run, cwd=workspace, capture_output=True, text=True, env=env, timeout=900)
    # The workspace's article lacks an edit and editors (BL301, BL302): the hook must fail on them, by name.
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BL301 stage-missing" in result.stdout, result.stdout
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").rstrip("\n")
                  + "\n\nTranslated by Claire Shinyoung Oh Lee. Edited by Eugene Whong.\n", encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws_args(workspace)).exit_code == 0
    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True, env=env, timeout=60)
    result = subprocess.run(run, cwd=workspace, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
