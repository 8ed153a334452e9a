"""`byline credit`: the credit line that the record supports.

Translators are the people whose translate events still have words in the
English; editors are the people with edit, correction or approval events
after the translation who are not already credited as translators.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.blame import shares
from workflow.config import Config
from workflow.state import State

EDITING_TYPES = ("edit", "correct", "approve")


@dataclass(frozen=True, slots=True)
class Credit:
    """Who the record credits, and the line the policy template makes of them."""

    translators: tuple[str, ...]
    editors: tuple[str, ...]
    machine: tuple[str, ...]
    line: str


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def credit(state: State, config: Config) -> Credit:
    """The credit the record supports for the current English."""
    surviving = shares(state)
    translators: list[str] = []
    machine: list[str] = []
    first_translation = None
    for event in state.events:
        if event.type != "translate":
            continue
        first_translation = first_translation or event.seq
        if not surviving.get(event.agent):
            continue
        if event.data["agent"].get("type") == "software":
            if event.agent not in machine:
                machine.append(event.agent)
        elif event.agent not in translators:
            translators.append(event.agent)
    editors: list[str] = []
    for event in state.events:
        if first_translation is None or event.seq <= first_translation or event.type not in EDITING_TYPES:
            continue
        if event.agent not in translators and event.agent not in editors:
            editors.append(event.agent)
    names = {p.id: p.name for p in config.people}
    translator_names = [names.get(a, a) for a in translators]
    editor_names = [names.get(a, a) for a in editors]
    template = config.policy.credit_line
    line = template.format(translators=join_names(translator_names), editors=join_names(editor_names))
    if not editor_names and "{editors}" in template:
        line = template.split("{editors}")[0].rsplit(".", 1)[0].format(translators=join_names(translator_names)) + "."
    return Credit(tuple(translators), tuple(editors), tuple(machine), line)
