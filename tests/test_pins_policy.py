"""What `byline check` decides, pinned end to end: staleness, approvals, editors, waivers, severities (issue 23).

Each test here was written against a bug planted in the core that no other
test caught; they assert the exit code and the findings a desk sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample, copied from the session's template (the CLI-built one costs a second a test)."""
    return workspace_copy


def _ws(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def _record(root: Path, who: str, text: str) -> None:
    (root / "translations" / "nk" / "en.md").write_text(text, encoding="utf-8")
    result = invoke("record", "nk", "--by", who, *_ws(root))
    assert result.exit_code == 0, result.output


def _english(root: Path) -> str:
    return (root / "translations" / "nk" / "en.md").read_text(encoding="utf-8")


def _reingest(root: Path, korean: str) -> None:
    (root / "ko-update.md").write_text(korean, encoding="utf-8")
    result = invoke("ingest", str(root / "ko-update.md"), "--article", "nk", "--by", "reporter", *_ws(root))
    assert result.exit_code == 0, result.output


def _check(root: Path) -> tuple[int, list[tuple[str, str | None, str, bool]]]:
    """`byline check nk --json`: the exit code and (rule, unit, severity, waived) of each finding."""
    result = invoke("check", "nk", "--json", *_ws(root))
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    found = [(f["rule"], f["unit"], f["severity"], bool(f.get("waived"))) for f in findings]
    return result.exit_code, found


@pytest.fixture
def edited(workspace: Path) -> Path:
    """The sample after an editor's pass: `byline check` passes on it."""
    _record(workspace, "ewhong", ENGLISH.replace("residents said", "locals said"))
    assert _check(workspace) == (0, [])
    return workspace


def test_a_corrected_figure_stays_stale_when_another_sentence_is_edited(edited: Path) -> None:
    _reingest(edited, KOREAN.replace("3명이", "4명이"))
    _record(edited, "ewhong", _english(edited).replace("locals said", "residents told reporters"))
    code, found = _check(edited)
    assert code == 1
    assert ("BL304", "s5", "error", False) in found
    assert [f for f in found if f[0] == "BL304"] == [("BL304", "s5", "error", False)]
    # Rewriting the stale unit's own English is what clears it.
    _record(edited, "ewhong", _english(edited).replace("Three residents", "Four residents"))
    assert _check(edited) == (0, [])


def test_a_punctuation_only_change_to_the_korean_warns_but_does_not_block(edited: Path) -> None:
    _reingest(edited, KOREAN.replace("주민들이 전했다.", "주민들이 전했다!"))
    code, found = _check(edited)
    assert (code, found) == (0, [("BL304", "s2", "warning", False)])


def test_a_changed_figure_in_the_korean_blocks(edited: Path) -> None:
    _reingest(edited, KOREAN.replace("1억1천만", "1억2천만"))
    code, found = _check(edited)
    assert code == 1
    assert [f for f in found if f[0] == "BL304"] == [("BL304", "s4", "error", False)]


def test_an_approval_is_outdated_when_the_korean_changes(edited: Path) -> None:
    result = invoke("approve", "nk", "--by", "mfoster", *_ws(edited))
    assert result.exit_code == 0, result.output
    assert _check(edited) == (0, [])
    _reingest(edited, KOREAN.replace("주민들이 전했다.", "주민들이 전했다!"))
    result = invoke("check", "nk", *_ws(edited))
    assert result.exit_code == 1
    assert "BL303" in result.stdout and "the source changed since" in result.stdout


def test_an_approval_is_outdated_when_the_english_changes(edited: Path) -> None:
    assert invoke("approve", "nk", "--by", "mfoster", *_ws(edited)).exit_code == 0
    _record(edited, "ewhong", _english(edited).replace("Three residents", "Three locals"))
    result = invoke("check", "nk", *_ws(edited))
    assert result.exit_code == 1
    assert "BL303" in result.stdout and "the English changed since" in result.stdout


def test_a_translator_editing_her_own_translation_is_not_its_editor(workspace: Path) -> None:
    _record(workspace, "cslee", ENGLISH.replace("residents said", "locals said"))
    credit = invoke("credit", "nk", *_ws(workspace))
    assert credit.stdout.strip() == "Translated by Claire Shinyoung Oh Lee."
    code, found = _check(workspace)
    assert code == 1 and ("BL302", None, "error", False) in found
    _record(workspace, "ewhong", _english(workspace).replace("Three residents", "Three locals"))
    assert _check(workspace) == (0, [])


def test_the_credit_line_names_editors_in_the_order_they_worked(workspace: Path) -> None:
    _record(workspace, "mfoster", ENGLISH.replace("residents said", "locals said"))
    _record(workspace, "ewhong", _english(workspace).replace("Three residents", "Three locals"))
    _record(workspace, "mfoster", _english(workspace).replace("Three locals", "Three people"))
    credit = invoke("credit", "nk", *_ws(workspace))
    assert credit.stdout.strip() == "Translated by Claire Shinyoung Oh Lee. Edited by Malcolm Foster and Eugene Whong."


def test_a_waiver_on_a_sentence_holds_once_units_merge(edited: Path) -> None:
    _record(edited, "ewhong", _english(edited).replace("$110 million", "$120 million"))
    assert _check(edited) == (1, [("BL201", "s4", "error", False)])
    waive = invoke("waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "ewhong",
                   "--reason", "the desk confirmed the figure", *_ws(edited))
    assert waive.exit_code == 0, waive.output
    assert _check(edited) == (0, [("BL201", "s4", "error", True)])
    _record(edited, "mfoster", _english(edited).replace(
        "$120 million. Three residents were arrested.", "$120 million, and three residents were arrested."))
    assert _check(edited) == (0, [("BL201", "s4+s5", "error", True)])


def test_a_waiver_inside_a_merged_unit_lapses_when_its_korean_changes(edited: Path) -> None:
    """The waiver saw s4's Korean and English: the English still standing in s4+s5 is not enough."""
    _record(edited, "ewhong", _english(edited).replace("$110 million", "$120 million"))
    waive = invoke("waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "ewhong",
                   "--reason", "the desk confirmed the figure", *_ws(edited))
    assert waive.exit_code == 0, waive.output
    _record(edited, "mfoster", _english(edited).replace(
        "$120 million. Three residents were arrested.", "$120 million, and three residents were arrested."))
    assert _check(edited) == (0, [("BL201", "s4+s5", "error", True)])
    _reingest(edited, KOREAN.replace("이 사업에는", "그 사업에는"))  # s4's Korean reworded, its figure kept
    code, found = _check(edited)
    assert code == 1 and ("BL201", "s4+s5", "error", False) in found


def test_a_waiver_named_by_a_sentence_of_a_merged_unit_waives_that_unit(edited: Path) -> None:
    _record(edited, "ewhong", _english(edited).replace(
        "$110 million. Three residents were arrested.", "$120 million, and three residents were arrested."))
    assert _check(edited) == (1, [("BL201", "s4+s5", "error", False)])
    waive = invoke("waive", "nk", "--rule", "BL201", "--unit", "s5", "--by", "ewhong",
                   "--reason", "the desk confirmed the figure", *_ws(edited))
    assert waive.exit_code == 0, waive.output
    assert _check(edited) == (0, [("BL201", "s4+s5", "error", True)])


def test_a_waiver_on_one_sentence_does_not_waive_another(edited: Path) -> None:
    _record(edited, "ewhong", _english(edited).replace("$110 million", "$120 million"))
    waive = invoke("waive", "nk", "--rule", "BL201", "--unit", "s5", "--by", "ewhong", "--reason", "wrong unit",
                   *_ws(edited))
    assert waive.exit_code == 0, waive.output
    assert _check(edited) == (1, [("BL201", "s4", "error", False)])


# Every rule's default severity: what decides `check`'s exit code (errors block, warnings do not).
SEVERITIES = {
    "BL101": "error", "BL102": "error", "BL103": "error", "BL104": "warning",
    "BL201": "error", "BL202": "error", "BL203": "error", "BL204": "warning", "BL205": "error", "BL206": "error",
    "BL207": "error", "BL208": "error",
    "BL301": "error", "BL302": "error", "BL303": "error", "BL304": "error", "BL305": "error", "BL306": "error",
    "BL401": "error", "BL402": "error", "BL403": "error", "BL404": "error", "BL405": "error",
}


def test_every_rule_keeps_its_severity(tmp_path: Path) -> None:
    result = invoke("rules", "--json")
    assert result.exit_code == 0, result.output
    listed = {r["code"]: r["severity"] for r in json.loads(result.stdout)["rules"]}
    assert {code: listed.get(code) for code in SEVERITIES} == SEVERITIES


def test_a_warning_alone_passes_the_check_and_an_error_fails_it(edited: Path) -> None:
    # An addition (English with no Korean behind it) is a warning, BL104.
    added = _english(edited).replace("were arrested.", "were arrested. Officials declined to comment.")
    _record(edited, "ewhong", added)
    code, found = _check(edited)
    assert code == 0 and [(rule, unit.startswith("add:"), severity, waived) for rule, unit, severity, waived in found] \
        == [("BL104", True, "warning", False)]
    _record(edited, "ewhong", _english(edited).replace("$110 million", "$120 million"))
    code, found = _check(edited)
    assert code == 1 and ("BL201", "s4", "error", False) in found


# --- waivers under any grouping of sentences into units ---------------------------------------

SENTENCES = ("s1", "s2", "s3", "s4", "s5")


@st.composite
def groupings(draw: st.DrawFn) -> list[str]:
    """The five sentences cut into consecutive units: ["s1", "s2+s3", "s4", "s5"], …"""
    cuts = draw(st.lists(st.booleans(), min_size=4, max_size=4))
    units, current = [], [SENTENCES[0]]
    for sid, cut in zip(SENTENCES[1:], cuts, strict=True):
        if cut:
            units.append("+".join(current))
            current = [sid]
        else:
            current.append(sid)
    units.append("+".join(current))
    return units


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=groupings(), waived_sid=st.sampled_from(SENTENCES), whole=st.booleans())
def test_a_waiver_follows_its_sentence_into_any_unit(waivers_state: tuple, units: list[str], waived_sid: str,
                                                    whole: bool) -> None:
    """A waiver of BL201 on one sentence waives BL201 on the unit holding it, whatever the grouping, and nothing else.
    """
    from workflow.checks.article import _apply_waivers
    from workflow.problems import Kind, Problem

    ws, states = waivers_state
    state = states[None if whole else waived_sid]
    findings = [Problem(Kind.CHECK, "m", "nk", "en.po", 1, unit, rule, "r", "error")
                for unit in units for rule in ("BL201", "BL203")]
    result = _apply_waivers(ws, state, findings)
    for found in result:
        expected = found.rule == "BL201" and (whole or waived_sid in found.unit.split("+"))
        assert found.waived is expected, (found.rule, found.unit)


