"""Build the Engine the settings point at, ready for its first question."""

from __future__ import annotations

from retrieval import Engine
from retrieval.context import context_of

from .config import Settings


def open_engine(settings: Settings) -> Engine:
    """Load (or build) the index, and warm the rerank's paragraph/document context.

    The context is built on an engine's first question otherwise; at a large folder that is
    seconds, better spent here, in the start-up or reload thread.
    """
    engine = Engine.from_folder(settings.documents, cache_dir=settings.cache_dir)
    context_of(engine)
    return engine
