from retrieval import answer_question
from retrieval.sentences import split_document


def test_seed_splits_into_its_16_sentences(seed_engine):
    (document,) = seed_engine.documents
    sentences = split_document(document)
    assert len(sentences) == 16
    assert not any("U.S." == s.text[-4:] for s in sentences)
    assert not any("2023-11-09" in s.text for s in sentences)


def test_seed_answers_the_trucks_question(seed_engine):
    result = answer_question(seed_engine, "How many aid trucks have entered Gaza?")
    assert result.answered
    assert "54 trucks" in result.best.sentence.text
    assert result.best.citation.line == 5
