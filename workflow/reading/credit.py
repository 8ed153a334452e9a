"""`byline credit`: the credit line that the record supports.

Translators are the people whose translate events still have words in the
English; editors are the people with edit, correction or approval events
after the translation who are not already credited as translators.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Sequence

from workflow.config import Config
from workflow.model.state import State
from workflow.reading.blame import agents_with_words

EDITING_TYPES = ("edit", "correct", "approve")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


class Credit(namedtuple("Credit", "translators editors machine line")):
    """Who the record credits, and the line the policy template makes of them."""

    __slots__ = ()
    translators: tuple[str, ...]
    editors: tuple[str, ...]
    machine: tuple[str, ...]
    line: str


def join_names(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def credit(state: State, config: Config) -> Credit:
    """The credit the record supports for the current English."""
    translators, machine = _translators(state)
    editors = _editors(state, translators)
    names = {p.id: p.name for p in config.people}
    line = credit_line(
        config.policy.credit_line,
        {"translators": [names.get(a, a) for a in translators], "editors": [names.get(a, a) for a in editors]},
    )
    return Credit(translators, editors, machine, line)


def credit_line(template: str, people: dict[str, list[str]]) -> str:
    """Fill the template's {fields} with joined names, leaving out sentences whose fields are all empty."""
    kept = []
    for sentence in _SENTENCE_END.split(template.strip()):
        fields = re.findall(r"{(\w+)}", sentence)
        if fields and not any(people.get(field) for field in fields):
            continue
        kept.append(sentence.format(**{field: join_names(people.get(field, [])) for field in fields}))
    return " ".join(kept)


def _translators(state: State) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """People and software agents of translate events whose words survive, in order of first translation."""
    surviving = agents_with_words(state)
    people: list[str] = []
    machine: list[str] = []
    for event in state.events:
        if event.type != "translate" or event.agent not in surviving:
            continue
        found = machine if event.data["agent"].get("type") == "software" else people
        if event.agent not in found:
            found.append(event.agent)
    return tuple(people), tuple(machine)


def _editors(state: State, translators: tuple[str, ...]) -> tuple[str, ...]:
    """People with editing or approval events after the first translation, translators aside."""
    first = next((event.seq for event in state.events if event.type == "translate"), None)
    editors: list[str] = []
    for event in state.events:
        if first is None or event.seq <= first or event.type not in EDITING_TYPES:
            continue
        if event.agent not in translators and event.agent not in editors:
            editors.append(event.agent)
    return tuple(editors)
