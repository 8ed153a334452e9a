"""An article tried as a newsroom would (issue 19): two editors' passes, a publication, a source update,
a correction and a republication, all through the CLI, with texts these tests write themselves.

`Newsroom` runs the steps one at a time so that each test can stop where it
needs to; `edition(n)` is the English after the n-th pass.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import ROSTER, Result, invoke

SLUG = "night-bus"

def article(*paragraphs: str) -> str:
    """A Markdown-lite text: paragraphs (one line each, as en.md holds them) separated by blank lines."""
    return "\n\n".join(paragraphs) + "\n"


KOREAN = article(
    "# 서울시, 심야 버스 노선 확대",
    "서울시가 다음 달부터 심야 버스 노선을 12개에서 20개로 늘린다고 20일 밝혔다. "
    '시 관계자는 "이것이 사업의 핵심 목표"라고 말했다.',
    "새 노선에는 총 35억 원이 투입된다. 이 계획은 미국의 사례를 본떴다.",
    "운행 계획은 지난 1월 시범 사업을 거쳐 확정됐다. 시는 이용객들의 귀갓길이 훨씬 안전하고 편리해질 것이라고 "
    "설명했다. 버스는 20분 간격으로 운행된다.",
)

# The Korean after the source desk's update: the pilot ran in February, not January.
KOREAN_UPDATED = KOREAN.replace("지난 1월", "지난 2월")

TITLE = "# Seoul to expand late-night bus routes"
LEDE = ("Seoul will increase its late-night bus routes from 12 to 20 starting next month, the city said on the 20th. "
        "\"That's the program's main goal,\" a city official said.")
COST = "The new routes will cost a total of 3.5 billion won. The plan was modeled on a U.S. program."
SCHEDULE = ("The schedule was set after a pilot program in January. The city said the routes would make late-night "
            "trips home far safer and more convenient. Buses will run every 20 minutes.")
TRANSLATION = article(TITLE, LEDE, COST, SCHEDULE)

# Eugene Whong's pass: a rewording around a kept "the", a clause cut around kept words, an added context
# sentence (an addition: no Korean behind it), and the cost paragraph moved to the end.
WHONG = article(
    TITLE,
    LEDE.replace("That's the program's", "That is the plan's"),
    SCHEDULE.replace("make late-night trips home far safer and more convenient.",
                     "make trips home safer. Night buses carried about 2 million riders last year."),
    COST,
)

# Malcolm Foster's pass: punctuation only (a comma), and the credit line as its own paragraph.
FOSTER = WHONG.replace("about 2 million riders last year.", "about 2 million riders, last year.") + (
    "\nTranslated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster.\n"
)

# The correction after the source update: the month of the pilot.
CORRECTED = FOSTER.replace("pilot program in January", "pilot program in February")
CORRECTION_NOTE = "An earlier version of this article gave the wrong month for the pilot program."


GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; BYLINE_REGEN_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("BYLINE_REGEN_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with BYLINE_REGEN_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; if intended, regenerate: BYLINE_REGEN_GOLDEN=1"


class Newsroom:
    """One workspace and the article's life in it, step by step, each step at a fixed time (BYLINE_NOW)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.ws = ["--workspace", str(root)]
        self.en = root / "translations" / SLUG / "en.md"
        self.monkeypatch = monkeypatch
        self.hour = 8

    def tick(self) -> None:
        """The next step happens an hour later, so that the record (and its ids) is the same on every run."""
        self.monkeypatch.setenv("BYLINE_NOW", f"2026-11-20T{self.hour:02d}:00:00Z")
        self.hour += 1

    def run(self, *args: str) -> Result:
        self.tick()
        return invoke(*args, *self.ws)

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, (args, result.output)
        return result

    def json(self, *args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self.ok(*args, "--json").stdout)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    # --- the steps ---------------------------------------------------------------

    def translated(self) -> Newsroom:
        self.ok("ingest", str(self.write("ko.md", KOREAN)), "--article", SLUG, "--by", "reporter")
        self.ok("translate", SLUG, "--from", str(self.write("draft.md", TRANSLATION)), "--by", "cslee")
        return self

    def edited(self) -> Newsroom:
        """Translated, then Eugene Whong's pass and Malcolm Foster's."""
        self.translated()
        self.en.write_text(WHONG, encoding="utf-8")
        self.ok("record", SLUG, "--by", "ewhong", "--note", "tighten, move the cost paragraph")
        self.en.write_text(FOSTER, encoding="utf-8")
        self.ok("record", SLUG, "--by", "mfoster", "--note", "comma, credit line")
        return self

    def published(self) -> Newsroom:
        self.edited()
        self.ok("publish", SLUG, "--by", "mfoster", "--force", "--url", "https://news.example/night-bus")
        return self

    def corrected(self) -> Newsroom:
        """Published, then the Korean updated, the English corrected and republished."""
        self.published()
        self.ok("ingest", str(self.write("ko2.md", KOREAN_UPDATED)), "--article", SLUG, "--by", "reporter")
        self.en.write_text(CORRECTED, encoding="utf-8")
        self.ok("correct", SLUG, "--by", "mfoster", "--note", CORRECTION_NOTE)
        self.ok("publish", SLUG, "--by", "mfoster", "--force", "--url", "https://news.example/night-bus")
        return self


def open_newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    """A fresh workspace with the four-person roster, where the article's life can be played (each test
    module makes it its `newsroom` fixture)."""
    root = tmp_path / "ws"
    assert invoke("init", str(root)).exit_code == 0
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    return Newsroom(root, monkeypatch)
