"""A question folded, split into terms, typed and looked up once (`retrieval.query`)."""

from __future__ import annotations

import pytest

from retrieval.answer_type import NUMBER
from retrieval.query import Query, question_terms


@pytest.mark.parametrize(
    "question", ["Who signed the treaty, and when did the treaty end?", "What does the zorblax frobnicate?"]
)
def test_query_looks_terms_up_as_the_index_does(seed_engine, question):
    index = seed_engine.index
    query = Query.of(question, index)
    terms, shown = question_terms(question)
    assert query.terms == terms and query.shown == shown and query.unique == list(dict.fromkeys(terms))
    assert query.idf == {t: index.term_idf(t) for t in query.unique}
    assert query.plus_floor(index.params.delta) == index.plus_floor(terms)
    idf_or_unseen = {t: index.term_idf(t) if t in index.vocabulary else 5.0 for t in query.unique}
    assert query.weights(5.0) == idf_or_unseen
    assert query.term_ids() == [index.vocabulary[t] for t in terms if t in index.vocabulary]


def test_the_query_knows_the_kind_of_answer_and_the_words_that_cannot_be_it(seed_engine):
    query = Query.of("How many U.S. trucks entered?", seed_engine.index)
    assert query.kind == NUMBER
    assert "usa" in query.terms and {"trucks", "truck", "entered"} <= query.own_words
    assert Query.of("Trucks entered", seed_engine.index).own_words == frozenset()  # no kind: not needed
