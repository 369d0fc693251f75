"""One document -> flat arrays of its sentences and their terms (no Sentence objects).

A `DocumentArrays` is everything the index needs from one document: sentence positions
(offsets, line, paragraph, section) and the sentence terms as ids into the document's own term
list. It is what the cache stores per document, so a changed file is the only one split and
tokenized again. Splitting and tokenizing use `split_document` and `sentence_terms`
themselves, so a cached or parallel build gives exactly the sentences and terms of the plain one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .models import Document
from .sentences import split_document
from .tokenization import sentence_terms


@dataclass(frozen=True)
class DocumentArrays:
    """One document's sentences and terms as arrays."""

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


def process_document(document: Document) -> DocumentArrays:
    """Split and tokenize one document into arrays."""
    sentences = split_document(document)
    sections: dict[str, int] = {}
    terms: dict[str, int] = {}
    token_ids: list[int] = []
    token_lengths: list[int] = []
    for sentence in sentences:
        tokens = sentence_terms(sentence.clean, sentence.section)
        token_lengths.append(len(tokens))
        token_ids.extend([terms.setdefault(t, len(terms)) for t in tokens])
    return DocumentArrays(
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
