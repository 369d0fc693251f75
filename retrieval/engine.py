"""Build the searchable state once: documents -> sentences -> terms -> Index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .documents import load_folder
from .errors import RetrievalError
from .index import BM25Params, Index
from .models import Document, Sentence, SkippedFile
from .sentences import split_document
from .tokenization import tokenize


@dataclass(frozen=True)
class Engine:
    """Everything a question needs; immutable, so a reload builds a new one and swaps it."""

    folder: str
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]
    sentences: tuple[Sentence, ...]
    index: Index

    @classmethod
    def from_documents(
        cls,
        documents: tuple[Document, ...],
        skipped: tuple[SkippedFile, ...] = (),
        params: BM25Params | None = None,
        folder: str = "",
    ) -> Engine:
        sentences = tuple(s for d in documents for s in split_document(d))
        if not sentences:
            raise RetrievalError(f"no sentences found in the documents of {folder or 'the folder'}")
        index = Index.build((tokenize(s.clean) for s in sentences), params)
        return cls(folder, documents, skipped, sentences, index)

    @classmethod
    def from_folder(cls, folder: str | Path, params: BM25Params | None = None) -> Engine:
        loaded = load_folder(folder)
        if not loaded.documents:
            detail = f" ({len(loaded.skipped)} skipped)" if loaded.skipped else ""
            raise RetrievalError(f"no usable .txt or .md documents in {folder}{detail}")
        return cls.from_documents(loaded.documents, loaded.skipped, params, str(folder))

    def sentence_counts(self) -> dict[str, int]:
        counts = {d.path: 0 for d in self.documents}
        for s in self.sentences:
            counts[s.document] += 1
        return counts
