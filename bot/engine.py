"""Build the Engine the settings point at, ready for its first question."""

from __future__ import annotations

from retrieval import Engine

from .config import Settings


def open_engine(settings: Settings) -> Engine:
    """Load (or build) the index; the engine builds its paragraph/document scores with it."""
    return Engine.from_folder(settings.documents, cache_dir=settings.cache_dir)
