"""Build the searchable state once: documents -> sentences -> terms -> Index (+ surroundings).

Per document: split into sentences and tokenize (optionally in worker processes), or load
both from the cache when the document's content is unchanged. Then merge the documents'
arrays and index them. An unchanged folder loads its saved index whole (`retrieval.cache`).
Building touches no shared mutable state except the stem cache (a dict, safe under the GIL),
so an Engine can be built in a worker thread while another answers questions.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .block_table import BlockTable
from .cache import FolderCache
from .corpus import merge
from .document_arrays import BLOCK_KINDS, DocumentArrays
from .documents import load_folder
from .errors import RetrievalError
from .file_filter import FileFilter
from .index import BM25Params, Index
from .models import Document, DocumentSummary, Passage, SkippedFile, Snippet
from .progress import progress
from .semantic import SemanticIndex, check_mode, embed_units, model_id, shipped_embedder, unit_text, wanted
from .sentence_table import SentenceTable
from .sentences import document_reader
from .spelling import Speller
from .surroundings import UNIT_PARAMS, Surroundings
from .workers import process_documents

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Engine:
    """Everything a question needs; immutable, so a reload builds a new one and swaps it.

    `sentences` is a read-only sequence of units (Sentence: sentences, code blocks, tables;
    a SentenceTable makes them on access), `blocks` the documents' blocks (Snippet: code,
    lists, tables, paragraphs ...); `surroundings` (paragraph and document scores, pronoun
    openers) is built with the engine.
    """

    folder: str
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]
    sentences: SentenceTable
    index: Index
    unit_params: BM25Params = UNIT_PARAMS  # BM25 over paragraphs and documents
    notices: tuple[str, ...] = ()  # what loading left out, one line each (unsupported types ...)
    semantic: SemanticIndex | None = field(default=None, repr=False, compare=False)  # unit vectors
    surroundings: Surroundings = field(init=False, repr=False, compare=False)
    blocks: BlockTable = field(init=False, repr=False, compare=False)
    speller: Speller = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # frozen: these are set once, here, from the fields above
        object.__setattr__(
            self, "surroundings", Surroundings.of(self.sentences, self.index, self.unit_params)
        )
        object.__setattr__(self, "blocks", BlockTable(self.documents, self.sentences.corpus))
        object.__setattr__(self, "speller", Speller(self.sentences.corpus.words, self.index))
        if self.semantic is not None:  # made now, not by the first question
            self.semantic.passage_vectors(self.surroundings.passage_of)

    @classmethod
    def from_documents(
        cls,
        documents: tuple[Document, ...],
        skipped: tuple[SkippedFile, ...] = (),
        params: BM25Params | None = None,
        folder: str = "",
        cache_dir: str | Path | None = None,
        workers: int | None = None,
        show_progress: bool | None = None,
        unit_params: BM25Params = UNIT_PARAMS,
        semantic: str = "auto",
        on_progress: Callable[[int, int], None] | None = None,
        folder_notices: tuple[str, ...] | None = None,
    ) -> Engine:
        """Build from loaded documents; with cache_dir, reuse and update the cache there.

        `semantic`: "auto" (embed the units of folders up to `semantic.AUTO_LIMIT`), "on", "off".
        on_progress(done, total) is called as the documents that need processing are done
        (first with 0, last with total; not at all when the cache has them all).
        `folder_notices`: what loading the folder left out (from_folder's); the notice of the
        lines the readers left out is then added to them, and logged.
        """
        check_mode(semantic)
        documents = tuple(documents)
        folder_cache = None if cache_dir is None else FolderCache.for_folder(cache_dir, folder or ".")
        table, index = _table_and_index(
            documents, folder_cache, params or BM25Params(), workers, show_progress, on_progress
        )
        if not len(table):
            raise RetrievalError(f"no sentences found in the documents of {folder or 'the folder'}")
        meaning = None
        if wanted(semantic, len(table)):
            meaning = semantic_index(documents, table, folder_cache, show_progress)
        if folder_cache is not None:
            _save(folder_cache, lambda: folder_cache.prune(documents, model_id()))
            folder_cache.report()
        skipped = tuple(skipped) + without_sentences(documents, table)
        notices = ()
        if folder_notices is not None:
            left_out = left_out_notice(table.corpus.left_out)
            for notice in left_out:
                log.info("%s", notice)
            notices = folder_notices + left_out
        return cls(folder, documents, skipped, table, index, unit_params, notices, meaning)

    @classmethod
    def from_folder(
        cls,
        folder: str | Path,
        params: BM25Params | None = None,
        cache_dir: str | Path | None = None,
        workers: int | None = None,
        show_progress: bool | None = None,
        unit_params: BM25Params = UNIT_PARAMS,
        file_filter: FileFilter | None = None,
        semantic: str = "auto",
        on_progress: Callable[[int, int], None] | None = None,
    ) -> Engine:
        """Load a folder and build; cache_dir (None: no cache) keeps the index between starts."""
        loaded = load_folder(folder, file_filter)
        if not loaded.documents:
            found = [f"{len(loaded.skipped)} skipped"] if loaded.skipped else []
            detail = "; ".join(found + list(loaded.notices)) or "it is empty"
            raise RetrievalError(f"no documents to read in {folder} ({detail})")
        return cls.from_documents(
            loaded.documents,
            loaded.skipped,
            params,
            str(folder),
            cache_dir,
            workers,
            show_progress,
            unit_params,
            semantic,
            on_progress,
            loaded.notices,
        )

    def passage(self, sentence_id: int, around: int = 2) -> Passage:
        """The sentence with up to `around` neighbours each side from its own paragraph."""
        table = self.sentences
        if not 0 <= sentence_id < len(table):
            raise IndexError("sentence id out of range")
        paragraph_of = self.surroundings.paragraph_of
        paragraph = paragraph_of.item(sentence_id)
        lo = sentence_id
        while lo > 0 and sentence_id - lo < around and paragraph_of.item(lo - 1) == paragraph:
            lo -= 1
        hi = sentence_id
        while hi + 1 < len(table) and hi - sentence_id < around and paragraph_of.item(hi + 1) == paragraph:
            hi += 1
        return Passage(table[lo : hi + 1], sentence_id - lo)

    def introduced(self, sentence_id: int) -> Snippet | None:
        """The code block, list or table that this sentence leads into, if any."""
        block = self.blocks.introduced_by(sentence_id)
        return None if block is None else self.blocks[block]

    def summaries(self) -> tuple[DocumentSummary, ...]:
        """Each document: its format, units and blocks by kind (for /sources and --check)."""
        corpus = self.sentences.corpus
        units = self.sentences.document_counts().tolist()
        pairs = np.stack([corpus.block_doc.astype(np.int64), corpus.block_kinds.astype(np.int64)], axis=1)
        kinds, counts = np.unique(pairs, axis=0, return_counts=True) if len(pairs) else ([], [])
        blocks: list[dict[str, int]] = [{} for _ in self.documents]
        for (d, kind), count in zip(np.asarray(kinds).tolist(), np.asarray(counts).tolist(), strict=True):
            blocks[d][BLOCK_KINDS[kind]] = count
        return tuple(
            DocumentSummary(doc.path, document_reader(doc.path).name, n, by_kind, doc.date)
            for doc, n, by_kind in zip(self.documents, units, blocks, strict=True)
        )

    def sentence_counts(self) -> dict[str, int]:
        counts = self.sentences.document_counts().tolist()
        return {d.path: c for d, c in zip(self.documents, counts, strict=True)}


def _table_and_index(
    documents: tuple[Document, ...],
    folder_cache: FolderCache | None,
    params: BM25Params,
    workers,
    show_progress,
    on_progress=None,
) -> tuple[SentenceTable, Index]:
    """The units and their index: the cache's snapshot when no document changed, else built
    from each document's arrays (cached or made) and saved."""
    if folder_cache is not None:
        snapshot = folder_cache.load_snapshot(documents)
        if snapshot is not None:
            corpus, arrays = snapshot
            return SentenceTable(documents, corpus), Index(corpus.vocabulary, **arrays, params=params)
    corpus = merge(_process(documents, folder_cache, workers, show_progress, on_progress))
    index = Index.from_term_ids(corpus.vocabulary, corpus.term_ids, corpus.lengths, params)
    if folder_cache is not None and len(corpus.starts):
        arrays = {a: getattr(index, a) for a in ("indptr", "postings", "counts", "lengths")}
        _save(folder_cache, lambda: folder_cache.save_snapshot(documents, corpus, arrays, params))
    return SentenceTable(documents, corpus), index


def semantic_index(
    documents: tuple[Document, ...], table: SentenceTable, folder_cache: FolderCache | None, show_progress
) -> SemanticIndex:
    """Every unit's vector: the cache's where it has the document's, else embedded (and saved)."""
    embedder, model = shipped_embedder(), model_id()
    counts = table.document_counts().tolist()
    starts = np.concatenate([[0], np.cumsum(counts)]).tolist()
    parts = []
    with progress(sum(counts), "embedding", show_progress) as advance:
        for d, document in enumerate(documents):
            lo, hi = starts[d], starts[d + 1]
            vectors = None if folder_cache is None else folder_cache.load_vectors(document, model, hi - lo)
            if vectors is None:
                texts = [unit_text(s.clean, s.section) for s in table[lo:hi]]
                vectors = embed_units(texts, embedder)
                if folder_cache is not None:
                    _save(folder_cache, lambda d=document, v=vectors: folder_cache.save_vectors(d, model, v))
            parts.append(vectors)
            advance(hi - lo)
    vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float16)
    return SemanticIndex(vectors, embedder.encode_one)


