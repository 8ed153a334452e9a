"""The repository's sample article: its walkthrough replays to the committed record, and it passes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SHARED, invoke

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "nk-laptops"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the workspace whose history make.sh rebuilt from the drafts."""
    copy = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "byline.toml", copy / "byline.toml")
    shutil.copytree(ROOT / "sources" / ARTICLE, copy / "sources" / ARTICLE)
    env = {**os.environ, "BYLINE": f"{sys.executable} -m workflow", "PYTHONPATH": str(ROOT)}
    subprocess.run(["bash", str(copy / "sources" / ARTICLE / "make.sh")], check=True, env=env, capture_output=True)
    return copy


ENVELOPE = ("v", "seq", "prev", "parents", "id", "sig", "tool")


@pytest.mark.slow
def test_walkthrough_rebuilds_the_committed_record(rebuilt: Path) -> None:
    """make.sh replays the sample's history with today's byline: the same events and the same files.

    The committed ledger is v1 and stays so (ledgers are never rewritten); the
    rebuilt one is v2, so only the events' envelope differs, and with it the
    head id that en.po and en.html name; a newer aligner may weigh the same
    pairing with another confidence and runner-up; and the committed en.html
    is the page an older byline published, so the rebuilt one is held to the
    page today's byline makes of the committed record.
    """
    def events(root: Path) -> list[dict]:
        lines = (root / "translations" / ARTICLE / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def body(event: dict) -> dict:
        kept = {k: v for k, v in event.items() if k not in ENVELOPE}
        if "layout" in kept:  # the pairing is the record; confidence and runner-up are the aligner's estimate of it
            kept["layout"] = [{"source": u["source"], "span": u["span"]} for u in kept["layout"]]
        if "output" in kept:  # the published page names the head, and today's byline renders it (below)
            kept["output"] = {k: v for k, v in kept["output"].items() if k not in ("sha256", "bytes")}
        return kept

    committed, fresh = events(ROOT), events(rebuilt)
    assert {e["v"] for e in committed} == {1} and {e["v"] for e in fresh} == {2}
    assert [body(e) for e in fresh] == [body(e) for e in committed]
    assert [e["seq"] for e in fresh] == [e["seq"] for e in committed]
    pages = {"en.html": _page_today(committed)}  # the committed page is what readers saw, made by an older byline
    for name in ("en.md", "en.po", "en.html"):
        old = pages.get(name) or (ROOT / "translations" / ARTICLE / name).read_text(encoding="utf-8")
        new = (rebuilt / "translations" / ARTICLE / name).read_text(encoding="utf-8")
        for before, after in zip(committed, fresh, strict=True):
            old = old.replace(before["id"], after["id"]).replace(before["id"][7:19], after["id"][7:19])
            old = old.replace(f"add:{before['id'][7:15]}-", f"add:{after['id'][7:15]}-")  # addition ids
        assert new == old, name
    assert (rebuilt / "sources" / ARTICLE / "ko.md").read_bytes() == (ROOT / "sources" / ARTICLE / "ko.md").read_bytes()


def _page_today(committed: list[dict]) -> str:
    """The page today's byline makes of the committed record as it stood when it was published."""
    from workflow.ledger import read_events
    from workflow.model.replay import replay
    from workflow.steps.publish import render_published
    from workflow.workspace import Workspace

    ws = Workspace(ROOT)
    events = read_events(ws.ledger_file(ARTICLE))
    last = committed[-1]
    assert last["type"] == "publish"
    state = replay(ARTICLE, events[:-1], authorship=True)
    return render_published(state, ws, at=last["at"], url=last["output"].get("url"))


def test_the_committed_page_is_the_one_its_publication_names() -> None:
    """The sample's en.html is what its publish event pinned (an older byline's page, never rewritten)."""
    import hashlib

    page = (ROOT / "translations" / ARTICLE / "en.html").read_bytes()
    lines = (ROOT / "translations" / ARTICLE / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
    output = json.loads(lines[-1])["output"]
    assert (output["sha256"], output["bytes"]) == ("sha256:" + hashlib.sha256(page).hexdigest(), len(page))


def test_the_committed_v1_sample_still_verifies_byte_for_byte(tmp_path: Path) -> None:
    copy = tmp_path / "sample"
    copy.mkdir()
    shutil.copy(ROOT / "byline.toml", copy / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(ROOT / folder / ARTICLE, copy / folder / ARTICLE)
    result = invoke("verify", "--json", "--workspace", str(copy))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"][0]["events"] == 10


@pytest.mark.slow
def test_credit_line_is_the_published_one(rebuilt: Path) -> None:
    result = invoke("credit", ARTICLE, "--workspace", str(rebuilt))
    assert result.output.strip() == "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster."


@pytest.mark.slow
def test_sample_verifies_and_passes_its_checks(rebuilt: Path) -> None:
    assert invoke("verify", "--workspace", str(rebuilt)).exit_code == 0
    result = invoke("check", ARTICLE, "--no-cache", "--workspace", str(rebuilt))
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="../shared/seed is not here")
def test_published_english_is_the_seed_article() -> None:
    seed = (SHARED / "seed" / "nk-laptops.en.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n\n")[1:] if p.strip()]  # after the scraped logo line
    english = (ROOT / "translations" / ARTICLE / "en.md").read_text(encoding="utf-8")
    ours = [re.sub(r"^#+ ", "", p) for p in english.strip().split("\n\n")]
    assert ours == [p.rstrip("\u00a0 ") for p in paragraphs]


def test_readme_walkthrough_is_the_script_that_built_the_sample() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\nbyline init", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines()[1:] if line.strip()]
    script = (ROOT / "sources" / ARTICLE / "make.sh").read_text(encoding="utf-8")
    run = [
        re.sub(r"^BYLINE_NOW=\S+ \$byline ", "byline ", line).replace("$drafts", "sources/nk-laptops/drafts")
        for line in script.splitlines() if "$byline " in line
    ]
    assert shown == run
