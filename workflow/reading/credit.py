"""`byline credit`: the credit line that the record supports.

Translators are the people whose translate events still have words in the
English (since the last `translate --replace`); editors follow the one
credit rule, `credited_editors`, which status, reports and the published
page use too.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Collection, Sequence

from workflow.config import Config
from workflow.ledger import Event
from workflow.model.state import State
from workflow.reading.blame import agents_with_words

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


def credit(state: State, config: Config, authors: Collection[str] | None = None) -> Credit:
    """The credit the record supports for the current English.

    `authors`, when the caller has already counted the English's words by
    author (the archive index does), are the agents with at least one word;
    otherwise they are found here.
    """
    translators, machine = _translators(state, authors)
    editors = credited_editors(state)
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


def credit_prefix(template: str) -> str:
    """The fixed words a credit line starts with: the template's text before its first field."""
    return template.split("{", 1)[0].strip() or "Translated by"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the text's paragraphs: runs of non-empty lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]


def is_credit_paragraph(paragraph: str, template: str) -> bool:
    """Whether a paragraph of the English is a credit line: it starts (past emphasis) as the template does."""
    return paragraph.lstrip("*_ ").startswith((credit_prefix(template), "Translated by"))


def credit_paragraph(text: str, template: str) -> tuple[int, int] | None:
    """The span of the English's credit paragraph, if it has one: the last paragraph that is a credit line.

    The published page shows the credit rule's line there, once, instead of
    adding a second; BL305 compares what the paragraph says with the rule.
    """
    found = [(s, e) for s, e in paragraphs(text) if is_credit_paragraph(text[s:e], template)]
    return found[-1] if found else None


def paragraph_credit(paragraph: str) -> str:
    """What a credit paragraph says, as the rule's line would say it: emphasis and line breaks dropped."""
    return " ".join(paragraph.strip("*_ \n").split())


def _translators(state: State, authors: Collection[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """People and software agents of translate events whose words survive, in order of first translation."""
    translations = _translations(state)
    surviving = (agents_with_words(state) if authors is None else authors) if translations else set()
    people: list[str] = []
    machine: list[str] = []
    for event in translations:
        if event.agent not in surviving:
            continue
        found = machine if event.data["agent"].get("type") == "software" else people
        if event.agent not in found:
            found.append(event.agent)
    return tuple(people), tuple(machine)


def _translations(state: State) -> list[Event]:
    """The translate events of the current translation: since the last `translate --replace`, or all."""
    start = max((i for i, e in enumerate(state.events) if e.type == "translate" and e.data.get("replace")), default=0)
    return [event for event in state.events[start:] if event.type == "translate"]


def possible_translators(state: State) -> set[str]:
    """Everyone `credit` could name as a translator: the agents of the current translation's translate events.

    Credit names those of them whose words survive, which needs authorship
    replayed through every edit; a caller that only needs to know whether
    someone might be a translator asks this first.
    """
    return {event.agent for event in _translations(state)}


# Event types that can change the English: edits (reverts and resolved conflicts are edits), corrections.
CHANGING_TYPES = ("edit", "correct")


def credited_editors(state: State) -> tuple[str, ...]:
    """"Edited by": the one credit rule (DESIGN: "One credit rule"), used by credit, status, reports and the page.

    The people — not software agents, not the current translation's
    translators — who recorded at least one event that changed the English
    since the current translation (the last translate event): edits,
    corrections, reverts and resolved conflicts count; approvals, waivers and
    publications do not. In the order of their first such change.
    """
    last = max((i for i, e in enumerate(state.events) if e.type == "translate"), default=None)
    if last is None:
        return ()
    translation = state.events[last]
    operator = translation.data.get("operator")
    excluded = {translation.agent, *([operator["id"]] if isinstance(operator, dict) else [])}
    found: list[str] = []
    for event in state.events[last + 1 :]:
        if event.type not in CHANGING_TYPES or event.data["agent"].get("type") == "software":
            continue
        if event.data.get("base", {}).get("target") == event.data.get("result", {}).get("target"):
            continue  # a layout-only change (no English changed)
        if event.agent not in excluded and event.agent not in found:
            found.append(event.agent)
    return tuple(found)