@pytest.fixture
def waivers_state(workspace_copy: Path) -> tuple:
    """The sample's states after a BL201 waiver on the article, or on each sentence in turn (a copy each)."""
    import shutil

    from workflow.model.replay import load
    from workflow.steps.signoff import waive
    from workflow.workspace import find_workspace

    states = {}
    for sid in (None, *SENTENCES):
        root = workspace_copy.parent / f"w-{sid}"
        shutil.copytree(workspace_copy, root)
        ws = find_workspace(explicit=root)
        waive(ws, "nk", ws.config.person("ewhong"), rule="BL201", reason="checked", unit=sid)
        states[sid] = load(ws, "nk")
    return find_workspace(explicit=workspace_copy), states


def test_a_reworded_korean_sentence_is_quoted_by_its_first_six_changes() -> None:
    from workflow.reading.staleness import change_reasons

    before = "하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열 열하나 열둘"
    after = "하나 이 셋 사 다섯 육 일곱 팔 아홉 십 열하나 십이"
    assert change_reasons(before, after) == ("wording: -둘 +이 -넷 +사 -여섯 +육 …",)
    assert change_reasons("하나 둘 셋", "하나 이 셋") == ("wording: -둘 +이",)


def test_an_earlier_translator_whose_words_survive_is_not_an_editor_by_approving(workspace: Path) -> None:
    """cslee translated, mfoster translated again over her words; cslee's sign-off of the edit is no edit."""
    config = workspace / "byline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('roles = ["translator"]',
                                                                 'roles = ["translator", "editor"]'), encoding="utf-8")
    (workspace / "mt.md").write_text(ENGLISH.replace("residents said", "locals said"), encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(workspace / "mt.md"), "--by", "mfoster", *_ws(workspace))
    assert result.exit_code == 0, result.output
    approved = invoke("approve", "nk", "--by", "cslee", "--stage", "edit", *_ws(workspace))
    assert approved.exit_code == 0, approved.output
    code, found = _check(workspace)
    assert code == 1 and ("BL302", None, "error", False) in found


def test_a_units_finding_is_placed_at_its_entry_in_en_po(edited: Path) -> None:
    _record(edited, "ewhong", _english(edited).replace("$110 million", "$120 million"))
    result = invoke("check", "nk", "--json", *_ws(edited))
    [found] = json.loads(result.stdout)["findings"]
    po = (edited / "translations" / "nk" / "en.po").read_text(encoding="utf-8").split("\n")
    assert found["file"] == "translations/nk/en.po" and po[found["line"] - 1] == 'msgctxt "s4"'
    text = invoke("check", "nk", *_ws(edited)).stdout
    assert f"translations/nk/en.po:{found['line']}:" in text
