"""The HTML report opened in headless Chromium shows every agent and the credit line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian package `chromium`, installed by .ci/run)")
def test_report_in_headless_chromium_shows_every_agent_and_the_credit_line(workspace: Path, tmp_path: Path) -> None:
    from lxml import html

    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    ws = ["--workspace", str(workspace)]
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    assert invoke("approve", "nk", "--by", "mfoster", *ws).exit_code == 0
    page = tmp_path / "report.html"
    assert invoke("report", "nk", "--format", "html", "-o", str(page), *ws).exit_code == 0
    try:
        result = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 120 s on this machine")
    if result.returncode != 0 or "<html" not in result.stdout:
        pytest.skip(f"chromium could not run here (exit {result.returncode}): {result.stderr.strip()[-200:]}")
    dom = html.fromstring(result.stdout)
    text = dom.text_content()
    for name in ("Kim Jiyoung", "Claire Shinyoung Oh Lee", "Eugene Whong", "Malcolm Foster"):
        assert name in text, f"{name} is not shown"
    assert dom.xpath("string(//p[@id='credit'])") == (
        "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong.")  # mfoster only approved: not editing
    assert dom.xpath("//svg[@role='img']//rect"), "the contributions chart did not render"
