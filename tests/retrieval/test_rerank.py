"""The rerank: paragraph and document scores, the paragraph pool, borrowed subjects, types."""

from __future__ import annotations

import dataclasses

from retrieval import Engine, answer_question
from retrieval.answer_type import MONEY
from retrieval.documents import parse_document
from retrieval.rerank import BM25_ONLY, DEFAULT_POLICY


def engine_of(*texts: str) -> Engine:
    documents = tuple(parse_document(f"{n:02}.txt", text) for n, text in enumerate(texts))
    return Engine.from_documents(documents)


def test_ties_go_to_the_earlier_document():
    engine = engine_of("The bridge opened in 1932.", "The bridge opened in 1932.")
    result = answer_question(engine, "When did the bridge open?")
    assert [a.sentence.document for a in result.answers] == ["00.txt", "01.txt"]



def test_the_paragraph_says_which_river():
    engine = engine_of(
        "The Rhine flows through six countries.\n\nIts course is 1,230 km long.",
        "The Danube flows through ten countries.\n\nIts course is 2,850 km long.",
    )
    # Both length sentences look alike to BM25; only the document says which river.
    result = answer_question(engine, "How long is the course of the Danube?")
    assert result.best.sentence.text == "Its course is 2,850 km long."



def test_every_sentence_of_the_best_paragraph_is_a_candidate():
    engine = engine_of(
        "The Super Bowl 50 final was held in Santa Clara. It was played on 7 February 2016.\n\n"
        "Tickets were sold out."
    )
    question = "When was the Super Bowl 50 final?"
    answer = "It was played on 7 February 2016."  # shares no word with the question
    without = answer_question(engine, question, policy=dataclasses.replace(DEFAULT_POLICY, paragraph_pool=0))
    assert answer not in [a.sentence.text for a in without.answers]
    pooled = answer_question(engine, question)  # the shipped policy pools the best paragraph
    assert answer in [a.sentence.text for a in pooled.answers]



def test_a_sentence_opening_with_he_borrows_its_subject():
    engine = engine_of(
        "Nikola Tesla was an inventor of electrical machines. He was born in 1856 in Smiljan. "
        "Thomas Edison was born in Ohio."
    )
    plain = answer_question(engine, "When was Tesla born?", policy=BM25_ONLY)
    result = answer_question(engine, "When was Tesla born?")
    assert "1856" not in plain.best.sentence.text
    assert result.best.sentence.text == "He was born in 1856 in Smiljan."
    assert result.explanation.chosen.borrowed == ("tesla",)



def test_the_expected_answer_type_prefers_a_sentence_with_a_new_number():
    engine = engine_of(
        "Super Bowl 50 tickets were sold out quickly for Super Bowl 50.\n\n"
        "Tickets for Super Bowl 50 cost 3,000 dollars on average."
    )
    result = answer_question(engine, "How much did Super Bowl 50 tickets cost?")
    assert "3,000" in result.best.sentence.text
    assert result.explanation.chosen.type_candidates == ("3,000",)


def test_how_much_did_it_cost_prefers_the_sum_of_money():
    engine = engine_of(
        "The new stadium cost 25 percent more to build.", "The new stadium cost $1.2 billion to build."
    )
    question = "How much did it cost to build the new stadium?"
    any_number = answer_question(
        engine, question, policy=dataclasses.replace(DEFAULT_POLICY, unit_types=False)
    )
    assert (
        any_number.best.sentence.text == "The new stadium cost 25 percent more to build."
    )  # a tie: file order
    result = answer_question(engine, question)
    assert result.best.sentence.text == "The new stadium cost $1.2 billion to build."
    assert result.explanation.chosen.answer_type == MONEY
    assert result.explanation.chosen.type_candidates == ("1.2",)


def test_a_why_question_prefers_the_sentence_that_gives_a_reason():
    engine = engine_of(
        "HTTP/2 support is not enabled by default in the client.\n\n"
        "The client does not enable HTTP/2 by default because HTTP/1.1 is battle-tested."
    )
    result = answer_question(engine, "why isn't http2 enabled by default in the client?")
    assert "because" in result.best.sentence.text
    assert result.explanation.chosen.answer_type == "reason"
