"""What `byline check` decides about editors, the credit line and waivers, pinned end to end (issue 23, second sample).

Each test was written against a mutant of the policy rules, the check runner or
the permissions that the suite let through (benchmarks/mutation.py, seed
20261215); each asserts what a desk sees: the exit code and the findings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ENGLISH, invoke


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample (ingested by reporter, translated by cslee), copied from the session's template."""
    return workspace_copy


def _ws(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def _ok(root: Path, *args: str) -> None:
    result = invoke(*args, *_ws(root))
    assert result.exit_code == 0, result.output


def _record(root: Path, who: str, text: str) -> None:
    (root / "translations" / "nk" / "en.md").write_text(text, encoding="utf-8")
    _ok(root, "record", "nk", "--by", who)


def _check(root: Path) -> tuple[int, list[dict]]:
    """`byline check nk --json`: the exit code and the findings."""
    result = invoke("check", "nk", "--json", *_ws(root))
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def _policy(root: Path, old: str, new: str) -> None:
    config = root / "byline.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


# --- BL302: an earlier translator is not the second editor -------------------------------------------------------


def test_an_earlier_translator_does_not_make_up_the_second_editor(workspace: Path) -> None:
    """cslee translated, mfoster translated again over her words; cslee and ewhong approve the edit.

    With `min_editors = 2`, ewhong is the one editor: cslee's words survive, so
    she is a translator of this English, whoever else signed beside her.
    """
    _policy(workspace, "min_editors = 1", "min_editors = 2")
    _policy(workspace, 'roles = ["translator"]', 'roles = ["translator", "editor"]')
    (workspace / "mt.md").write_text(ENGLISH.replace("residents said", "locals said"), encoding="utf-8")
    _ok(workspace, "translate", "nk", "--from", str(workspace / "mt.md"), "--by", "mfoster")
    _ok(workspace, "approve", "nk", "--by", "cslee", "--stage", "edit")
    _ok(workspace, "approve", "nk", "--by", "ewhong", "--stage", "edit")
    credit = json.loads(invoke("credit", "nk", "--json", *_ws(workspace)).stdout)
    assert credit["translators"] == ["cslee", "mfoster"]
    code, found = _check(workspace)
    editors = [f["message"] for f in found if f["rule"] == "BL302"]
    assert code == 1
    assert editors == ["1 editor(s) other than the translator (ewhong); the policy asks for 2 "
                       "(byline.toml [policy] min_editors)"]


def test_two_editors_besides_the_translators_meet_min_editors_two(workspace: Path) -> None:
    """The same history with mfoster's second translation left out: cslee is the one translator, two editors."""
    _policy(workspace, "min_editors = 1", "min_editors = 2")
    _ok(workspace, "approve", "nk", "--by", "ewhong", "--stage", "edit")
    _ok(workspace, "approve", "nk", "--by", "mfoster", "--stage", "edit")
    code, found = _check(workspace)
    assert [f for f in found if f["rule"] == "BL302"] == []
    assert code == 0, found


# --- BL305: the credit line in en.md against the record ----------------------------------------------------------

CREDIT = "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong."


@pytest.mark.parametrize("paragraph", [
    pytest.param(CREDIT, id="plain"),
    pytest.param(f"*{CREDIT}*", id="emphasised"),
    pytest.param("_Translated by Claire Shinyoung Oh Lee.\nEdited by Eugene Whong._", id="emphasised-over-two-lines"),
    pytest.param("Translated by Claire Shinyoung\nOh Lee.  Edited by   Eugene Whong.", id="re-wrapped"),
])
def test_a_credit_line_that_says_what_the_record_supports_passes(workspace: Path, paragraph: str) -> None:
    _record(workspace, "ewhong", ENGLISH + "\n" + paragraph + "\n")
    assert invoke("credit", "nk", *_ws(workspace)).stdout.strip() == CREDIT
    assert _check(workspace) == (0, [])


@pytest.mark.parametrize("paragraph", [
    pytest.param("Translated by Claire Shinyoung Oh Lee.", id="editor-left-out"),
    pytest.param("*Translated by Claire Lee. Edited by Eugene Whong.*", id="translator-misnamed"),
    pytest.param("Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster.",
                 id="editor-who-did-not-edit"),
    pytest.param("*Translated by Claire Shinyoung Oh Lee.\nEdited by Eugene Whong\nand Malcolm Foster.*",
                 id="over-three-lines"),
    pytest.param("*Translated by Claire Shinyoung Oh Lee.*\n- Edited by Eugene Whong.", id="with-a-list-line-under-it"),
])
def test_a_credit_line_the_record_does_not_support_blocks_publication(workspace: Path, paragraph: str) -> None:
    _record(workspace, "ewhong", ENGLISH + "\n" + paragraph + "\n")
    code, found = _check(workspace)
    said = " ".join(paragraph.strip("*_").split())
    assert code == 1
    assert [(f["rule"], f["file"], f["line"], f["message"]) for f in found] == [
        ("BL305", "translations/nk/en.md", 7,
         f"credit line {said!r} differs from what the record supports: {CREDIT!r}")]


def test_only_the_last_credit_paragraph_is_compared(workspace: Path) -> None:
    stale = "Translated by Claire Shinyoung Oh Lee."
    _record(workspace, "ewhong", ENGLISH + "\n" + stale + "\n\n" + CREDIT + "\n")
    assert _check(workspace)[0] == 0
    _record(workspace, "ewhong", ENGLISH + "\n" + CREDIT + "\n\n" + stale + "\n")
    code, found = _check(workspace)
    assert code == 1 and [(f["rule"], f["line"]) for f in found] == [("BL305", 9)]


# --- waivers and sign-offs before any translation --------------------------------------------------------------


def test_a_waiver_recorded_before_any_translation_holds(empty_workspace_copy: Path) -> None:
    """Nobody has translated yet, so nobody is excluded as the translator: ewhong may waive BL101."""
    from helpers import KOREAN

    root = empty_workspace_copy
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    _ok(root, "ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter")
    _ok(root, "waive", "nk", "--rule", "BL101", "--by", "ewhong", "--reason", "the English follows tomorrow")
    code, found = _check(root)
    assert code == 1  # the missing stages are not waived
    assert [(f["rule"], bool(f.get("waived"))) for f in found] == [
        ("BL101", True), ("BL301", False), ("BL301", False)]
    refused = invoke("approve", "nk", "--by", "ewhong", "--stage", "edit", *_ws(root))
    assert refused.exit_code == 2
    assert "has no translation to approve yet" in refused.stderr and "Traceback" not in refused.stderr


# --- the runner keeps the unit a rule names ---------------------------------------------------------------------


def test_a_unit_rules_finding_keeps_the_unit_it_names(workspace: Path) -> None:
    """CONTRIBUTING.md: a rule yields `finding(message, unit=…)` when it knows the place better than the runner.

    A unit rule run on every unit that names s1 each time gives findings on s1
    only (each at s1's entry in en.po); a plain message gets the unit checked.
    """
    from workflow.checks.article import check_article
    from workflow.checks.registry import Selection
    from workflow.checks.rule import Rule
    from workflow.model.replay import load
    from workflow.problems import finding
    from workflow.workspace import find_workspace

    def names_s1(ctx, unit):  # type: ignore[no-untyped-def]
        """Test rule: every unit reported on s1."""
        yield finding(f"seen from {unit.id}", unit="s1")

    def plain(ctx, unit):  # type: ignore[no-untyped-def]
        """Test rule: a plain message per unit."""
        yield f"about {unit.id}"

    rules = (Rule("BL998", "names-s1", "warning", "unit", names_s1), Rule("BL999", "plain", "warning", "unit", plain))
    ws = find_workspace(explicit=workspace)
    found = check_article(ws, "nk", Selection(rules, {}))
    units = [u.id for u in load(ws, "nk").units]
    assert len(units) > 1
    assert [(f.rule, f.unit, f.message) for f in found if f.rule == "BL998"] == [
        ("BL998", "s1", f"seen from {u}") for u in units]
    assert [(f.rule, f.unit) for f in found if f.rule == "BL999"] == [("BL999", u) for u in units]
    lines = {f.line for f in found if f.rule == "BL998"}
    po = (workspace / "translations" / "nk" / "en.po").read_text(encoding="utf-8").split("\n")
    assert len(lines) == 1 and po[lines.pop() - 1] == 'msgctxt "s1"'


# --- BL302 counts edit sign-offs of the current text only; BL304 grades the change ------------------------------


def test_a_final_approval_is_not_an_edit(workspace: Path) -> None:
    """mfoster signs off the `approve` stage of the current text: that is no edit, so there is still no editor."""
    _ok(workspace, "approve", "nk", "--by", "mfoster", "--stage", "approve")
    code, found = _check(workspace)
    assert code == 1
    assert [f["message"] for f in found if f["rule"] == "BL302"] == [
        "0 editor(s) other than the translator (none); the policy asks for 1 (byline.toml [policy] min_editors)"]


def test_an_edit_sign_off_of_an_earlier_english_is_not_an_editor_of_this_one(workspace: Path) -> None:
    _ok(workspace, "approve", "nk", "--by", "ewhong", "--stage", "edit")
    assert _check(workspace) == (0, [])
    _record(workspace, "cslee", ENGLISH.replace("residents said", "locals said"))  # the translator's own change
    code, found = _check(workspace)
    assert code == 1
    assert sorted(f["rule"] for f in found) == ["BL302", "BL303"]


@pytest.mark.parametrize(("old", "new", "grade", "severity"), [
    pytest.param("3명이", "4명이", "major change (", "error", id="a-figure"),
    pytest.param("주민들이 전했다.", "주민들이 전했다!", "minor change (spacing or punctuation only)", "warning",
                 id="punctuation-only"),
])
def test_a_stale_unit_says_how_much_its_korean_changed(workspace: Path, old: str, new: str, grade: str,
                                                       severity: str) -> None:
    from helpers import KOREAN

    _ok(workspace, "approve", "nk", "--by", "ewhong", "--stage", "edit")
    assert old in KOREAN
    (workspace / "ko-update.md").write_text(KOREAN.replace(old, new), encoding="utf-8")
    _ok(workspace, "ingest", str(workspace / "ko-update.md"), "--article", "nk", "--by", "reporter")
    code, found = _check(workspace)
    [stale] = [f for f in found if f["rule"] == "BL304"]
    assert stale["severity"] == severity
    assert stale["message"].startswith(f"the Korean changed after this English was written: {grade}")


# --- BL306: machine translation disclosed when the policy asks -------------------------------------------------


def _disclose(root: Path) -> None:
    _policy(root, "# disclose_machine_translation = false", "disclose_machine_translation = true")


def test_surviving_machine_words_must_be_disclosed(machine_translated_copy: Path) -> None:
    root = machine_translated_copy
    _disclose(root)
    code, found = _check(root)
    assert code == 1
    assert [f["message"] for f in found if f["rule"] == "BL306"] == [
        "words by mt:papago remain but en.md does not say 'machine translation' (byline.toml [policy] "
        "disclose_machine_translation)"]
    en = root / "translations" / "nk" / "en.md"
    _record(root, "ewhong", en.read_text(encoding="utf-8") + "\nThis article was drafted by machine translation.\n")
    assert [f for f in _check(root)[1] if f["rule"] == "BL306"] == []


def test_a_human_translation_needs_no_disclosure(workspace: Path) -> None:
    _disclose(workspace)
    _record(workspace, "ewhong", ENGLISH.replace("residents said", "locals said"))
    assert _check(workspace) == (0, [])
