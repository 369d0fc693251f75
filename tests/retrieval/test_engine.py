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


def test_on_progress_counts_the_documents_built_and_is_quiet_when_all_are_cached(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(5):
        (docs / f"d{n}.txt").write_text(f"Document {n} talks about otters.\n", encoding="utf-8")
    (docs / "empty-ish.txt").write_text("x\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []

    Engine.from_folder(docs, cache_dir=tmp_path / "cache", on_progress=lambda *a: calls.append(a))

    assert calls[0] == (0, 6) and calls[-1] == (6, 6)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    calls.clear()
    Engine.from_folder(docs, cache_dir=tmp_path / "cache", on_progress=lambda *a: calls.append(a))
    assert calls == []  # loaded from the cache: nothing to build
