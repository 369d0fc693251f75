"""Documents -> per-document arrays (sentences and terms) -> one corpus: the build pipeline.

A `Processed` is everything the index needs from one document, as flat arrays: sentence
positions (offsets, line, paragraph, section) and the sentence terms as ids into the
document's own term list. It is what the cache stores per document, so a changed file is the
only one split and tokenized again; `merge` turns the documents' arrays into the corpus's
(`Corpus`: sentence columns + global term ids) with cheap numpy work.

Splitting and tokenizing use `split_document` and `tokenize` themselves, so a cached or
parallel build gives exactly the sentences and terms of the plain one. Large builds run in
worker processes (one per core); stems are cached per distinct word in each process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import overload

import numpy as np

from .models import Document, Sentence
from .sentences import clean_text, is_markdown, split_document
from .tokenization import tokenize

log = logging.getLogger(__name__)

# PARALLEL note: worker processes are opt-in (`workers=2`). On the 2-core benchmark machine
# they made a 100,000-sentence build slower (11 s against 8 s): two busy processes got only
# 1.3x one's throughput there, less than spawning, shipping texts and cold stem caches cost.
# Below this many characters to split, worker processes cost more than they save anyway.
PARALLEL_MIN_CHARS = 3_000_000
BATCH_CHARS = 1_000_000


@dataclass(frozen=True)
class Processed:
    """One document's sentences and terms as arrays (no Sentence objects)."""

    starts: np.ndarray  # int64, per sentence
    ends: np.ndarray  # int64
    lines: np.ndarray  # int32
    paragraphs: np.ndarray  # int32
    section_ids: np.ndarray  # int32 index into `sections`, -1 for none
    sections: tuple[str, ...]
    terms: tuple[str, ...]  # the document's distinct terms, in first-appearance order
    token_ids: np.ndarray  # int32 ids into `terms`, sentence after sentence
    token_lengths: np.ndarray  # int32 terms per sentence

    @property
    def size(self) -> int:
        return len(self.starts)


def sentence_terms(sentence: Sentence) -> list[str]:
    """The terms a sentence is indexed under: its own, then its heading's that it lacks.

    A Markdown heading says what the sentences below it are about ("# Refund policy" over
    "You get your money back within 30 days."), so its words find them too.
    """
    tokens = tokenize(sentence.clean)
    return tokens + heading_terms(sentence, tokens)


def heading_terms(sentence: Sentence, own: list[str] | None = None) -> list[str]:
    """The terms a sentence is indexed under only because its heading has them: the
    heading's terms that the sentence's own terms (`own`, when already made) lack."""
    if not sentence.section:
        return []
    have = set(tokenize(sentence.clean) if own is None else own)
    return [t for t in dict.fromkeys(tokenize(sentence.section)) if t not in have]


def process_document(document: Document) -> Processed:
    """Split and tokenize one document into arrays."""
    sentences = split_document(document)
    sections: dict[str, int] = {}
    terms: dict[str, int] = {}
    token_ids: list[int] = []
    token_lengths: list[int] = []
    for sentence in sentences:
        tokens = sentence_terms(sentence)
        token_lengths.append(len(tokens))
        token_ids.extend([terms.setdefault(t, len(terms)) for t in tokens])
    return Processed(
        starts=np.array([s.start for s in sentences], dtype=np.int64),
        ends=np.array([s.end for s in sentences], dtype=np.int64),
        lines=np.array([s.line for s in sentences], dtype=np.int32),
        paragraphs=np.array([s.paragraph for s in sentences], dtype=np.int32),
        section_ids=np.array(
            [-1 if s.section is None else sections.setdefault(s.section, len(sections)) for s in sentences],
            dtype=np.int32,
        ),
        sections=tuple(sections),
        terms=tuple(terms),
        token_ids=np.array(token_ids, dtype=np.int32),
        token_lengths=np.array(token_lengths, dtype=np.int32),
    )


