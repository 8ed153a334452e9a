"""Hardened XML parsing for every XML-based reader (XLIFF, TMX, DOCX, ITS).

No entity resolution, no DTD loading, no network, no huge trees: a hostile
file (XXE, billion laughs) is refused as a format error, never expanded.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from workflow.errors import FormatError

_UNSAFE = "declares entities in a DOCTYPE; byline does not expand entities (refused as unsafe)"


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
    """The root element of `data`; a DOCTYPE with an internal subset or entities is refused outright."""
    if _declares_entities(data[:65536].lower()):
        raise FormatError(path, None, _UNSAFE)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(path, exc.lineno, f"not well-formed XML: {exc.msg}") from exc
    if root is None:
        raise FormatError(path, None, "empty XML document")
    subset = root.getroottree().docinfo.internalDTD
    if subset is not None and (any(True for _ in subset.iterentities()) or subset.elements()):
        raise FormatError(path, None, _UNSAFE)  # a subset the byte check missed (e.g. UTF-16)
    return root


def _declares_entities(head: bytes) -> bool:
    """Whether the prolog has `<!ENTITY` or a DOCTYPE with an internal subset (`[` before its `>`)."""
    if b"<!entity" in head:
        return True
    start = head.find(b"<!doctype")
    if start < 0:
        return False
    end = head.find(b">", start)
    return b"[" in head[start : end if end >= 0 else len(head)]
