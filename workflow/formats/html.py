"""HTML: the article body of a CMS page, in; the English article, out.

Reading keeps paragraphs, headings and quotes and drops navigation, scripts,
forms, asides and other page furniture, so that a saved web page can be
ingested as it was received.
"""

from __future__ import annotations

import html as html_escape
import re
from pathlib import Path

from workflow.errors import FormatError
from workflow.formats.document import Document, collapse
from workflow.text.segment import blocks

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe",
         "svg", "figure", "figcaption", "template", "select", "input", "menu")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|menu|share|social|related|comment|footer|header|sidebar|advert|ad|promo|subscribe|breadcrumb"
    r"|cookie|byline-meta)([\s_-]|$)", re.I)


def read(path: Path, data: bytes) -> Document:
    from lxml import etree, html  # lxml only where HTML is read

    if not data.strip():
        raise FormatError(path, None, "empty HTML file")
    encoding = _encoding(data)
    if not encoding.lower().startswith(("utf-16", "utf-32")):
        data = _CONTROL.sub(b"", data)  # C0 controls are not HTML text, and lxml refuses them when editing the tree
    try:
        parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding=encoding)
        root = html.fromstring(data, parser=parser)
        _drop_furniture(root)
    except (etree.ParserError, ValueError, LookupError) as exc:
        raise FormatError(path, None, f"not readable as HTML: {exc}") from exc
    title = root.findtext(".//title")
    body = _body(root)
    lines: list[str] = []
    for element in body.iter("h1", "h2", "h3", "h4", "p", "blockquote", "li"):
        if element.tag in ("p", "li") and any(a.tag == "blockquote" for a in element.iterancestors()):
            continue
        text = collapse(element.text_content())
        if not text:
            continue
        if element.tag.startswith("h"):
            lines.append("#" * int(element.tag[1]) + " " + text)
        elif element.tag == "blockquote":
            lines.append("> " + text)
        else:
            lines.append(text)
    if not lines:
        raise FormatError(path, None, "found no article text (no <p>, <h1>-<h4> or <blockquote> in the body)")
    return Document(text="\n\n".join(lines) + "\n", title=collapse(title) if title else None)


def _drop_furniture(root) -> None:
    """Remove scripts, navigation, asides and elements whose class or id says they are page furniture.

    What `byline publish` adds to a page beyond the English (the credit line
    where en.md has none, marked `data-byline="added"`; the corrections, an
    aside; the JSON-LD, a script) goes too, so the page read back is the English.
    """
    for bad in root.xpath("//" + " | //".join(_DROP) + ' | //*[@data-byline="added"]'):
        bad.drop_tree()
    for bad in root.xpath("//*[@class or @id or @role]"):
        marker = " ".join(filter(None, (bad.get("class"), bad.get("id"), bad.get("role"))))
        kept = ("html", "body", "article", "main")
        if _BOILERPLATE.search(marker) and bad.getparent() is not None and bad.tag not in kept:
            bad.drop_tree()


def _encoding(data: bytes) -> str:
    """The charset a <meta> declares, if Python knows it; UTF-8 otherwise."""
    import codecs

    match = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:2048], re.I)
    if match is None:
        return "utf-8"
    name = match.group(1).decode("ascii")
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"
    return name


def _body(root):
    """The element holding the article: <article>, <main>, or the one with most paragraph text."""
    for tag in ("article", "main"):
        found = root.findall(f".//{tag}")
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    best, best_len = root, 0
    for candidate in root.iter("div", "section", "body"):
        length = sum(len(p.text_content()) for p in candidate.findall("./p"))
        if length > best_len:
            best, best_len = candidate, length
    return best


def write(text: str, *, title: str | None = None, lang: str = "en") -> str:
    """The English article as a plain, self-contained HTML page."""
    parts = []
    for span, kind in blocks(text):
        content = html_escape.escape(text[span.start : span.end])
        if kind == "heading":
            level = len(text[: span.start].rsplit("\n", 1)[-1].strip().rstrip()) or 1
            parts.append(f"<h{min(level, 6)}>{content}</h{min(level, 6)}>")
        elif kind == "quote":
            parts.append(f"<blockquote><p>{content}</p></blockquote>")
        else:
            parts.append(f"<p>{content}</p>")
    head = f"<title>{html_escape.escape(title)}</title>" if title else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">{head}</head>\n<body>\n<article>\n'
        + "\n".join(parts)
        + "\n</article>\n</body>\n</html>\n"
    )
