"""What surrounds a sentence: paragraphs, documents, pronoun openers; built with the engine."""

from __future__ import annotations

from retrieval import Engine
from retrieval.documents import parse_document


def engine_of(*texts: str) -> Engine:
    documents = tuple(parse_document(f"{n:02}.txt", text) for n, text in enumerate(texts))
    return Engine.from_documents(documents)


def test_surroundings_know_paragraphs_documents_and_pronoun_openers():
    engine = engine_of("Tesla was born. He moved.\n\nIt rained. Then it stopped.", "This is new.")
    around = engine.surroundings
    assert around.paragraph_of.tolist() == [0, 0, 1, 1, 2]
    assert around.document_of.tolist() == [0, 0, 0, 0, 1]
    assert around.borrows.tolist() == [False, True, False, False, False]
    assert around.neighbours.tolist() == [False, True, False, True, False]



def test_a_reloaded_engine_gets_its_own_surroundings():
    first = engine_of("Oxygen is a gas.")
    second = engine_of("Iron is a metal. It rusts.")
    assert first.surroundings is not second.surroundings
    assert len(second.surroundings.paragraph_of) == 2
