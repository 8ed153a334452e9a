"""Pre-publication checks over a workspace: which articles, cached findings first, the rest checked afresh.

The rules, their registry and the context they read (`workflow.checks.rule`,
`registry`, `context`, `rules/`) are loaded only when some article has to be
checked afresh (`workflow.checks.article`), so a warm re-check of an unchanged
archive costs little more than start-up.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from workflow.problems import Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.workspace import Workspace


def shard(slugs: Sequence[str], spec: str | None) -> list[str]:
    """The articles of shard i of n (1-based), chosen by a hash of the name so every runner agrees."""
    if spec is None:
        return list(slugs)
    match = re.fullmatch(r"(\d+)/(\d+)", spec)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        from workflow.errors import InputError

        raise InputError(f"--shard {spec!r}: expected i/n with 1 <= i <= n, e.g. --shard 2/4")
    index, count = int(match.group(1)), int(match.group(2))
    import hashlib

    return [s for s in slugs if int(hashlib.sha256(s.encode()).hexdigest()[:12], 16) % count == index - 1]


def run_checks(ws: Workspace, slugs: Sequence[str], *, use_cache: bool = True) -> list[Problem]:
    """Every article's findings (from the cache when nothing it depends on changed), in article order."""
    return [finding for found in each_checked(ws, slugs, use_cache=use_cache) for finding in found]


def each_checked(ws: Workspace, slugs: Sequence[str], *, use_cache: bool = True) -> Iterator[list[Problem]]:
    """Each article's findings in turn, in article order, so that a caller may write them out as they come.

    Nothing the size of the archive's findings is held: the cache is read and
    written an article at a time, and articles not in it are checked in worker
    processes when there are enough of them and more than one core
    (`workflow.checks.article.check_many`), a few chunks ahead of the caller.
    """
    index = None
    if use_cache:  # sqlite3 and the cache module cost about 10 ms of a start that --no-cache does without
        from workflow.checks.cache import Index

        index = Index(ws)
    try:
        with index.reading() if index is not None else contextlib.nullcontext():
            # First which articles the cache holds (signatures compared, nothing decoded), so that the rest
            # can be handed to the workers at once; then the findings, in order.
            valid = {} if index is None else {slug: key for slug in slugs if (key := index.valid(slug)) is not None}
            missing = [ws.require_article(slug) for slug in slugs if slug not in valid]
            fresh = _checked_afresh(ws, missing)
            for slug in slugs:
                cached = index.cached(slug, valid[slug]) if index is not None and slug in valid else None
                if cached is None:  # not in the cache, or its entry replaced by another run since it was validated
                    if index is not None:
                        index.release()  # checking takes long: no reader's lock held against other runs meanwhile
                    found = next(fresh) if slug not in valid else _check_one(ws, slug)
                    if index is not None:
                        index.store(slug, found)
                    cached = found
                yield cached
    finally:
        if index is not None:
            index.save()


def _checked_afresh(ws: Workspace, slugs: list[str]) -> Iterator[list[Problem]]:
    """The articles' findings, checked now; the rule modules are imported only when some article needs it."""
    if not slugs:
        return iter(())
    from workflow.checks.article import check_many
    from workflow.checks.registry import select_rules

    return check_many(ws, slugs, select_rules(ws.config))


def _check_one(ws: Workspace, slug: str) -> list[Problem]:
    from workflow.checks.article import check_article
    from workflow.checks.registry import select_rules

    return check_article(ws, ws.require_article(slug), select_rules(ws.config))


def has_errors(findings: Sequence[Problem]) -> bool:
    """Whether any unwaived finding is an error (exit 1)."""
    return any(f.blocking for f in findings)


def resolve_articles(ws: Workspace, names: Sequence[str]) -> list[str]:
    """Article slugs from names, or from paths inside `sources/<slug>/` or `translations/<slug>/`.

    pre-commit passes the paths of changed files.
    """
    slugs: list[str] = []
    for name in names:
        slug = _article_of(ws, Path(name)) if any(c in name for c in "/\\.") else name  # slugs hold none of these
        if slug is not None and slug not in slugs:
            slugs.append(ws.require_article(slug))
    return slugs


def _article_of(ws: Workspace, path: Path) -> str | None:
    """The article a file inside `sources/<slug>/` or `translations/<slug>/` belongs to, if it exists."""
    resolved = path.resolve()
    if not resolved.is_relative_to(ws.root):
        return None
    parts = resolved.relative_to(ws.root).parts
    from workflow.slug import SLUG_PATTERN

    if len(parts) < 3 or parts[0] not in ("sources", "translations") or not SLUG_PATTERN.fullmatch(parts[1]):
        return None
    if not ws.ledger_file(parts[1]).exists():
        return None
    return parts[1]
