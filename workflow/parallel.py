"""Work over many articles: in worker processes when there are enough to pay for them.

Articles are independent, so `--all` commands (status, verify, check) map one
function over them, all with this one policy: a pool starts only with more
than one core and at least POOL_MIN articles; results come back in article
order, and each worker holds one article's state at a time, so memory stays
flat as the archive grows.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

# Below this many articles, starting worker processes costs more than it saves.
POOL_MIN = 16
MAX_WORKERS = 8
# Articles a worker takes at a time: enough to make sending them cheap, few enough that the results of
# one chunk (an article's index rows are tens of kilobytes) do not grow with the archive.
CHUNK_MAX = 32
# Chunks sent ahead per worker: enough that no worker waits for the next, few enough to keep memory flat.
IN_FLIGHT = 3


def map_articles(func: Callable[[Any, str], T], shared: Any, slugs: Sequence[str]) -> Iterator[T]:
    """`func(shared, slug)` for every slug, in order, in forked worker processes when there are enough slugs.

    `shared` is what every call needs (the workspace, and anything else all articles share);
    the workers inherit it, and `func`, when they are forked.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(slugs) < POOL_MIN:
        for slug in slugs:
            yield func(shared, slug)
        return
    yield from _forked(func, shared, list(_chunks(slugs, workers)), workers)


def _chunks(slugs: Sequence[str], workers: int) -> Iterator[Sequence[str]]:
    """The slugs in order, in chunks that shrink towards the end, so that the workers finish together.

    Chunks of equal size leave one worker idle while another finishes its last
    chunk (at 400 articles, a 32-article chunk is a seventh of the run); once
    fewer articles remain than each worker would take in two full chunks, a
    chunk is a share of what remains (1/(2 x workers)), down to one article.
    """
    size = max(1, min(CHUNK_MAX, len(slugs) // (workers * 4)))
    start = 0
    while start < len(slugs):
        step = max(1, min(size, (len(slugs) - start) // (workers * 2)))
        yield slugs[start : start + step]
        start += step


class _Worker:
    """A forked worker process and the parent's ends of its two pipes: chunks of slugs in, results out."""

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid, self.tasks, self.results = pid, tasks, results
        self.outstanding: deque[int] = deque()  # the chunks sent to it and not yet answered, in the order sent


def _forked(func: Callable[[Any, str], T], shared: Any, chunks: list[Sequence[str]], workers: int) -> Iterator[T]:
    """`func` over the chunks in forked workers, the results in chunk order.

    Forked workers inherit the modules, `func` and `shared` as the parent has
    them, so only the slugs of each chunk go to a worker and only its results
    come back: no executor, no feeder or manager thread, and none of the
    ~25 ms that importing multiprocessing and concurrent.futures cost before
    the first fork. A chunk goes to the worker with the fewest in hand; at most
    IN_FLIGHT chunks a worker are sent or held unread, however slowly the
    caller takes the results, so memory stays flat.
    """
    import pickle
    import select

    started: list[_Worker] = []
    try:
        for _ in range(min(workers, len(chunks))):
            started.append(_start(func, shared, started))
        by_fd = {w.results: w for w in started}
        answers: dict[int, tuple[bool, Any]] = {}
        sent = wanted = 0
        while wanted < len(chunks):
            # Send chunks while fewer than the limit are in the workers' hands or answered and not yet taken.
            while sent < len(chunks) and sum(len(w.outstanding) for w in started) + len(answers) < (
                    len(started) * IN_FLIGHT):
                idle = min(started, key=lambda w: len(w.outstanding))
                try:
                    _send(idle.tasks, pickle.dumps(list(chunks[sent]), pickle.HIGHEST_PROTOCOL))
                except BrokenPipeError:  # it died after its last answer, before this chunk reached it
                    raise _ended(idle, started) from None
                idle.outstanding.append(sent)
                sent += 1
            if wanted in answers:
                ok, value = answers.pop(wanted)
                wanted += 1
                if not ok:
                    error, remote = value
                    raise error from _RemoteTraceback(remote)
                yield from value
                continue
            ready, _, _ = select.select([w.results for w in started if w.outstanding], [], [])
            for fd in ready:
                worker = by_fd[fd]
                try:
                    message = _receive(fd)
                except EOFError:  # it died while writing an answer
                    message = None
                if message is None:
                    raise _ended(worker, started)
                answers[worker.outstanding.popleft()] = pickle.loads(message)
    finally:
        _stop(started)


def _ended(worker: _Worker, started: list[_Worker]) -> RuntimeError:
    """The error for a worker that ended before answering (killed, as by the kernel's OOM killer), reaped."""
    _, status = os.waitpid(worker.pid, 0)
    started.remove(worker)
    os.close(worker.tasks)
    os.close(worker.results)
    return RuntimeError(f"worker process {worker.pid} ended (wait status {status}) before returning its results")


def _start(func: Callable[[Any, str], T], shared: Any, earlier: list[_Worker]) -> _Worker:
    """Fork one worker; it answers each chunk of slugs it reads until its task pipe is closed."""
    tasks_out, tasks_in = os.pipe()
    results_out, results_in = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the parent's code, never flushes the parent's buffers
        status = 1
        try:
            # The earlier workers' pipes, as the parent holds them: kept open here, they would never see the end.
            for fd in (tasks_in, results_out, *(fd for w in earlier for fd in (w.tasks, w.results))):
                os.close(fd)
            _serve(func, shared, tasks_out, results_in)
            status = 0
        except BaseException:  # noqa: B036 -- interrupted, or the parent gone: end quietly, the parent reports
            pass
        finally:
            os._exit(status)
    os.close(tasks_out)
    os.close(results_in)
    return _Worker(pid, tasks_in, results_out)


def _serve(func: Callable[[Any, str], T], shared: Any, tasks: int, results: int) -> None:
    """The worker's loop: read a chunk, answer (True, results) or (False, the exception), until no more come."""
    import pickle

    while (message := _receive(tasks)) is not None:
        try:
            answer: tuple[bool, Any] = (True, [func(shared, slug) for slug in pickle.loads(message)])
        except Exception as exc:
            import traceback

            answer = (False, (exc, "".join(traceback.format_exception(exc))))
        try:
            data = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception or a result that cannot be sent: say so rather than hang
            data = pickle.dumps((False, (RuntimeError(f"a worker's answer could not be sent back: {exc!r}"), "")))
        _send(results, data)


class _RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, raised as its cause (BYLINE_DEBUG=1 prints it)."""


def _send(fd: int, data: bytes) -> None:
    """One message: its length in 8 bytes, then the bytes (os.write may take fewer than it is given)."""
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes | None:
    """One message as `_send` wrote it; None when the other end closed the pipe before a message began."""
    header = _read_exactly(fd, 8)
    if not header:
        return None
    return _read_exactly(fd, int.from_bytes(header, "little"))


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from the pipe; b"" at its end before any; EOFError when it ends in the middle."""
    pieces: list[bytes] = []
    left = size
    while left:
        piece = os.read(fd, min(left, 1 << 20))
        if not piece:
            if left == size:
                return b""
            raise EOFError("a worker's pipe ended in the middle of a message")
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def _stop(started: list[_Worker]) -> None:
    """Close the pipes (idle workers then end) and wait for every worker; one still at work is told to stop."""
    import signal

    for worker in started:
        os.close(worker.tasks)
        os.close(worker.results)
        if worker.outstanding:  # the caller stopped early, or a chunk failed: its work is not wanted
            os.kill(worker.pid, signal.SIGTERM)
    for worker in started:
        os.waitpid(worker.pid, 0)
