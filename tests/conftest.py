"""Shared fixtures: the shipped seeds, and the benchmark folder when it is beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run (`make test`, CI): a failure is the
# change's, never the luck of the draw. `make fuzz` (HYPOTHESIS_PROFILE=explore) draws new ones.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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
