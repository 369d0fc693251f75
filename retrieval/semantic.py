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

from .embedding import MODEL_DIR, EmbedderLoader, StaticEmbedder
from .errors import RetrievalError

log = logging.getLogger(__name__)

MODES = ("auto", "on", "off")
# `auto` embeds folders up to this many units (measured: ~15 s to embed, 200 MB of vectors,
# a question's exact search under 5 ms); above it, only when asked (`on`).
AUTO_LIMIT = 200_000


# The shipped model, read once per process (like the stopword list: read-only data), by the
# first of any threads that ask for it.
shipped_embedder = EmbedderLoader(MODEL_DIR)


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
    """Unit vectors (float16, unit length; zeros for a unit with no known token): half the
    memory of float32, and a question reads only its few dozen candidates' rows (and its
    passages', kept as float32 once made)."""

    vectors: np.ndarray
    embed_text: Callable[[str], np.ndarray]
    _passages: dict = field(default_factory=dict, compare=False, repr=False)  # made on first use

    def embed(self, question: str) -> np.ndarray:
        return self.embed_text(question)

    def passage_vectors(self, passage_of: np.ndarray) -> np.ndarray:
        """Each passage's vector: the mean of its units', unit length (made once, kept).

        `passage_of` never decreases (units are in document order), so each passage is a run
        of rows: summed run by run, a block of rows at a time (no float32 copy of them all).
        """
        cached = self._passages.get("vectors")
        if cached is None:
            cached = _run_means(self.vectors, passage_of)
            self._passages["vectors"] = cached
        return cached

    def similarity(self, question: np.ndarray, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The cosine of each given unit with the question."""
        return self.vectors[np.asarray(ids, dtype=np.int64)].astype(np.float32) @ question

    def nearest(self, question: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k units closest to the question, best first (ties: unit order), and their cosines."""
        scores = np.concatenate(
            [block.astype(np.float32) @ question for block in _row_blocks(self.vectors)] or [np.empty(0)]
        )
        k = min(k, len(scores))
        if k <= 0:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        order = top[np.lexsort((top, -scores[top]))]
        return order.astype(np.int64), scores[order]


ROWS_AT_ONCE = 65_536  # rows turned into float32 at a time: 64 MB at 256 dimensions


def _row_blocks(vectors: np.ndarray):
    for start in range(0, len(vectors), ROWS_AT_ONCE):
        yield vectors[start : start + ROWS_AT_ONCE]


def _run_means(vectors: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The unit-length mean of each run of equal `groups` ids (0, 0, 1, 1, 1, 2 ...)."""
    count = int(groups[-1]) + 1 if len(groups) else 0
    sums = np.zeros((count, vectors.shape[1]), dtype=np.float32)
    for start in range(0, len(vectors), ROWS_AT_ONCE):
        ids = groups[start : start + ROWS_AT_ONCE]
        firsts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        block = vectors[start : start + ROWS_AT_ONCE].astype(np.float32)
        sums[ids[firsts]] += np.add.reduceat(block, firsts, axis=0)  # a run cut by a block: added twice
    return sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-12)


def embed_units(texts: Sequence[str], embedder: StaticEmbedder) -> np.ndarray:
    """Unit vectors as float16 (what the cache keeps; half the memory of float32)."""
    return embedder.encode(texts).astype(np.float16)
