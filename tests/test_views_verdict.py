"""Issue 19, item 6: the HTML and Markdown reports open with one verdict, and omitted and waived units are
labelled where they stand."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html
from newsroom import SLUG, Newsroom, golden, open_newsroom

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def report(room: Newsroom, fmt: str) -> str:
    out = room.root / f"report.{fmt}"
    room.ok("report", SLUG, "--format", fmt, "-o", str(out))
    return out.read_text(encoding="utf-8")


def verdict_md(room: Newsroom) -> str:
    """The first line of the Markdown report after its title."""
    lines = [line for line in report(room, "md").splitlines() if line.strip()]
    assert lines[0].startswith("#")
    return lines[1]


def verdict_html(room: Newsroom) -> tuple[str, str]:
    """The verdict's text and the text of everything before it in the report's body."""
    page = html.fromstring(report(room, "html"))
    verdicts = page.xpath('//*[@id="verdict"]')
    assert len(verdicts) == 1
    body = page.xpath("//body")[0].text_content()
    text = " ".join(verdicts[0].text_content().split())
    return text, " ".join(body[: body.index(verdicts[0].text_content())].split())


@pytest.fixture
def blocked(newsroom: Newsroom) -> Newsroom:
    """Whong cut a sentence: an omission with no recorded reason, an error."""
    room = newsroom.translated()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace(" Buses will run every 20 minutes.", ""),
                       encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    return room


def test_a_blocked_article_says_so_first_and_names_the_errors(blocked: Newsroom) -> None:
    first = verdict_md(blocked)
    assert first.startswith("**Blocked**") and "1 error" in first and "BL102" in first and "s8" in first
    text, before = verdict_html(blocked)
    assert text.startswith("Blocked") and "BL102" in text
    assert "verified" not in before.casefold()  # no reassuring badge above the verdict


def test_ready_to_publish(blocked: Newsroom) -> None:
    blocked.ok("waive", SLUG, "--rule", "BL102", "--unit", "s8", "--by", "mfoster", "--reason", "cut for length")
    assert verdict_md(blocked).startswith("**Ready to publish**")


def test_published_and_current_then_changes_since(blocked: Newsroom) -> None:
    blocked.ok("waive", SLUG, "--rule", "BL102", "--unit", "s8", "--by", "mfoster", "--reason", "cut for length")
    blocked.ok("publish", SLUG, "--by", "mfoster")
    assert verdict_md(blocked).startswith("**Published and current**")
    for amount in ("3.6", "3.7"):
        blocked.en.write_text(re.sub(r"3\.\d billion", f"{amount} billion", blocked.en.read_text(encoding="utf-8")),
                              encoding="utf-8")
        blocked.ok("correct", SLUG, "--by", "mfoster", "--note", "The cost was misstated.")
    first = verdict_md(blocked)
    assert first.startswith("**Published, 2 changes since**"), first
    text, _ = verdict_html(blocked)
    assert text.startswith("Published, 2 changes since")


def test_omitted_and_waived_units_are_labelled_where_they_stand(blocked: Newsroom) -> None:
    blocked.ok("waive", SLUG, "--rule", "BL102", "--unit", "s8", "--by", "mfoster", "--reason", "cut for length")
    page = html.fromstring(report(blocked, "html"))
    labels = page.xpath('//*[@data-unit="s8"]')
    assert labels, "the omitted unit is not shown where it stands"
    label = " ".join(labels[0].text_content().split())
    assert "omitted" in label and "waived" in label and "cut for length" in label
    markdown = report(blocked, "md")
    assert re.search(r"s8.*omitted, waived.*cut for length", markdown)


def test_verdict_golden(blocked: Newsroom) -> None:
    """The verdict line in each of its four states, as the Markdown report opens."""
    lines = [verdict_md(blocked)]
    blocked.ok("waive", SLUG, "--rule", "BL102", "--unit", "s8", "--by", "mfoster", "--reason", "cut for length")
    lines.append(verdict_md(blocked))
    blocked.ok("publish", SLUG, "--by", "mfoster")
    lines.append(verdict_md(blocked))
    blocked.en.write_text(blocked.en.read_text(encoding="utf-8").replace("3.5", "3.6"), encoding="utf-8")
    blocked.ok("correct", SLUG, "--by", "mfoster", "--note", "The cost was misstated.")
    lines.append(verdict_md(blocked))
    golden("verdict.md", "\n".join(lines) + "\n")


PROBE = """<script>
addEventListener("load", () => {
  const box = document.getElementById("verdict").getBoundingClientRect();
  document.body.setAttribute("data-probe", [box.top, box.bottom, innerHeight, box.height].join(" "));
});
</script>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian package `chromium`, installed by .ci/run)")
def test_chromium_shows_the_verdict_in_the_first_screen(blocked: Newsroom, tmp_path: Path) -> None:
    page = report(blocked, "html")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        result = subprocess.run(
            [str(CHROMIUM), *FLAGS, "--window-size=1280,720", f"--user-data-dir={tmp_path / 'profile'}",
             "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 120 s on this machine")
    if result.returncode != 0 or "<html" not in result.stdout:
        pytest.skip(f"chromium could not run here (exit {result.returncode}): {result.stderr.strip()[-200:]}")
    found = html.fromstring(result.stdout).xpath("//body/@data-probe")
    assert found, "the page's script did not run (a Content-Security-Policy would say why)"
    top, bottom, height, box = (float(v) for v in found[0].split())
    assert box > 0 and 0 <= top and bottom <= height, f"verdict at {top}–{bottom} px of a {height} px screen"
