"""Work over many articles in worker processes gives the same results, in order."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.parallel import POOL_MIN, map_articles
from workflow.reading.status import article_status
from workflow.reading.verify import verify_summary
from workflow.workspace import Workspace


def summary_in_process(ws: Workspace, slug: str) -> tuple[int, dict]:
    """Which process did the work, and what it found (module level, so that workers can unpickle it)."""
    return os.getpid(), verify_summary(ws, slug)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with two cores, whatever this one has: the pool's policy is under test, not the hardware."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def test_pool_results_match_serial_results_in_order(workspace_copy: Path, two_cores: None) -> None:
    slugs = ["nk"] * (POOL_MIN + 4)
    ws = Workspace(workspace_copy)
    pooled = list(map_articles(summary_in_process, ws, slugs))
    assert os.getpid() not in {pid for pid, _ in pooled}, "the work did not go to worker processes"
    assert [summary for _, summary in pooled] == [verify_summary(ws, "nk")] * len(slugs)
    assert all(summary["findings"] == [] for _, summary in pooled)
    statuses = list(map_articles(article_status, ws, slugs))
    assert {s["article"] for s in statuses} == {"nk"} and len(statuses) == len(slugs)


def test_a_few_articles_are_worked_on_in_this_process(workspace_copy: Path, two_cores: None) -> None:
    few = ["nk"] * (POOL_MIN - 1)
    assert {pid for pid, _ in map_articles(summary_in_process, Workspace(workspace_copy), few)} == {os.getpid()}


def touch(folder: Path, slug: str) -> str:
    """Mark the article as worked on (module level, for workers)."""
    (folder / slug).touch()
    return slug


def test_workers_run_only_a_few_chunks_ahead_of_a_slow_caller(tmp_path: Path, two_cores: None) -> None:
    """Results wait to be taken only a few chunks ahead, so memory stays flat however large the archive."""
    import time

    from workflow.parallel import CHUNK_MAX, IN_FLIGHT

    slugs = [f"a{n:04d}" for n in range(2 * IN_FLIGHT * CHUNK_MAX * 3)]
    results = map_articles(touch, tmp_path, slugs)
    assert next(results) == slugs[0]
    time.sleep(1.0)  # time for the workers to run ahead, were they let
    ahead = len(list(tmp_path.iterdir()))
    assert ahead <= 2 * IN_FLIGHT * CHUNK_MAX < len(slugs)
    assert [slugs[0], *results] == slugs


@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=2, max_value=8))
def test_chunks_keep_every_article_in_order_and_shrink_towards_the_end(count: int, workers: int) -> None:
    """The pool's chunks are the slugs in order, none empty or over CHUNK_MAX, and the last ones small,
    so that no worker sits idle while another finishes a full chunk."""
    from workflow.parallel import CHUNK_MAX, _chunks

    slugs = [f"a{n}" for n in range(count)]
    chunks = list(_chunks(slugs, workers))
    assert [slug for chunk in chunks for slug in chunk] == slugs
    sizes = [len(chunk) for chunk in chunks]
    assert all(1 <= size <= CHUNK_MAX for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    if count >= workers:  # the last chunk each worker takes is one article
        assert sizes[-workers:] == [1] * workers


def fail_at(marker: str, slug: str) -> str:
    """The slug, or an input error at the marked one (module level, for workers)."""
    if slug == marker:
        from workflow.errors import InputError

        raise InputError(f"{slug}: cannot be read")
    return slug


def die_at(marker: str, slug: str) -> str:
    """The slug, or the worker killed at the marked one, as the kernel's OOM killer would."""
    if slug == marker:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    return slug


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_workers_error_reaches_the_caller_after_the_chunks_before_it(two_cores: None) -> None:
    slugs = [f"a{n:03d}" for n in range(200)]
    results = map_articles(fail_at, "a150", slugs)
    got = []
    with pytest.raises(Exception) as raised:
        got.extend(results)
    assert (type(raised.value).__name__, str(raised.value)) == ("InputError", "a150: cannot be read")
    assert "fail_at" in str(raised.value.__cause__)  # the worker's traceback, for BYLINE_DEBUG=1
    assert got == slugs[: len(got)] and 100 <= len(got) <= 150  # every chunk before the failing one's
    assert no_children_left()


def test_a_worker_killed_is_an_error_not_a_hang(two_cores: None) -> None:
    slugs = [f"a{n:03d}" for n in range(100)]
    with pytest.raises(RuntimeError, match=r"worker process \d+ ended .* before returning its results"):
        list(map_articles(die_at, "a050", slugs))
    assert no_children_left()


def test_a_caller_that_stops_early_leaves_no_worker_behind(two_cores: None) -> None:
    results = map_articles(fail_at, "none", [f"a{n:03d}" for n in range(500)])
    assert next(results) == "a000"
    results.close()
    assert no_children_left()


def zombie(pid: int) -> bool:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] == "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux's /proc to watch the workers end")
def test_a_worker_killed_between_chunks_is_the_same_error(two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies after its last answer, before the next chunk reaches it: the chunk meets a broken pipe,
    which is reported as the worker's end, as when it dies holding a chunk."""
    import signal

    import workflow.parallel as parallel

    parent, sends, workers = os.getpid(), [], []
    real_send, real_start = parallel._send, parallel._start

    def start(*args):  # type: ignore[no-untyped-def]
        worker = real_start(*args)
        workers.append(worker.pid)
        return worker

    def send(fd: int, data: bytes) -> None:
        if os.getpid() == parent:
            sends.append(fd)
            if len(sends) == 2 * parallel.IN_FLIGHT + 1:  # the first chunk sent after an answer came back
                for pid in workers:
                    os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
                while not all(zombie(pid) for pid in workers) and time.monotonic() < deadline:
                    time.sleep(0.01)
        real_send(fd, data)

    monkeypatch.setattr(parallel, "_start", start)
    monkeypatch.setattr(parallel, "_send", send)
    with pytest.raises(RuntimeError, match=r"worker process \d+ ended .* before returning its results"):
        list(map_articles(fail_at, "none", [f"a{n:03d}" for n in range(300)]))
    assert no_children_left()


def test_a_worker_that_dies_halfway_through_an_answer_is_the_same_error(
        two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import workflow.parallel as parallel

    parent = os.getpid()
    real = parallel._send

    def send(fd: int, data: bytes) -> None:
        if os.getpid() == parent:
            real(fd, data)
            return
        os.write(fd, len(data).to_bytes(8, "little") + data[: len(data) // 2])  # the worker's answer, cut short
        os._exit(1)

    monkeypatch.setattr(parallel, "_send", send)
    with pytest.raises(RuntimeError, match=r"worker process \d+ ended .* before returning its results"):
        list(map_articles(fail_at, "none", [f"a{n:03d}" for n in range(300)]))
    assert no_children_left()
