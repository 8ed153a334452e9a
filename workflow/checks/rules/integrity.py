"""Integrity rules (BL4xx): the ledger's chain, working files against replay, signatures.

These reuse `workflow.reading.verify.verify_article` (run once per article by the
runner) and turn its problems into findings; they run even when replay fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from workflow.checks.context import Context
from workflow.checks.rule import rule
from workflow.problems import Kind, Problem, finding


def _problems(ctx: Context, kinds: tuple[Kind, ...]) -> Iterator[Problem]:
    """Verify's problems of these kinds, as findings of the rule (in the file and line verify named)."""
    for problem in ctx.verified.problems if ctx.verified else ():
        if problem.kind in kinds:
            yield finding(problem.message, file=problem.file, line=problem.line)


@rule("BL401", "chain-broken", severity="error", scope="record")
def chain_broken(ctx: Context) -> Iterator[Problem]:
    """The ledger's hash chain does not hold, or its events do not replay.

    *Why:* a changed, removed, reordered or inserted event means the record can
    no longer back the credit line; nothing else about the article can be trusted.

    *Example:* someone edited an agent's name in line 3 of provenance.jsonl.
    """
    yield from _problems(ctx, (Kind.CHAIN, Kind.TORN, Kind.REPLAY))


@rule("BL402", "unrecorded-change", severity="error", scope="record")
def unrecorded(ctx: Context) -> Iterator[Problem]:
    """A working file (ko.md, en.md, en.po) that differs from what the ledger replays to.

    *Why:* an edit saved but never recorded has no author on the record;
    publishing it would publish words nobody is accountable for.

    *Example:* en.md was edited in place and `byline record` was never run.
    """
    yield from _problems(ctx, (Kind.UNRECORDED,))


@rule("BL403", "signature-invalid", severity="error", scope="record")
def signature_invalid(ctx: Context) -> Iterator[Problem]:
    """An event whose signature is missing where required, or does not verify.

    *Why:* when the roster holds a person's key (or `require_signatures` asks),
    only a valid signature proves the event is theirs.

    *Example:* an event by a person with a roster key carries no `sig`.
    """
    yield from _problems(ctx, (Kind.SIGNATURE,))


@rule("BL404", "article-mismatch", severity="error", scope="record")
def article_mismatch(ctx: Context) -> Iterator[Problem]:
    """An event whose `article` is not the article whose ledger holds it.

    *Why:* a ledger copied into another article's folder, or an event spliced
    in from another ledger and re-chained, keeps valid hashes and signatures;
    only the article it names shows that it vouches for another story.

    *Example:* translations/nk2/provenance.jsonl is a copy of nk's: its events say `"article":"nk"`.
    """
    yield from _problems(ctx, (Kind.ARTICLE,))


@rule("BL405", "unresolved-conflict", severity="error", scope="record")
def unresolved_conflict(ctx: Context) -> Iterator[Problem]:
    """A merge of two desks' work left a unit both changed differently, and nobody has resolved it yet.

    *Why:* until a person chooses, the English holds one side's version only
    provisionally; publishing it would publish a choice nobody made.

    *Example:* ewhong and mfoster both rewrote s4 on their own clones; after
    `git pull`, en.md shows both versions between conflict markers.
    """
    state = ctx.state
    if state is None:
        return
    for conflict in state.conflicts:
        who = " and ".join(conflict.agents) or "two desks"
        if conflict.unit == "source":
            yield finding(f"unresolved merge conflict: the Korean was changed differently by {who}; record the settled "
                          f"source with `byline ingest FILE --article {state.article}`",
                          file=ctx.ws.relative(ctx.ws.source_file(state.article)))
        else:
            yield finding(f"unresolved merge conflict: {conflict.unit} was changed differently by {who}; resolve it in "
                          f"en.md, then `byline record {state.article} --by WHO`",
                          unit=None if ":" in conflict.unit else conflict.unit,
                          file=ctx.ws.relative(ctx.ws.target_file(state.article)))
