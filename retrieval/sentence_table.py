"""The corpus's units as a read-only sequence of Sentence, made on access from columns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np

from .corpus import Corpus
from .document_arrays import BLOCK_KINDS, SECTION_SEPARATOR, UNIT_KINDS
from .models import Document, Sentence
from .sentences import document_reader, unit_text


class SentenceTable(Sequence[Sentence]):
    """The corpus's units (sentences, code blocks, tables), made on access: no million objects.

    `table[i]` is the Sentence `split_document` gives (same text, clean text, offsets, line,
    paragraph, section, date, kind, page); iteration yields them in index order. The columns
    (`doc_index`, `starts`, ...) are the corpus's, for vectorised work.
    """

    def __init__(self, documents: Sequence[Document], corpus: Corpus) -> None:
        self.documents = tuple(documents)
        self.corpus = corpus
        self.doc_index = corpus.doc_index
        self.starts = corpus.starts
        self.ends = corpus.ends
        self.paragraphs = corpus.paragraphs
        self.kinds = corpus.kinds
        self.sections = tuple(tuple(s.split(SECTION_SEPARATOR)) for s in corpus.sections)
        self._readers = [document_reader(d.path) for d in self.documents]
        self._paged = [reader.binary for reader in self._readers]

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
        corpus = self.corpus
        d = corpus.doc_index.item(i)  # .item: a Python int without a numpy scalar in between
        document = self.documents[d]
        start, end = corpus.starts.item(i), corpus.ends.item(i)
        raw = document.text[start:end]
        section_id = corpus.section_ids.item(i)
        sections = () if section_id < 0 else self.sections[section_id]
        block_kind = BLOCK_KINDS[corpus.block_kinds.item(corpus.unit_blocks.item(i))]
        kind = UNIT_KINDS[corpus.kinds.item(i)]
        return Sentence(
            document=document.path,
            text=raw,
            clean=unit_text(self._readers[d], raw, kind, block_kind),
            start=start,
            end=end,
            line=corpus.lines.item(i),
            paragraph=corpus.paragraphs.item(i),
            section=sections[-1] if sections else None,
            date=document.date,
            kind=kind,
            page=corpus.pages.item(i) if self._paged[d] else None,
            sections=sections,
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
        """Number of units per document, in document order."""
        return np.bincount(self.doc_index, minlength=len(self.documents))

    def __repr__(self) -> str:
        return f"SentenceTable({len(self):,} units in {len(self.documents):,} documents)"
