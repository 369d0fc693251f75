"""Many documents' arrays -> one corpus: sentence columns and global term ids (cheap numpy)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .document_arrays import DocumentArrays


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


def merge(parts: Sequence[DocumentArrays]) -> Corpus:
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
