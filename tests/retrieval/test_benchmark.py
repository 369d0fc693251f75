"""Quality gates on the public benchmark (skipped when ../shared/bench is not there)."""

from __future__ import annotations

import pytest

from retrieval import Engine
from retrieval.evaluation import evaluate, load_questions


@pytest.fixture(scope="module")
def test_engine(bench):
    return Engine.from_folder(bench / "docs-test")


def test_test_half_meets_the_quality_targets(bench, test_engine):
    metrics = evaluate(test_engine, load_questions(bench / "questions-test.jsonl")).metrics()
    assert metrics["accuracy@1"] >= 0.70, metrics
    assert metrics["mrr@5"] >= 0.78, metrics


def test_questions_about_other_articles_mostly_get_no_answer(bench, test_engine):
    off_corpus = load_questions(bench / "questions-dev.jsonl")[:1000]
    metrics = evaluate(test_engine, off_corpus).metrics()
    assert metrics["answered"] <= 0.5, metrics