def process_batch(documents: Sequence[Document]) -> list[Processed]:
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
) -> list[Processed]:
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
) -> list[Processed]:
    results: list[Processed | None] = [None] * len(documents)
    # spawn: safe from any thread (fork would copy a running event loop and its locks).
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        chunks = list(batches(documents, min(BATCH_CHARS, max(1, total // (workers * 4)))))
        futures = [(chunk, pool.submit(process_batch, [documents[i] for i in chunk])) for chunk in chunks]
        for chunk, future in futures:
            for i, processed in zip(chunk, future.result(), strict=True):
                results[i] = processed
            advance(sum(len(documents[i].text) for i in chunk))
    return [r for r in results if r is not None]


@dataclass(frozen=True)
class Corpus:
    """All documents' sentences as columns, and their terms as global ids (first appearance)."""

    doc_index: np.ndarray  # int32: which document each sentence is in
    starts: np.ndarray
    ends: np.ndarray
    lines: np.ndarray
    paragraphs: np.ndarray
    section_ids: np.ndarray  # int32 index into `sections`, -1 for none
    sections: tuple[str, ...]
    vocabulary: dict[str, int]
    term_ids: np.ndarray  # int64 global ids, sentence after sentence
    lengths: np.ndarray  # int64 terms per sentence


def merge(parts: Sequence[Processed]) -> Corpus:
    """One corpus from per-document arrays; term ids numbered by first appearance overall."""
    vocabulary: dict[str, int] = {}
    sections: dict[str, int] = {}
    term_ids, section_ids = [], []
    for part in parts:
        local = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in part.terms], dtype=np.int64)
        term_ids.append(local[part.token_ids] if len(part.token_ids) else np.empty(0, np.int64))
        remap = [sections.setdefault(s, len(sections)) for s in part.sections] + [-1]
        section_ids.append(np.array(remap, dtype=np.int32)[part.section_ids])  # -1: the trailing -1
    sizes = [part.size for part in parts]

    def cat(name: str, dtype) -> np.ndarray:
        arrays = [getattr(p, name) for p in parts]
        return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.empty(0, dtype)

    return Corpus(
        doc_index=np.repeat(np.arange(len(parts), dtype=np.int32), sizes),
        starts=cat("starts", np.int64),
        ends=cat("ends", np.int64),
        lines=cat("lines", np.int32),
        paragraphs=cat("paragraphs", np.int32),
        section_ids=np.concatenate(section_ids) if section_ids else np.empty(0, np.int32),
        sections=tuple(sections),
        vocabulary=vocabulary,
        term_ids=np.concatenate(term_ids) if term_ids else np.empty(0, np.int64),
        lengths=cat("token_lengths", np.int64),
    )


class SentenceTable(Sequence[Sentence]):
    """The corpus's sentences, made on access from columns: no million objects in memory.

    `table[i]` is the Sentence `split_document` gives (same text, clean text, offsets, line,
    paragraph, section, date); iteration yields them in index order.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        doc_index: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        lines: np.ndarray,
        paragraphs: np.ndarray,
        section_ids: np.ndarray,
        sections: Sequence[str],
    ) -> None:
        self.documents = tuple(documents)
        self.doc_index = doc_index
        self.starts = starts
        self.ends = ends
        self.lines = lines
        self.paragraphs = paragraphs
        self.section_ids = section_ids
        self.sections = tuple(sections)
        self._markdown = [is_markdown(d.path) for d in self.documents]

    @classmethod
    def of(cls, documents: Sequence[Document], corpus: Corpus) -> SentenceTable:
        return cls(
            documents,
            corpus.doc_index,
            corpus.starts,
            corpus.ends,
            corpus.lines,
            corpus.paragraphs,
            corpus.section_ids,
            corpus.sections,
        )

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Sentence, ...]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self.sentence(j) for j in range(*i.indices(len(self))))
        n = len(self)
        i = int(i)  # numpy integers too
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("sentence index out of range")
        return self.sentence(i)

    def sentence(self, i: int) -> Sentence:
        d = self.doc_index.item(i)  # .item: a Python int without a numpy scalar in between
        document = self.documents[d]
        start, end = self.starts.item(i), self.ends.item(i)
        raw = document.text[start:end]
        section_id = self.section_ids.item(i)
        return Sentence(
            document=document.path,
            text=raw,
            clean=clean_text(raw, self._markdown[d]),
            start=start,
            end=end,
            line=self.lines.item(i),
            paragraph=self.paragraphs.item(i),
            section=None if section_id < 0 else self.sections[section_id],
            date=document.date,
        )

    def __iter__(self) -> Iterator[Sentence]:
        for i in range(len(self)):
            yield self.sentence(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return NotImplemented if not isinstance(other, Sequence) else False
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def document_counts(self) -> np.ndarray:
        """Number of sentences per document, in document order."""
        return np.bincount(self.doc_index, minlength=len(self.documents))

    def __repr__(self) -> str:
        return f"SentenceTable({len(self):,} sentences in {len(self.documents):,} documents)"
