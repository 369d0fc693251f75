import pytest

from retrieval import Engine
from retrieval.documents import parse_document

PARAGRAPHS = "Ants dig. Bees hum. Cats nap. Dogs bark. Eels swim. Foxes run.\n\nGeese fly. Hens peck.\n"


def engine_of(text: str) -> Engine:
    return Engine.from_documents((parse_document("doc.txt", text),))


def test_passage_keeps_two_neighbours_each_side_within_the_paragraph():
    engine = engine_of(PARAGRAPHS)
    passage = engine.passage(3)
    assert [s.text for s in passage.sentences] == [
        "Bees hum.",
        "Cats nap.",
        "Dogs bark.",
        "Eels swim.",
        "Foxes run.",
    ]
    assert passage.sentence.text == "Dogs bark." and passage.focus == 2


def test_passage_stops_at_the_paragraph_edges():
    engine = engine_of(PARAGRAPHS)
    assert [s.text for s in engine.passage(6).sentences] == ["Geese fly.", "Hens peck."]
    assert engine.passage(6).focus == 0
    assert [s.text for s in engine.passage(5, around=1).sentences] == ["Eels swim.", "Foxes run."]


def test_passage_of_an_unknown_sentence_is_an_index_error():
    with pytest.raises(IndexError):
        engine_of(PARAGRAPHS).passage(99)
