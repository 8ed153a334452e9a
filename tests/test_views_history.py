"""Issue 19, item 3 and the history views: `diff` shows everything that changed (additions, deletions,
moves as moves, the Korean), `log --unit U` one unit's story, `show EVENT` one event's change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from newsroom import SLUG, Newsroom, golden, open_newsroom


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Newsroom:
    return open_newsroom(tmp_path, monkeypatch)


def test_diff_shows_the_added_sentence_in_text_and_json(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    text = room.ok("diff", SLUG).stdout
    assert "Night buses carried about 2 million riders" in text
    data = room.json("diff", SLUG)
    added = [a for a in data["additions"] if "Night buses" in a["after"]]
    assert len(added) == 1 and added[0]["op"] == "added" and added[0]["id"].startswith("add:")


def test_diff_shows_a_moved_paragraph_as_a_move(newsroom: Newsroom) -> None:
    """Whong moved the cost paragraph (s4, s5) after the schedule paragraph: a move, not a deletion and an addition."""
    room = newsroom.edited()
    data = room.json("diff", SLUG, "--to", "3")
    moved = {m["unit"] for m in data["moves"]}
    assert moved == {"s4", "s5"}
    units = {u["unit"]: u for u in data["units"]}
    assert "s4" not in units  # its English is the same: nothing but the move to show
    assert all(u["after"] for u in data["units"]), "a moved unit lost its English"
    text = room.ok("diff", SLUG, "--to", "3").stdout
    assert "s4: moved" in text and "s5: moved" in text
    assert "[-The new routes" not in text  # not shown as deleted


def test_diff_shows_the_korean_that_changed(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    data = room.json("diff", SLUG, "--from", "5")
    korean = data["source"]
    assert [k["unit"] for k in korean] == ["s6"]
    assert "1월" in korean[0]["before"] and "2월" in korean[0]["after"]
    assert "s6 (Korean):" in room.ok("diff", SLUG, "--from", "5").stdout


def test_diff_shows_a_deleted_sentence(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    room.en.write_text(room.en.read_text(encoding="utf-8").replace(" Buses will run every 20 minutes.", ""),
                       encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    data = room.json("diff", SLUG, "--from", "4")
    gone = [u for u in data["units"] if u["unit"] == "s8"]
    assert gone and gone[0]["after"] == "" and "every 20 minutes" in gone[0]["before"]
    assert "s8: [-Buses will run every 20 minutes.-] (now omitted)" in room.ok("diff", SLUG, "--from", "4").stdout


def test_log_of_one_unit(newsroom: Newsroom) -> None:
    """`log --unit s3`: the events that changed s3's English, each with what it changed."""
    room = newsroom.corrected()
    data = room.json("log", SLUG, "--unit", "s3")
    assert [e["seq"] for e in data["events"]] == [2, 3]
    changes = {(w["op"], w["text"].strip()) for w in data["events"][1]["words"]}
    assert ("delete", "program") in changes and ("insert", "plan") in changes
    text = room.ok("log", SLUG, "--unit", "s3").stdout
    assert "#3" in text and "ewhong" in text and "#4" not in text
    unknown = room.run("log", SLUG, "--unit", "s99")
    assert unknown.exit_code == 2 and "s99" in unknown.stderr


