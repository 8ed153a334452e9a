"""The fold scheme the corpus benchmarks tune and report on (benchmarks/folds.py, loaded by path)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

FOLDS_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "folds.py"


def load_folds():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("folds", FOLDS_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_fold_is_reported_once_by_a_tuning_on_all_the_others() -> None:
    folds = load_folds()
    rotations = folds.rotations()
    assert sorted(report for _, report in rotations) == [(fold,) for fold in range(folds.FOLDS)]
    for tune, report in rotations:
        assert set(tune).isdisjoint(report)
        assert sorted((*tune, *report)) == list(range(folds.FOLDS))


def test_the_documents_of_the_folds_partition_the_corpus_in_contiguous_runs() -> None:
    folds = load_folds()
    total = folds.FOLDS * folds.DOCS_PER_FOLD
    chunks = [folds.documents((fold,), total) for fold in range(folds.FOLDS)]
    assert [doc for chunk in chunks for doc in chunk] == list(range(total))
    assert all(chunk == list(range(chunk[0], chunk[0] + folds.DOCS_PER_FOLD)) for chunk in chunks)
    assert folds.documents(folds.DEV_FOLDS, total) + folds.documents(folds.HELD_OUT_FOLDS, total) == list(range(total))
