"""Alignment as a person sees it: two files aligned, an article's units listed, a unit corrected."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow import formats
from workflow.config import Person
from workflow.errors import InputError
from workflow.ledger import sha256
from workflow.recording import Recorded, commit
from workflow.stages import agent_json, without_none
from workflow.state import State, Unit
from workflow.text.normalize import normalise
from workflow.workspace import Workspace, write_atomic


@dataclass(frozen=True, slots=True)
class FileAlignment:
    """Two files' sentences and the beads that pair them."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    beads: tuple[Any, ...]


def align_files(source: Path, target: Path, *, one_per_line: bool = False) -> FileAlignment:
    """Split both files with the ingest/translate segmenters (or by line) and align them."""
    from workflow.text.align import align_sentences  # noqa: PLC0415
    from workflow.text.segment import split_english, split_korean, split_lines  # noqa: PLC0415

    texts = []
    for path in (source, target):
        document = formats.read(path)
        if document.text is None:
            raise InputError(f"{path}: align takes plain text or Markdown, not a bilingual file")
        texts.append(normalise(document.text, keep_nbsp=True)[0])
    if one_per_line:
        src_spans, tgt_spans = split_lines(texts[0]), split_lines(texts[1])
    else:
        src_spans, tgt_spans = split_korean(texts[0]), split_english(texts[1])
    src = tuple(texts[0][s.start : s.end] for s in src_spans)
    tgt = tuple(texts[1][s.start : s.end] for s in tgt_spans)
    return FileAlignment(src, tgt, tuple(align_sentences(src, tgt)))


def align_units(ws: Workspace, state: State, text: str) -> tuple[Unit, ...]:
    """Units for free-form English: its sentences aligned to the live source segments."""
    from workflow.layout import units_from_beads  # noqa: PLC0415
    from workflow.text.segment import split_english  # noqa: PLC0415

    sentences = split_english(text)
    segments = state.segments
    beads = anchored_alignment(
        [state.source_text[s.start : s.end] for s in segments],
        [is_heading(state.source_text, s.start) for s in segments],
        [text[s.start : s.end] for s in sentences],
        [is_heading(text, s.start) for s in sentences],
        workspace_lexicon(ws, exclude=state.article),
    )
    groups = [
        ([segments[i].id for i in bead.source], [sentences[j] for j in bead.target], bead.confidence) for bead in beads
    ]
    return units_from_beads(groups, len(text))


LEXICON_ARTICLES = 200
LEXICON_CACHE = ".byline-cache/lexicon.json"
# Relearn when more than this share of the articles the lexicon came from changed.
LEXICON_STALE_SHARE = 0.1


def workspace_lexicon(ws: Workspace, exclude: str):  # type: ignore[no-untyped-def]
    """A bilingual lexicon learned from the units of the workspace's other articles.

    Learning reads every PO view, so the lexicon is cached and relearned only
    when more than a tenth of its articles changed: it is soft evidence, and
    the units it helps to find are recorded in the event, so replay never
    depends on it.
    """
    from workflow.text.align import Lexicon  # noqa: PLC0415

    stamps = {}
    for slug in ws.articles()[:LEXICON_ARTICLES]:
        path = ws.po_file(slug)
        if slug != exclude and path.exists():
            info = path.stat()
            stamps[slug] = [info.st_mtime_ns, info.st_size]
    if not stamps:
        return None
    cache = ws.root / LEXICON_CACHE
    cached = _read_lexicon_cache(cache)
    if cached is not None:
        changed = sum(1 for slug, stamp in stamps.items() if cached["articles"].get(slug) != stamp)
        if changed <= LEXICON_STALE_SHARE * len(cached["articles"]):
            return Lexicon({k: frozenset(v) for k, v in cached["translations"].items()})
    pairs = []
    for slug in stamps:
        try:
            document = formats.read(ws.po_file(slug))
        except InputError:
            continue
        pairs.extend((p.source, p.target) for p in document.pairs or () if p.target and not p.unit.startswith("add:"))
    lexicon = Lexicon.from_pairs(pairs)
    translations = {k: sorted(v) for k, v in lexicon.translations.items()}
    write_atomic(cache, json.dumps({"articles": stamps, "translations": translations}, ensure_ascii=False))
    return lexicon


def _read_lexicon_cache(path: Path) -> dict[str, Any] | None:
    """The cached lexicon, or None when absent or unreadable (it is only a cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict) or not isinstance(data.get("translations"), dict):
        return None
    return data


def is_heading(text: str, start: int) -> bool:
    """Whether the sentence starting at `start` is a `#` heading line."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].lstrip().startswith("#")


def anchored_alignment(source: list[str], source_heads: list[bool], target: list[str], target_heads: list[bool],
                       lexicon: Any = None) -> list[Any]:
    """Align with headings as anchors when both texts have the same number of them.

    A headline pairs with the headline and a subheading with its subheading;
    the sentences between are aligned region by region, so a heading never
    merges with the paragraph after it.
    """
    from workflow.text.align import Bead, align_sentences  # noqa: PLC0415

    src_cuts = [i for i, head in enumerate(source_heads) if head]
    tgt_cuts = [j for j, head in enumerate(target_heads) if head]
    if not src_cuts or len(src_cuts) != len(tgt_cuts):
        return list(align_sentences(source, target, lexicon))
    beads: list[Any] = []
    bounds = list(zip([0, *[c + 1 for c in src_cuts]], [0, *[c + 1 for c in tgt_cuts]], strict=True))
    ends = list(zip([*src_cuts, len(source)], [*tgt_cuts, len(target)], strict=True))
    for number, ((i0, j0), (i1, j1)) in enumerate(zip(bounds, ends, strict=True)):
        for bead in align_sentences(source[i0:i1], target[j0:j1], lexicon) if (i1 > i0 or j1 > j0) else ():
            beads.append(Bead(tuple(i0 + i for i in bead.source), tuple(j0 + j for j in bead.target), bead.confidence))
        if number < len(src_cuts):
            beads.append(Bead((src_cuts[number],), (tgt_cuts[number],), 0.95))
    return beads


