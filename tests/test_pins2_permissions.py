"""What a refused sign-off or waiver tells the person refused (issue 23, second sample, seed 777).

Written against mutants of the permissions' messages that the suite let
through: the refusal must name the person's roles and the roles that may act.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import invoke


@pytest.mark.parametrize(("args", "said"), [
    pytest.param(("waive", "nk", "--rule", "BL201", "--by", "reporter", "--reason", "checked"),
                 "reporter (roles: reporter) may not waive checks: [policy] may_waive = ['editor', 'desk'] in ",
                 id="waive"),
    pytest.param(("approve", "nk", "--by", "reporter", "--stage", "approve"),
                 "reporter (roles: reporter) may not approve 'approve': [policy] may_approve gives it to "
                 "'editor' or 'desk' in ", id="approve"),
    pytest.param(("approve", "nk", "--by", "reporter", "--stage", "edit"),
                 "reporter (roles: reporter) may not approve 'edit': [policy] may_approve gives it to 'editor' in ",
                 id="approve-edit"),
])
def test_a_refusal_names_the_roles_held_and_the_roles_wanted(workspace_copy: Path, args: tuple[str, ...],
                                                             said: str) -> None:
    ledger = workspace_copy / "translations" / "nk" / "provenance.jsonl"
    before = ledger.read_bytes()
    result = invoke(*args, "--workspace", str(workspace_copy))
    assert result.exit_code == 2
    assert result.stderr == f"byline: error: {said}{workspace_copy / 'byline.toml'}; nothing recorded\n"
    assert ledger.read_bytes() == before
