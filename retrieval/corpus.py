"""Many documents' arrays -> one corpus: unit and block columns, global ids (cheap numpy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .document_arrays import DocumentArrays

# The unit columns and the block columns, as a document and the corpus both name them.
UNIT_COLUMNS = {"starts": np.int64, "ends": np.int64, "lines": np.int32, "paragraphs": np.int32}
UNIT_COLUMNS |= {"pages": np.int32, "kinds": np.int8, "flags": np.int8}
BLOCK_COLUMNS = {"block_kinds": np.int8, "block_starts": np.int64, "block_ends": np.int64}


@dataclass(frozen=True)
class Corpus:
    """All documents' units and blocks as columns, and the units' terms as global ids."""

    doc_index: np.ndarray  # int32: which document each unit is in
    starts: np.ndarray
    ends: np.ndarray
    lines: np.ndarray
    paragraphs: np.ndarray
    pages: np.ndarray
    kinds: np.ndarray
    flags: np.ndarray  # int8 weak-evidence flags per unit (evidence.py)
    section_ids: np.ndarray  # int32 index into `sections`, -1 for none
    unit_blocks: np.ndarray  # int32 global block id of each unit
    sections: tuple[str, ...]
    vocabulary: dict[str, int]
    words: tuple[str, ...]  # every distinct content word as written (folded), first appearance
    term_ids: np.ndarray  # int64 global ids, unit after unit
    lengths: np.ndarray  # int64 terms per unit
    block_doc: np.ndarray  # int32: which document each block is in
    block_kinds: np.ndarray
    block_starts: np.ndarray
    block_ends: np.ndarray
    block_parents: np.ndarray  # int32 global block id, -1 for none
    block_leads: np.ndarray  # int32 global unit id, -1 for none
    block_section_ids: np.ndarray
    block_labels: tuple[str, ...]
    left_out: tuple[tuple[str, int], ...] = ()  # what the readers skipped, summed: ("include", 440) ...
    problems: tuple[tuple[int, str], ...] = ()  # (document, why its reader could not read it)


def _shifted(ids: np.ndarray, offset: int) -> np.ndarray:
    """Local ids made global; -1 (none) stays -1."""
    return np.where(ids >= 0, ids.astype(np.int64) + offset, -1).astype(np.int32)


def merge(parts: Sequence[DocumentArrays]) -> Corpus:
    """One corpus from per-document arrays; term ids numbered by first appearance overall."""
    vocabulary: dict[str, int] = {}
    sections: dict[str, int] = {}
    term_ids, section_ids, block_section_ids, unit_blocks, parents, leads = [], [], [], [], [], []
    units = blocks = 0
    for part in parts:
        local = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in part.terms], dtype=np.int64)
        term_ids.append(local[part.token_ids] if len(part.token_ids) else np.empty(0, np.int64))
        remap = np.array(
            [sections.setdefault(s, len(sections)) for s in part.sections] + [-1], dtype=np.int32
        )
        section_ids.append(remap[part.section_ids])  # -1: the trailing -1
        block_section_ids.append(remap[part.block_section_ids])
        unit_blocks.append(_shifted(part.unit_blocks, blocks))
        parents.append(_shifted(part.block_parents, blocks))
        leads.append(_shifted(part.block_leads, units))
        units, blocks = units + part.size, blocks + len(part.block_kinds)

    def cat(arrays: list[np.ndarray], dtype) -> np.ndarray:
        return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.empty(0, dtype)

    def column(name: str, dtype) -> np.ndarray:
        return cat([getattr(p, name) for p in parts], dtype)

    return Corpus(
        doc_index=np.repeat(np.arange(len(parts), dtype=np.int32), [p.size for p in parts]),
        **{name: column(name, dtype) for name, dtype in UNIT_COLUMNS.items()},
        section_ids=cat(section_ids, np.int32),
        unit_blocks=cat(unit_blocks, np.int32),
        sections=tuple(sections),
        vocabulary=vocabulary,
        words=tuple(dict.fromkeys(w for p in parts for w in p.words)),
        term_ids=cat(term_ids, np.int64),
        lengths=column("token_lengths", np.int64),
        block_doc=np.repeat(np.arange(len(parts), dtype=np.int32), [len(p.block_kinds) for p in parts]),
        **{name: column(name, dtype) for name, dtype in BLOCK_COLUMNS.items()},
        block_parents=cat(parents, np.int32),
        block_leads=cat(leads, np.int32),
        block_section_ids=cat(block_section_ids, np.int32),
        block_labels=tuple(label for p in parts for label in p.block_labels),
        left_out=tuple(sorted(sum((Counter(dict(p.left_out)) for p in parts), Counter()).items())),
        problems=tuple((d, p.problem) for d, p in enumerate(parts) if p.problem),
    )
