"""The corpus's sentences as a read-only sequence, made on access from columns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np

from .corpus import Corpus
from .formats import PARAGRAPH
from .models import Document, Sentence
from .sentences import document_reader


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
        self._readers = [document_reader(d.path) for d in self.documents]

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
            clean=self._readers[d].clean(raw, PARAGRAPH),
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
