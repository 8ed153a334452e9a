"""XLIFF 1.2 for the CAT tools that still speak it: `trans-unit`, `source`, `target`, `state`, notes.

The unit id travels as `id` and `resname`; the unit's translator and last
reviser go in `note from=`; a stale unit's target is `needs-review-translation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow import __version__
from workflow.errors import FormatError
from workflow.formats.document import Document, Pair
from workflow.formats.safexml import parse

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML = "http://www.w3.org/XML/1998/namespace"
_STATES = {"translated": "translated", "approved": "signed-off", "stale": "needs-review-translation",
           "needs-review": "needs-review-translation", "omitted": "translated", "addition": "translated"}


def read(path: Path, data: bytes) -> Document:
    return read_root(path, parse(path, data))


def read_root(path: Path, root) -> Document:
    """Pairs from a parsed XLIFF 1.2 tree (namespaced or not, as older tools write it)."""
    ns = f"{{{NS}}}" if root.tag.startswith(f"{{{NS}}}") else ""
    if root.tag != f"{ns}xliff":
        raise FormatError(path, root.sourceline, f"root element is {root.tag!r}, not an XLIFF 1.2 <xliff>")
    pairs, seen = [], set()
    for unit in root.iter(f"{ns}trans-unit"):
        uid = unit.get("resname") or unit.get("id")
        if not uid:
            raise FormatError(path, unit.sourceline, "a <trans-unit> has no id; the file is not valid XLIFF 1.2")
        if uid in seen:
            raise FormatError(path, unit.sourceline, f"trans-unit {uid!r} appears twice; each unit has one entry")
        seen.add(uid)
        target = unit.find(f"{ns}target")
        if target is None:
            continue
        source = unit.find(f"{ns}source")
        pairs.append(Pair(uid, _text(source), _text(target), _needs_review(unit, target), _comment(unit, ns)))
    return Document(pairs=tuple(pairs))


_DONE = ("translated", "signed-off", "final")


def _needs_review(unit, target) -> bool | None:
    """`approved="yes"` or a done state: reviewed; `new` or a `needs-…` state: not yet; no state: not said."""
    if unit.get("approved") == "yes":
        return False
    state = target.get("state")
    if state is None:
        return None
    return state not in _DONE


def _comment(unit, ns: str) -> str:
    """The unit's notes that byline did not write: the translators' comment ("" when there are none)."""
    notes = unit.findall(f"{ns}note")
    return "\n".join((n.text or "").strip() for n in notes if n.get("from") != "byline").strip()


def _text(element) -> str:
    """Plain text of a source or target: inline code placeholders dropped, marked text kept."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag.rsplit("}", 1)[-1] in ("g", "mrk"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _source(record) -> str:
    """A unit's Korean; an addition, which has none, names itself, so that tools keying entries by
    source text (translate-toolkit's xliff2po, translation memories) keep every addition apart."""
    if record.status != "addition":
        return record.source
    return f"(addition {record.id}: English with no Korean source)"


def write(records: Sequence, header) -> str:
    """XLIFF 1.2 (transitional-valid) text for the unit records (see `workflow.reading.export`)."""
    from lxml import etree

    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, f"{{{NS}}}file", original=header.article, datatype="plaintext")
    file.set("source-language", header.source_lang)
    file.set("target-language", header.target_lang)
    head = etree.SubElement(file, f"{{{NS}}}header")
    etree.SubElement(head, f"{{{NS}}}tool", {"tool-id": "byline", "tool-name": "byline", "tool-version": __version__})
    etree.SubElement(head, f"{{{NS}}}note", {"from": "byline"}).text = f"ledger head {header.head}"
    body = etree.SubElement(file, f"{{{NS}}}body")
    for record in records:
        unit = etree.SubElement(body, f"{{{NS}}}trans-unit", id=record.id, resname=record.id)
        unit.set(f"{{{XML}}}space", "preserve")
        if record.status == "approved":
            unit.set("approved", "yes")
        etree.SubElement(unit, f"{{{NS}}}source").text = _source(record)
        target = etree.SubElement(unit, f"{{{NS}}}target", state=_STATES[record.status])
        target.text = record.target
        for note in record.notes:
            etree.SubElement(unit, f"{{{NS}}}note", {"from": "byline"}).text = note
        if record.translator is not None:
            etree.SubElement(unit, f"{{{NS}}}note", {"from": "byline"}).text = f"translated by {record.translator.name}"
        if record.reviser is not None:
            etree.SubElement(unit, f"{{{NS}}}note", {"from": "byline"}).text = f"last revised by {record.reviser.name}"
        if record.comment:  # the translators', read back as theirs (any note not from byline)
            etree.SubElement(unit, f"{{{NS}}}note", {"from": "translator"}).text = record.comment
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")