def format_alignment(result: FileAlignment) -> str:
    lines = []
    for bead in result.beads:
        left = " ".join(result.source[i] for i in bead.source) or "(no source: addition)"
        right = " ".join(result.target[j] for j in bead.target) or "(no English: omitted)"
        src = ",".join(str(i) for i in bead.source) or "-"
        tgt = ",".join(str(j) for j in bead.target) or "-"
        lines.append(f"[{src} ↔ {tgt}] ({bead.confidence:.2f})\n  {left}\n  {right}")
    return "\n".join(lines)


def _sentences(state: State) -> list[tuple[int, int]]:
    from workflow.text.segment import split_english  # noqa: PLC0415

    return [(s.start, s.end) for s in split_english(state.target_text or "")]


def list_units(ws: Workspace, slug: str) -> dict[str, Any]:
    """Each unit with its English sentence numbers (1-based), for correcting alignments."""
    from workflow.stages import load  # noqa: PLC0415

    state = load(ws, slug)
    sentences = _sentences(state)
    units = []
    for unit in state.units:
        numbers = [n for n, (s, e) in enumerate(sentences, start=1) if unit.start <= s and e <= unit.end]
        units.append({"unit": unit.id, "source": list(unit.sources), "target": numbers,
                      "confidence": round(unit.confidence, 3), "english": state.unit_target(unit)})
    return {"article": slug, "units": units}


def format_listing(listing: dict[str, Any]) -> str:
    lines = []
    for unit in listing["units"]:
        flag = "  ← check" if unit["confidence"] < 0.5 else ""
        numbers = ",".join(map(str, unit["target"])) or "-"
        lines.append(f"{unit['unit']:<10} sentences {numbers:<8} ({unit['confidence']:.2f}){flag}  {unit['english'][:70]}")
    return "\n".join(lines)


def correct_unit(ws: Workspace, slug: str, person: Person, unit_id: str, source_ids: str, target_range: str | None,
                 *, signer: Any = None) -> Recorded:
    """Re-pair sources and English sentences; units that lose them are trimmed, the result recorded."""
    sources = tuple(s.strip() for s in source_ids.split(",") if s.strip())

    def build(state: State) -> dict[str, Any] | None:
        try:
            state.unit(unit_id)
        except KeyError:
            raise InputError(f"article {slug!r} has no unit {unit_id!r}; list them with `byline align {slug}`") from None
        live = [s.id for s in state.segments]
        for sid in sources:
            if sid not in live:
                raise InputError(f"--source {sid!r}: not a segment of {slug!r} (segments s1…); see `byline status {slug}`")
        sentences = _sentences(state)
        span = _target_span(target_range, sentences, state)
        units = _rebuild(state, sources, span)
        if units == state.units:
            return None
        touched = [u.id for u in units if u.sources == sources]
        return without_none({"type": "align", "stage": "align", "agent": agent_json(person, "edit"),
                       "layout": [u.to_json() for u in units], "touched": touched,
                       "base": {"target": sha256(state.target_text or "")}})

    return commit(ws, slug, build, signer=signer)


def _target_span(target_range: str | None, sentences: list[tuple[int, int]], state: State) -> tuple[int, int] | None:
    if not target_range:
        return None
    try:
        first, _, last = target_range.partition("-")
        a, b = int(first), int(last or first)
    except ValueError:
        raise InputError(f"--target {target_range!r}: give English sentence numbers like 5 or 5-6") from None
    if not (1 <= a <= b <= len(sentences)):
        raise InputError(f"--target {target_range!r}: the English has sentences 1 to {len(sentences)}")
    return sentences[a - 1][0], sentences[b - 1][1]


def _rebuild(state: State, sources: tuple[str, ...], span: tuple[int, int] | None) -> tuple[Unit, ...]:
    """The units with `sources` paired to `span`; other units give up what the new unit takes."""
    taken = set(sources)
    result = []
    for unit in state.units:
        rest = tuple(s for s in unit.sources if s not in taken)
        start, end = unit.start, unit.end
        if span is not None and start < span[1] and span[0] < end:
            if start >= span[0] and end <= span[1]:
                start = end = span[1] if rest else start
            elif start < span[0]:
                end = span[0]
            else:
                start = span[1]
        if rest:
            result.append(Unit(rest, start, max(start, end), unit.confidence))
    position = span if span is not None else (state.unit(sources[0]).start,) * 2
    result.append(Unit(sources, position[0], position[1], 1.0))
    order = {s.id: i for i, s in enumerate(state.segments)}
    result.sort(key=lambda u: (u.start, u.end, order.get(u.sources[0], 0)))
    return tuple(result)
