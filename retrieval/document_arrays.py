"""One document -> flat arrays of its units, its blocks and the units' terms (no objects).

A `DocumentArrays` is everything the index needs from one document: unit positions
(offsets, line, page, paragraph, section, kind), its blocks (kind, span, parent, the unit that
introduces it) and the unit terms as ids into the document's own term list. It is what the
cache stores per document, so a changed file is the only one split and tokenized again.
Reading and tokenizing use `read_document` and `unit_terms` themselves, so a cached or
parallel build gives exactly the units and terms of the plain one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .evidence import unit_flags
from .formats import ADMONITION, CODE, HEADING, ITEM, LIST, PARAGRAPH, TABLE, FormatError
from .models import Document, Sentence
from .sentences import DocumentUnits, read_document
from .tokenization import content_words, unit_terms

# Kinds as small ints in the arrays; their order is part of the cache format.
BLOCK_KINDS = (PARAGRAPH, ITEM, CODE, TABLE, HEADING, LIST, ADMONITION)
UNIT_KINDS = ("sentence", "code", "table", "row")
SECTION_SEPARATOR = "\x1f"  # joins a section path into one string of the sections table


@dataclass(frozen=True)
class DocumentArrays:
    """One document's units, blocks and terms as arrays."""

    starts: np.ndarray  # int64, per unit
    ends: np.ndarray  # int64
    lines: np.ndarray  # int32
    paragraphs: np.ndarray  # int32
    section_ids: np.ndarray  # int32 index into `sections`, -1 for none
    pages: np.ndarray  # int32, 0 when the format has no pages
    kinds: np.ndarray  # int8 index into UNIT_KINDS
    flags: np.ndarray  # int8 weak-evidence flags (evidence.py: pointer, fragment, changelog)
    unit_blocks: np.ndarray  # int32: the block each unit comes from
    sections: tuple[str, ...]  # section paths, joined by SECTION_SEPARATOR
    terms: tuple[str, ...]  # the document's distinct terms, in first-appearance order
    words: tuple[str, ...]  # its distinct content words as written (folded, unstemmed)
    token_ids: np.ndarray  # int32 ids into `terms`, unit after unit
    token_lengths: np.ndarray  # int32 terms per unit
    block_kinds: np.ndarray  # int8 index into BLOCK_KINDS, per block
    block_starts: np.ndarray  # int64
    block_ends: np.ndarray  # int64
    block_parents: np.ndarray  # int32: its LIST or ADMONITION, -1 for none
    block_leads: np.ndarray  # int32: the unit that introduces it, -1 for none
    block_section_ids: np.ndarray  # int32 index into `sections`, -1 for none
    block_labels: tuple[str, ...]  # per block: a code block's language, an admonition's title, else ""
    left_out: tuple[tuple[str, int], ...] = ()  # what the reader skipped: ("include", 3) ...
    problem: str = ""  # why the reader could not read it (then it has no units)

    @property
    def size(self) -> int:
        return len(self.starts)


def process_document(document: Document) -> DocumentArrays:
    """Read, split and tokenize one document into arrays (none, and why, if it cannot be read)."""
    problem = ""
    try:
        read = read_document(document)
    except FormatError as exc:  # no units, no blocks, and the reason
        read = DocumentUnits([], [], (), [], Counter())
        problem = str(exc) or "its format could not be read"
    sections: dict[str, int] = {}

    def section_id(path: tuple[str, ...]) -> int:
        return sections.setdefault(SECTION_SEPARATOR.join(path), len(sections)) if path else -1

    terms, words, token_ids, token_lengths = tokenize_units(read.units)
    units, blocks = read.units, read.blocks
    memo: dict = {}  # section -> in a changelog or not
    unit_sections = [section_id(u.sections) for u in units]
    block_sections = [section_id(b.section) for b in blocks]  # before `sections` is frozen below
    return DocumentArrays(
        starts=np.array([u.start for u in units], dtype=np.int64),
        ends=np.array([u.end for u in units], dtype=np.int64),
        lines=np.array([u.line for u in units], dtype=np.int32),
        paragraphs=np.array([u.paragraph for u in units], dtype=np.int32),
        section_ids=np.array(unit_sections, dtype=np.int32),
        pages=np.array([u.page or 0 for u in units], dtype=np.int32),
        kinds=np.array([UNIT_KINDS.index(u.kind) for u in units], dtype=np.int8),
        flags=np.array(
            [unit_flags(u.clean, u.kind, u.document, u.sections, memo) for u in units], dtype=np.int8
        ),
        unit_blocks=np.array(read.unit_blocks, dtype=np.int32),
        sections=tuple(sections),
        terms=tuple(terms),
        words=tuple(words),
        token_ids=np.array(token_ids, dtype=np.int32),
        token_lengths=np.array(token_lengths, dtype=np.int32),
        block_kinds=np.array([BLOCK_KINDS.index(b.kind) for b in blocks], dtype=np.int8),
        block_starts=np.array([b.start for b in blocks], dtype=np.int64),
        block_ends=np.array([b.end for b in blocks], dtype=np.int64),
        block_parents=np.array([-1 if b.parent is None else b.parent for b in blocks], dtype=np.int32),
        block_leads=np.array(read.leads, dtype=np.int32),
        block_section_ids=np.array(block_sections, dtype=np.int32),
        block_labels=tuple(b.language or b.title or "" for b in blocks),
        left_out=tuple(sorted(read.skipped.items())),
        problem=problem,
    )


def tokenize_units(units: list[Sentence]) -> tuple[dict[str, int], dict[str, None], list[int], list[int]]:
    """The document's terms (term -> id), its content words as written (folded: for spelling),
    and per unit its term ids, flat, with how many each unit has."""
    terms: dict[str, int] = {}
    words: dict[str, None] = {}
    token_ids: list[int] = []
    token_lengths: list[int] = []
    headings: dict[str, list[str]] = {}
    for unit in units:
        own = content_words(unit.clean)
        words.update(dict.fromkeys(own))
        tokens = unit_terms(own, unit.section, headings)
        token_lengths.append(len(tokens))
        token_ids.extend([terms.setdefault(t, len(terms)) for t in tokens])
    return terms, words, token_ids, token_lengths
