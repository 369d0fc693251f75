"""A question, folded, split into terms, typed and looked up in the index once.

Every step of answering (search, rerank, no-answer rule, explanation) reads the same `Query`,
so no step folds or tokenizes the question again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import answer_type
from .errors import RetrievalError
from .index import Index
from .spelling import Speller
from .tokenization import (
    content_words,
    fold,
    stem,
)

MAX_QUESTION_CHARS = 1000
HOWTO_RE = re.compile(r"\bhow (?:do|can|would|should|could) (?:i|you|we|one)\b|\bhow (?:to|does one)\b")


def check_question(question: str) -> str:
    """The question without surrounding whitespace; RetrievalError when empty or too long."""
    question = question.strip()
    if not question:
        raise RetrievalError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise RetrievalError(
            f"the question is too long ({len(question):,} characters; the limit is {MAX_QUESTION_CHARS:,})"
        )
    return question


def question_terms(question: str) -> tuple[list[str], dict[str, str]]:
    """Stemmed query terms (with repeats, as BM25 counts them) and a stem -> word map."""
    return _terms(content_words(question))


def _terms(content: list[str]) -> tuple[list[str], dict[str, str]]:
    terms, shown = [], {}
    for word in content:
        term = stem(word)
        terms.append(term)
        shown.setdefault(term, word)
    return terms, shown


def _corrections(words: list[str], vocabulary: dict[str, int], speller: Speller | None) -> dict[str, str]:
    """Each word whose term no unit has -> the documents' closest word, when there is one."""
    if speller is None:
        return {}
    out = {}
    for word in dict.fromkeys(words):
        if stem(word) not in vocabulary:
            closest = speller.correct(word)
            if closest is not None:
                out[word] = closest
    return out


@dataclass(frozen=True)
class Query:
    """A question's terms, looked up in the index once for every step that needs them."""

    text: str
    folded: str  # the question as `fold` gives it (the answer type reads it)
    terms: list[str]  # stemmed, with repeats, in question order (BM25 counts repeats)
    shown: dict[str, str]  # each distinct term, in question order -> the question's word for it
    ids: dict[str, int]  # the distinct terms the index has -> term id, in question order
    idf: dict[str, float]  # each distinct term -> its idf (0 for a term no sentence has)
    kind: str | None  # the kind of answer asked for (`answer_type`), None when the form does not say
    own_words: frozenset[str]  # the question's words and stems: never an answer candidate
    corrections: dict[str, str] = field(default_factory=dict)  # a typed word -> the documents' word
    howto: bool = False  # "how do I ...", "how to ...": the code that does it is a good answer

    @classmethod
    def of(
        cls, question: str, index: Index, unit_types: bool = True, speller: Speller | None = None
    ) -> Query:
        folded = fold(question)
        typed = content_words(question)
        vocabulary, idf = index.vocabulary, index.idf
        corrections = _corrections(typed, vocabulary, speller)
        terms, shown = _terms([corrections.get(w, w) for w in typed])
        ids = {t: vocabulary[t] for t in shown if t in vocabulary}
        kind = answer_type.expected_type(folded, unit_types)
        own_words = answer_type.question_word_set(folded) if kind else frozenset()
        return cls(
            question,
            folded,
            terms,
            shown,
            ids,
            {t: idf.item(ids[t]) if t in ids else 0.0 for t in shown},
            kind,
            own_words,
            corrections,
            bool(HOWTO_RE.search(folded)),
        )

    @property
    def unique(self) -> list[str]:
        """The distinct terms, in question order."""
        return list(self.shown)

    @property
    def unknown_words(self) -> tuple[str, ...]:
        """The question's words for the terms no sentence has."""
        return tuple(self.shown[t] for t in self.shown if t not in self.ids)

    def term_ids(self) -> list[int]:
        """The ids of the terms the index has, with repeats, in question order."""
        ids = self.ids
        return [ids[t] for t in self.terms if t in ids]

    def plus_floor(self, delta: float) -> float:
        """`Index.plus_floor(terms)`, from the idf looked up once (same terms, same order)."""
        idf = self.idf
        return sum(idf[t] * delta for t in self.terms)

    def weights(self, unseen: float, rarity=None) -> dict[str, float]:
        """Each distinct term's idf; for a term no unit has, `unseen` times its word's
        `rarity` (1 without one): a common English word the documents lack says little."""
        ids, shown = self.ids, self.shown
        if rarity is None:
            return {t: idf if t in ids else unseen for t, idf in self.idf.items()}
        return {t: idf if t in ids else unseen * rarity(shown[t]) for t, idf in self.idf.items()}
