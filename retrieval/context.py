"""What surrounds a sentence: its paragraph, its document, the sentence before it.

Built once per Engine from its public data (`engine.sentences`, `engine.index`), without
tokenizing again, and kept beside it (a weak cache: a reloaded engine gets its own, and the
old one is freed with its engine). Call `context_of(engine)` after a (re)load to build it
before the first question (about 50 ms per 10,000 sentences); otherwise the first question
builds it.
- BM25 over paragraphs and over documents (term counts summed from the sentence index), so
  that a sentence in the right paragraph and article wins over a lookalike elsewhere;
- the sentence index's postings as sorted keys, to look up many (term, sentence) pairs at once;
- which sentences follow another in their paragraph, and which of those open with a pronoun
  ("It", "He", "This" ...) and so borrow their subject from the sentence before.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field

import numpy as np

from .answer_type import TypedWord, typed_words
from .engine import Engine
from .index import BM25Params, Index, term_weight
from .models import Sentence
from .processing import SentenceTable
from .sentences import is_markdown

# Words that, opening a sentence, point back at the previous sentence's subject.
PRONOUN_OPENERS = frozenset("""it its he his she her they their them this these those such there""".split())
FIRST_WORD_RE = re.compile(r"[^\W_]+")
# BM25 over paragraphs and documents: tuned on the dev half with the rerank (README).
UNIT_PARAMS = BM25Params(variant="plus", k1=0.9, b=0.9)


def posting_keys(index: Index) -> np.ndarray:
    """Sorted keys term_id * size + unit_id, one per posting, in posting order."""
    term_of_posting = np.repeat(np.arange(len(index.df), dtype=np.int64), index.df)
    return term_of_posting * max(index.size, 1) + index.postings.astype(np.int64)


def lookup(index: Index, keys: np.ndarray, term_ids, unit_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every (term, unit): whether the unit has the term, and the posting's position."""
    wanted = np.asarray(term_ids, dtype=np.int64)[:, None] * max(index.size, 1) + unit_ids[None, :]
    if len(keys) == 0:
        return np.zeros(wanted.shape, dtype=bool), np.zeros(wanted.shape, dtype=np.int64)
    pos = np.minimum(keys.searchsorted(wanted), len(keys) - 1)
    return keys[pos] == wanted, pos


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
        self.keys = posting_keys(index)
        term_of_posting = self.keys // max(index.size, 1)
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
class Context:
    paragraph_of: np.ndarray  # sentence id -> paragraph id (global, in document order)
    document_of: np.ndarray  # sentence id -> document id
    paragraphs: UnitScores
    documents: UnitScores
    borrows: np.ndarray  # bool: sentence opens with a pronoun and follows one in its paragraph
    neighbours: np.ndarray  # bool: sentence follows another in its paragraph
    # The sentence index's postings as sorted keys term_id * N + sentence_id: one searchsorted
    # answers "which of these sentences have which of these terms" for a whole question.
    posting_keys: np.ndarray
    follows: np.ndarray  # 0: opens its paragraph, 1: follows a sentence, 2: ... with a pronoun
    paragraph_starts: np.ndarray  # paragraph id -> its first sentence id; one more: the count
    sentences: tuple[Sentence, ...] = ()
    _typed: dict = field(default_factory=dict, compare=False, repr=False)  # filled on demand

    def typed_words(self, sentence_id: int) -> tuple[TypedWord, ...]:
        """The sentence's possible answer words (numbers, dates, names), computed once."""
        words = self._typed.get(sentence_id)
        if words is None:
            words = self._typed[sentence_id] = typed_words(self.sentences[sentence_id].clean)
        return words


def build_context(engine: Engine, unit_params: BM25Params = UNIT_PARAMS) -> Context:
    sentences = engine.sentences  # a SentenceTable: its columns, no Sentence objects
    document_ids, paragraph_numbers = sentences.doc_index, sentences.paragraphs
    count = len(document_ids)
    new_document = np.ones(count, dtype=bool)
    new_document[1:] = document_ids[1:] != document_ids[:-1]
    new_paragraph = new_document.copy()
    new_paragraph[1:] |= paragraph_numbers[1:] != paragraph_numbers[:-1]
    document_of = np.cumsum(new_document) - 1
    paragraph_of = np.cumsum(new_paragraph) - 1
    neighbours = ~new_paragraph
    borrows = np.zeros(count, dtype=bool)
    followers = np.flatnonzero(neighbours)
    borrows[followers] = _open_with_pronoun(sentences, followers)
    paragraph_count = int(paragraph_of[-1]) + 1 if count else 0
    document_count = int(document_of[-1]) + 1 if count else 0
    index = engine.index
    return Context(
        paragraph_of,
        document_of,
        UnitScores(unit_index(index, paragraph_of, paragraph_count, unit_params)),
        UnitScores(unit_index(index, document_of, document_count, unit_params)),
        borrows,
        neighbours,
        posting_keys(index),
        neighbours.astype(np.int64) + borrows,
        paragraph_of.searchsorted(np.arange(paragraph_count + 1)),
        sentences,
    )


def _open_with_pronoun(sentences: SentenceTable, ids: np.ndarray) -> list[bool]:
    """Whether each given sentence's first word is a pronoun opener ("It", "This" ...).

    Plain-text sentences are read straight from their document (the clean text only folds
    whitespace), without making a Sentence: a large folder has a million of them.
    """
    texts = [d.text for d in sentences.documents]
    markdown = [is_markdown(d.path) for d in sentences.documents]
    search = FIRST_WORD_RE.search
    out = []
    for i, d, start, end in zip(
        ids.tolist(),
        sentences.doc_index[ids].tolist(),
        sentences.starts[ids].tolist(),
        sentences.ends[ids].tolist(),
        strict=True,
    ):
        if markdown[d]:
            out.append(_opens_with_pronoun(sentences[i].clean))
            continue
        match = search(texts[d], start, end)
        out.append(match is not None and match.group(0).lower() in PRONOUN_OPENERS)
    return out


def _opens_with_pronoun(text: str) -> bool:
    match = FIRST_WORD_RE.search(text)
    return bool(match) and match.group(0).lower() in PRONOUN_OPENERS


# Keyed by id(engine) with a weak reference: an Engine's dataclass hash would walk every sentence.
_KEYS: dict[int, tuple[weakref.ref, Context]] = {}
_LOCK = threading.Lock()


def context_of(engine: Engine, unit_params: BM25Params | None = None) -> Context:
    """The engine's Context, built on first use and reused while the engine lives.

    `unit_params` (for experiments: benchmarks/quality.py) rebuilds it with other BM25
    parameters for paragraphs and documents, kept for the engine's later questions.
    """
    key = _KEYS.get(id(engine))
    if key is not None and key[0]() is engine and _fits(key[1], unit_params):
        return key[1]
    with _LOCK:
        key = _KEYS.get(id(engine))
        if key is not None and key[0]() is engine and _fits(key[1], unit_params):
            return key[1]
        context = build_context(engine, unit_params or UNIT_PARAMS)
        key_id = id(engine)
        ref = weakref.ref(engine, lambda _: _KEYS.pop(key_id, None))
        _KEYS[key_id] = (ref, context)
        return context


def _fits(context: Context, unit_params: BM25Params | None) -> bool:
    return unit_params is None or context.paragraphs.index.params == unit_params
