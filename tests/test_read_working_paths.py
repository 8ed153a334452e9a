"""read_working: which paths it reads, and how much, stay as the realpath test and a buffered read gave them.

The realpath test is taken only where a folder under the workspace is a link
or the path is not plainly below it (`_plainly_inside`); the bytes are read
with os.read up to the limit. These pin both against the plain answers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.errors import InputError
from workflow.workspace import read_working


def _realpath_inside(root: Path, path: Path) -> bool:
    """The test read_working stands for: the file's real path lies under the workspace's real path."""
    return os.path.realpath(path).startswith(os.path.realpath(root).rstrip(os.sep) + os.sep)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A workspace with a plain folder, a link to a folder inside it, a link out of it, and a file outside."""
    root = tmp_path / "ws"
    (root / "translations" / "a").mkdir(parents=True)
    (root / "translations" / "a" / "en.md").write_bytes(b"inside\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "en.md").write_bytes(b"secret\n")
    (root / "translations" / "in").symlink_to(root / "translations" / "a")
    (root / "translations" / "out").symlink_to(outside)
    return root


@pytest.mark.parametrize(("rel", "readable"), [
    pytest.param("translations/a/en.md", True, id="plain-folders"),
    pytest.param("translations/in/en.md", True, id="folder-linked-inside-the-workspace"),
    pytest.param("translations/out/en.md", False, id="folder-linked-out-of-the-workspace"),
    pytest.param("translations/a/../a/en.md", True, id="dot-dot-that-stays-inside"),
    pytest.param("translations/out/../ws/translations/a/en.md", True, id="dot-dot-after-a-link-out-and-back-in"),
    pytest.param("../elsewhere/en.md", False, id="dot-dot-out-of-the-workspace"),
])
def test_a_working_file_is_read_where_its_real_path_is_inside(tree: Path, rel: str, readable: bool) -> None:
    path = tree / rel
    assert _realpath_inside(tree, path) is readable  # the cases mean what they say
    if readable:
        assert read_working(tree, path) == (tree / "translations/a/en.md").read_bytes()
    else:
        with pytest.raises(InputError, match="lies outside the workspace"):
            read_working(tree, path)


def test_a_workspace_reached_through_a_link_reads_its_files(tree: Path, tmp_path: Path) -> None:
    """The root itself may be a link (a checkout under a linked home): its files are inside it."""
    linked = tmp_path / "linked-ws"
    linked.symlink_to(tree)
    assert read_working(linked, linked / "translations/a/en.md") == b"inside\n"


def test_a_file_outside_the_root_given_by_absolute_path_is_refused(tree: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="lies outside the workspace"):
        read_working(tree, tmp_path / "elsewhere" / "en.md")


@pytest.mark.parametrize(("size", "limit", "refused"), [
    pytest.param(0, 10, False, id="empty"),
    pytest.param(10, 10, False, id="at-the-limit"),
    pytest.param(11, 10, True, id="one-past-the-limit"),
    pytest.param(200_000, 300_000, False, id="several-reads"),
])
def test_the_bytes_read_are_the_file_up_to_the_limit(tmp_path: Path, size: int, limit: int, refused: bool) -> None:
    path = tmp_path / "en.md"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(data)
    if refused:
        with pytest.raises(InputError, match="limit"):
            read_working(tmp_path, path, limit=limit)
    else:
        assert read_working(tmp_path, path, limit=limit) == data


_names = st.sampled_from(["a", "b", "ab", "..", ".", "", "ws", "x.md"])


@settings(max_examples=500, deadline=None)
@given(st.booleans(), st.lists(_names, max_size=3), st.lists(_names, max_size=4), st.booleans())
def test_a_path_relative_to_the_root_reads_as_pathlib_gives_it(absolute: bool, root_parts: list, rest: list,
                                                                 inside: bool) -> None:
    """Workspace.relative and read_working name a path as pathlib's relative_to does (or as it is, outside)."""
    from workflow.workspace import _relative

    start = "/" if absolute else ""
    root = Path(start + "/".join(root_parts)) if root_parts or absolute else Path(".")
    path = root.joinpath(*rest) if inside else Path(start + "/".join(rest) or ".")
    try:
        expected = path.relative_to(root).as_posix()
    except ValueError:
        expected = str(path)
    assert _relative(root, path) == expected
