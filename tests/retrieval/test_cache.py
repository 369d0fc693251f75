"""The index cache: warm starts load it, changed files alone are redone, bad caches are rebuilt."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np
import pytest

from retrieval import Engine, answer_question, workers
from retrieval import cache as cache_module
from retrieval.cache import FolderCache, read_npz
from retrieval.documents import load_folder
from retrieval.sentences import split_document
from retrieval.tokenization import sentence_terms

DOCS = {
    "a.txt": "date 2024-01-02\nThe ferry to Skye leaves at nine. It returns at six.\n\n"
    "Tickets cost ten pounds.",
    "guide/b.md": "# Harbour\n\nThe **harbour** opens at dawn. Boats dock at the [pier](http://x).\n\n"
    "## Fees\n\n- Mooring costs five pounds a night.\n- Water is free.\n",
    "c.txt": "Whales are seen in July. The lighthouse was built in 1830.",
}
QUESTIONS = ["When does the ferry leave?", "How much is mooring?", "When was the lighthouse built?"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    for name, text in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """Paths of the documents split and tokenized (not loaded from the cache)."""
    seen: list[str] = []
    original = workers.process_document

    def counting(document):
        seen.append(document.path)
        return original(document)

    monkeypatch.setattr(workers, "process_document", counting)
    return seen


def same_engine(a: Engine, b: Engine) -> None:
    assert list(a.sentences) == list(b.sentences)
    for name in ("indptr", "postings", "counts", "lengths", "idf", "weights"):
        assert getattr(a.index, name).tolist() == getattr(b.index, name).tolist(), name
    assert a.index.vocabulary == b.index.vocabulary
    for question in QUESTIONS:
        assert answer_question(a, question) == answer_question(b, question)


def test_sentences_and_terms_equal_the_plain_pipeline(folder):
    engine = Engine.from_folder(folder)
    expected = [s for d in load_folder(folder).documents for s in split_document(d)]
    assert list(engine.sentences) == expected
    assert engine.sentences[-1] == expected[-1] and engine.sentences[1:3] == tuple(expected[1:3])
    assert engine.sentences[np.int64(2)] == expected[2]
    for sentence in engine.sentences:
        assert (
            sentence.text
            == next(d for d in engine.documents if d.path == sentence.document).text[
                sentence.start : sentence.end
            ]
        )
    built = Engine.from_folder(folder).index
    assert built.lengths.tolist() == [len(sentence_terms(s.clean, s.section)) for s in expected]
    assert engine.sentence_counts() == {"a.txt": 3, "c.txt": 2, "guide/b.md": 4}


def test_warm_start_loads_the_cache_without_processing(folder, cache_dir, calls):
    first = Engine.from_folder(folder, cache_dir=cache_dir)
    assert sorted(calls) == sorted(DOCS)
    calls.clear()
    second = Engine.from_folder(folder, cache_dir=cache_dir)
    assert calls == []
    same_engine(first, second)
    same_engine(first, Engine.from_folder(folder))


def test_a_changed_file_is_the_only_one_processed_again(folder, cache_dir, calls):
    Engine.from_folder(folder, cache_dir=cache_dir)
    calls.clear()
    (folder / "c.txt").write_text("Whales are seen in August. Seals stay all year.", encoding="utf-8")
    (folder / "d.txt").write_text("A new file about puffins.", encoding="utf-8")
    (folder / "a.txt").unlink()
    engine = Engine.from_folder(folder, cache_dir=cache_dir)
    assert sorted(calls) == ["c.txt", "d.txt"]
    same_engine(engine, Engine.from_folder(folder))
    names = {p.name for p in (FolderCache.for_folder(cache_dir, folder).root / "docs").iterdir()}
    # one arrays and one vectors entry per document: those of the removed and the old c.txt were pruned
    assert len(names) == 6 and sum(name.endswith(".vectors.npz") for name in names) == 3


def corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(b"not a zip file at all")
    else:  # flip bytes in the middle: the zip CRC (or the checks) must catch it
        middle = len(data) // 2
        flipped = bytes(b ^ 0xFF for b in data[middle : middle + 64])
        path.write_bytes(data[:middle] + flipped + data[middle + 64 :])


@pytest.mark.parametrize("how", ["truncate", "garbage", "flip"])
def test_a_corrupt_snapshot_is_rebuilt_with_one_warning(folder, cache_dir, caplog, how):
    expected = Engine.from_folder(folder, cache_dir=cache_dir)
    cache = FolderCache.for_folder(cache_dir, folder)
    corrupt(cache.snapshot_path, how)
    for entry in (cache.root / "docs").iterdir():
        corrupt(entry, how)
    with caplog.at_level(logging.WARNING):
        engine = Engine.from_folder(folder, cache_dir=cache_dir)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "cache" in warnings[0].getMessage()
    same_engine(expected, engine)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        Engine.from_folder(folder, cache_dir=cache_dir)  # repaired: quiet again
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_inconsistent_arrays_are_not_trusted(folder, cache_dir, caplog):
    expected = Engine.from_folder(folder, cache_dir=cache_dir)
    cache = FolderCache.for_folder(cache_dir, folder)
    meta, arrays = read_npz(cache.snapshot_path, cache.fingerprint, "snapshot")
    arrays["postings"] = arrays["postings"] + 1000  # ids past the last sentence
    cache_module.write_npz(cache.snapshot_path, meta, arrays)
    with caplog.at_level(logging.WARNING):
        same_engine(expected, Engine.from_folder(folder, cache_dir=cache_dir))
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


def test_arrays_of_the_wrong_type_are_not_trusted(folder, cache_dir, caplog):
    expected = Engine.from_folder(folder, cache_dir=cache_dir)
    cache = FolderCache.for_folder(cache_dir, folder)
    meta, arrays = read_npz(cache.snapshot_path, cache.fingerprint, "snapshot")
    arrays["postings"] = arrays["postings"].astype(np.float64)
    cache_module.write_npz(cache.snapshot_path, meta, arrays)
    with caplog.at_level(logging.WARNING):
        same_engine(expected, Engine.from_folder(folder, cache_dir=cache_dir))
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


def test_a_pickled_object_array_is_never_loaded(folder, cache_dir, caplog):
    Engine.from_folder(folder, cache_dir=cache_dir)
    cache = FolderCache.for_folder(cache_dir, folder)
    with open(cache.snapshot_path, "wb") as handle:
        np.savez(handle, meta=np.array([{"format": 1}], dtype=object))
    with caplog.at_level(logging.WARNING):
        Engine.from_folder(folder, cache_dir=cache_dir)
    assert any("unreadable" in r.getMessage() for r in caplog.records)


def test_other_settings_invalidate_the_cache_without_a_warning(folder, cache_dir, calls, monkeypatch, caplog):
    Engine.from_folder(folder, cache_dir=cache_dir)
    calls.clear()
    monkeypatch.setattr(cache_module, "settings_fingerprint", lambda: "other-tokenizer")
    with caplog.at_level(logging.INFO):
        Engine.from_folder(folder, cache_dir=cache_dir)
    assert sorted(calls) == sorted(DOCS)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]  # an upgrade, not a fault
    assert any("from another version" in r.getMessage() for r in caplog.records)


def test_bm25_parameters_apply_to_a_cached_index(folder, cache_dir):
    from retrieval import BM25Params

    Engine.from_folder(folder, cache_dir=cache_dir)
    params = BM25Params(variant="okapi", k1=1.2, b=0.75)
    cached = Engine.from_folder(folder, params=params, cache_dir=cache_dir)
    assert cached.index.params == params
    assert cached.index.weights.tolist() == Engine.from_folder(folder, params=params).index.weights.tolist()


def test_a_crash_mid_write_leaves_no_half_file(folder, cache_dir, monkeypatch):
    Engine.from_folder(folder, cache_dir=cache_dir)
    cache = FolderCache.for_folder(cache_dir, folder)
    before = cache.snapshot_path.read_bytes()

    def crash(handle, **arrays):
        handle.write(b"PK half written")
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.np, "savez", crash)
    with pytest.raises(KeyboardInterrupt):
        cache_module.write_npz(cache.snapshot_path, {"x": 1}, {})
    assert cache.snapshot_path.read_bytes() == before
    assert not [p for p in cache.root.iterdir() if p.name.endswith(".tmp")]


def test_an_unwritable_cache_costs_speed_not_the_build(folder, tmp_path, caplog):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with caplog.at_level(logging.WARNING):
        engine = Engine.from_folder(folder, cache_dir=blocker)
    assert answer_question(engine, QUESTIONS[0]).answered
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


def test_default_cache_dir_is_git_ignored_and_configurable(monkeypatch, tmp_path):
    monkeypatch.delenv(cache_module.CACHE_ENV, raising=False)
    assert cache_module.default_cache_dir() == Path.cwd() / ".cache" / "retrieval"
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text().split()
    assert ".cache/" in ignored
    monkeypatch.setenv(cache_module.CACHE_ENV, str(tmp_path))
    assert cache_module.default_cache_dir() == tmp_path


def test_a_build_in_a_thread_while_another_engine_answers(folder, cache_dir):
    serving = Engine.from_folder(folder)
    built: list[Engine] = []
    worker = threading.Thread(target=lambda: built.append(Engine.from_folder(folder, cache_dir=cache_dir)))
    worker.start()
    answers = [answer_question(serving, q) for q in QUESTIONS * 20]
    worker.join()
    assert all(a == answer_question(serving, a.question) for a in answers[:3])
    same_engine(serving, built[0])


def test_progress_is_quiet_when_stderr_is_not_a_terminal(folder, cache_dir, capsys):
    Engine.from_folder(folder, cache_dir=cache_dir)
    assert capsys.readouterr().err == ""


def test_progress_bar_in_a_terminal(monkeypatch, capsys):
    from retrieval import progress as progress_module

    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0)
    with progress_module.progress(10, "indexing", enabled=True) as advance:
        advance(10)
    assert "indexing" in capsys.readouterr().err
    with progress_module.progress(10, "indexing") as advance:  # stderr is not a terminal here
        advance(10)
    assert capsys.readouterr().err == ""


def test_the_fingerprint_names_installed_packages():
    """A package named in the fingerprint but not installed ("?") would never invalidate the
    cache when the package that is really used changes (the PDF reader once named pypdf)."""
    versions = {name: cache_module._package_version(name) for name in cache_module.PACKAGES}
    assert "?" not in versions.values(), versions
