"""Shared fixtures: the shipped seeds, and the benchmark folder when it is beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BENCH = ROOT.parent / "shared" / "bench" / "squad-dev"
DOCS_BENCH = ROOT.parent / "shared" / "bench" / "docs-dev"


@pytest.fixture(scope="session")
def seed_engine():
    from retrieval import Engine

    return Engine.from_folder(SEEDS)


@pytest.fixture(scope="session")
def bench() -> Path:
    if not (BENCH / "questions-test.jsonl").exists():
        pytest.skip("the benchmark (../shared/bench/squad-dev) is not beside this checkout")
    return BENCH


@pytest.fixture(scope="session")
def docs_bench() -> Path:
    if not (DOCS_BENCH / "questions-dev.jsonl").exists():
        pytest.skip("the benchmark (../shared/bench/docs-dev) is not beside this checkout")
    return DOCS_BENCH
