"""Word documents (DOCX): paragraph text, headings, and tracked changes (`w:ins`/`w:del`); and writing one.

`text` is the document with all changes accepted. With tracked changes,
`rejected` is the document with all of them rejected and `revisions` the text
after each author's turn, in date order, so each turn can be recorded as that
author's edit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from workflow.formats.document import Document, Pair, Revision, collapse
from workflow.formats.safexml import parse
from workflow.formats.safezip import open_zip, read_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_INSERTS = (f"{W}ins", f"{W}moveTo")  # a tracked move is a deletion where it was and an insertion where it went
_DELETES = (f"{W}del", f"{W}moveFrom")


@dataclass(frozen=True, slots=True)
class Piece:
    """A bit of paragraph text and the turns (0 = none) that inserted and deleted it."""

    text: str
    inserted: int
    deleted: int


def read(path: Path, data: bytes) -> Document:
    archive = open_zip(path, data)
    root = parse(path, read_member(path, archive, "word/document.xml"))
    turns, turn_of = _turns(root)
    base = _head(path, archive)
    table = _bilingual_table(root)
    if table is not None:
        return _read_table(table, turns, turn_of, base)
    paragraphs = [(_prefix(para), _pieces(para, turn_of)) for para in root.iter(f"{W}p")]
    final = _render(paragraphs, len(turns))
    if not turns:
        return Document(text=final, base=base)
    revisions = tuple(Revision(author, date, _render(paragraphs, number))
                      for number, (author, date) in enumerate(turns, start=1))
    return Document(text=final, revisions=revisions, rejected=_render(paragraphs, 0), base=base)


TABLE_HEADER = "unit"  # the first header cell of the bilingual table byline writes


def _bilingual_table(root):
    """The bilingual table (`export --format docx-table`): a table whose first cell says `unit`, if any."""
    for table in root.iter(f"{W}tbl"):
        first = table.find(f"{W}tr/{W}tc")
        if first is not None and "".join(first.itertext()).strip() == TABLE_HEADER:
            return table
    return None


def _read_table(table, turns, turn_of, base: str | None) -> Document:
    """Entries from the table's rows (unit, Korean, English), after each authors' turn as well."""
    rows = []
    for row in table.findall(f"{W}tr")[1:]:
        cells = row.findall(f"{W}tc")
        if len(cells) < 3:
            continue
        unit, source, english = ([("", _pieces(p, turn_of)) for p in cell.iter(f"{W}p")] for cell in cells[:3])
        rows.append((unit, source, english))

    def entries(turn: int) -> tuple[Pair, ...]:
        return tuple(Pair(collapse(_render(u, turn)), collapse(_render(k, turn)), collapse(_render(e, turn)))
                     for u, k, e in rows if collapse(_render(u, turn)))

    final = entries(len(turns))
    if not turns:
        return Document(pairs=final, base=base)
    revisions = tuple(Revision(author, date, "", entries(number))
                      for number, (author, date) in enumerate(turns, start=1))
    return Document(pairs=final, revisions=revisions, base=base, rejected_pairs=entries(0))


def _head(path: Path, archive) -> str | None:
    """The ledger head a file byline exported was made from (the `BylineHead` custom property), if any."""
    if "docProps/custom.xml" not in archive.namelist():
        return None
    root = parse(path, read_member(path, archive, "docProps/custom.xml"))
    for prop in root:
        if prop.get("name") == HEAD_PROPERTY:
            value = "".join(prop.itertext()).strip()
            return value or None
    return None


def _turns(root) -> tuple[list[tuple[str, str | None]], dict]:
    """Authors' turns: tracked changes sorted by date, consecutive ones by the same author merged.

    Returns each turn's (author, last date) and, for every w:ins/w:del element, its turn number.
    """
    marks = list(root.iter(*_INSERTS, *_DELETES))
    ordered = sorted(enumerate(marks), key=lambda item: (item[1].get(f"{W}date") is None,
                                                         item[1].get(f"{W}date") or "", item[0]))
    turns: list[tuple[str, str | None]] = []
    turn_of = {}
    for _, mark in ordered:
        author = mark.get(f"{W}author") or ""
        date = mark.get(f"{W}date")
        if not turns or turns[-1][0] != author:
            turns.append((author, date))
        else:
            turns[-1] = (author, date or turns[-1][1])
        turn_of[mark] = len(turns)
    return turns, turn_of


def _pieces(para, turn_of) -> list[Piece]:
    """A paragraph's text pieces: runs' text, tabs and breaks as spaces, deleted text included."""
    pieces = []
    for node in para.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
        inserted = deleted = 0
        for ancestor in node.iterancestors():
            if ancestor is para:
                break
            if ancestor.tag in _INSERTS and not inserted:
                inserted = turn_of[ancestor]
            elif ancestor.tag in _DELETES and not deleted:
                deleted = turn_of[ancestor]
        text = (node.text or "") if node.tag in (f"{W}t", f"{W}delText") else " "
        pieces.append(Piece(text, inserted, deleted))
    return pieces


def _render(paragraphs, turn: int) -> str:
    """The document after the first `turn` turns are accepted and the rest rejected."""
    lines = []
    for prefix, pieces in paragraphs:
        text = "".join(p.text for p in pieces
                       if (not p.inserted or p.inserted <= turn) and not (p.deleted and p.deleted <= turn))
        if text.strip():
            lines.append(prefix + collapse(text))
    return "\n\n".join(lines) + "\n" if lines else ""


def _prefix(para) -> str:
    style = para.find(f"{W}pPr/{W}pStyle")
    level = heading_level(style.get(f"{W}val") if style is not None else None)
    return "#" * level + " " if level else ""


def heading_level(style: str | None) -> int:
    """Heading level for Word's built-in styles (Title, Heading1…), 0 for body text."""
    if not style:
        return 0
    lowered = style.lower()
    if lowered == "title":
        return 1
    if lowered.startswith("heading") and lowered[7:].isdigit():
        return min(int(lowered[7:]), 6)
    return 0


