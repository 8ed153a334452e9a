"""The record in W3C PROV, built with the `prov` library and serialised by it.

Entities are the versions of the source, of the English and of each unit;
each event is an activity; people, byline and MT engines are agents (people
act on behalf of the organisation when one is configured). `prov` stays in
this module: callers get text (or SVG bytes).
"""

from __future__ import annotations

from typing import Any

from workflow import __version__
from workflow.ledger import TEXT_TYPES, Event
from workflow.model.replay import replay, versions
from workflow.model.state import State
from workflow.workspace import Workspace

BYLINE_NS = "https://byline.invalid/ns#"
SOURCE_TYPES = ("ingest", "source-update")


def document(ws: Workspace, state: State):
    """A `prov.model.ProvDocument` of the article's whole record."""
    from prov.model import ProvDocument

    doc = ProvDocument()
    doc.add_namespace("byline", BYLINE_NS)
    doc.add_namespace("art", f"urn:byline:article:{state.article}:")
    doc.add_namespace("person", "urn:byline:person:")
    doc.add_namespace("tool", "urn:byline:tool:")
    doc.add_namespace("org", "urn:byline:org:")
    _Builder(doc, ws, state).run()
    return doc


class _Builder:
    """Walks the events once, adding versions, activities and agents to the document."""

    def __init__(self, doc: Any, ws: Workspace, state: State) -> None:
        from prov.model import PROV, Namespace

        self.doc = doc
        self.prov = PROV
        self.ns = Namespace("byline", BYLINE_NS)
        self.ws = ws
        self.state = state
        self.agents: set[str] = set()
        self.source: str | None = None
        self.target: str | None = None
        self.units: dict[str, str] = {}  # source segment id -> latest unit version entity
        self.org = self._organisation()
        self.byline = doc.agent("tool:byline", {"prov:type": self.prov["SoftwareAgent"], "prov:label": "byline",
                                                "byline:version": __version__})
        if self.org:
            doc.actedOnBehalfOf("tool:byline", self.org)

    def run(self) -> None:
        # Only texts, spans and hashes are read here: every version, without authorship, in one pass.
        previous = replay(self.state.article, [], authorship=False)
        for event, current in zip(self.state.events, versions(self.state.article, self.state.events), strict=True):
            self._event(event, previous, current)
            previous = current

    def _organisation(self) -> str | None:
        name = self.ws.config.organization
        if not name:
            return None
        self.doc.agent("org:" + _local(name), {"prov:type": self.prov["Organization"], "prov:label": name})
        return "org:" + _local(name)

    def _agent(self, data: dict[str, Any]) -> str:
        """The agent of an event (a person, or an MT engine), declared once."""
        software = data.get("type") == "software"
        qname = ("tool:" if software else "person:") + _local(data["id"])
        if qname not in self.agents:
            self.agents.add(qname)
            roster = {p.id: p for p in self.ws.config.people}
            person = roster.get(data["id"])
            attrs: dict[str, Any] = {"prov:type": self.prov["SoftwareAgent" if software else "Person"],
                                     "prov:label": person.name if person else data.get("name", data["id"])}
            if person and person.roles:
                attrs["byline:roles"] = " ".join(person.roles)
            self.doc.agent(qname, attrs)
            if self.org and not software:
                self.doc.actedOnBehalfOf(qname, self.org)
        return qname

    def _event(self, event: Event, before: State, after: State) -> None:
        activity = self.doc.activity(f"art:event-{event.line}", event.at, event.at, {
            "prov:type": self.ns[event.type], "prov:label": f"{event.stage} #{event.seq}",
            "byline:eventId": event.id, **({"byline:note": event.data["note"]} if event.data.get("note") else {})})
        agent = self._agent(dict(event.data["agent"]))
        self._associate(event, activity, agent, event.data["agent"].get("role", ""))
        self._associate(event, activity, self.byline, None)
        if event.data.get("operator"):
            operator = self._agent(dict(event.data["operator"]))
            self._associate(event, activity, operator, "operator")
            self.doc.actedOnBehalfOf(agent, operator, activity)
        if event.type in SOURCE_TYPES:
            self._new_source(event, activity, agent, after)
        elif event.type in TEXT_TYPES:
            self._new_target(event, activity, agent, before, after)
        else:
            for used in (self.source, self.target):
                if used:
                    self.doc.used(activity, used, event.at)
            if event.type == "publish":
                self._published(event, activity, agent)

    def _associate(self, event: Event, activity: Any, agent: Any, role: str | None) -> None:
        """An association with its own identifier, so that RDF readers keep each one apart with its role.

        Anonymous qualified associations come back from Turtle merged, their
        roles on the wrong agents; named ones come back whole.
        """
        local = str(agent).split(":", 1)[-1] if not hasattr(agent, "identifier") else agent.identifier.localpart
        attrs = {"prov:role": role} if role is not None else None
        self.doc.wasAssociatedWith(activity, agent, None, f"art:association-{event.seq}-{_local(local)}", attrs)

    def _new_source(self, event: Event, activity: Any, agent: str, after: State) -> None:
        qname = f"art:source-v{event.line}"
        self.doc.entity(qname, {"prov:type": self.ns["Source"], "byline:sha256": after.source_hash(),
                                "byline:lang": self.ws.config.source_lang})
        self.doc.wasGeneratedBy(qname, activity, event.at)
        self.doc.wasAttributedTo(qname, agent)
        if self.source:
            self.doc.wasRevisionOf(qname, self.source)
        self.source = qname

    def _new_target(self, event: Event, activity: Any, agent: str, before: State, after: State) -> None:
        qname = f"art:target-v{event.line}"
        self.doc.entity(qname, {"prov:type": self.ns["Translation"], "byline:sha256": after.target_hash() or "",
                                "byline:lang": self.ws.config.target_lang})
        self.doc.wasGeneratedBy(qname, activity, event.at)
        self.doc.wasAttributedTo(qname, agent)
        if self.source:
            self.doc.used(activity, self.source, event.at)
            self.doc.wasDerivedFrom(qname, self.source, activity)
        if self.target:
            self.doc.used(activity, self.target, event.at)
            self.doc.wasRevisionOf(qname, self.target)
        self.target = qname
        old = {u.id: before.unit_target(u) for u in before.units}
        for unit in after.units:
            text = after.unit_target(unit)
            if old.get(unit.id) == text:
                continue
            self._new_unit(event, activity, agent, unit.id, unit.sources, text)

    def _new_unit(self, event: Event, activity: Any, agent: str, uid: str, sources: tuple[str, ...], text: str) -> None:
        from workflow.ledger import sha256

        qname = f"art:unit-{_local(uid)}-v{event.line}"
        self.doc.entity(qname, {"prov:type": self.ns["Unit"], "byline:unit": uid, "byline:sha256": sha256(text)})
        self.doc.wasGeneratedBy(qname, activity, event.at)
        self.doc.wasAttributedTo(qname, agent)
        self.doc.wasDerivedFrom(f"art:target-v{event.line}", qname)
        if self.source:
            self.doc.wasDerivedFrom(qname, self.source, activity)
        for earlier in dict.fromkeys(self.units[sid] for sid in sources if sid in self.units):
            self.doc.wasRevisionOf(qname, earlier)
        for sid in sources:
            self.units[sid] = qname

    def _published(self, event: Event, activity: Any, agent: str) -> None:
        output = event.data.get("output", {})
        qname = f"art:published-v{event.line}"
        attrs = {"prov:type": self.ns["Publication"], "byline:sha256": output.get("sha256", "")}
        if output.get("url"):
            attrs["prov:location"] = output["url"]
        self.doc.entity(qname, attrs)
        self.doc.wasGeneratedBy(qname, activity, event.at)
        self.doc.wasAttributedTo(qname, agent)
        if self.target:
            self.doc.wasDerivedFrom(qname, self.target, activity)


