"""XLIFF 2.1 for CAT tools, with ITS 2.0 provenance and each unit's history as ctr revisions.

Writing: one `<unit>` per unit (its id in `name`), one segment, notes, who
translated (`its:person` or `its:tool`) and revised (`its:revPerson`). Reading
takes targets from XLIFF 2.0/2.1 files from any tool, and hands XLIFF 1.2 to
`xliff12`. lxml stays inside the XML format modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow.errors import FormatError
from workflow.formats.document import Document, Pair
from workflow.formats.safexml import parse

NS = "urn:oasis:names:tc:xliff:document:2.0"
ITS = "http://www.w3.org/2005/11/its"
CTR = "urn:oasis:names:tc:xliff:changetracking:2.0"
XML = "http://www.w3.org/XML/1998/namespace"
_STATES = {"translated": "translated", "approved": "reviewed", "stale": "initial", "needs-review": "initial",
           "omitted": "translated", "addition": "translated"}


def read(path: Path, data: bytes) -> Document:
    root = parse(path, data)
    from workflow.formats import xliff12

    if root.tag == f"{{{xliff12.NS}}}xliff" or root.get("version") == "1.2":
        return xliff12.read_root(path, root)
    if root.tag != f"{{{NS}}}xliff":
        raise FormatError(path, root.sourceline, f"root element is {root.tag!r}, not an "
                                                 "XLIFF <xliff>; export a fresh file")
    pairs, seen = [], set()
    for unit in root.iter(f"{{{NS}}}unit"):
        uid = unit.get("name") or unit.get("id")
        if not uid:
            raise FormatError(path, unit.sourceline, "a <unit> has no id; the file is not valid XLIFF")
        uid = uid if unit.get("name") else uid.replace("_", "+")
        scoped = (unit.xpath("string(ancestor::*[local-name()='file'][1]/@id)"), uid)
        if scoped in seen:  # ids are unique per <file>; the same id in two files is left to apply_pairs
            raise FormatError(path, unit.sourceline, f"unit {uid!r} appears twice; each unit has one entry")
        seen.add(scoped)
        source = "".join(_content(part.find(f"{{{NS}}}source")) for part in _parts(unit))
        targets = [part.find(f"{{{NS}}}target") for part in _parts(unit)]
        if all(t is None for t in targets):
            continue  # untranslated by the other tool: nothing to take back
        target = "".join(_part_target(part) for part in _parts(unit))
        pairs.append(Pair(uid, source, target, _needs_review(unit), _comment(unit)))
    base = root.findtext(f"{{{NS}}}file/{{{NS}}}notes/{{{NS}}}note[@category='{HEAD_CATEGORY}']")
    return Document(pairs=tuple(pairs), base=base.strip() if base else None)


def _needs_review(unit) -> bool | None:
    """A segment still `initial` needs review; all translated, reviewed or final: not; no state: not said."""
    states = [seg.get("state") for seg in unit.iter(f"{{{NS}}}segment") if seg.get("state")]
    if not states:
        return None
    return any(state == "initial" for state in states)


def _comment(unit) -> str:
    """The unit's notes that are not byline's own: the translators' comment ("" when there are none)."""
    notes = unit.findall(f"{{{NS}}}notes/{{{NS}}}note")
    ours = ("byline", HEAD_CATEGORY)
    return "\n".join((n.text or "").strip() for n in notes if n.get("category") not in ours).strip()


def _parts(unit):
    """A unit's segments and ignorables in order (ignorables hold the space between sentences)."""
    return [child for child in unit if child.tag in (f"{{{NS}}}segment", f"{{{NS}}}ignorable")]


def _part_target(part) -> str:
    """A segment's target text; an ignorable's target, or its source when it has none (spacing)."""
    target = part.find(f"{{{NS}}}target")
    if target is not None or part.tag == f"{{{NS}}}segment":
        return _content(target)
    return _content(part.find(f"{{{NS}}}source"))


def _content(element) -> str:
    """The plain text of a source or target: text, inline markers' text, `<cp>` code points; codes dropped."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{NS}}}cp":
            parts.append(chr(int(child.get("hex", "20"), 16)))
        elif child.tag in (f"{{{NS}}}mrk", f"{{{NS}}}pc"):
            parts.append(_content(child))
        parts.append(child.tail or "")
    return "".join(parts)


HEAD_CATEGORY = "byline-head"


def write(records: Sequence, header) -> str:
    """XLIFF 2.1 text for the unit records (see `workflow.reading.export`)."""
    from lxml import etree

    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS, "its": ITS, "ctr": CTR},
                         version="2.1", srcLang=header.source_lang, trgLang=header.target_lang)
    # ITS markup must have its version in scope (the XLIFF ITS module's Schematron rule); once, at the root.
    root.set(f"{{{ITS}}}version", "2.0")
    file = etree.SubElement(root, f"{{{NS}}}file", id="f1", original=header.article)
    notes = etree.SubElement(file, f"{{{NS}}}notes")
    etree.SubElement(notes, f"{{{NS}}}note", category="byline").text = (
        f"exported by byline from the ledger of {header.article} at {header.head}; "
        "edit targets only and bring the file back with `byline record --from`"
    )
    # Machine-readable too: recording the file back refuses it if the English changed since.
    etree.SubElement(notes, f"{{{NS}}}note", category=HEAD_CATEGORY).text = header.head
    for record in records:
        _unit(etree, file, record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def _unit(etree, file, record) -> None:
    unit = etree.SubElement(file, f"{{{NS}}}unit", id=record.id.replace("+", "_"), name=record.id)
    if record.status == "addition":
        unit.set("type", "byline:addition")
    translator, reviser = record.translator, record.reviser
    if translator is not None:
        unit.set(f"{{{ITS}}}{'tool' if translator.tool else 'person'}", translator.name)
    if reviser is not None:
        unit.set(f"{{{ITS}}}{'revTool' if reviser.tool else 'revPerson'}", reviser.name)
    if record.history:
        track = etree.SubElement(unit, f"{{{CTR}}}changeTrack")
        count = len(record.history)
        revisions = etree.SubElement(track, f"{{{CTR}}}revisions", appliesTo="target", currentVersion=f"r{count}")
        for number, version in reversed(list(enumerate(record.history, start=1))):
            revision = etree.SubElement(revisions, f"{{{CTR}}}revision", author=version.author.name,
                                        datetime=version.at, version=f"r{number}")
            etree.SubElement(revision, f"{{{CTR}}}item", property="content").text = version.text
    if record.notes or record.comment:
        notes = etree.SubElement(unit, f"{{{NS}}}notes")
        for note in record.notes:
            etree.SubElement(notes, f"{{{NS}}}note", category="byline").text = note
        if record.comment:  # the translators', read back as theirs (any note not in category byline)
            etree.SubElement(notes, f"{{{NS}}}note", category="comment").text = record.comment
    segment = etree.SubElement(unit, f"{{{NS}}}segment", id="seg1", state=_STATES[record.status])
    if record.status in ("stale", "needs-review"):
        segment.set("subState", f"byline:{record.status}")
    source = etree.SubElement(segment, f"{{{NS}}}source")
    source.text = record.source
    target = etree.SubElement(segment, f"{{{NS}}}target")
    target.text = record.target
    if record.source != record.source.strip() or record.target != record.target.strip():
        unit.set(f"{{{XML}}}space", "preserve")
