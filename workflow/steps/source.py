"""Steps on the Korean: a new source, or a corrected or extended one.

An update is diffed against the recorded text. A new sentence that keeps most
of an old segment's characters keeps its id (marked changed if its text
differs); the second half of a split sentence gets a new id and joins its
parent's unit; sentences made of new text get new ids; segments that nothing
keeps are retired. Ids are never reused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from workflow import formats
from workflow.config import Person
from workflow.errors import InputError
from workflow.ledger import now, sha256
from workflow.model.state import State, Unit
from workflow.steps.events import agent_json, without_none
from workflow.steps.recording import Recorded, commit
from workflow.text.delta import edits, kept_positions, make_delta
from workflow.text.normalize import normalise
from workflow.workspace import Workspace, write_atomic

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

    from workflow.text.segment import Span

# A new sentence keeps an old segment's id when at least this share of its
# letters (and KEEP_MIN letters) were kept from it; else it is a new sentence.
KEEP_SHARE = 0.3
KEEP_MIN = 3


def ingest(
    ws: Workspace,
    path: Path,
    slug: str,
    person: Person,
    *,
    title: str | None = None,
    url: str | None = None,
    lang: str | None = None,
    note: str | None = None,
    signer: Any = None,
    date: str | None = None,
) -> Recorded:
    """Record a new source, or a source update when the article exists.

    `date` is the article's own date as the source gives it (YYYY, YYYY-MM or
    YYYY-MM-DD); the checks resolve relative dates (지난해, "two years ago")
    against it, and against when the source was received when it is absent.
    """
    if date is not None and not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", date):
        raise InputError(f"--date {date!r}: expected the article's date as YYYY, YYYY-MM or YYYY-MM-DD, "
                         "e.g. 2008-07-30")
    from workflow.text.segment import split

    document = formats.read(path)
    if document.text is None:
        raise InputError(f"{path}: holds bilingual entries, not a source text; "
                         "ingest the Korean as Markdown, text, HTML or DOCX")
    text, changes = normalise(document.text)
    if not text.strip():
        raise InputError(f"{path}: no text to ingest; the file is empty after normalisation")
    lang = lang or ws.config.source_lang
    raw = formats.read_bytes(path)

    def build(state: State) -> Mapping[str, Any] | None:
        meta = {k: v for k, v in {"title": title or document.title or _first_heading(text), "url": url,
                                  "lang": lang, "date": date, "received_at": now()}.items() if v}
        original = {"name": path.name, "sha256": sha256(raw), "bytes": len(raw)}
        common = {"stage": "ingest", "agent": agent_json(person, "ingest"), "note": note, "lang": lang}
        if not state.events:
            spans = split(text, lang)
            segments = [{"id": f"s{i}", "span": [s.start, s.end]} for i, s in enumerate(spans, start=1)]
            stored = _keep_original(ws, slug, path, raw, first=True)
            return without_none({"type": "ingest", **common,
                           "source": {"text": text, "segments": segments, "meta": meta,
                                      "normalisation": list(changes), "original": {**original, "stored": stored}},
                           "result": {"source": sha256(text)}})
        if text == state.source_text:
            return None
        stored = _keep_original(ws, slug, path, raw, first=False, seq=len(state.events) + 1)
        body = update_body(state, text, split(text, lang))
        body["source"].update({"meta": meta, "normalisation": list(changes),
                               "original": {**original, "stored": stored}})
        return without_none({"type": "source-update", **common, **body})

    ws.translation_dir(slug).mkdir(parents=True, exist_ok=True)
    return commit(ws, slug, build, signer=signer, resolves=("source",))


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    return None


def _keep_original(ws: Workspace, slug: str, path: Path, raw: bytes, *, first: bool, seq: int = 0) -> str:
    suffix = path.suffix.lower() or ".txt"
    name = f"original{suffix}" if first else f"original-{seq}{suffix}"
    target = ws.source_dir(slug) / name
    write_atomic(target, raw)
    return ws.relative(target)


def update_body(state: State, text: str, spans: Sequence[Span]) -> dict[str, Any]:
    """The `source-update` event body for the new source `text` split into `spans`."""
    delta = make_delta(state.source_text, text)
    pieces = edits(state.source_text, delta)
    kept = kept_positions(pieces, len(text))
    owner = [""] * len(state.source_text)
    for segment in state.segments:
        owner[segment.start : segment.end] = [segment.id] * (segment.end - segment.start)
    claimed: dict[str, int] = {}
    next_number = state.next_segment
    segments: list[dict[str, Any]] = []
    added: list[str] = []
    split: dict[str, str] = {}
    for span in spans:
        letters = [p for p in range(span.start, span.end) if not text[p].isspace()]
        counts = Counter(owner[kept[p]] for p in letters if kept[p] >= 0 and owner[kept[p]])
        # A sentence keeping only a stray syllable or two of an old one is new.
        best = counts.most_common(1)
        parent = best[0][0] if best and best[0][1] >= max(KEEP_MIN, KEEP_SHARE * len(letters)) else None
        if parent is not None and parent not in claimed:
            sid = parent
        else:
            sid = f"s{next_number}"
            next_number += 1
            added.append(sid)
            if parent is not None:
                split[sid] = parent
        claimed[sid] = span.start
        segments.append({"id": sid, "span": [span.start, span.end]})
    new_text_of = {s["id"]: text[s["span"][0] : s["span"][1]] for s in segments}
    changed = [s.id for s in state.segments if s.id in new_text_of and new_text_of[s.id] != state.segment_text(s.id)]
    retired = [s.id for s in state.segments if s.id not in new_text_of]
    body: dict[str, Any] = {
        "source": {"delta": delta, "segments": segments, "changed": changed, "added": added,
                   "retired": retired, "split": split},
        "base": {"source": sha256(state.source_text)},
        "result": {"source": sha256(text)},
    }
    if state.translated:
        body["layout"] = [u.to_json() for u in _relink_units(state.units, retired, split, [s["id"] for s in segments])]
    return body


def _relink_units(units: Sequence[Unit], retired: list[str], split: dict[str, str], order: list[str]) -> list[Unit]:
    """Units after the update: retired ids dropped, split-off ids joined to their parent's unit."""
    rank = {sid: i for i, sid in enumerate(order)}
    children: dict[str, list[str]] = {}
    for child, parent in split.items():
        children.setdefault(parent, []).append(child)
    result = []
    for unit in units:
        sources = [sid for sid in unit.sources if sid not in retired]
        for sid in list(sources):
            sources.extend(children.get(sid, []))
        if not sources:
            continue  # its English now translates nothing recorded: an addition
        sources.sort(key=lambda sid: rank.get(sid, 10**9))
        result.append(Unit(tuple(sources), unit.start, unit.end, unit.confidence))
    return result
