"""Hardened XML parsing for every XML-based reader (XLIFF, DOCX, ITS, TMX).

No entity resolution, no DTD loading, no network, no huge trees: a hostile
file (XXE, billion laughs) is refused as a format error, never expanded.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from workflow.errors import FormatError


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def parse(path: Path | str, data: bytes) -> etree._Element:
    """The root element of `data`; a DOCTYPE with entities is refused outright."""
    head = data[:4096].lower()
    if b"<!entity" in head or (b"<!doctype" in head and b"[" in head.split(b"<!doctype", 1)[1][:2048]):
        raise FormatError(path, None, "declares entities in a DOCTYPE; byline does not expand entities (refused as unsafe)")
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(path, exc.lineno, f"not well-formed XML: {exc.msg}") from exc
    if root is None:
        raise FormatError(path, None, "empty XML document")
    return root