def _local(value: str) -> str:
    """A QName local part: letters, digits, '-', '_' and '.'; anything else becomes '_'."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in value)


def render_json(ws: Workspace, state: State) -> str:
    return document(ws, state).serialize(format="json", indent=2) + "\n"


def render_xml(ws: Workspace, state: State) -> str:
    return document(ws, state).serialize(format="xml")


def render_provn(ws: Workspace, state: State) -> str:
    return document(ws, state).get_provn() + "\n"


def render_turtle(ws: Workspace, state: State) -> str:
    """PROV-O in Turtle: prov's RDF (through rdflib), with every qualified association's binary form beside it.

    PROV-O asks for both: `?act prov:wasAssociatedWith ?who` is how people
    query who took part, and prov writes the binary triple only for
    associations without attributes, so people with roles were missing.
    """
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=document(ws, state).serialize(format="rdf", rdf_format="turtle"), format="turtle")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    for activity, association in list(graph.subject_objects(prov.qualifiedAssociation)):
        for agent in graph.objects(association, prov.agent):
            graph.add((activity, prov.wasAssociatedWith, agent))
    return graph.serialize(format="turtle")


def render_jsonld(ws: Workspace, state: State) -> str:
    """PROV-JSONLD (the W3C member submission), written by prov, with the submission's context by URL."""
    return document(ws, state).serialize(format="jsonld", context="url", indent=2) + "\n"
