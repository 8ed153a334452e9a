"""byline.toml as parsed, kept in `.byline-cache/config.json`: reused only while the file is unchanged."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import invoke, probe

from workflow import cachefile
from workflow.config import CONFIG_NAME, PARSED_NAME, load_config


def cached(root: Path) -> Path:
    return root / cachefile.CACHE_DIR / PARSED_NAME


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat files written just now as settled, so that the cache is written at once."""
    monkeypatch.setattr(cachefile, "RACY_NS", 0)


def rename_person(root: Path, old: str, new: str) -> None:
    """Change byline.toml without changing its size, then set its mtime back: only ctime and contents differ."""
    config = root / CONFIG_NAME
    before = config.stat()
    assert len(old) == len(new)
    config.write_text(config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_settled_config_is_cached_and_reused(empty_workspace_copy: Path, settled: None) -> None:
    first = load_config(empty_workspace_copy / CONFIG_NAME)
    stored = json.loads(cached(empty_workspace_copy).read_text(encoding="utf-8"))
    assert stored["data"]["people"]["ewhong"]["name"] == "Eugene Whong"
    assert load_config(empty_workspace_copy / CONFIG_NAME) == first


def test_an_edit_behind_a_restored_mtime_is_seen(empty_workspace_copy: Path, settled: None) -> None:
    load_config(empty_workspace_copy / CONFIG_NAME)
    rename_person(empty_workspace_copy, "Eugene Whong", "Eugene Wh0ng")
    assert load_config(empty_workspace_copy / CONFIG_NAME).person("ewhong").name == "Eugene Wh0ng"


def test_a_cache_copied_with_the_workspace_is_not_trusted(
    empty_workspace_copy: Path, tmp_path: Path, settled: None
) -> None:
    load_config(empty_workspace_copy / CONFIG_NAME)
    copy = tmp_path / "copy"
    shutil.copytree(empty_workspace_copy, copy)  # keeps sizes and mtimes: a restored CI cache looks like this
    rename_person(copy, "Eugene Whong", "Eugene Wh0ng")
    assert load_config(copy / CONFIG_NAME).person("ewhong").name == "Eugene Wh0ng"


def test_a_just_written_config_is_not_cached(empty_workspace_copy: Path) -> None:
    load_config(empty_workspace_copy / CONFIG_NAME)  # the fixture wrote byline.toml a moment ago
    assert not cached(empty_workspace_copy).exists()


@pytest.mark.parametrize("damage", ["not json", "[]", '{"signature": 1}', '{"data": {}}'])
def test_a_damaged_cache_is_parsed_afresh_and_replaced(empty_workspace_copy: Path, settled: None, damage: str) -> None:
    cached(empty_workspace_copy).parent.mkdir(exist_ok=True)
    cached(empty_workspace_copy).write_text(damage, encoding="utf-8")
    assert load_config(empty_workspace_copy / CONFIG_NAME).person("ewhong").name == "Eugene Whong"
    assert json.loads(cached(empty_workspace_copy).read_text(encoding="utf-8"))["data"]["people"]


def test_an_unwritable_cache_costs_only_the_parse(empty_workspace_copy: Path, settled: None) -> None:
    (empty_workspace_copy / cachefile.CACHE_DIR).write_text("a file where the cache folder should be", encoding="utf-8")
    assert load_config(empty_workspace_copy / CONFIG_NAME).person("ewhong").name == "Eugene Whong"
    assert not list(empty_workspace_copy.glob("**/*.tmp"))


def test_toml_dates_have_no_json_form_so_that_config_is_parsed_each_time(
    empty_workspace_copy: Path, settled: None
) -> None:
    config = empty_workspace_copy / CONFIG_NAME
    config.write_text(
        config.read_text(encoding="utf-8").replace("[workspace]\n", "[workspace]\nfounded = 1996-03-01\n"),
        encoding="utf-8",
    )
    assert load_config(config).person("ewhong").name == "Eugene Whong"
    assert not cached(empty_workspace_copy).exists()


def test_a_config_problem_is_reported_whether_or_not_it_was_cached(empty_workspace_copy: Path, settled: None) -> None:
    from workflow.errors import ConfigError

    config = empty_workspace_copy / CONFIG_NAME
    config.write_text(config.read_text(encoding="utf-8") + '\n[people.x]\nroles = ["editor"]\n', encoding="utf-8")
    for _ in range(2):  # parsed, then from the cache
        with pytest.raises(ConfigError, match='needs name = "Full Name"'):
            load_config(config)


def test_a_second_command_does_not_parse_the_toml(workspace: Path) -> None:
    cached(workspace).unlink(missing_ok=True)  # a fixture slower than RACY_NS (kiwipiepy loading) has cached it
    first, second = (probe("status", "--workspace", str(workspace), settled=True) for _ in range(2))
    assert (first.exit_code, "tomllib" in first.modules) == (0, True), first
    assert (second.exit_code, "tomllib" in second.modules) == (0, False), second
    assert second.stdout == first.stdout and second.stdout.startswith("nk: ")


def test_nothing_is_written_through_a_symlinked_cache_folder(workspace: Path, tmp_path: Path, settled: None) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # translate fills it (sentence vectors), and a fixture slower than RACY_NS caches byline.toml there
    shutil.rmtree(workspace / cachefile.CACHE_DIR, ignore_errors=True)
    (workspace / cachefile.CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    status = invoke("status", "--workspace", str(workspace))
    assert status.exit_code == 0 and status.stdout.startswith("nk: "), status.output
    check = invoke("check", "--workspace", str(workspace))  # translated, never edited: policy errors
    assert check.exit_code == 1 and "BL302 too-few-editors" in check.output, check.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("command", [["index", "--rebuild"], ["verify", "--all"], ["status", "nk", "other"]],
                         ids=["index", "verify", "status"])
def test_a_run_over_several_articles_reads_the_config_once(
        workspace: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """Every article of a run is read with the one workspace: byline.toml is not read again for each article."""
    import workflow.workspace as workspace_module

    (workspace / "other.md").write_text("# 두 번째 기사\n\n주민 5명이 체포됐다.\n", encoding="utf-8")
    assert invoke("ingest", str(workspace / "other.md"), "--article", "other", "--by", "reporter",
                  "--workspace", str(workspace)).exit_code == 0
    loads: list[Path] = []
    real = workspace_module.load_config
    monkeypatch.setattr(workspace_module, "load_config", lambda path: (loads.append(path), real(path))[1])
    result = invoke(*command, "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert loads == [workspace / CONFIG_NAME]
