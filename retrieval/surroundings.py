"""What surrounds a sentence: its paragraph, its document, the sentence before it.

Built with the Engine from its sentence columns and sentence index, without tokenizing again
(about 50 ms per 10,000 sentences):
- BM25 over paragraphs and over documents (term counts summed from the sentence index), so
  that a sentence in the right paragraph and article wins over a lookalike elsewhere;
- which sentences follow another in their paragraph, and which of those open with a pronoun
  ("It", "He", "This" ...) and so borrow their subject from the sentence before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .answer_type import TypedWord, typed_words
from .evidence import PRONOUN
from .index import BM25Params, Index, term_weight
from .models import Sentence
from .sentence_table import SentenceTable

# BM25 over paragraphs and documents: tuned on the dev half with the rerank (docs/quality.md).
UNIT_PARAMS = BM25Params(variant="plus", k1=0.9, b=0.9)


def unit_index(sentences: Index, unit_of: np.ndarray, units: int, params: BM25Params) -> Index:
    """The Index that `Index.build` would give over the units' concatenated sentences."""
    term_of_posting = np.repeat(np.arange(len(sentences.df), dtype=np.int64), sentences.df)
    keys = term_of_posting * max(units, 1) + unit_of[sentences.postings]  # sorted: term, then unit
    unique, first = np.unique(keys, return_index=True)
    counts = np.add.reduceat(sentences.counts, first) if len(first) else np.zeros(0, np.int64)
    indptr = np.zeros(len(sentences.df) + 1, dtype=np.int64)
    np.cumsum(np.bincount(unique // max(units, 1), minlength=len(sentences.df)), out=indptr[1:])
    lengths = np.bincount(unit_of, weights=sentences.lengths, minlength=units).astype(np.int64)
    return Index(
        sentences.vocabulary,
        indptr,
        (unique % max(units, 1)).astype(np.int32),
        counts.astype(np.int32),
        lengths,
        params,
    )


class UnitScores:
    """BM25 over larger units (paragraphs, documents), with every posting's weight precomputed.

    The scores are those of `Index.search` without BM25Plus's constant floor; a question
    only slices and sums, so a paragraph score costs far less than the sentence search.
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        term_of_posting = index.posting_keys // max(index.size, 1)
        dl = index.lengths[index.postings].astype(np.float64)
        idf = index.idf[term_of_posting]
        self.weights = term_weight(idf, index.counts.astype(np.float64), dl, index.avgdl, index.params)
        if index.params.variant == "plus":
            self.weights -= idf * index.params.delta

    def scores(self, term_ids: list[int]) -> np.ndarray:
        """Every unit's score for the question (0 without a match).

        `term_ids`: the question's terms (with repeats) as ids of the sentence index, whose
        vocabulary the unit indexes share.
        """
        index = self.index
        if not term_ids:
            return np.zeros(index.size)
        indptr = index.indptr
        spans = [(indptr.item(tid), indptr.item(tid + 1)) for tid in term_ids]  # a few terms: no arrays
        ids = np.concatenate([index.postings[lo:hi] for lo, hi in spans])
        weights = np.concatenate([self.weights[lo:hi] for lo, hi in spans])
        return np.bincount(ids, weights=weights, minlength=index.size)

    @staticmethod
    def shares(scores: np.ndarray, unit_ids: np.ndarray) -> np.ndarray:
        """Each given unit's score as a share of the best unit's score (0 without a match)."""
        best = scores.item(scores.argmax()) if len(scores) else 0.0  # argmax: less overhead than max
        return scores[unit_ids] / best if best > 0 else np.zeros(len(unit_ids))

    @staticmethod
    def best(scores: np.ndarray, k: int) -> list[int]:
        """The k best units that match the question at all, best first (ties: unit order)."""
        if k == 1:  # the common case: argmax (first of equals) instead of a full sort
            order = [int(scores.argmax())] if len(scores) else []
        else:
            order = np.argsort(-scores, kind="stable")[:k].tolist()
        return [unit for unit in order if scores[unit] > 0]


@dataclass(frozen=True)
class Surroundings:
    paragraph_of: np.ndarray  # unit id -> paragraph (block) id (global, in document order)
    # unit id -> passage id: its section where the document has headings, else its paragraph
    # (a Markdown section plays the part of a plain-text paragraph: a topic's few sentences)
    passage_of: np.ndarray
    document_of: np.ndarray  # unit id -> document id
    passages: UnitScores
    documents: UnitScores
    borrows: np.ndarray  # bool: sentence opens with a pronoun and follows one in its paragraph
    neighbours: np.ndarray  # bool: sentence follows another in its paragraph
    follows: np.ndarray  # 0: opens its paragraph, 1: follows a sentence, 2: ... with a pronoun
    passage_starts: np.ndarray  # passage id -> its first unit id; one more: the count
    flags: np.ndarray  # int8 weak-evidence flags per unit (evidence.py)
    shows_code: np.ndarray  # bool per unit: a code block, or a sentence leading into one
    sentences: Sequence[Sentence] = ()
    _typed: dict = field(default_factory=dict, compare=False, repr=False)  # filled on demand

    def typed_words(self, sentence_id: int) -> tuple[TypedWord, ...]:
        """The sentence's possible answer words (numbers, dates, names), computed once."""
        words = self._typed.get(sentence_id)
        if words is None:
            words = self._typed[sentence_id] = typed_words(self.sentences[sentence_id].clean)
        return words

    @classmethod
    def of(cls, sentences: SentenceTable, index: Index, unit_params: BM25Params = UNIT_PARAMS):
        """Built from the sentence columns (no Sentence objects) and the sentence index."""
        return build_surroundings(sentences, index, unit_params)


def build_surroundings(sentences: SentenceTable, index: Index, unit_params: BM25Params) -> Surroundings:
    document_ids, paragraph_numbers = sentences.doc_index, sentences.paragraphs
    count = len(document_ids)
    new_document = np.ones(count, dtype=bool)
    new_document[1:] = document_ids[1:] != document_ids[:-1]
    new_paragraph = new_document.copy()
    new_paragraph[1:] |= paragraph_numbers[1:] != paragraph_numbers[:-1]
    document_of = np.cumsum(new_document) - 1
    paragraph_of = np.cumsum(new_paragraph) - 1
    section_ids = sentences.corpus.section_ids
    new_passage = new_document.copy()
    new_passage[1:] |= section_ids[1:] != section_ids[:-1]
    new_passage[1:] |= (section_ids[1:] < 0) & new_paragraph[1:]  # no heading: paragraphs
    passage_of = np.cumsum(new_passage) - 1
    neighbours = ~new_paragraph
    borrows = np.zeros(count, dtype=bool)
    followers = np.flatnonzero(neighbours)
    borrows[followers] = (sentences.corpus.flags[followers] & PRONOUN) > 0
    passage_count = int(passage_of[-1]) + 1 if count else 0
    document_count = int(document_of[-1]) + 1 if count else 0
    index.posting_keys  # noqa: B018 - made here, at build time, not by the first question
    return Surroundings(
        paragraph_of,
        passage_of,
        document_of,
        UnitScores(unit_index(index, passage_of, passage_count, unit_params)),
        UnitScores(unit_index(index, document_of, document_count, unit_params)),
        borrows,
        neighbours,
        neighbours.astype(np.int64) + borrows,
        passage_of.searchsorted(np.arange(passage_count + 1)),
        sentences.corpus.flags,
        shows_code(sentences.corpus),
        sentences,
    )



def shows_code(corpus) -> np.ndarray:
    """Per unit: whether it is a code block or a sentence that leads into one."""
    from .block_table import introductions  # here: block_table needs nothing of this module
    from .document_arrays import BLOCK_KINDS, UNIT_KINDS

    out = corpus.kinds == UNIT_KINDS.index("code")
    code = BLOCK_KINDS.index("code")
    for unit, block in introductions(corpus).items():
        if corpus.block_kinds.item(block) == code:
            out[unit] = True
    return out