def test_show_one_event(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    events = room.json("log", SLUG)["events"]
    correction = next(e for e in events if e["type"] == "correct")
    text = room.ok("show", correction["id"][7:14]).stdout
    assert "correct" in text and "mfoster" in text and "Malcolm Foster" in text
    assert "An earlier version of this article gave the wrong month" in text
    assert "unsigned" in text
    assert "[-January-]{+February+}" in text
    data = room.json("show", str(correction["seq"]))
    assert data["event"]["id"] == correction["id"]
    assert data["signature"]["status"] == "unsigned"
    assert [u["unit"] for u in data["units"]] == ["s6"]


def test_show_refuses_what_names_no_event(newsroom: Newsroom) -> None:
    room = newsroom.edited()
    for ref in ("zzzzzzz", "99"):
        result = room.run("show", ref)
        assert result.exit_code == 2 and "no event" in result.stderr and "Traceback" not in result.output


def test_diff_shows_a_sentence_moved_inside_its_paragraph_as_a_move(newsroom: Newsroom) -> None:
    room = newsroom.translated()
    english = room.en.read_text(encoding="utf-8")
    first, second = "The new routes will cost a total of 3.5 billion won.", "The plan was modeled on a U.S. program."
    room.en.write_text(english.replace(f"{first} {second}", f"{second} {first}"), encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong")
    data = room.json("diff", SLUG)
    # A swap: either sentence could be the one moved; of two stretches as long, the later one in the new text is
    assert [(m["unit"], m["from"]["paragraph"], m["to"]["paragraph"]) for m in data["moves"]] == [("s4", 3, 3)]
    assert data["units"] == [] and data["additions"] == []
    assert room.ok("diff", SLUG).stdout == "s4: moved from paragraph 3 (after s3) to paragraph 3 (after s5)\n"


def test_log_of_an_addition_and_of_a_korean_change(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    added = next(a["id"] for a in room.json("diff", SLUG)["additions"] if "Night buses" in a["after"])
    story = room.json("log", SLUG, "--unit", added)["events"]
    assert [(e["seq"], e["agent"]) for e in story] == [(3, "ewhong"), (4, "mfoster")]
    assert {"op": "insert", "text": ","} in story[1]["words"]
    korean = room.json("log", SLUG, "--unit", "s6")["events"]
    assert [e["seq"] for e in korean] == [2, 6, 7]
    assert "korean" in korean[1] and "words" not in korean[1]
    assert {"op": "insert", "text": "2월"} in korean[1]["korean"]["words"]
    assert "    Korean: 운행 계획은 지난 [-1월-]{+2월+}" in room.ok("log", SLUG, "--unit", "s6").stdout


def test_show_says_who_signed_and_when_a_signature_no_longer_holds(newsroom: Newsroom, tmp_path: Path) -> None:
    from helpers import add_key, crypto_key

    room = newsroom.translated()
    private, public = crypto_key(tmp_path / "keys" / "ewhong")
    add_key(room.root, "ewhong", public)
    room.en.write_text(room.en.read_text(encoding="utf-8").replace("3.5 billion", "3.6 billion"), encoding="utf-8")
    room.ok("record", SLUG, "--by", "ewhong", "--sign-with", str(private))
    shown = room.json("show", SLUG, "3")
    assert shown["signature"]["status"] == "signed" and shown["signature"]["signer"] == "ewhong"
    key = shown["signature"]["key"]
    assert key.startswith("SHA256:") and f"signature: signed by ewhong with {key}" in room.ok("show", "3").stdout
    assert [u["unit"] for u in shown["units"]] == ["s4"]
    config = room.root / "byline.toml"  # the key replaced on the roster without keeping the old one
    config.write_text(config.read_text(encoding="utf-8").replace(public, crypto_key(tmp_path / "keys" / "new")[1]),
                      encoding="utf-8")
    text = room.ok("show", shown["event"]["id"][7:15]).stdout
    assert f"signature: signature invalid ({key}); verify refuses it:" in text
    assert room.json("show", "3")["signature"]["status"] == "invalid"


def _ids_out(text: str) -> str:
    """Event ids (and the addition ids made from them) depend on byline's version, recorded in each event."""
    import re

    text = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<id>", text)
    return re.sub(r"  [0-9a-f]{12}$", "  <id>", re.sub(r"add:[0-9a-f]{8}", "add:<event>", text), flags=re.M)


def test_diff_and_show_text_golden(newsroom: Newsroom) -> None:
    room = newsroom.corrected()
    golden("diff.txt", _ids_out(room.ok("diff", SLUG).stdout))
    golden("show.txt", "".join(_ids_out(room.ok("show", SLUG, seq).stdout) for seq in ("3", "6", "7")))
    golden("log-unit.txt", _ids_out(room.ok("log", SLUG, "--unit", "s6").stdout))


# --- moves: whatever keeps its order is not moved ------------------------------------------------------------

def _state(paragraphs: list[list[int]]) -> object:
    """A state whose English is the numbered sentences in these paragraphs, sentence n the unit of segment sn."""
    from workflow.model.state import Segment, State, Unit

    order = sorted(n for paragraph in paragraphs for n in paragraph)
    korean = " ".join(f"문장 {n}." for n in order)
    segments, pos = [], 0
    for n in order:
        segments.append(Segment(f"s{n}", pos, pos + len(f"문장 {n}.")))
        pos += len(f"문장 {n}.") + 1
    text, units = "", []
    for index, paragraph in enumerate(paragraphs):
        if index:
            text += "\n\n"
        for position, n in enumerate(paragraph):
            if position:
                text += " "
            units.append(Unit((f"s{n}",), len(text), len(text) + len(f"Sentence {n} stands.")))
            text += f"Sentence {n} stands."
    return State("a", (), korean, {}, tuple(segments), (), len(order) + 1, text + "\n", tuple(units), {}, (), (),
                 (), (), {}, (), ())


@given(st.integers(min_value=1, max_value=6).flatmap(
    lambda n: st.tuples(st.permutations(range(n)), st.lists(st.integers(min_value=1, max_value=3), min_size=n,
                                                              max_size=n))))
def test_paragraphs_reordered_are_the_fewest_moves_and_no_change(case: tuple[list[int], list[int]]) -> None:
    """Any reordering of paragraphs: no unit's English changed, nothing added or removed, and the stretches
    shown moved (paragraphs that stand together in both orders) are as few as can explain the new order,
    each moved whole."""
    from itertools import combinations

    from workflow.reading.diff import changes

    order, sizes = case
    paragraphs, n = [], 1
    for size in sizes:
        paragraphs.append(list(range(n, n + size)))
        n += size
    found = changes(_state(paragraphs), _state([paragraphs[i] for i in order]))  # type: ignore[arg-type]
    assert found.units == () and found.additions == () and found.source == ()
    moved = {m.unit for m in found.moves}
    stretches: list[list[int]] = []  # paragraphs next to each other, in the same order, before and after
    for i in order:
        if stretches and stretches[-1][-1] + 1 == i:
            stretches[-1].append(i)
        else:
            stretches.append([i])
    units = [{f"s{k}" for i in stretch for k in paragraphs[i]} for stretch in stretches]
    assert all(u <= moved or not u & moved for u in units)  # a stretch moves whole
    firsts = [stretch[0] for stretch in stretches]
    in_order = max(size for size in range(len(firsts) + 1) for kept in combinations(firsts, size)
                   if list(kept) == sorted(kept))
    assert sum(1 for u in units if u <= moved) == len(stretches) - in_order


def test_show_finds_an_id_in_any_article_and_a_number_in_the_one_named(newsroom: Newsroom) -> None:
    from newsroom import KOREAN, TRANSLATION

    room = newsroom.translated()
    room.ok("ingest", str(room.write("ko-other.md", KOREAN)), "--article", "other", "--by", "reporter")
    room.ok("translate", "other", "--from", str(room.write("other.md", TRANSLATION)), "--by", "cslee")
    mine = room.json("log", SLUG)["events"][1]
    found = room.json("show", mine["id"][7:15])
    assert found["article"] == SLUG and found["event"]["id"] == mine["id"]
    assert room.json("show", "other", "2")["article"] == "other"
    number = room.run("show", "2")
    assert number.exit_code == 2 and "name the article first, `byline show ARTICLE 2`" in number.stderr
    unknown = room.run("show", "zzzzzzz")
    assert unknown.exit_code == 2 and "no event 'zzzzzzz' in this workspace's 2 articles" in unknown.stderr