# --- writing ---------------------------------------------------------------------

HEAD_PROPERTY = "BylineHead"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Office gives user-defined properties
_STAMP = (2026, 1, 1, 0, 0, 0)  # fixed member dates: the same record gives the same bytes
_SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440"'
            ' w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
  ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/custom.xml"
  ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
  Target="word/document.xml"/>
<Relationship Id="rId2"
  Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
  Target="docProps/core.xml"/>
<Relationship Id="rId3"
  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
  Target="docProps/custom.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1"
  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
  Target="styles.xml"/>
</Relationships>"""


def write(text: str, *, head: str, article: str, lang: str, title: str | None = None) -> bytes:
    """The English as a Word file an editor can track changes in, naming the ledger head it was made from.

    One paragraph per block of en.md: `#` headings in Word's built-in Heading styles (which `read`
    turns back into `#`), everything else as body text, word for word. The head is the custom document
    property `BylineHead`, which Word and LibreOffice keep when they save. The package is the minimum
    Word, LibreOffice and `read` need: content types, relationships, the document, its styles, and the
    core and custom properties.
    """
    return _package(_document(text, lang), head, title or article, lang)


def _package(document: str, head: str, title: str, lang: str) -> bytes:
    """The DOCX container around a `word/document.xml`, with styles and the core and custom properties."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": document,
        "word/styles.xml": _styles(lang),
        "docProps/core.xml": _core(title),
        "docProps/custom.xml": _custom(head),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, _STAMP), content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_table(records, header) -> bytes:
    """The bilingual table as a Word file: a row per unit and addition (unit, Korean, English), naming the head.

    Editors change the English column with Track Changes on; each author's turn comes back as their edit of
    those units (`byline record --from`), as with the article.
    """
    def cell(text: str, lang: str, width: int) -> str:
        props = f"<w:rPr><w:lang w:val={quoteattr(lang)}/></w:rPr>"
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:r>{props}'
                f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')

    source, target = header.source_lang, header.target_lang
    rows = [f"<w:tr>{cell(TABLE_HEADER, 'en', 1200)}{cell(source, 'en', 3900)}{cell(target, 'en', 3900)}</w:tr>"]
    rows += [f"<w:tr>{cell(r.id, 'en', 1200)}{cell(r.source, source, 3900)}{cell(r.target, target, 3900)}</w:tr>"
             for r in records]
    table = ('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>'
             + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
                       for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
             + '</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="1200"/><w:gridCol w:w="3900"/>'
             '<w:gridCol w:w="3900"/></w:tblGrid>' + "".join(rows) + "</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
                f"{table}<w:p/>{_SECTION}</w:body></w:document>")
    return _package(document, header.head, header.article, target)


def _document(text: str, lang: str) -> str:
    paragraphs = []
    for block in (b for b in text.split("\n\n") if b.strip()):
        block = " ".join(block.split("\n"))  # a line break inside a paragraph is a space (the working-file rule)
        level = len(block) - len(block.lstrip("#"))
        style = ""
        if 1 <= level <= 6 and block[level : level + 1] == " ":
            style, block = f'<w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>', block[level + 1 :]
        props = f"<w:rPr><w:lang w:val={quoteattr(lang)}/></w:rPr>"
        run = f'<w:r>{props}<w:t xml:space="preserve">{escape(block)}</w:t></w:r>'
        paragraphs.append(f"<w:p>{style}{run}</w:p>")
    body = "".join(paragraphs) or "<w:p/>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>{body}'
            f"{_SECTION}</w:body></w:document>")


def _styles(lang: str) -> str:
    headings = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
        f'<w:outlineLvl w:val="{n - 1}"/></w:pPr><w:rPr><w:b/><w:sz w:val="{36 - 3 * n}"/></w:rPr></w:style>'
        for n in range(1, 7))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
            f'<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val={quoteattr(lang)}/></w:rPr></w:rPrDefault>'
            '</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            f'<w:qFormat/></w:style>{headings}</w:styles>')


def _core(title: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>byline</dc:creator></cp:coreProperties>")


def _custom(head: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<property fmtid="{_FMTID}" pid="2" name="{HEAD_PROPERTY}"><vt:lpwstr>{escape(head)}</vt:lpwstr>'
            "</property></Properties>")
