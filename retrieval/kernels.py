"""Optional compiled scoring with numba: the same sums, in the same order, without numpy's passes.

`Index.search` uses it when numba is installed (`pip install .[fast]`) unless
`RETRIEVAL_KERNEL=numpy`; `RETRIEVAL_KERNEL=numba` requires it. The kernel merges the query's
sorted posting lists (k-way: question terms are few) and, per candidate sentence, adds each
query occurrence's weight (or its floor when the sentence lacks the term) in question order:
bit for bit the numpy path's, and rank_bm25's, scores.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache

import numpy as np

KERNEL_ENV = "RETRIEVAL_KERNEL"


@lru_cache(maxsize=1)
def merge_kernel() -> Callable | None:
    """The compiled kernel, or None for the numpy path."""
    choice = os.environ.get(KERNEL_ENV, "auto").lower()
    if choice == "numpy":
        return None
    try:
        import numba
    except ImportError:
        if choice == "numba":
            raise
        return None
    return numba.njit(cache=True, nogil=True)(_merge_scores)


def _merge_scores(indptr, postings, weights, floors, occurrences, distinct, slot_of):
    """(ids, scores) of every sentence in the posting lists of `distinct` terms.

    occurrences: term id per query occurrence, in question order; slot_of[o]: the position of
    occurrence o's term in `distinct`.
    """
    u = len(distinct)
    pos = np.empty(u, np.int64)
    end = np.empty(u, np.int64)
    total = 0
    for j in range(u):
        pos[j] = indptr[distinct[j]]
        end[j] = indptr[distinct[j] + 1]
        total += end[j] - pos[j]
    ids = np.empty(total, np.int32)
    scores = np.empty(total, np.float64)
    n = 0
    none = 2147483647  # past any sentence id (int32)
    while True:
        current = none
        for j in range(u):
            if pos[j] < end[j] and postings[pos[j]] < current:
                current = postings[pos[j]]
        if current == none:
            break
        score = 0.0
        for o in range(len(occurrences)):
            j = slot_of[o]
            if pos[j] < end[j] and postings[pos[j]] == current:
                score += weights[pos[j]]
            else:
                score += floors[occurrences[o]]
        for j in range(u):
            if pos[j] < end[j] and postings[pos[j]] == current:
                pos[j] += 1
        ids[n] = current
        scores[n] = score
        n += 1
    return ids[:n], scores[:n]
