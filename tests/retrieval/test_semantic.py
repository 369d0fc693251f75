"""Meaning: unit vectors made at build time, cached, and read by the rerank and the no-answer rule."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from retrieval import Engine, RetrievalError, semantic
from retrieval.semantic import SemanticIndex, _run_means, unit_text, wanted

DOCS = {
    "app.md": "# State\n\nStore arbitrary extra state on the application object.\n\n"
    "# Weather\n\nThe weather is nice today in the garden.\n",
    "pets.txt": "The kitten sleeps on the warm sofa. The dog barks at the door.",
}


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_every_unit_has_a_vector_of_its_heading_and_text(folder):
    engine = Engine.from_folder(folder)
    vectors = engine.semantic.vectors
    assert vectors.shape == (len(engine.sentences), 256) and vectors.dtype == np.float16
    embedder = semantic.shipped_embedder()
    first = engine.sentences[0]
    expected = embedder.encode_one(unit_text(first.clean, first.section))
    np.testing.assert_allclose(vectors[0].astype(np.float32), expected, atol=1e-3)
    assert (
        unit_text(first.clean, first.section)
        == "State: Store arbitrary extra state on the application object."
    )


def test_vectors_are_cached_per_document_and_reused(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold = Engine.from_folder(folder, cache_dir=cache)
    calls = []
    monkeypatch.setattr(semantic, "embed_units", lambda texts, embedder: calls.append(texts))
    warm = Engine.from_folder(folder, cache_dir=cache)
    assert calls == []  # nothing embedded again
    assert np.array_equal(warm.semantic.vectors, cold.semantic.vectors)


def test_off_and_auto(folder, monkeypatch, caplog):
    assert Engine.from_folder(folder, semantic="off").semantic is None
    monkeypatch.setattr(semantic, "AUTO_LIMIT", 2)
    with caplog.at_level(logging.INFO):
        assert Engine.from_folder(folder).semantic is None  # more units than the auto limit
        assert Engine.from_folder(folder, semantic="on").semantic is not None
    assert any('semantic = "on"' in r.getMessage() for r in caplog.records)
    with pytest.raises(RetrievalError, match="semantic must be one of"):
        Engine.from_folder(folder, semantic="sometimes")
    assert wanted("auto", 2) and not wanted("off", 1)


def test_nearest_and_similarity():
    vectors = np.array([[1, 0], [0.6, 0.8], [0.6, 0.8], [0, 1]], dtype=np.float16)
    index = SemanticIndex(vectors, lambda text: np.array([0.6, 0.8], dtype=np.float32))
    question = index.embed("anything")
    ids, cosines = index.nearest(question, 3)
    assert ids.tolist() == [1, 2, 3]  # a tie keeps unit order
    np.testing.assert_allclose(cosines, [1.0, 1.0, 0.8], atol=1e-3)
    np.testing.assert_allclose(index.similarity(question, [0, 3]), [0.6, 0.8], atol=1e-3)


def test_passage_vectors_are_the_mean_of_their_units_even_across_blocks(monkeypatch):
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(50, 4)).astype(np.float16)
    groups = np.sort(rng.integers(0, 12, size=50))
    groups = np.unique(groups, return_inverse=True)[1]  # 0, 0, 1, ... without gaps
    monkeypatch.setattr(semantic, "ROWS_AT_ONCE", 7)  # runs cut by blocks
    got = _run_means(vectors, groups)
    for g in range(groups.max() + 1):
        mean = vectors[groups == g].astype(np.float32).sum(axis=0)
        np.testing.assert_allclose(got[g], mean / np.linalg.norm(mean), atol=1e-5)
