"""Typos in questions: matched to the closest word the documents use, deterministically."""

from __future__ import annotations

from retrieval import Engine, answer_question
from retrieval.documents import parse_document
from retrieval.query import Query
from retrieval.spelling import Speller

DOCS = (
    "You can validate the length of a query parameter with a validator.",
    "Return JSON from a handler. Set the core options once.",
    "The status of a request is in its status code.",
)


def engine() -> Engine:
    return Engine.from_documents(tuple(parse_document(f"{i}.txt", t) for i, t in enumerate(DOCS)))


def test_typos_are_read_as_the_documents_words():
    query = Query.of(
        "how do i valdiate the lenght of a query paramter", engine().index, speller=engine().speller
    )
    assert query.corrections == {"valdiate": "validate", "lenght": "length", "paramter": "parameter"}
    assert {"valid", "length", "paramet"} <= set(query.terms)


def test_a_typo_question_gets_the_answer_the_spelled_one_gets():
    typo = answer_question(engine(), "how do i valdiate the lenght of a query paramter")
    right = answer_question(engine(), "how do i validate the length of a query parameter")
    assert typo.answered and typo.best.sentence == right.best.sentence
    assert typo.unknown_terms == ()


def test_common_words_short_words_and_far_words_are_left_alone():
    speller = engine().speller
    assert speller.correct("stash") is None  # a real English word the documents lack
    assert speller.correct("cors") is None  # 4 letters: "core" is one edit away, but not a swap
    assert speller.correct("jsno") == "json"  # 4 letters, a swap
    assert speller.correct("zzzzzzz") is None
    assert speller.correct("stauts") == "status"


def test_ties_go_to_the_more_common_word_then_the_alphabet():
    engine = Engine.from_documents((parse_document("a.txt", "Bared wires. Bored cats. Bored dogs."),))
    assert Speller(("bared", "bored"), engine.index).correct("bxred") == "bored"  # in two units
    assert Speller(("bored", "bared"), engine.index).correct("bxred") == "bored"


def test_the_explanation_and_the_no_answer_text_say_how_a_word_was_read():
    from retrieval.explain import explain_lines
    from retrieval.formatting import no_answer_text

    result = answer_question(engine(), "how do i valdiate the lenght of a query paramter")
    assert explain_lines(result)[0].startswith(
        "Read valdiate as validate, lenght as length, paramter as parameter. Matched: "
    )
    missed = answer_question(engine(), "which stauts means a timeout?")
    assert not missed.answered and no_answer_text(missed).endswith("(Read stauts as status.)")
