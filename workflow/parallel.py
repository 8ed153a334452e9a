"""Work over many articles: in worker processes when there are enough to pay for them.

Articles are independent, so `--all` commands map one function over them. A
pool starts only with more than one core and at least POOL_MIN articles;
results come back in article order, and each worker holds one article's
state at a time, so memory stays flat as the archive grows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

POOL_MIN = 16


def map_articles(func: Callable[[Path, str], T], root: Path, slugs: Sequence[str]) -> Iterator[T]:
    """`func(root, slug)` for every slug, in order; `func` must be a module-level function."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(slugs) < POOL_MIN:
        for slug in slugs:
            yield func(root, slug)
        return
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - costs ~15 ms; only when used

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(func, [root] * len(slugs), slugs, chunksize=max(1, len(slugs) // (workers * 4)))
