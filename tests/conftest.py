"""Shared fixtures: a small workspace with a roster, and a recorded sample article."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: no per-example deadline, so a busy
# CI machine cannot fail them.
settings.register_profile("byline", deadline=None)
settings.load_profile("byline")

from workflow.cli import main

SHARED = Path(__file__).resolve().parents[2] / "shared"

ROSTER = """
[people.cslee]
name = "Claire Shinyoung Oh Lee"
roles = ["translator"]

[people.ewhong]
name = "Eugene Whong"
roles = ["editor"]

[people.mfoster]
name = "Malcolm Foster"
roles = ["editor"]

[people.reporter]
name = "Kim Jiyoung"
roles = ["reporter"]
"""

KOREAN = """# 북한, 미등록 노트북 단속

북한 당국이 등록되지 않은 노트북과 태블릿을 단속하고 있다고 주민들이 전했다. 량강도의 한 주민은 "앞으로는 간첩으로 처벌받는다"고 말했다.

이 사업에는 1억1천만 달러가 들었다. 주민 3명이 체포됐다.
"""

ENGLISH = """# North Korea cracks down on unregistered laptops

North Korean authorities are cracking down on unregistered laptops and tablets, residents said. "From now on, you will be punished as a spy," a resident of Ryanggang province said.

The program cost $110 million. Three residents were arrested.
"""


class Result(NamedTuple):
    """What one in-process run of the CLI printed, and its exit code."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Standard output, then standard error."""
        return self.stdout + self.stderr


def invoke(*args: str, cwd: Path | None = None) -> Result:
    """Run the byline CLI in-process (from `cwd`), capturing what it prints and its exit code.

    Bugs are not caught: their traceback fails the test.
    """
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    old_cwd = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    finally:
        os.chdir(old_cwd)
    return Result(code, _text(out), _text(err))


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Path:
    """A fresh workspace with the four-person roster."""
    root = tmp_path / "ws"
    assert invoke("init", str(root)).exit_code == 0
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    return root


@pytest.fixture
def workspace(empty_workspace: Path) -> Path:
    """A workspace whose article `nk` has an ingested source and a translation by cslee."""
    root = empty_workspace
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    ws = ["--workspace", str(root)]
    assert invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    result = invoke("translate", "nk", "--from", str(root / "en.md"), "--by", "cslee", *ws)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def machine_translated(empty_workspace: Path) -> Path:
    """An organisation's workspace: article `nk` machine-translated by papago (run by cslee), edited by ewhong."""
    root = empty_workspace
    config = root / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'target_lang = "en"', 'target_lang = "en"\norganization = "Daejeon Daily"'), encoding="utf-8")
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    ws = ["--workspace", str(root)]
    assert invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws).exit_code == 0
    assert invoke("translate", "nk", "--from", str(root / "en.md"), "--origin", "mt:papago", "--by", "cslee", *ws).exit_code == 0
    en = root / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    return root
