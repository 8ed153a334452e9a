"""The published page's schema.org markup: a `NewsArticle` in JSON-LD, for search engines and aggregators.

It says in a machine's terms what the page says to readers: the English is a
translation (`translationOfWork`, and `isBasedOn` for readers of schema.org
that know only that), who translated it and who edited it (the one credit
rule), and every correction with its public note and date
(`CorrectionComment`). docs/formats.md describes each field.
"""

from __future__ import annotations

import json
from typing import Any

from workflow.config import Config
from workflow.model.state import State
from workflow.reading.credit import Credit
from workflow.reading.publication import Correction

CONTEXT = "https://schema.org"


def news_article(
    state: State, config: Config, credit: Credit, corrections: tuple[Correction, ...], *,
    headline: str, published: str, modified: str, url: str | None,
) -> dict[str, Any]:
    """The `NewsArticle` object of the page: `translator` and `editor` always (lists, as the credit rule names
    them), the rest left out where the record does not know them."""
    names = {p.id: p.name for p in config.people}
    meta = state.source_meta
    original: dict[str, Any] = {"@type": "NewsArticle", "inLanguage": str(meta.get("lang") or config.source_lang)}
    if meta.get("title"):
        original["headline"] = str(meta["title"])
    if meta.get("url"):
        original["url"] = str(meta["url"])
    if meta.get("date"):
        original["datePublished"] = str(meta["date"])
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": headline,
        "inLanguage": config.target_lang,
        **({"url": url} if url else {}),
        "datePublished": published,
        "dateModified": modified,
        "translator": [_person(names.get(a, a)) for a in credit.translators],
        "editor": [_person(names.get(a, a)) for a in credit.editors],
        "translationOfWork": original,
        "isBasedOn": original,
    }
    if config.organization:
        data["publisher"] = {"@type": "Organization", "name": config.organization}
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.note, "datePublished": c.at} for c in corrections
        ]
    return data


def script_text(data: dict[str, Any]) -> str:
    """The JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped, so no text ends the script."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}
