"""An inverted index over sentences that scores exactly as rank_bm25 does, only faster.

rank_bm25 is the definition of the scores: `bm25_class()` names its class for the variant in
use, and tests compare against it. rank_bm25's `get_scores` walks every sentence for every
query term; here only the sentences that contain a query term (the candidates) are touched,
through posting lists in numpy arrays (CSR layout: term -> sentence ids and term counts).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .kernels import merge_kernel

VARIANTS = ("okapi", "l", "plus")
SEARCH_PLACES_UP_TO = 1024  # candidates placed by binary search; more use a slot array (`placer`)


@dataclass(frozen=True)
class BM25Params:
    """Which rank_bm25 class the scores follow, with its parameters."""

    variant: str = "plus"
    k1: float = 0.3  # tuned on the dev half with the rerank (grid over k1, b; docs/quality.md)
    b: float = 0.5
    epsilon: float = 0.25  # okapi only: idf floor for terms in over half the sentences
    delta: float = 1.0  # l and plus only (rank_bm25: L 0.5, Plus 1.0)

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"unknown BM25 variant {self.variant!r}; use one of {VARIANTS}")

    def bm25_class(self):
        """The rank_bm25 class (and keyword arguments) these scores reproduce."""
        import rank_bm25

        if self.variant == "okapi":
            return rank_bm25.BM25Okapi, {"k1": self.k1, "b": self.b, "epsilon": self.epsilon}
        cls = rank_bm25.BM25L if self.variant == "l" else rank_bm25.BM25Plus
        return cls, {"k1": self.k1, "b": self.b, "delta": self.delta}


@dataclass(frozen=True)
class Hits:
    """Candidates of one query: sentence ids (ascending) and their exact BM25 scores."""

    ids: np.ndarray
    scores: np.ndarray


class Index:
    """Posting lists and BM25 statistics over a sequence of tokenized sentences.

    Besides the CSR arrays (`indptr`, `postings`, `counts`), every posting carries its term's
    full rank_bm25 weight in that sentence (`weights`), computed once with rank_bm25's own
    expression, and every term its weight in a sentence without it (`floors`: idf * delta for
    BM25Plus, 0 otherwise). A query then only gathers and adds, in rank_bm25's order.
    """

    def __init__(
        self,
        vocabulary: dict[str, int],
        indptr: np.ndarray,
        postings: np.ndarray,
        counts: np.ndarray,
        lengths: np.ndarray,
        params: BM25Params | None = None,
    ) -> None:
        params = params or BM25Params()
        self.vocabulary = vocabulary
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.postings = np.asarray(postings, dtype=np.int32)
        self.counts = np.asarray(counts, dtype=np.int32)
        self.lengths = np.asarray(lengths, dtype=np.int64)
        self.params = params
        self.size = len(self.lengths)
        # Python int sum, then float division: rank_bm25's `num_doc / corpus_size`.
        self.avgdl = int(self.lengths.sum()) / self.size if self.size else 0.0
        self.df = np.diff(self.indptr)
        self.idf = compute_idf(self.df, self.size, params)
        self.weights = posting_weights(self)
        self.floors = self.idf * params.delta if params.variant == "plus" else np.zeros_like(self.idf)
        # Shared between threads and handed out as views (Hits): read-only.
        for array in (self.indptr, self.postings, self.counts, self.lengths, self.df, self.idf):
            array.flags.writeable = False
        self.weights.flags.writeable = self.floors.flags.writeable = False

    @classmethod
    def build(cls, token_lists: Iterable[Sequence[str]], params: BM25Params | None = None) -> Index:
        """Index tokenized sentences; term ids follow first appearance, as in rank_bm25."""
        vocabulary: dict[str, int] = {}
        term_ids: list[int] = []
        lengths: list[int] = []
        for tokens in token_lists:
            lengths.append(len(tokens))
            term_ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in tokens])
        return cls.from_term_ids(
            vocabulary, np.asarray(term_ids, dtype=np.int64), np.asarray(lengths, dtype=np.int64), params
        )

    @classmethod
    def from_term_ids(
        cls,
        vocabulary: dict[str, int],
        term_ids: np.ndarray,
        lengths: np.ndarray,
        params: BM25Params | None = None,
    ) -> Index:
        """Index sentences given as one array of term ids (sentence after sentence) and lengths.

        `vocabulary` must number terms by first appearance in `term_ids` (rank_bm25's order,
        which its Okapi idf floor depends on).
        """
        lengths = np.asarray(lengths, dtype=np.int64)
        n, v = len(lengths), len(vocabulary)
        sentence_ids = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys = np.sort(np.asarray(term_ids, dtype=np.int64) * max(n, 1) + sentence_ids)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.empty(0, np.int64)
        counts = np.diff(np.r_[starts, len(keys)])
        keys = keys[starts]
        indptr = np.zeros(v + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys // max(n, 1), minlength=v), out=indptr[1:])
        return cls(vocabulary, indptr, keys % max(n, 1), counts, lengths, params)

    def term_idf(self, term: str) -> float:
        """The idf rank_bm25 gives the term (0 for a term no sentence has, as it does)."""
        tid = self.vocabulary.get(term)
        return 0.0 if tid is None else float(self.idf[tid])

    def search(self, query: Sequence[str]) -> Hits:
        """Exact rank_bm25 scores of every sentence sharing a term with the query.

        Query terms count with their multiplicity, in order, as in rank_bm25, and each
        sentence's score is summed in the same order, so scores equal rank_bm25's bit for bit.
        Sentences outside the hits share no term with the query (their Okapi/L score is 0,
        their BM25Plus score `plus_floor(query)`).
        """
        tids = [tid for tid in map(self.vocabulary.get, query) if tid is not None]
        if not tids:
            return Hits(np.empty(0, np.int32), np.empty(0, np.float64))
        indptr, postings, weights = self.indptr, self.postings, self.weights
        spans = {tid: (indptr.item(tid), indptr.item(tid + 1)) for tid in tids}
        if len(spans) == 1:
            (lo, hi), scores = spans[tids[0]], None
            for _ in tids:  # one distinct term, maybe repeated: rank_bm25 adds it again
                scores = weights[lo:hi].copy() if scores is None else scores + weights[lo:hi]
            return Hits(postings[lo:hi], scores)
        kernel = merge_kernel()
        if kernel is not None:
            distinct = list(spans)
            slot_of = [distinct.index(tid) for tid in tids]
            ids, scores = kernel(
                indptr, postings, weights, self.floors, np.array(tids), np.array(distinct), np.array(slot_of)
            )
            return Hits(ids, scores)
        ids = self.candidates([postings[lo:hi] for lo, hi in spans.values()])
        place = self.placer(ids)
        scores = self.column(ids, place, tids[0], *spans[tids[0]])
        for tid in tids[1:]:  # one column at a time: a few arrays in cache, however long
            scores += self.column(ids, place, tid, *spans[tid])
        return Hits(ids, scores)

    def placer(self, ids: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        """A map from sentence ids (all among the sorted candidates `ids`) to their positions.

        A few hundred candidates: a binary search per posting. More: a sentence-sized slot
        array, whose setup then costs less than the searches (measured at 5,000 and 100,000
        sentences).
        """
        if len(ids) <= SEARCH_PLACES_UP_TO:
            return ids.searchsorted
        slot = np.empty(self.size, dtype=np.int32)
        slot[ids] = np.arange(len(ids), dtype=np.int32)
        return slot.__getitem__

    def column(
        self, ids: np.ndarray, place: Callable[[np.ndarray], np.ndarray], tid: int, lo: int, hi: int
    ) -> np.ndarray:
        """Term `tid`'s weight in each candidate (sorted `ids`): its posting's weight, else its floor.

        `lo:hi` is the term's posting span, `place` the candidates' `placer`.
        """
        column = np.empty(len(ids))
        column.fill(self.floors.item(tid))  # np.full costs twice as much per call
        column[place(self.postings[lo:hi])] = self.weights[lo:hi]
        return column

    def candidates(self, lists: list[np.ndarray]) -> np.ndarray:
        """Sorted union of posting lists: by sorting when short, with a bitmap when long."""
        total = sum(len(p) for p in lists)
        if total * 8 < self.size:
            ids = np.concatenate(lists)
            ids.sort()  # in place: the concatenation is a new array already
            first = np.empty(len(ids), dtype=np.bool_)  # first of each run of equal ids
            first[:1] = True
            np.not_equal(ids[1:], ids[:-1], out=first[1:])  # no list to convert, as np.r_ would
            return ids[first]
        mark = np.zeros(self.size, dtype=np.bool_)
        for p in lists:
            mark[p] = True
        return np.flatnonzero(mark).astype(np.int32)

    def plus_floor(self, query: Sequence[str]) -> float:
        """BM25Plus's score of a sentence sharing no query term: sum of idf * delta."""
        return sum(self.term_idf(t) * self.params.delta for t in query)

    def unseen_idf(self, weight: float) -> float:
        """The weight of a term no sentence has: `weight` times the highest possible idf."""
        return weight * idf_value(1, self.size, self.params.variant)

    # -- postings by (term, unit) key: many lookups with one searchsorted ---------------------

    @cached_property
    def posting_keys(self) -> np.ndarray:
        """Sorted keys term_id * size + unit_id, one per posting, in posting order."""
        term_of_posting = np.repeat(np.arange(len(self.df), dtype=np.int64), self.df)
        return term_of_posting * max(self.size, 1) + self.postings.astype(np.int64)

    def find_postings(self, term_ids, unit_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For every (term, unit) pair: whether the unit has the term, and the posting's position.

        Rows follow `term_ids`, columns `unit_ids`.
        """
        keys = self.posting_keys
        wanted = np.asarray(term_ids, dtype=np.int64)[:, None] * max(self.size, 1) + unit_ids[None, :]
        if len(keys) == 0:
            return np.zeros(wanted.shape, dtype=bool), np.zeros(wanted.shape, dtype=np.int64)
        pos = np.minimum(keys.searchsorted(wanted), len(keys) - 1)
        return keys[pos] == wanted, pos

    def find_posting(self, term_id: int, unit: int) -> int | None:
        """Position of the (term, unit) posting, or None when the unit lacks the term."""
        keys = self.posting_keys
        key = term_id * max(self.size, 1) + unit
        pos = int(keys.searchsorted(key))
        return pos if pos < len(keys) and keys[pos] == key else None

    def term_score(self, term_id: int, posting: int) -> float:
        """The BM25 score of one posting (term in unit) above BM25Plus's floor."""
        return self.weights.item(posting) - self.floors.item(term_id)

    def term_scores(self, terms: Iterable[str], unit: int) -> dict[str, float]:
        """Each term's part of the unit's BM25 score (0 for a term it lacks), as `search` adds it."""
        out = {}
        for term in terms:
            tid = self.vocabulary.get(term)
            pos = self.find_posting(tid, unit) if tid is not None else None
            out[term] = 0.0 if pos is None else self.term_score(tid, pos)
        return out

    def terms_in(self, unit: int, terms: Iterable[str]) -> tuple[str, ...]:
        """The given terms that the unit has, in the given order."""
        ids = self.vocabulary
        return tuple(t for t in terms if t in ids and self.find_posting(ids[t], unit) is not None)


def posting_weights(index: Index) -> np.ndarray:
    """Each posting's full term weight, with rank_bm25's expression and operation order."""
    if not len(index.postings):
        return np.empty(0, np.float64)
    idf = np.repeat(index.idf, index.df)
    tf = index.counts.astype(np.float64)
    dl = index.lengths[index.postings]
    return term_weight(idf, tf, dl, index.avgdl, index.params)


def term_weight(idf: float, tf: np.ndarray, dl: np.ndarray, avgdl: float, params: BM25Params) -> np.ndarray:
    """One term's score per sentence, with rank_bm25's exact operation order."""
    k1, b = params.k1, params.b
    if params.variant == "okapi":
        return idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)))
    if params.variant == "l":
        ctd = tf / (1 - b + b * dl / avgdl)
        return idf * tf * (k1 + 1) * (ctd + params.delta) / (k1 + ctd + params.delta)
    return idf * (params.delta + (tf * (k1 + 1)) / (k1 * (1 - b + b * dl / avgdl) + tf))


