"""Ledger v2 as a graph: concurrent desks, the merged ledger, replay of concurrent heads, v1 ledgers continued.

Desks here are copies of one workspace folder; a "pull" writes the merged
ledger (`workflow.desks.ledgers.merged_ledger`, what git's driver computes)
and the working files its replay yields. The git plumbing around it is tested
end to end in test_desks_git.py.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.canonical import canonical
from workflow.desks.ledgers import Unmergeable, merged_ledger
from workflow.ledger import read_events, scan
from workflow.model.replay import replay
from workflow.model.working_files import write_working_files
from workflow.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = {
    "s2": "North Korean authorities are cracking down on unregistered laptops and tablets, residents said.",
    "s3": '"From now on, you will be punished as a spy," a resident of Ryanggang province said.',
    "s4": "The program cost $110 million.",
    "s5": "Three residents were arrested.",
}


def run(root: Path, *args: str) -> None:
    result = invoke(*args, "--workspace", str(root))
    assert result.exit_code == 0, result.output


def desk(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def ledger(root: Path, slug: str = "nk") -> Path:
    return root / "translations" / slug / "provenance.jsonl"


def edit(root: Path, old: str, new: str, who: str, now: str, monkeypatch: pytest.MonkeyPatch, slug: str = "nk") -> None:
    path = root / "translations" / slug / "en.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.setenv("BYLINE_NOW", now)
    run(root, "record", slug, "--by", who)


def pull(into: Path, other: Path, slug: str = "nk") -> None:
    """What `git pull` with byline's driver leaves: the merged ledger and the files its replay yields."""
    merged = merged_ledger(ledger(into, slug).read_bytes(), ledger(other, slug).read_bytes(), "provenance.jsonl")
    ledger(into, slug).write_bytes(merged.data)
    write_working_files(Workspace(into), replay(slug, merged.events, authorship=False))


def ids(root: Path, slug: str = "nk") -> set[str]:
    return {event.id for event in read_events(ledger(root, slug))}


def blame(root: Path, word: str, slug: str = "nk") -> set[str]:
    result = invoke("blame", slug, "--json", "--workspace", str(root))
    return {t["agent"] for t in json.loads(result.output)["tokens"] if t["text"] == word}


def verified(root: Path) -> None:
    result = invoke("verify", "--workspace", str(root))
    assert result.exit_code == 0, result.output


