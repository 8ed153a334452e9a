"""Policy rules (BL3xx): what `[policy]` in byline.toml requires before publication.

Stages done, enough editors, approvals that still hold for the current texts,
no stale unit, the credit line the record supports, and machine-translation disclosure.
"""

from __future__ import annotations

from collections.abc import Iterator

from workflow.checks.context import Context
from workflow.checks.rule import rule
from workflow.model.state import Unit
from workflow.problems import Problem, finding
from workflow.reading import credit as credits


def _toml(ctx: Context) -> str:
    return ctx.ws.relative(ctx.config.path)


@rule("BL301", "stage-missing", severity="error", scope="article")
def stage_missing(ctx: Context) -> Iterator[Problem]:
    """A stage the policy requires before publication that the record does not show.

    *Why:* `required_stages` is the desk's definition of done; a story that
    skipped its edit must not go out.

    *Example:* `required_stages = ["translate", "edit"]` and nobody recorded an edit.
    """
    assert ctx.state is not None
    done = {step.stage for step in ctx.state.steps}
    for stage in ctx.config.policy.required_stages:
        if stage not in done:
            yield finding(f"required stage {stage!r} is not recorded ({_toml(ctx)} [policy] required_stages); "
                      f"record it with `byline record {ctx.slug} --stage {stage} --by WHO`")


@rule("BL302", "too-few-editors", severity="error", scope="article")
def too_few_editors(ctx: Context) -> Iterator[Problem]:
    """Fewer distinct editors than `min_editors`, not counting the translators.

    Editors are the people the credit line names as such (they changed the
    English since the translation) and those who approved the current text's
    `edit` stage; a translator is never the editor of their own translation.

    *Why:* a second pair of eyes is the point of the desk; a translator
    approving their own work is not an edit.

    *Example:* `min_editors = 1` and only the translator touched the English.
    """
    state = ctx.state
    assert state is not None
    if state.target_text is None:
        return
    from workflow.permissions import current_translators
    from workflow.reading.credit import credited_editors, possible_translators

    current = (state.source_hash(), state.target_hash())
    approvers = [a.agent for a in state.approvals if a.stage == "edit" and (a.source, a.target) == current]
    named = list(dict.fromkeys([*credited_editors(state), *approvers]))
    translators = current_translators(state)
    if any(e in possible_translators(state) for e in named if e not in translators):
        translators |= set(ctx.credit.translators)  # whose words survive: asked only where it decides
    editors = [e for e in named if e not in translators]
    wanted = ctx.config.policy.min_editors
    if len(editors) < wanted:
        who = ", ".join(editors) or "none"
        yield finding(f"{len(editors)} editor(s) other than the translator ({who}); the policy asks for {wanted} "
                  f"({_toml(ctx)} [policy] min_editors)")


@rule("BL303", "approval-outdated", severity="error", scope="article")
def approval_outdated(ctx: Context) -> Iterator[Problem]:
    """An approval whose texts are no longer the current ones.

    *Why:* a sign-off vouches for the words it saw; an edit after it needs a
    new one (`byline approve`).

    *Example:* ewhong approved, then cslee changed a figure in s4.
    """
    state = ctx.state
    assert state is not None
    current = (state.source_hash(), state.target_hash())
    latest = {}
    for approval in state.approvals:
        latest[(approval.agent, approval.stage)] = approval
    for (agent, stage), approval in latest.items():
        if (approval.source, approval.target) != current:
            changed = "source" if approval.source != current[0] else "English"
            yield finding(f"{agent}'s {stage} approval is for an earlier text (the {changed} changed since); "
                      f"re-approve with `byline approve {ctx.slug} --by {agent} --stage {stage}`")


@rule("BL304", "stale-unit", severity="error", scope="unit")
def stale(ctx: Context, unit: Unit) -> Iterator[Problem]:
    """A unit whose Korean changed after its English was written or approved.

    *Why:* a source correction (a new casualty figure, a changed name) must
    reach the English. A change to numbers, names or quotes is an error; one to
    spacing or punctuation only is a warning.

    *Example:* s3 went from `3명이 숨졌다` to `4명이 숨졌다` after translation.
    """
    state = ctx.state
    assert state is not None
    if not state.is_stale(unit):
        return
    from workflow.reading.staleness import change_reasons

    before, after = state.unit_basis(unit), state.unit_source(unit)
    reasons = change_reasons(before, after)
    grade = "major" if reasons else "minor"
    why = f" ({'; '.join(reasons)})" if reasons else " (spacing or punctuation only)"
    yield finding(f"the Korean changed after this English was written: {grade} change{why}; "
              f"update the English or approve it as is", severity="error" if reasons else "warning")


def credit_paragraph(ctx: Context) -> tuple[int, int] | None:
    """The span of the last paragraph of the English that is a credit line, if any (`reading.credit`)."""
    assert ctx.state is not None
    return credits.credit_paragraph(ctx.state.target_text or "", ctx.config.policy.credit_line)


def is_credit_or_disclosure(ctx: Context, start: int, end: int) -> bool:
    """Whether the English span lies in the credit line or a machine-translation disclosure paragraph."""
    assert ctx.state is not None
    text = ctx.state.target_text or ""
    note = ctx.config.policy.machine_translation_note.casefold()
    for s, e in credits.paragraphs(text):
        if s <= start and end <= e:
            paragraph = text[s:e]
            return credits.is_credit_paragraph(paragraph, ctx.config.policy.credit_line) or note in paragraph.casefold()
    return False


@rule("BL305", "credit-mismatch", severity="error", scope="article")
def credit_mismatch(ctx: Context) -> Iterator[Problem]:
    """A credit line in en.md that differs from the one the record supports (`byline credit`).

    *Why:* the credit line is the claim byline exists to back; it must name
    exactly the people whose work the ledger shows.

    *Example:* en.md ends `Translated by Claire Lee.` but Eugene Whong's edits
    are on the record: `Translated by Claire Lee. Edited by Eugene Whong.`
    """
    span = credit_paragraph(ctx)
    if span is None or ctx.state is None:
        return
    text = ctx.state.target_text or ""
    found = credits.paragraph_credit(text[span[0] : span[1]])
    expected = ctx.credit.line
    if found != expected:
        yield finding(f"credit line {found!r} differs from what the record supports: {expected!r}",
                  file=ctx.ws.relative(ctx.ws.target_file(ctx.slug)), line=text.count("\n", 0, span[0]) + 1)


@rule("BL306", "mt-undisclosed", severity="error", scope="article")
def mt_undisclosed(ctx: Context) -> Iterator[Problem]:
    """Machine-translated words survive but the English does not disclose it, when the policy asks.

    *Why:* with `disclose_machine_translation = true` readers are told when a
    machine wrote part of what they read; the note is `machine_translation_note`.

    *Example:* a `translate --origin mt:deepl` event's words remain and en.md
    never says "machine translation".
    """
    policy = ctx.config.policy
    if not policy.disclose_machine_translation or ctx.state is None or ctx.state.target_text is None:
        return
    machine = ctx.credit.machine
    if machine and policy.machine_translation_note.casefold() not in ctx.state.target_text.casefold():
        yield finding(f"words by {', '.join(machine)} remain but en.md "
                      f"does not say {policy.machine_translation_note!r} "
                  f"({_toml(ctx)} [policy] disclose_machine_translation)",
                  file=ctx.ws.relative(ctx.ws.target_file(ctx.slug)))
