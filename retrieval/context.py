"""What surrounds a sentence: its paragraph, its document, the sentence before it.

Built once per Engine from its public data (`engine.sentences`, `engine.index`) and kept
beside it (a weak cache, so a reloaded engine gets its own and the old one is freed):
- a BM25 index over paragraphs and one over documents, so that a sentence in the right
  paragraph/article can win over a lookalike elsewhere;
- each sentence's terms as term ids (CSR arrays), for matched word pairs and proximity;
- which sentences open with a pronoun ("It", "He", "This" ...) and so borrow their subject
  from the previous sentence of the same paragraph.
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
from .tokenization import tokenize

# Words that, opening a sentence, point back at the previous sentence's subject.
PRONOUN_OPENERS = frozenset(
    """it its he his she her they their them this these those such there""".split()
)
FIRST_WORD_RE = re.compile(r"[^\W_]+")
PARAGRAPH_PARAMS = BM25Params(variant="plus", k1=1.2, b=0.75)


class UnitScores:
    """BM25 over larger units (paragraphs, documents), with every posting's weight precomputed.

    The scores are those of `Index.search` without BM25Plus's constant floor; a question
    only slices and sums, so a paragraph score costs far less than the sentence search.
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        term_of_posting = np.repeat(np.arange(len(index.df)), index.df)
        dl = index.lengths[index.postings].astype(np.float64)
        self.weights = term_weight(
            index.idf[term_of_posting], index.counts.astype(np.float64), dl, index.avgdl, index.params
        )
        if index.params.variant == "plus":
            self.weights -= index.idf[term_of_posting] * index.params.delta

    def shares(self, terms: list[str], unit_ids: np.ndarray) -> np.ndarray:
        """Each given unit's score as a share of the best unit's score (0 without a match)."""
        index = self.index
        tids = [t for t in map(index.vocabulary.get, terms) if t is not None]
        spans = [(index.indptr[t], index.indptr[t + 1]) for t in tids]
        if not spans:
            return np.zeros(len(unit_ids))
        ids = np.concatenate([index.postings[lo:hi] for lo, hi in spans])
        weights = np.concatenate([self.weights[lo:hi] for lo, hi in spans])
        scores = np.bincount(ids, weights=weights, minlength=index.size)
        best = float(scores.max())
        return scores[unit_ids] / best if best > 0 else np.zeros(len(unit_ids))


@dataclass(frozen=True)
class Context:
    paragraph_of: np.ndarray  # sentence id -> paragraph id (global, in document order)
    paragraph_starts: np.ndarray  # paragraph id -> its first sentence id (and the total at the end)
    document_of: np.ndarray  # sentence id -> document id
    paragraphs: UnitScores
    documents: UnitScores
    token_ptr: np.ndarray  # CSR: sentence i's term ids are token_ids[token_ptr[i]:token_ptr[i+1]]
    token_ids: np.ndarray
    borrows: np.ndarray  # bool: sentence opens with a pronoun and follows one in its paragraph
    neighbours: np.ndarray  # bool: sentence follows another in its paragraph
    texts: tuple[str, ...] = ()
    # The sentence index's postings as sorted keys term_id * N + sentence_id: one searchsorted
    # answers "which of these sentences have which of these terms" for a whole question.
    posting_keys: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    _typed: dict = field(default_factory=dict, compare=False, repr=False)  # filled on demand

    def typed_words(self, sentence_id: int) -> tuple[TypedWord, ...]:
        """The sentence's possible answer words (numbers, dates, names), computed once."""
        words = self._typed.get(sentence_id)
        if words is None:
            words = self._typed[sentence_id] = typed_words(self.texts[sentence_id])
        return words

    def terms_of(self, sentence_id: int) -> np.ndarray:
        return self.token_ids[self.token_ptr[sentence_id] : self.token_ptr[sentence_id + 1]]

    def paragraph_terms(self, sentence_id: int) -> np.ndarray:
        """The term ids of the whole paragraph the sentence belongs to (its sentences are adjacent)."""
        paragraph = self.paragraph_of[sentence_id]
        first, end = self.paragraph_starts[paragraph], self.paragraph_starts[paragraph + 1]
        return self.token_ids[self.token_ptr[first] : self.token_ptr[end]]


def build_context(engine: Engine) -> Context:
    sentences = engine.sentences
    vocabulary = engine.index.vocabulary
    token_lists = [tokenize(s.clean) for s in sentences]
    paragraph_of = np.zeros(len(sentences), dtype=np.int32)
    document_of = np.zeros(len(sentences), dtype=np.int32)
    borrows = np.zeros(len(sentences), dtype=bool)
    neighbours = np.zeros(len(sentences), dtype=bool)
    paragraph_tokens: list[list[str]] = []
    document_tokens: list[list[str]] = []
    previous = None
    for i, (sentence, tokens) in enumerate(zip(sentences, token_lists, strict=True)):
        key = (sentence.document, sentence.paragraph)
        if previous is None or previous[0] != sentence.document:
            document_tokens.append([])
        if key != previous:
            paragraph_tokens.append([])
        else:
            neighbours[i] = True
            borrows[i] = _opens_with_pronoun(sentence.clean)
        previous = key
        paragraph_tokens[-1].extend(tokens)
        document_tokens[-1].extend(tokens)
        paragraph_of[i] = len(paragraph_tokens) - 1
        document_of[i] = len(document_tokens) - 1
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    token_ptr = np.zeros(len(token_lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=token_ptr[1:])
    flat = (vocabulary.get(t, -1) for tokens in token_lists for t in tokens)
    token_ids = np.fromiter(flat, dtype=np.int32, count=int(lengths.sum()))
    paragraph_starts = np.searchsorted(paragraph_of, np.arange(len(paragraph_tokens) + 1))
    return Context(
        paragraph_of,
        paragraph_starts,
        document_of,
        UnitScores(Index.build(paragraph_tokens, PARAGRAPH_PARAMS)),
        UnitScores(Index.build(document_tokens, PARAGRAPH_PARAMS)),
        token_ptr,
        token_ids,
        borrows,
        neighbours,
        tuple(s.clean for s in sentences),
        posting_keys(engine.index),
    )


def posting_keys(index: Index) -> np.ndarray:
    term_of_posting = np.repeat(np.arange(len(index.df), dtype=np.int64), index.df)
    return term_of_posting * max(index.size, 1) + index.postings.astype(np.int64)


def _opens_with_pronoun(text: str) -> bool:
    match = FIRST_WORD_RE.search(text)
    return bool(match) and match.group(0).lower() in PRONOUN_OPENERS


# Keyed by id(engine) with a weak reference: an Engine's dataclass hash would walk every sentence.
_KEYS: dict[int, tuple[weakref.ref, Context]] = {}
_LOCK = threading.Lock()


def context_of(engine: Engine) -> Context:
    """The engine's Context, built on first use and reused while the engine lives."""
    key = _KEYS.get(id(engine))
    if key is not None and key[0]() is engine:
        return key[1]
    with _LOCK:
        key = _KEYS.get(id(engine))
        if key is not None and key[0]() is engine:
            return key[1]
        context = build_context(engine)
        key_id = id(engine)
        ref = weakref.ref(engine, lambda _: _KEYS.pop(key_id, None))
        _KEYS[key_id] = (ref, context)
        return context
