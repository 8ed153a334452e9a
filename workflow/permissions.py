"""Who may do what, checked when recording (DESIGN: "Policy defaults keep the sample green").

Approving a stage needs a role that `[policy] may_approve` names for it
(defaults: editors approve `edit`; editors and the desk approve `approve`;
any other stage, editors). Waiving a check needs a role in `[policy]
may_waive` (default: editors and the desk). Nobody waives an integrity
finding (the BL4xx family: the record itself is in doubt), and nobody signs
off or waives on a translation of their own: a translator cannot be the
editor of their own translation. The same rules decide, when checks run,
which recorded waivers count, so a waiver written by hand or by an older
byline lifts no gate it could not have lifted when recorded today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from workflow.config import Config, Person
from workflow.errors import InputError
from workflow.model.state import State

INTEGRITY_FAMILY = "integrity"


def current_translators(state: State) -> frozenset[str]:
    """The people behind the current translation: the last translate event's agent, or the operator who ran it."""
    for event in reversed(state.events):
        if event.type == "translate":
            operator = event.data.get("operator")
            return frozenset({event.agent, *([operator["id"]] if isinstance(operator, dict) else [])})
    return frozenset()


def approval_refusal(config: Config, state: State, person: Person, stage: str) -> str | None:
    """Why `person` may not approve `stage` of this article, or None."""
    if person.id in current_translators(state):
        return (f"{person.id} translated this article; a translator cannot sign off their own translation "
                f"(ask an editor: {_holders(config, config.policy.approvers(stage))})")
    allowed = config.policy.approvers(stage)
    if not set(person.roles) & set(allowed):
        return (f"{person.id} (roles: {', '.join(person.roles) or 'none'}) may not approve {stage!r}: "
                f"[policy] may_approve gives it to {_roles(allowed)} in {config.path}")
    return None


def check_approval(config: Config, state: State, person: Person, stage: str) -> None:
    refusal = approval_refusal(config, state, person, stage)
    if refusal:
        raise InputError(f"{refusal}; nothing recorded")


def waiver_refusal(config: Config, state: State, person: Person | None, agent: str, rule: str,
                   known: Mapping[str, tuple[str, str]]) -> str | None:
    """Why a waiver of `rule` by `agent` does not hold, or None; `known` maps rule codes to (name, family)."""
    found = known.get(rule)
    if found is None:
        return f"there is no rule {rule!r}; `byline rules` lists them"
    name, family = found
    if family == INTEGRITY_FAMILY:
        return (f"{rule} ({name}) is an integrity finding: the record itself is in doubt, and nobody can waive "
                f"it; fix what it found")
    if agent in current_translators(state):
        return (f"{agent} translated this article; a translator cannot waive checks on their own translation, "
                "whatever [policy] may_waive says")
    allowed = config.policy.may_waive
    if person is None or not set(person.roles) & set(allowed):
        roles = ", ".join(person.roles) if person else "not on the roster"
        return (f"{agent} (roles: {roles or 'none'}) may not waive checks: [policy] may_waive = "
                f"{list(allowed)!r} in {config.path}")
    return None


def check_waiver(config: Config, state: State, person: Person, rule: str, known: Mapping[str, tuple[str, str]]) -> None:
    refusal = waiver_refusal(config, state, person, person.id, rule, known)
    if refusal:
        raise InputError(f"{refusal}; nothing recorded")


def _roles(roles: Iterable[str]) -> str:
    listed = list(roles)
    return " or ".join(repr(r) for r in listed) if listed else "nobody"


def _holders(config: Config, roles: Iterable[str]) -> str:
    wanted = set(roles)
    people = [p.id for p in config.people if wanted & set(p.roles)]
    return ", ".join(people) if people else f"nobody on the roster has role {_roles(wanted)}"