def test_two_desks_merge_into_one_record_and_the_next_event_follows_both(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = desk(workspace, tmp_path / "a"), desk(workspace, tmp_path / "b")
    edit(a, "cracking down on", "clamping down on", "ewhong", "2026-11-28T10:00:00Z", monkeypatch)
    edit(
        b,
        "a resident of Ryanggang province said",
        "a resident of Ryanggang province told RFA",
        "mfoster",
        "2026-11-28T10:05:00Z",
        monkeypatch,
    )
    both = ids(a) | ids(b)
    pull(a, b)
    assert ids(a) == both
    verified(a)
    english = (a / "translations/nk/en.md").read_text(encoding="utf-8")
    assert "clamping down on" in english and "province told RFA" in english
    assert blame(a, "clamping") == {"ewhong"} and blame(a, "RFA") == {"mfoster"} and blame(a, "tablets") == {"cslee"}
    state = replay("nk", read_events(ledger(a)))
    assert len(state.heads) == 2 and state.conflicts == ()
    edit(a, "The program cost", "The programme cost", "mfoster", "2026-11-28T11:00:00Z", monkeypatch)
    last = read_events(ledger(a))[-1]
    assert last.data["parents"] == list(state.heads) and last.seq == 4 and last.line == 5  # seq is the depth
    verified(a)
    pull(b, a)  # the other desk catches up: a fast-forward of the union
    assert ledger(b).read_bytes() == ledger(a).read_bytes()
    verified(b)


def test_a_v1_ledger_continues_with_v2_events_and_merges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = tmp_path / "sample"
    sample.mkdir()
    shutil.copy(ROOT / "byline.toml", sample / "byline.toml")
    for folder in ("sources", "translations"):
        shutil.copytree(ROOT / folder / "nk-laptops", sample / folder / "nk-laptops")
    committed = ledger(sample, "nk-laptops").read_bytes()
    a, b = desk(sample, tmp_path / "a"), desk(sample, tmp_path / "b")
    edit(a, "laptops", "notebook computers", "ewhong", "2026-11-28T10:00:00Z", monkeypatch, "nk-laptops")
    edit(b, "tablets", "tablet computers", "mfoster", "2026-11-28T10:01:00Z", monkeypatch, "nk-laptops")
    for side in (a, b):
        events = read_events(ledger(side, "nk-laptops"))
        assert ledger(side, "nk-laptops").read_bytes().startswith(committed)  # never rewritten
        assert events[-1].data["v"] == 2 and events[-1].data["parents"] == [events[-2].id] and events[-1].seq == 11
    pull(a, b, "nk-laptops")
    assert ledger(a, "nk-laptops").read_bytes().startswith(committed)
    verified(a)


def test_lines_out_of_canonical_order_are_named(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = desk(workspace, tmp_path / "a"), desk(workspace, tmp_path / "b")
    edit(a, "The program cost", "The programme cost", "ewhong", "2026-11-28T10:00:00Z", monkeypatch)
    edit(b, "Three residents", "Three people", "mfoster", "2026-11-28T10:01:00Z", monkeypatch)
    pull(a, b)
    lines = ledger(a).read_bytes().splitlines(keepends=True)
    ledger(a).write_bytes(b"".join([*lines[:2], lines[3], lines[2]]))  # both edits, in the other order
    events, problem = scan(ledger(a))
    assert problem is not None and problem.line == 3 and "canonical order" in problem.message
    assert [canonical(e.data) for e in events] == [line.rstrip(b"\n") for line in lines[:2]]  # the lines before it
    assert "byline init" in problem.message
    result = invoke("verify", "--workspace", str(a))
    assert result.exit_code == 1 and "canonical order" in result.output


def test_ledgers_of_two_separate_starts_do_not_merge(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    monkeypatch.setenv("BYLINE_NOW", "2026-11-28T10:00:00Z")
    shutil.copytree(workspace, other)
    shutil.rmtree(other / "translations" / "nk")
    shutil.rmtree(other / "sources" / "nk")
    run(other, "ingest", str(workspace / "ko.md"), "--article", "nk", "--by", "reporter")
    with pytest.raises(Unmergeable, match="began this article separately"):
        merged_ledger(ledger(workspace).read_bytes(), ledger(other).read_bytes(), "provenance.jsonl")


EDITS = [(uid, suffix) for uid in SENTENCES for suffix in (" indeed", " again")]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    histories=st.lists(
        st.lists(st.sampled_from(EDITS), min_size=1, max_size=2, unique_by=lambda e: e[0]), min_size=3, max_size=3
    ),
    order=st.permutations([(0, 1), (1, 2), (2, 0), (0, 2), (1, 0), (2, 1)]),
)
def test_desks_merging_in_any_order_reach_the_same_record(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory, histories, order
) -> None:  # type: ignore[no-untyped-def]
    """Three desks record concurrently (on the same units or not); pulling in any order gives one record."""
    top = tmp_path_factory.mktemp("desks")
    desks = [desk(workspace, top / f"d{n}") for n in range(3)]
    people = ("ewhong", "mfoster", "cslee")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for number, (root, history) in enumerate(zip(desks, histories, strict=False)):
            for step, (uid, suffix) in enumerate(history):
                sentence = SENTENCES[uid]
                text = (root / "translations/nk/en.md").read_text(encoding="utf-8")
                changed = next(s for s in (sentence, sentence[:-1]) if s in text)
                edit(root, changed, changed + suffix, people[number], f"2026-11-28T1{step}:0{number}:00Z", monkeypatch)
    recorded = set().union(*(ids(root) for root in desks))
    for into, other in order:
        pull(desks[into], desks[other])
        assert ids(desks[into]) >= ids(desks[other])
    for root in desks:  # everyone pulls from everyone once more: all hold every event
        for other in desks:
            pull(root, other)
    ledgers = {ledger(root).read_bytes() for root in desks}
    texts = {(root / "translations/nk/en.md").read_bytes() for root in desks}
    assert len(ledgers) == 1 and len(texts) == 1
    assert ids(desks[0]) == recorded
    states = [replay("nk", read_events(ledger(root))) for root in desks]
    assert all(s.conflicts == states[0].conflicts and s.authorship == states[0].authorship for s in states)
    for a, b in itertools.combinations(desks, 2):
        assert (a / "translations/nk/en.po").read_bytes() == (b / "translations/nk/en.po").read_bytes()
    verified(desks[0])


def test_a_same_unit_conflict_shows_in_en_md_only(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = desk(workspace, tmp_path / "a"), desk(workspace, tmp_path / "b")
    edit(
        a,
        "The program cost $110 million.",
        "The programme cost $110 million.",
        "ewhong",
        "2026-11-28T10:00:00Z",
        monkeypatch,
    )
    edit(
        b,
        "The program cost $110 million.",
        "The scheme cost $110 million.",
        "mfoster",
        "2026-11-28T10:01:00Z",
        monkeypatch,
    )
    pull(a, b)
    english = (a / "translations/nk/en.md").read_text(encoding="utf-8")
    block = english[english.index("<<<<<<< ") : english.index(">>>>>>> ")]
    assert (
        "ewhong (" in block and "\nThe programme cost $110 million. Three residents were arrested.\n=======\n" in block
    )
    assert "\nThe scheme cost $110 million. Three residents were arrested.\n" in block
    po = (a / "translations/nk/en.po").read_text(encoding="utf-8")
    assert "<<<<<<<" not in po and "conflict: ewhong" in po
    state = replay("nk", read_events(ledger(a)))
    assert [(c.unit, [s.label.agents for s in c.sides]) for c in state.conflicts] == [
        ("s4", [("ewhong",), ("mfoster",)])
    ]
    verified(a)  # the record is whole; the conflict is for a person to resolve
