"""PROV as RDF tools read it (issue #20, item 5): rdflib's SPARQL, the prov library reading Turtle, PROV-JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import clients
import pytest
from helpers import invoke

PROV = "http://www.w3.org/ns/prov#"
PEOPLE = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?act ?who WHERE { ?act a prov:Activity ; prov:wasAssociatedWith ?who . ?who a prov:Person . }
"""


@pytest.fixture
def machine(machine_translated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MT by papago (run by cslee), edited by ewhong, approved by mfoster, published by ewhong."""
    monkeypatch.setenv("BYLINE_NOW", "2026-11-27T09:00:00Z")
    ws = ["--workspace", str(machine_translated)]
    assert invoke("approve", "nk", "--by", "mfoster", *ws).exit_code == 0
    result = invoke("publish", "nk", "--by", "ewhong", "--force", "--url", "https://example.org/nk", *ws)
    assert result.exit_code == 0, result.output
    return machine_translated


def _report(root: Path, fmt: str) -> str:
    result = invoke("report", "nk", "--format", fmt, "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout


def _ledger(root: Path) -> list[dict]:  # type: ignore[type-arg]
    lines = (root / "translations" / "nk" / "provenance.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _expected_associations(root: Path) -> set[tuple[str, str, str]]:
    """(activity, agent, role) as PROV-JSON says, which `prov` reads back whole (tests/test_reports_prov.py)."""
    doc = json.loads(_report(root, "prov-json"))
    found = set()
    for relation in doc["wasAssociatedWith"].values():
        role = relation.get("prov:role")
        role = role.get("$") if isinstance(role, dict) else role
        found.add((relation["prov:activity"], relation["prov:agent"], role or ""))
    return found


def test_turtle_names_the_people_each_event_was_associated_with(machine: Path) -> None:
    import rdflib

    graph = rdflib.Graph().parse(data=_report(machine, "prov-ttl"), format="turtle")
    people: dict[str, set[str]] = {}
    for act, who in graph.query(PEOPLE):
        people.setdefault(str(act), set()).add(str(who))
    for event in _ledger(machine):
        activity = next((a for a in people if a.endswith(f":event-{event['seq']}")), None)
        if event["agent"].get("type") == "software":
            continue  # an MT engine is a SoftwareAgent; the person who ran it is asked for below
        assert activity is not None, f"event {event['seq']} ({event['type']}) has no person associated"
        assert f"urn:byline:person:{event['agent']['id']}" in people[activity]
    mt = next(e for e in _ledger(machine) if e["agent"].get("type") == "software")
    operator = next(a for a in people if a.endswith(f":event-{mt['seq']}"))
    assert people[operator] == {"urn:byline:person:cslee"}


def test_prov_reads_the_turtle_back_whole(machine: Path) -> None:
    from prov.model import ProvAssociation, ProvDocument

    doc = ProvDocument.deserialize(content=_report(machine, "prov-ttl"), format="rdf", rdf_format="turtle")
    found = set()
    for record in doc.get_records(ProvAssociation):
        attrs = dict(record.formal_attributes)
        roles = [str(v) for k, v in record.extra_attributes if str(k) == "prov:role"]
        activity, agent = attrs[record.FORMAL_ATTRIBUTES[0]], attrs[record.FORMAL_ATTRIBUTES[1]]
        found.add((str(activity), str(agent), roles[0] if roles else ""))
    expected = _expected_associations(machine)
    assert len(list(doc.get_records(ProvAssociation))) == len(expected)
    assert found == expected


# The submission's context maps an association to PROV-O's qualified form.
JSONLD_PEOPLE = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?act ?who WHERE { ?act prov:qualifiedAssociation ?link . ?link prov:agent ?who . ?who a prov:Person . }
"""


def test_prov_jsonld_validates_and_reads_back(machine: Path) -> None:
    import jsonschema
    import rdflib
    from prov.model import ProvDocument
    from prov.serializers.provjsonld import JSONLD_CONTEXT_URL, load_vendored_context

    text = _report(machine, "prov-jsonld")
    data = json.loads(text)
    schema = json.loads(clients.schema("prov", "prov-jsonld.schema.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert errors == []
    assert JSONLD_CONTEXT_URL in data["@context"]
    same = ProvDocument.deserialize(content=_report(machine, "prov-json"), format="json")
    assert ProvDocument.deserialize(content=text, format="jsonld") == same
    # Offline, a JSON-LD processor reads it with the submission's context put in place of its URL.
    data["@context"] = [load_vendored_context() if c == JSONLD_CONTEXT_URL else c for c in data["@context"]]
    graph = rdflib.Graph().parse(data=json.dumps(data), format="json-ld")
    people = {(str(a), str(w)) for a, w in graph.query(JSONLD_PEOPLE)}
    turtle = rdflib.Graph().parse(data=_report(machine, "prov-ttl"), format="turtle")
    assert people == {(str(a), str(w)) for a, w in turtle.query(PEOPLE)}
    assert {"urn:byline:person:ewhong", "urn:byline:person:mfoster", "urn:byline:person:cslee"} <= {
        w for _, w in people
    }
