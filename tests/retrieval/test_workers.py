"""Many documents at once: worker processes give exactly the serial result."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import workers
from retrieval.documents import load_folder
from tests.retrieval.test_cache import DOCS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in DOCS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_worker_processes_give_the_same_result(folder, monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_MIN_CHARS", 1)
    documents = load_folder(folder).documents
    serial = workers.process_documents(documents, workers=1)
    parallel = workers.process_documents(documents, workers=2)
    for a, b in zip(serial, parallel, strict=True):
        assert a.terms == b.terms and a.token_ids.tolist() == b.token_ids.tolist()
        assert a.starts.tolist() == b.starts.tolist() and a.sections == b.sections
