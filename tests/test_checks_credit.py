"""Check replays without authorship; the rules that need whose words survive still get the answer credit gives.

`check` verifies each article without carrying authorship through its edits
(the costly part of replay). Credit's translators need it: BL302 asks only
when a named editor is among the current translation's translators, BL305
only when en.md has a credit line. These cases are the ones where it decides.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ENGLISH, invoke

from workflow.checks.article import _hits
from workflow.checks.context import Context
from workflow.checks.registry import select_rules
from workflow.model.replay import replay
from workflow.reading.verify import verify_article
from workflow.workspace import Workspace

CASES = [
    # mfoster translates again keeping cslee's words; cslee then edits: her words survive, so she is a
    # translator and not an editor of her own words.
    pytest.param("keep", True, "Translated by Claire Shinyoung Oh Lee and Malcolm Foster. "
                 "Edited by Claire Shinyoung Oh Lee.", id="editor-whose-translation-survives"),
    # mfoster's translation shares no word with cslee's (she only deletes): she is an editor.
    pytest.param("rewritten", False, "Translated by Malcolm Foster. Edited by Claire Shinyoung Oh Lee.",
                 id="editor-whose-translation-is-gone"),
    # `translate --replace` starts credit again: cslee's earlier translation does not count.
    pytest.param("replace", False, "Translated by Malcolm Foster. Edited by Claire Shinyoung Oh Lee.",
                 id="editor-after-a-replacing-translation"),
]


def _retranslated_then_edited(root: Path, mode: str) -> None:
    """nk translated by cslee, translated again by mfoster, then cslee deletes "North Korea" from the title."""
    ws = ["--workspace", str(root)]
    english = {"keep": ENGLISH.replace("residents said", "locals said"),
               "rewritten": ENGLISH.upper().replace("110", "CX"), "replace": ENGLISH}[mode]
    (root / "en2.md").write_text(english, encoding="utf-8")
    replacing = ["--replace"] if mode == "replace" else []
    result = invoke("translate", "nk", "--from", str(root / "en2.md"), "--by", "mfoster", *replacing, *ws)
    assert result.exit_code == 0, result.output
    en = root / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8")
    title = "# NORTH KOREA " if mode == "rewritten" else "# North Korea "
    en.write_text(text.replace(title, "# ", 1), encoding="utf-8")
    result = invoke("record", "nk", "--by", "cslee", *ws)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("mode", "too_few", "credit"), CASES)
def test_an_editor_who_also_translated(workspace: Path, mode: str, too_few: bool, credit: str) -> None:
    _retranslated_then_edited(workspace, mode)
    ws = ["--workspace", str(workspace)]
    assert invoke("credit", "nk", *ws).stdout.strip() == credit
    result = invoke("check", "nk", "--no-cache", *ws)
    assert ("BL302 too-few-editors: 0 editor(s)" in result.stdout) is too_few, result.stdout
    assert result.exit_code == (1 if too_few else 0), result.stdout


@pytest.mark.parametrize(("mode", "too_few", "credit"), CASES)
def test_a_credit_line_is_checked_against_whose_words_survive(workspace: Path, mode: str, too_few: bool,
                                                              credit: str) -> None:
    """en.md closes with a credit line: BL305 compares it with credit's, which needs authorship."""
    _retranslated_then_edited(workspace, mode)
    ws = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    line = "Translated by Malcolm Foster. Edited by Claire Shinyoung Oh Lee."
    en.write_text(en.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    assert invoke("record", "nk", "--by", "mfoster", *ws).exit_code == 0
    result = invoke("check", "nk", "--no-cache", *ws)
    assert ("BL305 credit-mismatch" in result.stdout) is too_few, result.stdout


@pytest.mark.parametrize(("mode", "too_few", "credit"), CASES)
def test_every_rule_finds_the_same_without_authorship(workspace: Path, mode: str, too_few: bool,
                                                      credit: str) -> None:
    """The findings of every rule on the state check uses equal those on the state replayed with authorship."""
    _retranslated_then_edited(workspace, mode)
    ws = Workspace(workspace)
    verified = verify_article(ws, "nk", authorship=False)
    assert verified.state is not None and verified.state.authorship == ()
    authored = replay("nk", verified.state.events)
    assert authored.authorship
    for active in select_rules(ws.config).active:
        lean = list(_hits(active, Context(ws, "nk", verified.state, verified)))
        full = list(_hits(active, Context(ws, "nk", authored, verified._replace(state=authored))))
        assert lean == full, active.code
