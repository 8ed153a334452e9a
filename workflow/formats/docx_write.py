"""Writing the English article as a Word document an editor can track changes in.

One paragraph per block of en.md: `#` headings in Word's built-in Heading
styles (which `docx.read` turns back into `#`), everything else as body text,
word for word. The ledger head the file was made from is a custom document
property, `BylineHead`, which Word and LibreOffice keep when they save, so
`byline record --from` knows what the editor's changes were made on. The
package is the minimum Word, LibreOffice and `docx.read` need: content types,
relationships, the document, its styles, and the core and custom properties.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

HEAD_PROPERTY = "BylineHead"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Office gives user-defined properties
_STAMP = (2026, 1, 1, 0, 0, 0)  # fixed member dates: the same record gives the same bytes

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def write(text: str, *, head: str, article: str, lang: str, title: str | None = None) -> bytes:
    """The article as DOCX bytes, naming the ledger head it was made from."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": _document(text, lang),
        "word/styles.xml": _styles(lang),
        "docProps/core.xml": _core(title or article),
        "docProps/custom.xml": _custom(head),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, _STAMP), content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _document(text: str, lang: str) -> str:
    paragraphs = []
    for block in (b for b in text.split("\n\n") if b.strip()):
        block = " ".join(block.split("\n"))  # a line break inside a paragraph is a space (the working-file rule)
        level = len(block) - len(block.lstrip("#"))
        style = ""
        if 1 <= level <= 6 and block[level : level + 1] == " ":
            style, block = f'<w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>', block[level + 1 :]
        run = f'<w:r><w:rPr><w:lang w:val={quoteattr(lang)}/></w:rPr><w:t xml:space="preserve">{escape(block)}</w:t></w:r>'
        paragraphs.append(f"<w:p>{style}{run}</w:p>")
    body = "".join(paragraphs) or "<w:p/>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440"'
            ' w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>')


def _styles(lang: str) -> str:
    headings = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
        f'<w:outlineLvl w:val="{n - 1}"/></w:pPr><w:rPr><w:b/><w:sz w:val="{36 - 3 * n}"/></w:rPr></w:style>'
        for n in range(1, 7))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
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
