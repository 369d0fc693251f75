"""Process many documents in order: in this process, or in worker processes when it pays."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from .document_arrays import DocumentArrays, process_document
from .models import Document

log = logging.getLogger(__name__)

# PARALLEL note: worker processes are opt-in (`workers=2`). On the 2-core benchmark machine
# they made a 100,000-sentence build slower (11 s against 8 s): two busy processes got only
# 1.3x one's throughput there, less than spawning, shipping texts and cold stem caches cost.
# Below this many characters to split, worker processes cost more than they save anyway.
PARALLEL_MIN_CHARS = 3_000_000
BATCH_CHARS = 1_000_000


def process_batch(documents: Sequence[Document]) -> list[DocumentArrays]:
    return [process_document(d) for d in documents]


def batches(documents: Sequence[Document], chars: int = BATCH_CHARS) -> Iterator[list[int]]:
    """Positions of documents, grouped into batches of about `chars` characters."""
    batch: list[int] = []
    size = 0
    for i, document in enumerate(documents):
        batch.append(i)
        size += len(document.text)
        if size >= chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def process_documents(
    documents: Sequence[Document],
    workers: int | None = None,
    advance: Callable[[int], None] | None = None,
) -> list[DocumentArrays]:
    """Process documents in order; in worker processes when the work is large enough.

    `advance(chars)` is called as documents are done (for a progress bar).
    """
    advance = advance or (lambda _chars: None)
    total = sum(len(d.text) for d in documents)
    workers = 1 if workers is None else workers  # see PARALLEL note above
    if workers > 1 and total >= PARALLEL_MIN_CHARS and len(documents) > 1:
        try:
            return process_in_workers(documents, workers, total, advance)
        except (BrokenProcessPool, OSError) as exc:
            # e.g. a main module that cannot be re-imported (code piped to python): go serial
            log.info("worker processes unavailable (%s); processing in this process", exc)
    out = []
    for document in documents:
        out.append(process_document(document))
        advance(len(document.text))
    return out


def process_in_workers(
    documents: Sequence[Document], workers: int, total: int, advance: Callable[[int], None]
) -> list[DocumentArrays]:
    results: list[DocumentArrays | None] = [None] * len(documents)
    # spawn: safe from any thread (fork would copy a running event loop and its locks).
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        chunks = list(batches(documents, min(BATCH_CHARS, max(1, total // (workers * 4)))))
        futures = [(chunk, pool.submit(process_batch, [documents[i] for i in chunk])) for chunk in chunks]
        for chunk, future in futures:
            for i, processed in zip(chunk, future.result(), strict=True):
                results[i] = processed
            advance(sum(len(documents[i].text) for i in chunk))
    return [r for r in results if r is not None]
