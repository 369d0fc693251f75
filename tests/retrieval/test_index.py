"""The index scores exactly as rank_bm25 does (its class for the variant, parameters included).

Property tests on random corpora: tiny ones, empty sentences, terms in more than half of the
sentences, repeated and unknown query terms. Scores must match rank_bm25's `get_scores` bit for
bit (and so to 1e-9), and `top_k` must give rank_bm25's order, ties broken by sentence order.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import retrieval.index as index_module
from retrieval.index import BM25Params, Index, top_k
from retrieval.kernels import KERNEL_ENV, merge_kernel

HAS_NUMBA = importlib.util.find_spec("numba") is not None

WORDS = [f"w{i}" for i in range(8)]
corpora = st.lists(st.lists(st.sampled_from(WORDS), max_size=7), min_size=1, max_size=14).filter(
    lambda corpus: any(corpus)
)
queries = st.lists(st.sampled_from(WORDS + ["unknown"]), min_size=1, max_size=6)
params = st.builds(
    BM25Params,
    variant=st.sampled_from(["okapi", "l", "plus"]),
    k1=st.sampled_from([0.6, 1.2, 1.5, 2.0]),
    b=st.sampled_from([0.0, 0.5, 0.75, 0.9]),  # b=1 with an empty sentence: rank_bm25 divides 0/0
    epsilon=st.sampled_from([0.25, 0.5]),
    delta=st.sampled_from([0.5, 1.0]),
)


NUMBA = pytest.param("numba", marks=pytest.mark.skipif(not HAS_NUMBA, reason="numba not installed"))


@pytest.fixture(params=["numpy", "numpy-slots", NUMBA])
def kernel(request, monkeypatch):
    """Run a test with the numpy path (candidates placed by binary search, and by a slot array,
    as for long posting lists), and with the optional numba kernel when it is installed."""
    monkeypatch.setenv(KERNEL_ENV, "numpy" if request.param == "numpy-slots" else request.param)
    if request.param == "numpy-slots":
        monkeypatch.setattr(index_module, "SEARCH_PLACES_UP_TO", 0)
    merge_kernel.cache_clear()
    assert (merge_kernel() is not None) == (request.param == "numba")
    yield request.param
    merge_kernel.cache_clear()


def reference(corpus, p: BM25Params):
    cls, kwargs = p.bm25_class()
    return cls(corpus, **kwargs)


def full_scores(index: Index, query, corpus_size: int) -> np.ndarray:
    """Index.search spread over every sentence: non-hits get the no-match score."""
    hits = index.search(query)
    floor = index.plus_floor(query) if index.params.variant == "plus" else 0.0
    scores = np.full(corpus_size, floor)
    scores[hits.ids] = hits.scores
    return scores


def expected_top(scores: np.ndarray, candidates: np.ndarray, k: int) -> list[int]:
    order = sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
    return order[:k]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=corpora, query=queries, p=params)
def test_scores_equal_rank_bm25(kernel, corpus, query, p):
    expected = reference(corpus, p).get_scores(query)
    index = Index.build(corpus, p)
    hits = index.search(query)
    assert np.all(np.diff(hits.ids) > 0)  # ascending, no duplicates
    mentioned = {i for i, s in enumerate(corpus) if set(s) & set(query)}
    assert set(hits.ids.tolist()) == mentioned
    actual = full_scores(index, query, len(corpus))
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9)
    assert actual.tolist() == expected.tolist()  # bit for bit, in rank_bm25's order of sums


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=corpora, query=queries, p=params, k=st.integers(1, 16))
def test_top_k_is_rank_bm25_order_with_ties_by_sentence(kernel, corpus, query, p, k):
    expected = reference(corpus, p).get_scores(query)
    index = Index.build(corpus, p)
    hits = index.search(query)
    ranked = top_k(hits, k)
    assert [i for i, _ in ranked] == expected_top(expected, hits.ids, k)
    assert [s for _, s in ranked] == [expected[i] for i, _ in ranked]


@settings(max_examples=100, deadline=None)
@given(corpus=corpora, query=queries, k=st.integers(1, 16))
def test_plus_top_k_is_the_global_top_k(corpus, query, k):
    """For BM25Plus (the engine's variant) a hit always beats a sentence without query terms."""
    p = BM25Params()
    expected = reference(corpus, p).get_scores(query)
    ranked = top_k(Index.build(corpus, p).search(query), k)
    global_order = expected_top(expected, np.arange(len(corpus)), k)
    assert [i for i, _ in ranked] == global_order[: len(ranked)]


@settings(max_examples=100, deadline=None)
@given(corpus=corpora, p=params)
def test_statistics_match_rank_bm25(corpus, p):
    ref = reference(corpus, p)
    index = Index.build(corpus, p)
    assert index.size == ref.corpus_size
    assert index.avgdl == ref.avgdl
    assert list(index.vocabulary) == list(ref.idf)  # first-appearance order
    for term in index.vocabulary:
        assert index.term_idf(term) == ref.idf[term]
        assert index.df[index.vocabulary[term]] == sum(term in s for s in corpus)


@settings(max_examples=100, deadline=None)
@given(corpus=corpora, p=params)
def test_term_scores_add_up_to_the_search_scores(corpus, p):
    index = Index.build(corpus, p)
    for term in index.vocabulary:
        hits = index.search([term])
        assert hits.ids.tolist() == [i for i, s in enumerate(corpus) if term in s]
        assert index.terms_in(0, [term]) == ((term,) if term in corpus[0] else ())
        scores = [index.term_scores([term], i)[term] for i in hits.ids.tolist()]
        floor = index.plus_floor([term]) * (p.variant == "plus")
        np.testing.assert_allclose(np.add(scores, floor), hits.scores)


def test_term_in_more_than_half_the_sentences():
    corpus = [["common", "a"], ["common"], ["common", "b"], ["c"]]
    for variant in ("okapi", "l", "plus"):
        p = BM25Params(variant=variant)
        expected = reference(corpus, p).get_scores(["common", "b"])
        assert full_scores(Index.build(corpus, p), ["common", "b"], 4).tolist() == expected.tolist()


def test_two_sentence_okapi_corpus_scores_zero_like_rank_bm25():
    corpus = [["gaza", "trucks"], ["gaza", "aid"]]
    p = BM25Params(variant="okapi")
    assert full_scores(Index.build(corpus, p), ["trucks"], 2).tolist() == [0.0, 0.0]


def test_long_posting_lists_use_the_bitmap_path_with_the_same_scores(kernel):
    rng = np.random.default_rng(3)
    corpus = [[f"t{j}" for j in rng.integers(0, 6, size=rng.integers(1, 9))] for _ in range(400)]
    p = BM25Params()
    query = ["t0", "t1", "t0", "t5"]
    expected = reference(corpus, p).get_scores(query)
    assert full_scores(Index.build(corpus, p), query, len(corpus)).tolist() == expected.tolist()


def test_no_known_term_gives_no_hits():
    index = Index.build([["a"], ["b"]])
    hits = index.search(["zzz"])
    assert len(hits.ids) == 0 and top_k(hits, 5) == []


def test_from_term_ids_equals_build():
    corpus = [["b", "a", "b"], [], ["c", "a"]]
    built = Index.build(corpus)
    vocab = {"b": 0, "a": 1, "c": 2}
    other = Index.from_term_ids(vocab, np.array([0, 1, 0, 2, 1]), np.array([3, 0, 2]))
    for name in ("indptr", "postings", "counts", "lengths", "idf", "weights"):
        assert getattr(built, name).tolist() == getattr(other, name).tolist(), name


@pytest.mark.parametrize("k", [0, -1])
def test_top_k_of_nothing(k):
    assert top_k(Index.build([["a"]]).search(["a"]), k) == []
