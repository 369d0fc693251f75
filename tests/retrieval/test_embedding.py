"""The shipped static embedding model: its files, and vectors equal to model2vec's own."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import numpy as np
import pytest

from retrieval import embedding
from retrieval.embedding import MODEL_DIR, EmbedderLoader, StaticEmbedder

ROOT = Path(__file__).resolve().parent.parent.parent
REFERENCE = ROOT / "tests" / "data" / "embedding_reference.npz"


@pytest.fixture(scope="module")
def embedder() -> StaticEmbedder:
    return StaticEmbedder.load()


@pytest.fixture(scope="module")
def reference():
    with np.load(REFERENCE, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def manifest() -> dict[str, str]:
    """SHA256SUMS as scripts/distill.py wrote it: file name -> sha256."""
    lines = (MODEL_DIR / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ") for line in lines)}


def test_shipped_files_match_the_manifest_of_the_distillation():
    sums = manifest()
    assert sorted(sums) == ["config.json", "embeddings.npy", "tokenizer.json"]
    actual = {name: hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest() for name in sums}
    assert actual == sums, "retrieval/model/ changed after scripts/distill.py wrote it: run `make model`"


def test_config_describes_the_table_and_the_tokenizer(embedder):
    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    assert embedder.vectors.shape == (config["vocab_size"], config["dim"])
    assert embedder.vectors.dtype == np.dtype(config["dtype"])
    assert embedder.tokenizer.get_vocab_size() == config["vocab_size"]
    assert config["normalize"] is True and config["max_length"] == 512


def test_every_model_file_is_package_data():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["retrieval"]
    files = sorted(p.name for p in MODEL_DIR.iterdir() if p.is_file())
    assert {"LICENSE", "README.md", "SHA256SUMS"} <= set(files)
    missing = [f for f in files if not any(fnmatch.fnmatch(f"model/{f}", p) for p in patterns)]
    assert missing == []


def test_reference_was_made_on_the_shipped_table(reference):
    assert str(reference["embeddings_sha256"]) == manifest()["embeddings.npy"], (
        "tests/data/embedding_reference.npz is for another model: run scripts/embedding_fixture.py"
    )


def test_vectors_equal_model2vec_static_model(embedder, reference):
    texts = reference["texts"].tolist()
    assert len(texts) >= 20
    ours = embedder.encode(texts)
    assert ours.dtype == np.float32 and ours.shape == reference["vectors_f32"].shape
    np.testing.assert_allclose(ours, reference["vectors_f32"], rtol=1e-5, atol=1e-6)
    # model2vec as loaded: the same for an int8 table; float16-rounded for a float16 one.
    np.testing.assert_allclose(ours, reference["vectors"], rtol=0, atol=2e-3)


def test_rows_have_unit_length_and_textless_rows_are_zero(embedder, reference):
    texts = reference["texts"].tolist()
    norms = np.linalg.norm(embedder.encode(texts), axis=1)
    no_tokens = [not ids for ids in embedder.token_ids(texts)]
    assert no_tokens[texts.index("")] and no_tokens[texts.index("𓀀𓀁")]
    np.testing.assert_allclose(norms[no_tokens], 0.0)
    np.testing.assert_allclose(norms[~np.array(no_tokens)], 1.0, rtol=1e-5)


def test_long_texts_are_cut_like_model2vec(embedder):
    assert len(embedder.token_ids(["word " * 2000])[0]) == 512
    mixed = "international " * 200 + "cooperation " * 200  # 400 tokens, 5,200 characters
    assert len(embedder.token_ids([mixed])[0]) < 400
    assert embedder.max_chars == 512 * 6


def test_empty_input(embedder):
    out = embedder.encode([])
    assert out.shape == (0, embedder.dim) and out.dtype == np.float32


def test_a_single_string_is_not_taken_for_a_sequence(embedder):
    with pytest.raises(TypeError):
        embedder.encode("hello")
    assert embedder.encode_one("hello").shape == (embedder.dim,)


def test_deterministic_and_independent_of_batching(embedder, reference, monkeypatch):
    texts = reference["texts"].tolist()
    first = embedder.encode(texts)
    again = StaticEmbedder.load().encode(texts)
    one_by_one = np.stack([embedder.encode_one(t) for t in texts])
    monkeypatch.setattr(embedding, "BATCH_SIZE", 3)
    small_batches = embedder.encode(texts)
    for other in (again, one_by_one, small_batches):
        assert np.array_equal(first, other)


def test_loader_loads_once_across_threads():
    loader = EmbedderLoader()
    assert not loader.loaded
    seen: list[StaticEmbedder] = []
    threads = [threading.Thread(target=lambda: seen.append(loader())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loader.loaded and len({id(e) for e in seen}) == 1 and loader() is seen[0]


def test_mismatched_table_is_refused(embedder):
    with pytest.raises(ValueError):
        StaticEmbedder(embedder.vectors[:-1], embedder.tokenizer)


def test_runtime_needs_neither_torch_nor_model2vec():
    code = (
        "import sys; from retrieval.embedding import StaticEmbedder; StaticEmbedder.load().encode(['x']);"
        "heavy = ('torch', 'model2vec', 'transformers', 'huggingface_hub');"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
