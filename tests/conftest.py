"""Fixtures and settings; the names tests import (invoke, KOREAN, ROSTER, …) are in helpers.py.

Two kinds of workspace fixture. `empty_workspace`, `workspace` and
`machine_translated` record through the CLI in every test, for end-to-end tests
of commands. The `*_copy` fixtures are the same workspaces recorded once per
session by the library and copied per test: for tests of the library, which
should neither depend on the CLI nor pay for it and for Korean segmentation
each time.
"""

from __future__ import annotations

from pathlib import Path

import helpers
import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: no per-example deadline, so a busy
# CI machine cannot fail them.
settings.register_profile("byline", deadline=None)
settings.load_profile("byline")


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Path:
    """A fresh workspace with the four-person roster, made with `byline init`."""
    return helpers.cli_empty_workspace(tmp_path / "ws")


@pytest.fixture
def workspace(empty_workspace: Path) -> Path:
    """A workspace whose article `nk` was ingested (by reporter) and translated (by cslee) through the CLI."""
    return helpers.cli_record_sample(empty_workspace)


@pytest.fixture
def machine_translated(tmp_path: Path) -> Path:
    """An organisation's workspace: article `nk` machine-translated by papago (run by cslee), edited by ewhong."""
    return helpers.cli_machine_translated(tmp_path / "ws")


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> helpers.Templates:
    """The library-built workspaces of this session, built on first use."""
    return helpers.Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def empty_workspace_copy(templates: helpers.Templates, tmp_path: Path) -> Path:
    """What `empty_workspace` is, copied from this session's template."""
    return templates.copy("empty", tmp_path / "ws")


@pytest.fixture
def workspace_copy(templates: helpers.Templates, tmp_path: Path) -> Path:
    """What `workspace` is, copied from this session's template."""
    return templates.copy("recorded", tmp_path / "ws")


@pytest.fixture
def machine_translated_copy(templates: helpers.Templates, tmp_path: Path) -> Path:
    """What `machine_translated` is, copied from this session's template."""
    return templates.copy("machine-translated", tmp_path / "ws")