def _process(documents, folder_cache, workers, show_progress, on_progress=None) -> list[DocumentArrays]:
    """Each document's arrays: from the cache where it has them, else split and tokenized."""
    parts: list[DocumentArrays | None] = [None] * len(documents)
    if folder_cache is not None:
        parts = [folder_cache.load_document(d) for d in documents]
    todo = [i for i, p in enumerate(parts) if p is None]
    missing = [documents[i] for i in todo]
    total = sum(len(d.text) for d in missing)
    with progress(total, "indexing", show_progress) as advance:
        done = process_documents(missing, workers, _counting(advance, missing, on_progress))
    for i, processed in zip(todo, done, strict=True):
        parts[i] = processed
        if folder_cache is not None:
            document = documents[i]
            _save(folder_cache, lambda d=document, p=processed: folder_cache.save_document(d, p))
    if todo:
        log.info("processed %d of %d documents (the rest from the cache)", len(todo), len(documents))
    return [p for p in parts if p is not None]


def _counting(advance, documents, on_progress):
    """advance(chars) that also tells on_progress how many documents are done (in order)."""
    if on_progress is None or not documents:
        return advance
    ends = list(itertools.accumulate(len(d.text) for d in documents))
    done = 0
    on_progress(0, len(documents))

    def step(chars: int) -> None:
        nonlocal done
        advance(chars)
        done += chars
        on_progress(bisect.bisect_right(ends, done), len(documents))

    return step


def _save(folder_cache: FolderCache, write) -> None:
    """Cache writes are best effort: a read-only or full disk costs speed, not the build."""
    try:
        write()
    except OSError as exc:
        folder_cache.problems.append(f"cannot write the cache ({exc})")


def left_out_notice(left_out: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """ "left out 440 include lines and 39 autodoc lines (not text)", or nothing."""
    if not left_out:
        return ()
    parts = [f"{count} {kind} line{'s' if count != 1 else ''}" for kind, count in left_out]
    shown = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return (f"left out {shown} (not text)",)


NO_SENTENCES = "nothing to search (only headings, comments or front matter)"


def without_sentences(documents: tuple[Document, ...], table: SentenceTable) -> tuple[SkippedFile, ...]:
    """Loaded documents that gave no sentence, reported like skipped files (they stay loaded:
    sentence ids and offsets do not change)."""
    counts = table.document_counts().tolist()
    why = dict(table.corpus.problems)
    empty = tuple(
        SkippedFile(d.path, why.get(i, NO_SENTENCES))
        for i, (d, n) in enumerate(zip(documents, counts, strict=True))
        if not n
    )
    for item in empty:
        log.warning("skipped %s: %s", item.path, item.reason)
    return empty
