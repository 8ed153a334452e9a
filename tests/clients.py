"""The real programs that read byline's files, found on this machine or skipped with the reason.

`.ci/run` installs them (Debian: gettext, graphviz, jing, libreoffice-writer-nogui;
npm: @microsoft/sarif-multitool, vnu-jar, node-schematron; PyPI, the `test`
extra: translate-toolkit, pre-commit). A test that needs one calls the helper,
which skips the test, naming the missing program and its install line, when
it is absent, so a slow mirror costs a skip and never a false failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
_VENV_BIN = Path(sys.executable).parent


def program(name: str, install: str) -> str:
    """The path of a command on PATH (or beside this Python), or a skip saying how to install it."""
    found = shutil.which(name) or shutil.which(name, path=str(_VENV_BIN))
    if found is None:
        pytest.skip(f"{name} is not installed ({install})")
    return found


def schema(*parts: str) -> Path:
    """A file under ../shared/schemas, or a skip when the folder is absent."""
    path = SCHEMAS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (../shared/schemas)")
    return path


@cache
def _npm_root() -> Path | None:
    npm = shutil.which("npm")
    if npm is None:
        return None
    result = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60)
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def npm_package(name: str) -> Path:
    """A globally installed npm package's folder, or a skip."""
    root = _npm_root()
    if root is None or not (root / name / "package.json").exists():
        pytest.skip(f"npm package {name} is not installed (npm install -g {name})")
    return root / name


def sarif_validate(path: Path, rule_kind: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    """Microsoft's SARIF Multitool `validate` verdict on a log: its results (ruleId, level, message)."""
    tool = program("sarif-multitool", "npm install -g @microsoft/sarif-multitool")
    out = path.with_suffix(".validation.sarif")
    args = [tool, "validate", str(path), "--output", str(out), "--log", "ForceOverwrite"]
    if rule_kind:
        args += ["--rule-kind", rule_kind]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert out.exists(), f"sarif-multitool wrote no verdict: {result.stdout}{result.stderr}"
    verdict = json.loads(out.read_text(encoding="utf-8-sig"))
    found = []
    for run in verdict["runs"]:
        for item in run.get("results", []):
            message = item["message"].get("text") or " ".join(item["message"].get("arguments", []))
            found.append({"ruleId": item["ruleId"], "level": item.get("level", "warning"), "message": message})
    for notification in (n for run in verdict["runs"] for i in run.get("invocations", [])
                         for n in i.get("toolExecutionNotifications", [])):
        if notification.get("level") == "error":  # the tool could not read the file at all
            found.append({"ruleId": "tool", "level": "error", "message": notification["message"]["text"]})
    return found


def jing(schema_path: Path, document: Path) -> subprocess.CompletedProcess[str]:
    """jing's verdict on a document (RELAX NG, or W3C XML Schema through Xerces)."""
    tool = program("jing", "apt-get install jing")
    result = subprocess.run([tool, str(schema_path), str(document)], capture_output=True, text=True, timeout=120)
    result.stdout = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                              if not line.startswith("[warning]"))  # Debian's wrapper names optional jars
    return result


_SCHEMATRON = """
const fs = require('fs');
const { Schema } = require(process.argv[1]);
const schema = Schema.fromString(fs.readFileSync(process.argv[2], 'utf8'));
const results = schema.validateString(fs.readFileSync(process.argv[3], 'utf8'), {});
process.stdout.write(JSON.stringify(results.map(r => ({
  message: r.message.trim().replace(/\\s+/g, ' '), context: r.context ? r.context.nodeName : null,
  report: Boolean(r.isReport) }))));
"""


def schematron(rules: Path, document: Path) -> list[dict]:  # type: ignore[type-arg]
    """Failed asserts and fired reports of an ISO Schematron schema (XPath 2+: node-schematron, not lxml's XSLT 1)."""
    node = program("node", "apt-get install nodejs")
    package = npm_package("node-schematron")
    result = subprocess.run([node, "-e", _SCHEMATRON, str(package), str(rules), str(document)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def soffice() -> str:
    """LibreOffice's command, or a skip."""
    return program("soffice", "apt-get install --no-install-recommends libreoffice-writer-nogui")


def libreoffice_convert(source: Path, target_format: str, outdir: Path, profile: Path) -> Path:
    """`soffice --headless --convert-to`: LibreOffice opens the file and saves it again in `target_format`."""
    outdir.mkdir(parents=True, exist_ok=True)
    args = [soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", target_format, "--outdir", str(outdir), str(source)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "HOME": str(profile)})
    produced = outdir / (source.stem + "." + target_format.split(":", 1)[0])
    assert produced.exists(), f"LibreOffice wrote nothing: {result.stdout}{result.stderr}"
    return produced


def vnu(document: Path) -> subprocess.CompletedProcess[str]:
    """The W3C Nu HTML checker's verdict on a document (errors only)."""
    java = program("java", "apt-get install default-jre-headless")
    jar = npm_package("vnu-jar") / "build" / "dist" / "vnu.jar"
    if not jar.exists():
        pytest.skip(f"{jar} is missing (npm install -g vnu-jar)")
    return subprocess.run([java, "-jar", str(jar), "--errors-only", str(document)],
                          capture_output=True, text=True, timeout=180)
