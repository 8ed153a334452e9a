"""TMX 1.4 translation memory of an article's units, with who and when from the record.

Each unit becomes a `tu` (tuid = unit id); the Korean `tuv` carries the
article's first date, the English one `creationid`/`changeid` and dates of its
first and last version. Additions and omitted units are left out: they are
not translations.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workflow import __version__
from workflow.errors import FormatError
from workflow.formats.document import Document, Pair
from workflow.formats.safexml import parse

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(path: Path, data: bytes) -> Document:
    root = parse(path, data)
    if root.tag != "tmx":
        raise FormatError(path, root.sourceline, f"root element is {root.tag!r}, not <tmx>")
    header = root.find("header")
    srclang = (header.get("srclang") if header is not None else None) or ""
    pairs, seen = [], set()
    for tu in root.iter("tu"):
        uid = tu.get("tuid")
        if not uid:
            continue  # translation memory from elsewhere: no unit to map it to
        if uid in seen:
            raise FormatError(path, tu.sourceline, f"tu {uid!r} appears twice; each unit has one entry")
        seen.add(uid)
        texts = {(tuv.get(XML_LANG) or tuv.get("lang") or "").lower(): "".join(tuv.find("seg").itertext())
                 for tuv in tu.findall("tuv") if tuv.find("seg") is not None}
        source = texts.pop(srclang.lower(), "")
        if len(texts) != 1:
            raise FormatError(path, tu.sourceline, f"tu {uid!r} needs exactly one "
                                                   f"target-language tuv besides {srclang!r}")
        pairs.append(Pair(uid, source, next(iter(texts.values()))))
    return Document(pairs=tuple(pairs))


def tmx_date(at: str) -> str:
    """Ledger time (2026-11-27T09:14:03Z) in TMX's form (20261127T091403Z)."""
    return at.replace("-", "").replace(":", "")


def write(records: Sequence, header) -> str:
    """TMX 1.4 text for the unit records that hold a translation (see `workflow.reading.export`)."""
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "byline", "creationtoolversion": __version__, "segtype": "sentence", "o-tmf": "byline",
        "adminlang": "en", "srclang": header.source_lang, "datatype": "plaintext",
        "creationdate": tmx_date(header.changed),
    })
    body = etree.SubElement(root, "body")
    for record in records:
        if record.status in ("addition", "omitted") or not record.history:
            continue
        first, last = record.history[0], record.history[-1]
        tu = etree.SubElement(body, "tu", tuid=record.id)
        etree.SubElement(tu, "prop", type="x-byline-article").text = header.article
        etree.SubElement(tu, "prop", type="x-byline-status").text = record.status
        source = etree.SubElement(tu, "tuv", {XML_LANG: header.source_lang, "creationdate": tmx_date(header.created)})
        etree.SubElement(source, "seg").text = record.source
        target = etree.SubElement(tu, "tuv", {
            XML_LANG: header.target_lang, "creationid": first.author.id, "creationdate": tmx_date(first.at),
            "changeid": last.author.id, "changedate": tmx_date(last.at),
        })
        etree.SubElement(target, "seg").text = record.target
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype=doctype).decode("utf-8")
