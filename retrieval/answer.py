"""Question -> ranked Answers with citations, or an honest "the documents don't say".

Right or silent: the best sentence is returned only when it covers enough of the question's
rare words (idf-weighted coverage, threshold calibrated on the benchmark's dev half).
"""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Engine
from .errors import RetrievalError
from .index import idf_value, top_k
from .models import Answer, Result
from .tokenization import content_words, stem

MAX_QUESTION_CHARS = 1000
MAX_TOP = 50


@dataclass(frozen=True)
class AnswerPolicy:
    min_coverage: float = 0.35  # share of the question's idf mass the best sentence must match


DEFAULT_POLICY = AnswerPolicy()


def question_terms(question: str) -> tuple[list[str], dict[str, str]]:
    """Stemmed query terms (with repeats, as BM25 counts them) and a stem -> word map."""
    terms, shown = [], {}
    for word in content_words(question):
        term = stem(word)
        terms.append(term)
        shown.setdefault(term, word)
    return terms, shown


def check_question(question: str) -> str:
    question = question.strip()
    if not question:
        raise RetrievalError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise RetrievalError(
            f"the question is too long ({len(question):,} characters; the limit is {MAX_QUESTION_CHARS:,})"
        )
    return question


def answer_question(
    engine: Engine, question: str, top: int = 5, policy: AnswerPolicy = DEFAULT_POLICY
) -> Result:
    """Rank the engine's sentences against the question; abstain when the match is weak."""
    question = check_question(question)
    top = max(1, min(top, MAX_TOP))
    terms, shown = question_terms(question)
    unique = list(dict.fromkeys(terms))
    index = engine.index
    unknown = tuple(shown[t] for t in unique if t not in index.vocabulary)
    if not unique:
        return Result(question, (), (), (), "the question has no searchable words")
    ranked = top_k(index.search(terms), top)
    answers = tuple(
        Answer(engine.sentences[i], score, matched_terms(engine, i, unique), i) for i, score in ranked
    )
    if not answers:
        return Result(question, (), tuple(unique), unknown, "no document mentions these words")
    coverage = idf_coverage(engine, unique, answers[0].matched)
    if coverage < policy.min_coverage:
        reason = f"best match covers {coverage:.0%} of the question (needs {policy.min_coverage:.0%})"
        return Result(question, (), tuple(unique), unknown, reason)
    return Result(question, answers, tuple(unique), unknown)


def matched_terms(engine: Engine, sentence_id: int, terms: list[str]) -> tuple[str, ...]:
    index = engine.index
    out = []
    for term in terms:
        tid = index.vocabulary.get(term)
        if tid is None:
            continue
        lo, hi = index.indptr[tid], index.indptr[tid + 1]
        postings = index.postings[lo:hi]
        pos = postings.searchsorted(sentence_id)
        if pos < len(postings) and postings[pos] == sentence_id:
            out.append(term)
    return tuple(out)


def idf_coverage(engine: Engine, terms: list[str], matched: tuple[str, ...]) -> float:
    """Share of the question's idf mass found in a sentence.

    A word no sentence contains weighs as much as the rarest word that is there.
    """
    index = engine.index
    unseen = idf_value(1, index.size, index.params.variant)
    weight = {t: index.term_idf(t) if t in index.vocabulary else unseen for t in terms}
    total = sum(weight.values())
    return sum(weight[t] for t in matched) / total if total > 0 else 0.0
