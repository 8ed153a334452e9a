"""Work over many articles: in worker processes when there are enough to pay for them.

Articles are independent, so `--all` commands (status, verify, check) map one
function over them, all with this one policy: a pool starts only with more
than one core and at least POOL_MIN articles; results come back in article
order, and each worker holds one article's state at a time, so memory stays
flat as the archive grows.
"""

from __future__ import annotations

import os
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
    """`func(shared, slug)` for every slug, in order; `func` must be picklable (a module-level function).

    `shared` is what every call needs (the workspace folder, or the workspace);
    it is sent to each worker once per chunk of articles.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(slugs) < POOL_MIN:
        for slug in slugs:
            yield func(shared, slug)
        return
    import multiprocessing  # with the executor, ~15 ms; only when a pool pays
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # fork: workers inherit the modules already imported instead of importing them again.
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    chunks = _chunks(slugs, workers)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # A few chunks in flight per worker, not all of them: results wait to be taken only that many
        # chunks ahead, however slowly the caller takes them (pool.map would queue the whole archive's).
        pending: deque[Future[list[T]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_chunk, func, shared, chunk))
            if len(pending) >= workers * IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


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


def _chunk(func: Callable[[Any, str], T], shared: Any, slugs: Sequence[str]) -> list[T]:
    """One worker's job: `func` over a few articles."""
    return [func(shared, slug) for slug in slugs]
