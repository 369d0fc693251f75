"""Why an answer was chosen: Result.explanation, explain_lines(), ask --explain, --json."""

from __future__ import annotations

import json

from retrieval import answer_question
from retrieval.cli import main
from retrieval.explain import explain_lines
from retrieval.formatting import no_answer_text, result_json


def test_explain_records_terms_matches_contributions_bonuses_and_rule(seed_engine):
    result = answer_question(seed_engine, "How many aid trucks have entered Gaza?")
    explanation = result.explanation
    assert [t.term for t in explanation.terms] == list(result.terms) == ["aid", "truck", "enter", "gaza"]
    assert [t.word for t in explanation.terms] == ["aid", "trucks", "entered", "gaza"]
    chosen = explanation.chosen
    assert chosen.line == result.best.citation.line == 5
    assert chosen.matched == result.best.matched == ("aid", "truck")
    assert set(chosen.contributions) == {"aid", "truck"}
    assert all(v > 0 for v in chosen.contributions.values())
    assert chosen.answer_type == "number" and chosen.type_candidates == ("54",)
    assert chosen.bonuses["answer type"] > 0
    assert abs(chosen.bm25 + sum(chosen.bonuses.values()) - chosen.score) < 1e-3
    assert abs(chosen.score - result.best.score) < 1e-3
    decision = explanation.decision
    assert decision.answered is True and decision.coverage >= decision.threshold
    assert explanation.never_mentioned == ("entered",)


def test_contributions_add_up_to_the_bm25_score_without_the_plus_floor(seed_engine):
    result = answer_question(seed_engine, "Who backs Hezbollah?")
    chosen = result.explanation.chosen
    floor = seed_engine.index.plus_floor(list(result.terms))
    assert abs(sum(chosen.contributions.values()) + floor - chosen.bm25) < 1e-3


def test_explain_lines_answered(seed_engine):
    lines = explain_lines(answer_question(seed_engine, "How many aid trucks have entered Gaza?"))
    assert 2 <= len(lines) <= 3
    assert lines[0].startswith("Matched: aid (") and "not in this sentence: entered, gaza" in lines[0]
    assert "a number is asked for and it has one (54)" in lines[1]
    assert lines[2].startswith("Answered:") and "never mention: entered" in lines[2]


def test_explain_lines_no_answer_names_the_unknown_words(seed_engine):
    lines = explain_lines(answer_question(seed_engine, "How do I bake sourdough bread?"))
    assert lines == [
        "No answer: no document mentions these words. The documents never mention: bake, sourdough, bread."
    ]
    lines = explain_lines(answer_question(seed_engine, "How do I bake bread in Gaza?"))
    assert lines[-1].startswith("No answer: the sentence and its passage cover")
    assert lines[-1].endswith("The documents never mention: bake, bread.")


def test_explain_lines_borrowed_subject():
    from retrieval import Engine
    from retrieval.documents import parse_document

    engine = Engine.from_documents(
        (parse_document("t.txt", "Nikola Tesla was an inventor. He was born in 1856 in Smiljan."),)
    )
    lines = explain_lines(answer_question(engine, "When was Tesla born?"))
    assert "it continues the sentence before, which has tesla" in lines[1]


def test_no_answer_text_lists_never_mentioned_words(seed_engine):
    result = answer_question(seed_engine, "How do I bake sourdough bread?")
    assert no_answer_text(result).endswith("They never mention: bake, sourdough, bread.")


def test_json_carries_the_explain_object(seed_engine):
    data = json.loads(result_json(answer_question(seed_engine, "Who backs Hezbollah?")))
    assert data["explain"]["chosen"]["matched"] == ["back", "hezbollah"]
    assert data["explain"]["decision"]["answered"] is True


def test_cli_ask_explain(capsys):
    assert main(["ask", "--explain", "--top", "1", "Who is the Defense Secretary?"]) == 0
    out = capsys.readouterr().out
    assert "Lloyd Austin" in out
    assert "Why:\n  Matched: defense (" in out
    assert "Answered:" in out


def test_cli_ask_without_explain_is_unchanged(capsys):
    assert main(["ask", "--top", "1", "Who is the Defense Secretary?"]) == 0
    assert "Why:" not in capsys.readouterr().out


def test_cli_ask_json_has_explain(capsys):
    assert main(["ask", "--json", "How do I bake sourdough bread?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["never_mentioned"] == ["bake", "sourdough", "bread"]
    assert data["explain"]["decision"] == {"answered": False, "rule": "no document mentions these words"}
