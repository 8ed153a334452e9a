"""Alignment as a person reads it: two files aligned sentence by sentence, an article's units listed.

Correcting a unit is a step, in `workflow.steps.alignment`; it numbers the
English sentences as the listing here does (`model.units.sentence_spans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow import formats
from workflow.errors import InputError
from workflow.model.replay import load
from workflow.model.state import LOW_CONFIDENCE
from workflow.model.units import sentence_spans
from workflow.text.normalize import normalise
from workflow.workspace import Workspace


@dataclass(frozen=True, slots=True)
class FileAlignment:
    """Two files' sentences, the beads that pair them, and notes on how the files were read."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    beads: tuple[Any, ...]
    notes: tuple[str, ...] = ()


def _lines_file(path: Path) -> str:
    """A file of one sentence a line, whatever its name: UTF-8 text, NFC."""
    data = formats.read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: byte {exc.start} is not UTF-8; with --sentences give UTF-8 text, "
                         "one sentence a line") from None
    return normalise(text, keep_nbsp=True)[0]


def _text_file(path: Path, notes: list[str]) -> str:
    """A file's text by its format; an extension no reader knows (a.ko, a.en) is read as plain text, with a note."""
    from workflow.errors import UnknownFormatError

    try:
        reader = formats.for_path(path)
    except UnknownFormatError:
        kind = path.suffix or "a file without an extension"
        notes.append(f"{path}: no format is known for {kind}; read as plain text")
        reader = formats.module("markdown")
    document = reader.read(path, formats.read_bytes(path))
    if document.text is None:
        raise InputError(f"{path}: align takes plain text or Markdown, not a bilingual file")
    return normalise(document.text, keep_nbsp=True)[0]


def align_files(source: Path, target: Path, *, one_per_line: bool = False) -> FileAlignment:
    """Split both files with the ingest/translate segmenters (or take one sentence a line) and align them.

    With `one_per_line` any UTF-8 file will do, as parallel corpora name theirs
    (`news.ko`, `news.en`); otherwise the extension picks the reader, and an
    unknown one means plain text.
    """
    from workflow.text.align import align_sentences
    from workflow.text.segment import split_english, split_korean, split_lines

    notes: list[str] = []
    if one_per_line:
        texts = [_lines_file(source), _lines_file(target)]
        src_spans, tgt_spans = split_lines(texts[0]), split_lines(texts[1])
    else:
        texts = [_text_file(source, notes), _text_file(target, notes)]
        src_spans, tgt_spans = split_korean(texts[0]), split_english(texts[1])
    src = tuple(texts[0][s.start : s.end] for s in src_spans)
    tgt = tuple(texts[1][s.start : s.end] for s in tgt_spans)
    return FileAlignment(src, tgt, tuple(align_sentences(src, tgt)), tuple(notes))


def format_alignment(result: FileAlignment) -> str:
    lines = []
    for bead in result.beads:
        left = " ".join(result.source[i] for i in bead.source) or "(no source: addition)"
        right = " ".join(result.target[j] for j in bead.target) or "(no English: omitted)"
        src = ",".join(str(i) for i in bead.source) or "-"
        tgt = ",".join(str(j) for j in bead.target) or "-"
        lines.append(f"[{src} ↔ {tgt}] ({bead.confidence:.2f})\n  {left}\n  {right}")
    return "\n".join(lines)


def list_units(ws: Workspace, slug: str) -> dict[str, Any]:
    """Each unit with its English sentence numbers (1-based), for correcting alignments."""
    state = load(ws, slug)
    sentences = sentence_spans(state.target_text or "")
    units = []
    for unit in state.units:
        numbers = [n for n, (s, e) in enumerate(sentences, start=1) if unit.start <= s and e <= unit.end]
        units.append({"unit": unit.id, "source": list(unit.sources), "target": numbers,
                      "confidence": round(unit.confidence, 3), "english": state.unit_target(unit)})
    return {"article": slug, "units": units}


def format_listing(listing: dict[str, Any]) -> str:
    lines = []
    for unit in listing["units"]:
        flag = "  ← check" if unit["confidence"] < LOW_CONFIDENCE else ""
        numbers = ",".join(map(str, unit["target"])) or "-"
        lines.append(f"{unit['unit']:<10} sentences {numbers:<8} "
                     f"({unit['confidence']:.2f}){flag}  {unit['english'][:70]}")
    return "\n".join(lines)
