"""Completeness rules (BL1xx): every Korean sentence has English, and all English has a source."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workflow.checks.context import Context
from workflow.checks.rule import rule
from workflow.model.state import Unit
from workflow.problems import Problem, finding


def _excerpt(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_WORD = re.compile(r"\w")


@rule("BL101", "untranslated-unit", severity="error", scope="article")
def untranslated(ctx: Context) -> Iterator[Problem]:
    """A Korean sentence that no unit of the English covers.

    *Why:* a sentence left out by accident is the commonest way a fact goes
    missing; the aligner could not find English for it.

    *Example:* `s12` (`경찰은 3명을 체포했다.`) is covered by no unit after an
    edit removed its English and its unit.
    """
    assert ctx.state is not None
    if ctx.state.target_text is None:
        yield finding(f"the article has no English yet; record one with `byline translate {ctx.slug} --from FILE`",
                  file=ctx.ws.relative(ctx.ws.source_file(ctx.slug)))
        return
    for segment in ctx.state.untranslated():
        text = ctx.state.source_text[segment.start : segment.end]
        yield finding(f"source sentence {segment.id} has no English: {_excerpt(text)!r}", unit=segment.id)


@rule("BL102", "omitted-sentence", severity="error", scope="unit")
def omitted(ctx: Context, unit: Unit) -> Iterator[str]:
    """A unit whose English is empty, with no recorded reason for the omission.

    *Why:* desks drop sentences on purpose (repetition, background the reader
    has), but the reason must be on the record; `byline waive A --rule BL102
    --unit s7 --reason "…"` records it and the finding is then waived.

    *Example:* unit `s7` is empty after an edit deleted its English.
    """
    assert ctx.state is not None
    if unit.start == unit.end and unit.id not in ctx.doubtful:  # a doubtful pairing is BL105's to report
        korean = ctx.state.unit_source(unit)
        yield (f"{unit.id} is omitted from the English with no recorded reason: {_excerpt(korean)!r}; "
               f"if deliberate, record why with `byline waive {ctx.slug} --rule BL102 --unit {unit.id} --reason …`")


@rule("BL103", "empty-english", severity="error", scope="unit")
def empty(ctx: Context, unit: Unit) -> Iterator[str]:
    """A unit whose English holds only spaces, punctuation or markup.

    *Why:* a stray quote mark or heading marker left where a sentence was
    deleted looks like a translation to the aligner but says nothing.

    *Example:* unit `s4` is `"` — the sentence was cut and its quote mark left.
    """
    assert ctx.state is not None
    english = ctx.state.unit_target(unit)
    if unit.start < unit.end and not _WORD.search(english):
        yield f"{unit.id} has no words in its English: {english!r}"


@rule("BL104", "unsourced-addition", severity="warning", scope="article")
def addition(ctx: Context) -> Iterator[Problem]:
    """English that renders no Korean sentence (other than the credit line and disclosure).

    *Why:* context lines are normal in translated news, but an addition is
    the editor's claim, not the source's; it should be a deliberate one.

    *Example:* `North Korea has conducted six nuclear tests.` added between two
    units with no Korean behind it.
    """
    from workflow.checks.rules.policy import is_credit_or_disclosure

    assert ctx.state is not None
    text = ctx.state.target_text or ""
    likely = {span for span in ctx.doubtful.values() if span is not None}
    for start, end, name in ctx.additions:
        piece = text[start:end]
        if not _WORD.search(piece) or is_credit_or_disclosure(ctx, start, end) or (start, end) in likely:
            continue  # the likely English of a doubtful pairing is named by BL105
        yield finding(f"English with no Korean source: {_excerpt(piece)!r}", unit=name)


@rule("BL105", "alignment-doubt", severity="warning", scope="article")
def alignment_doubt(ctx: Context) -> Iterator[Problem]:
    """A unit the aligner paired with low confidence and no English, or across paragraphs: check it.

    *Why:* when the aligner cannot pair a sentence (a loose translation, a
    sentence split differently) the Korean looks omitted and its English looks
    added. Reporting that as an omitted-sentence error and an unsourced
    addition sends the editor after two problems that are one doubt. A
    low-confidence pairing is reported when it left the Korean with no English
    or disagrees with the paragraphs (the Korean of one paragraph paired with
    English of two, or two paragraphs' Korean in one English paragraph);
    hesitation over how sentences group inside a paragraph is not. The likely
    English is the aligner's runner-up pairing, stored when it made the unit
    (so checks never run the aligner), or else the addition beside the unit.

    *Example:* `s10` aligned to nothing with confidence 0.34 while `The ministry
    declined to comment.` stands unpaired beside it: check the alignment of s10.
    """
    assert ctx.state is not None
    text = ctx.state.target_text or ""
    names = {(start, end): name for start, end, name in ctx.additions}
    for unit in ctx.state.units:
        if unit.id not in ctx.doubtful:
            continue
        span = ctx.doubtful[unit.id]
        paired = "no English" if unit.start == unit.end else repr(_excerpt(text[unit.start : unit.end]))
        message = f"check the alignment of {unit.id}: the aligner paired it with {paired} (confidence " \
                  f"{unit.confidence:.2f})"
        if span is not None:
            where = names.get(span) or ctx.place(span[0]) or "English of no unit"
            message += f"; its English is likely {_excerpt(text[span[0] : span[1]])!r} ({where})"
        yield finding(message, unit=unit.id)
