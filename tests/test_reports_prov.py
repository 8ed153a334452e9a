"""W3C PROV output: loads back with `prov`, validates against the official schemas, says who did what."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workflow.model.replay import load
from workflow.reports import render
from workflow.workspace import Workspace

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "prov"
needs_schemas = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="../shared/schemas/prov is not present")


@pytest.fixture
def machine(machine_translated_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An organisation's workspace: MT by papago (operated by cslee), edited by ewhong, then published."""
    from workflow.steps.publish import publish

    monkeypatch.setenv("BYLINE_NOW", "2026-11-27T09:00:00Z")
    ws = Workspace(machine_translated_copy)
    publish(ws, "nk", ws.config.person("ewhong"), force=True, url="https://example.org/nk")
    return machine_translated_copy


def _prov(root: Path, fmt: str) -> str | bytes:
    ws = Workspace(root)
    return render(ws, load(ws, "nk"), fmt)


def test_prov_json_round_trips(machine: Path) -> None:
    from prov.model import ProvDocument

    from workflow.reports.prov import document

    ws = Workspace(machine)
    text = _prov(machine, "prov-json")
    assert ProvDocument.deserialize(content=text, format="json") == document(ws, load(ws, "nk"))


@needs_schemas
def test_prov_json_validates_against_the_official_schema(machine: Path) -> None:
    import jsonschema

    schema = json.loads((SCHEMAS / "prov-json.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [e.message for e in validator.iter_errors(json.loads(_prov(machine, "prov-json")))]
    assert errors == []


@needs_schemas
def test_prov_xml_validates_against_the_official_xsd(machine: Path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "prov.xsd")))
    document = etree.fromstring(str(_prov(machine, "prov-xml")).encode("utf-8"))
    assert schema.validate(document), schema.error_log


def test_prov_relations_name_people_tools_and_organisation(machine: Path) -> None:
    doc = json.loads(_prov(machine, "prov-json"))
    agents = doc["agent"]
    assert agents["tool:mt_papago"]["prov:type"]["$"] == "prov:SoftwareAgent"
    assert agents["person:ewhong"]["prov:label"] == "Eugene Whong"
    assert agents["org:Daejeon_Daily"]["prov:type"]["$"] == "prov:Organization"
    delegations = {(d["prov:delegate"], d["prov:responsible"]) for d in doc["actedOnBehalfOf"].values()}
    assert ("person:ewhong", "org:Daejeon_Daily") in delegations
    assert ("tool:mt_papago", "person:cslee") in delegations
    for relation in ("wasGeneratedBy", "used", "wasAssociatedWith", "wasAttributedTo", "wasDerivedFrom"):
        assert doc.get(relation), f"no {relation} in the PROV document"
    # PROV-JSON writes wasRevisionOf as a derivation typed prov:Revision.
    revisions = [d for d in doc["wasDerivedFrom"].values() if d.get("prov:type", {}).get("$") == "prov:Revision"]
    assert ("art:target-v3", "art:target-v2") in {(d["prov:generatedEntity"], d["prov:usedEntity"]) for d in revisions}
    entities = doc["entity"]
    assert {"art:source-v1", "art:target-v2", "art:target-v3", "art:published-v4"} <= set(entities)
    assert entities["art:published-v4"]["prov:location"] == "https://example.org/nk"
    assert any(name.startswith("art:unit-s2-v3") for name in entities), "the edited unit has a new version"


def test_prov_turtle_parses(machine: Path) -> None:
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph().parse(data=_prov(machine, "prov-ttl"), format="turtle")
    assert len(graph) > 50


@pytest.mark.parametrize(
    ("fmt", "marker"), [("prov-n", "wasAssociatedWith("), ("dot", "digraph")], ids=["prov-n", "dot"]
)
def test_prov_text_forms(machine: Path, fmt: str, marker: str) -> None:
    assert marker in str(_prov(machine, fmt))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_svg_draws_the_graph(machine: Path) -> None:
    svg = _prov(machine, "svg")
    assert isinstance(svg, bytes) and b"<svg" in svg and b"Eugene Whong" in svg
