"""`digest_files`: the digest of every byte of each file, however the file is read in pieces."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workflow import cachefile


def expected(*contents: bytes | None) -> str:
    whole = hashlib.sha256()
    for content in contents:
        whole.update(cachefile.MISSING.encode() if content is None else hashlib.sha256(content).digest())
    return whole.hexdigest()


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 300_001])
def test_a_file_is_digested_whole_at_any_size(tmp_path: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cachefile, "RACY_NS", 0)
    content = bytes(range(256)) * (size // 256) + bytes(size % 256)
    (tmp_path / "a").write_bytes(content)
    (tmp_path / "b").write_bytes(b"second")
    paths = [str(tmp_path / "a"), str(tmp_path / "missing"), str(tmp_path / "b")]
    assert cachefile.digest_files(paths) == (expected(content, None, b"second"), False)


def test_a_file_over_the_limit_is_not_read_and_marks_the_digest_untrusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cachefile, "RACY_NS", 0)
    monkeypatch.setattr(cachefile, "DIGEST_LIMIT", 1000)
    (tmp_path / "big").write_bytes(b"x" * 1001)
    (tmp_path / "fits").write_bytes(b"x" * 1000)
    assert cachefile.digest_files([str(tmp_path / "fits")]) == (expected(b"x" * 1000), False)
    _, racy = cachefile.digest_files([str(tmp_path / "big")])
    assert racy


def test_read_up_to_stops_at_the_limit_or_the_end(tmp_path: Path) -> None:
    import os

    (tmp_path / "f").write_bytes(b"0123456789" * 10_000)
    fd = os.open(tmp_path / "f", os.O_RDONLY)
    try:
        assert cachefile.read_up_to(fd, 70_000, 10) == (b"0123456789" * 10_000)[:70_000]
        assert cachefile.read_up_to(fd, 70_000, 10) == (b"0123456789" * 10_000)[70_000:]
        assert cachefile.read_up_to(fd, 70_000, 10) == b""
    finally:
        os.close(fd)
