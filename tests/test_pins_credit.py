"""The credit rule under any history, and blame's choice between events, pinned (issue 23).

DESIGN's "One credit rule": "Edited by" names the people — not software
agents, not the current translation's translators — who recorded an event
that changed the English since the current translation, in the order of their
first such change; approvals, waivers and publications do not count.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from helpers import ENGLISH, Templates, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.model.replay import load
from workflow.reading.credit import credit, credited_editors
from workflow.workspace import find_workspace


@pytest.fixture
def workspace(workspace_copy: Path) -> Path:
    """The recorded sample, copied from the session's template (the CLI-built one costs a second a test)."""
    return workspace_copy


PEOPLE = ("cslee", "ewhong", "mfoster")
NAMES = {"cslee": "Claire Shinyoung Oh Lee", "ewhong": "Eugene Whong", "mfoster": "Malcolm Foster"}
# Steps of a history after the translation: (kind, who); edits change one word of the English each time.
STEPS = st.lists(st.tuples(st.sampled_from(["edit", "edit", "approve", "waive", "layout-only"]),
                           st.sampled_from(PEOPLE)), max_size=5)


def _expected_editors(steps: list[tuple[str, str]]) -> list[str]:
    """The rule, stated plainly: who edited, once each, first edit first, never the translator."""
    editors: list[str] = []
    for kind, who in steps:
        if kind == "edit" and who != "cslee" and who not in editors:
            editors.append(who)
    return editors


@pytest.mark.slow
@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS)
def test_edited_by_names_the_editors_in_the_order_they_first_changed_the_english(
    templates: Templates, steps: list[tuple[str, str]]
) -> None:
    from workflow.steps.signoff import approve, waive
    from workflow.steps.target import record

    with tempfile.TemporaryDirectory() as folder:
        root = templates.copy("recorded", Path(folder) / "ws")
        ws = find_workspace(explicit=root)
        en = root / "translations" / "nk" / "en.md"
        done: list[tuple[str, str]] = []
        for number, (kind, who) in enumerate(steps):
            person = ws.config.person(who)
            if kind == "edit":
                en.write_text(en.read_text(encoding="utf-8").replace("residents", f"residents{number}", 1),
                              encoding="utf-8")
                record(ws, "nk", person)
            elif kind == "layout-only":  # a recording that changes no English: nothing to credit
                record(ws, "nk", person)
                continue
            elif who == "cslee":
                continue  # the translator may neither approve nor waive her own translation
            elif kind == "approve":
                approve(ws, "nk", person, stage="edit")
            else:
                waive(ws, "nk", person, rule="BL104", reason=f"context {number}")
            done.append((kind, who))
        state = load(ws, "nk")
        expected = _expected_editors(done)
        assert list(credited_editors(state)) == expected
        line = credit(state, ws.config).line
        names = [NAMES[who] for who in expected]
        edited = f" Edited by {' and '.join(names) if len(names) < 3 else ', '.join(names[:-1]) + ' and ' + names[-1]}."
        assert line == "Translated by Claire Shinyoung Oh Lee." + (edited if names else "")


def test_a_new_translation_starts_the_editors_again(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(ENGLISH.replace("residents said", "locals said"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    (workspace / "new.md").write_text(ENGLISH.replace("Three residents", "Three locals"), encoding="utf-8")
    result = invoke("translate", "nk", "--from", str(workspace / "new.md"), "--by", "mfoster", "--replace", *ws)
    assert result.exit_code == 0, result.output
    assert invoke("credit", "nk", *ws).stdout.strip() == "Translated by Malcolm Foster."
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "people said"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "cslee", *ws).exit_code == 0
    credit = invoke("credit", "nk", *ws).stdout.strip()
    assert credit == "Translated by Malcolm Foster. Edited by Claire Shinyoung Oh Lee."


def test_blame_names_the_latest_event_that_wrote_a_word(workspace: Path) -> None:
    ws = ["--workspace", str(workspace)]
    en = workspace / "translations" / "nk" / "en.md"
    en.write_text(ENGLISH.replace("laptops and tablets", "laptops and neighborhood"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    en.write_text(ENGLISH.replace("laptops and tablets", "laptops and neighborhood-watch"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", *ws).exit_code == 0
    events = json.loads(invoke("log", "nk", "--json", *ws).stdout)["events"]
    tokens = json.loads(invoke("blame", "nk", "--json", *ws).stdout)["tokens"]
    word = next(t for t in tokens if t["text"] == "neighborhood-watch")
    assert (word["agent"], word["event"]) == ("ewhong", events[-1]["id"])
    # The same word finished by someone else is theirs.
    en.write_text(ENGLISH.replace("laptops and tablets", "laptops and neighborhood-watches"), encoding="utf-8")
    assert invoke("record", "nk", "--by", "mfoster", *ws).exit_code == 0
    tokens = json.loads(invoke("blame", "nk", "--json", *ws).stdout)["tokens"]
    assert next(t for t in tokens if t["text"] == "neighborhood-watches")["agent"] == "mfoster"


def test_a_credit_sentence_is_left_out_only_when_all_its_fields_are_empty() -> None:
    from workflow.reading.credit import credit_line

    template = "Translated by {translators} for {editors}. Edited by {editors}."
    assert credit_line(template, {"translators": ["Claire Lee"], "editors": []}) == "Translated by Claire Lee for ."
    assert credit_line(template, {"translators": [], "editors": []}) == ""


def test_a_later_translator_is_credited_when_the_first_ones_words_are_all_gone(workspace_copy: Path) -> None:
    ws = ["--workspace", str(workspace_copy)]
    rewritten = ENGLISH.upper().replace("110", "111")  # not one word of the first translation is left
    (workspace_copy / "mt.md").write_text(rewritten, encoding="utf-8")
    assert invoke("translate", "nk", "--from", str(workspace_copy / "mt.md"), "--by", "mfoster", *ws).exit_code == 0
    data = json.loads(invoke("credit", "nk", "--json", *ws).stdout)
    assert data["translators"] == ["mfoster"]
    assert data["line"].startswith("Translated by Malcolm Foster.")
