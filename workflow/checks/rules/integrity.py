"""Integrity rules (BL4xx): the ledger's chain, working files against replay, signatures.

These reuse `workflow.reading.verify.verify_article` (run once per article by the
runner) and turn its problems into findings; they run even when replay fails.
"""

from __future__ import annotations

from typing import Iterator

from workflow.checks.context import Context
from workflow.checks.rule import Hit, rule


def _problems(ctx: Context, kinds: tuple[str, ...]) -> Iterator[Hit]:
    for problem in getattr(ctx.verified, "findings", ()):
        if problem.kind in kinds:
            yield Hit(problem.message, file=problem.file, line=problem.line)


@rule("BL401", "chain-broken", severity="error", scope="record")
def chain_broken(ctx: Context) -> Iterator[Hit]:
    """The ledger's hash chain does not hold, or its events do not replay.

    *Why:* a changed, removed, reordered or inserted event means the record can
    no longer back the credit line; nothing else about the article can be trusted.

    *Example:* someone edited an agent's name in line 3 of provenance.jsonl.
    """
    yield from _problems(ctx, ("chain", "torn", "replay"))


@rule("BL402", "unrecorded-change", severity="error", scope="record")
def unrecorded(ctx: Context) -> Iterator[Hit]:
    """A working file (ko.md, en.md, en.po) that differs from what the ledger replays to.

    *Why:* an edit saved but never recorded has no author on the record;
    publishing it would publish words nobody is accountable for.

    *Example:* en.md was edited in place and `byline record` was never run.
    """
    yield from _problems(ctx, ("unrecorded",))


@rule("BL403", "signature-invalid", severity="error", scope="record")
def signature_invalid(ctx: Context) -> Iterator[Hit]:
    """An event whose signature is missing where required, or does not verify.

    *Why:* when the roster holds a person's key (or `require_signatures` asks),
    only a valid signature proves the event is theirs.

    *Example:* an event by a person with a roster key carries no `sig`.
    """
    yield from _problems(ctx, ("signature",))
