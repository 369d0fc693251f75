"""Meaning: every unit embedded with the shipped static model, for questions in other words.

"where do I stash global stuff?" shares no word with "store arbitrary extra state on
`app.state`"; their vectors are close. Each unit's vector is its text (with the heading
above it, which says what it is about) through `embedding.StaticEmbedder`: about 13,000 units
a second on one core, kept in the index cache per document (float16), so an unchanged file is
never embedded twice. A question costs one embedding (~0.05 ms) and one matrix-vector
product over the units (exact search: fine up to the `auto` size; an approximate index such
as HNSW would be the step beyond it).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .embedding import MODEL_DIR, StaticEmbedder
from .errors import RetrievalError

log = logging.getLogger(__name__)

MODES = ("auto", "on", "off")
# `auto` embeds folders up to this many units (measured: ~15 s to embed, 200 MB of vectors,
# a question's exact search under 5 ms); above it, only when asked (`on`).
AUTO_LIMIT = 200_000


@cache  # the shipped model, read once per process (like the stopword list: read-only data)
def shipped_embedder() -> StaticEmbedder:
    return StaticEmbedder.load(MODEL_DIR)


@cache
def model_id() -> str:
    """A short hash of the shipped model's files: vectors made by another model are not reused."""
    return hashlib.sha256((MODEL_DIR / "SHA256SUMS").read_bytes()).hexdigest()[:12]


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise RetrievalError(f"semantic must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def wanted(mode: str, units: int) -> bool:
    """Whether to embed a folder of this many units in this mode (saying so when not)."""
    if check_mode(mode) == "auto" and units > AUTO_LIMIT:
        log.info(
            '%s units: over the %s of semantic = "auto", so questions are matched by their words '
            'only (set semantic = "on" to match by meaning too)',
            f"{units:,}",
            f"{AUTO_LIMIT:,}",
        )
        return False
    return mode != "off"


def unit_text(clean: str, section: str | None) -> str:
    """What a unit's vector is made from: its heading, then its text."""
    return f"{section}: {clean}" if section else clean


@dataclass(frozen=True)
class SemanticIndex:
    """Unit vectors (float32, unit length; zeros for a unit with no known token)."""

    vectors: np.ndarray
    embed_text: Callable[[str], np.ndarray]
    _passages: dict = field(default_factory=dict, compare=False, repr=False)  # made on first use

    def embed(self, question: str) -> np.ndarray:
        return self.embed_text(question)

    def passage_vectors(self, passage_of: np.ndarray) -> np.ndarray:
        """Each passage's vector: the mean of its units', unit length (made once, kept)."""
        cached = self._passages.get("vectors")
        if cached is None:
            count = int(passage_of[-1]) + 1 if len(passage_of) else 0
            sums = np.zeros((count, self.vectors.shape[1]), dtype=np.float32)
            np.add.at(sums, passage_of, self.vectors)
            cached = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-12)
            self._passages["vectors"] = cached
        return cached

    def similarity(self, question: np.ndarray, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The cosine of each given unit with the question."""
        return self.vectors[np.asarray(ids, dtype=np.int64)] @ question

    def nearest(self, question: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k units closest to the question, best first (ties: unit order), and their cosines."""
        scores = self.vectors @ question
        k = min(k, len(scores))
        if k <= 0:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        order = top[np.lexsort((top, -scores[top]))]
        return order.astype(np.int64), scores[order]


def embed_units(texts: Sequence[str], embedder: StaticEmbedder) -> np.ndarray:
    """Unit vectors as float16 (what the cache keeps; half the memory of float32)."""
    return embedder.encode(texts).astype(np.float16)
