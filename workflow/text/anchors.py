"""Headings as anchors for the aligner: a headline pairs with the headline, a subheading with its subheading."""

from __future__ import annotations

from typing import Any


def is_heading(text: str, start: int) -> bool:
    """Whether the sentence starting at `start` is a `#` heading line."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].lstrip().startswith("#")


def anchored_alignment(source: list[str], source_heads: list[bool], target: list[str], target_heads: list[bool],
                       lexicon: Any = None, embedder: Any = None, *, crossing: bool = False) -> list[Any]:
    """Align with headings as anchors when both texts have the same number of them.

    A headline pairs with the headline and a subheading with its subheading;
    the sentences between are aligned region by region, so a heading never
    merges with the paragraph after it.
    """
    from workflow.text.align import Bead, align_sentences

    src_cuts = [i for i, head in enumerate(source_heads) if head]
    tgt_cuts = [j for j, head in enumerate(target_heads) if head]
    if not src_cuts or len(src_cuts) != len(tgt_cuts):
        return list(align_sentences(source, target, lexicon, embedder=embedder, crossing=crossing))
    beads: list[Any] = []
    bounds = list(zip([0, *[c + 1 for c in src_cuts]], [0, *[c + 1 for c in tgt_cuts]], strict=True))
    ends = list(zip([*src_cuts, len(source)], [*tgt_cuts, len(target)], strict=True))
    for number, ((i0, j0), (i1, j1)) in enumerate(zip(bounds, ends, strict=True)):
        if i1 > i0 or j1 > j0:
            region = align_sentences(source[i0:i1], target[j0:j1], lexicon, embedder=embedder, crossing=crossing)
            beads.extend(_shifted(bead, i0, j0) for bead in region)
        if number < len(src_cuts):
            beads.append(Bead((src_cuts[number],), (tgt_cuts[number],), 0.95))
    return beads


def _shifted(bead: Any, i0: int, j0: int) -> Any:
    """A region's bead in the whole article's sentence numbers (its runner-up too)."""
    from workflow.text.align import Bead, RunnerUp

    runner = bead.runner_up
    if runner is not None:
        runner = RunnerUp(tuple(i0 + i for i in runner.source), tuple(j0 + j for j in runner.target),
                          runner.probability)
    return Bead(tuple(i0 + i for i in bead.source), tuple(j0 + j for j in bead.target), bead.confidence, runner)