def compute_idf(df: np.ndarray, n: int, params: BM25Params) -> np.ndarray:
    """Per-term idf, as rank_bm25's `_calc_idf` computes it for the variant.

    `math.log` once per distinct document frequency (numpy's log may differ in the last bit).
    """
    df = np.asarray(df, dtype=np.int64)
    if not len(df):
        return np.empty(0, np.float64)
    ordered = np.sort(df)
    distinct = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    table = np.array([idf_value(int(f), n, params.variant) for f in distinct], dtype=np.float64)
    values = table[np.searchsorted(distinct, df)]
    if params.variant == "okapi":
        # rank_bm25 sums sequentially in first-appearance order; cumsum adds in the same order.
        floor = params.epsilon * (float(np.cumsum(values)[-1]) / len(values))
        values = np.where(values < 0, floor, values)
    return values


def idf_value(df: int, n: int, variant: str) -> float:
    if variant == "okapi":
        return math.log(n - df + 0.5) - math.log(df + 0.5)
    if variant == "l":
        return math.log(n + 1) - math.log(df + 0.5)
    return math.log((n + 1) / df)


def top_k(hits: Hits, k: int) -> list[tuple[int, float]]:
    """The k best (sentence id, score), ties broken by sentence order: deterministic."""
    ids, scores = leaders(hits, k)
    return list(zip(ids.tolist(), scores.tolist(), strict=True))


def leaders(hits: Hits, k: int) -> tuple[np.ndarray, np.ndarray]:
    """`top_k` as two arrays, best first: the sentence ids and their scores."""
    if k <= 0 or len(hits.ids) == 0:
        return hits.ids[:0], hits.scores[:0]
    scores = hits.scores
    if len(scores) > k:
        threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = (scores >= threshold).nonzero()[0]
        order = keep[np.argsort(-scores[keep], kind="stable")[:k]]
    else:
        order = np.argsort(-scores, kind="stable")
    # hits.ids ascend, so a stable sort breaks ties by sentence order
    return hits.ids[order], scores[order]
