"""benchmarks/mutation.py's inputs stay true to the code: the test files its map names exist, and every mutant
judged equivalent is still a mutant of the core as it is (a key goes stale when its line changes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import mutation  # noqa: E402  (benchmarks/ is not a package)


def test_every_core_module_and_test_file_the_map_names_exists() -> None:
    for module, tests in mutation.CORE.items():
        assert (ROOT / module).is_file(), module
        for test in tests:
            if not any(c in test for c in "*?["):  # a pattern may match files not landed yet
                assert (ROOT / test.split("::")[0]).is_file(), f"{module}: {test}"


@pytest.mark.slow
def test_every_mutant_judged_equivalent_is_a_mutant_of_the_core_as_it_is() -> None:
    verdicts = mutation.load_equivalent()
    modules = {key.split("::")[0] for key in verdicts}
    assert modules <= set(mutation.CORE)
    keys = {m.key for module in modules for m in mutation.mutants_of(module)}
    stale = sorted(set(verdicts) - keys)
    assert not stale, f"these lines changed; judge the mutants again: {stale}"
    assert all(verdicts.values()), "every verdict gives its reason"
