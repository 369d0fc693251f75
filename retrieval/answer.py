"""Question -> Result: ranked Answers with citations, or an honest "the documents don't say".

Right or silent: the best sentence is returned only when it and its paragraph cover enough of
the question's rare words (idf-weighted coverage, threshold calibrated on the SQuAD dev half).
Every decision is recorded in `Result.explanation` (`explain.py` renders it in plain lines).
"""

from __future__ import annotations

import dataclasses
import math

from .engine import Engine
from .explain import share_below, threshold_text
from .models import Answer, Choice, Decision, Explanation, QuestionTerm, Result, Sentence
from .query import Query, check_question
from .rerank import DEFAULT_POLICY, AnswerPolicy, Meaning, Scored, rerank
from .tokenization import heading_terms, term_spans, tokenize

MAX_TOP = 50


def answer_question(
    engine: Engine, question: str, top: int = 5, policy: AnswerPolicy = DEFAULT_POLICY
) -> Result:
    """Rank the engine's units against the question; abstain when the match is weak."""
    question = check_question(question)
    top = max(1, min(top, MAX_TOP))
    query = Query.of(question, engine.index, policy.unit_types, engine.speller)
    terms = tuple(QuestionTerm(t, w, round(query.idf[t], 4)) for t, w in query.shown.items())
    if not query.shown:
        return _unanswered(query, terms, "the question has no searchable words")
    hits = engine.index.search(query.terms)
    if len(hits.ids) == 0:
        return _unanswered(query, terms, "no document mentions these words")
    meaning = (
        Meaning(engine.semantic.embed(question), engine.semantic) if engine.semantic is not None else None
    )
    ranked = rerank(engine.index, engine.surroundings, query, hits, 2 * top, policy, meaning)
    decision = coverage_decision(engine, query, ranked[0], policy, meaning)
    # Answers are made only for what is returned: all `top` when answering, the related
    # passages when close enough, else none (making one reads its block).
    if decision.answered:
        shown = top
    else:
        shown = min(top, policy.related) if decision.coverage >= policy.related_coverage else 0
    answers = distinct_answers(engine, ranked, shown) if shown else ()
    best = answers[0].sentence if answers else engine.sentences.sentence(ranked[0].sentence_id)
    corrections, unknown, unique = _corrections(query), query.unknown_words, tuple(query.unique)
    explanation = Explanation(terms, unknown, decision, choice(engine, ranked[0], best), corrections)
    if decision.answered:
        return Result(question, answers, unique, unknown, "", explanation, (), corrections)
    covers, needs = share_below(decision.coverage), threshold_text(decision.threshold)
    reason = f"the best match covers {covers} of the question's words (needs {needs})"
    return Result(question, (), unique, unknown, reason, explanation, answers, corrections)


def _corrections(query: Query) -> tuple[tuple[str, str], ...]:
    return tuple(query.corrections.items())


def _unanswered(query: Query, terms: tuple[QuestionTerm, ...], reason: str) -> Result:
    corrections, unknown = _corrections(query), query.unknown_words
    explanation = Explanation(terms, unknown, Decision(False, reason), None, corrections)
    unique = tuple(query.unique) if query.shown else ()
    return Result(query.text, (), unique, unknown, reason, explanation, (), corrections)


def distinct_answers(engine: Engine, ranked: list[Scored], top: int) -> tuple[Answer, ...]:
    """The best `top` answers that show different passages: a code block and the sentence
    leading into it are one answer (the better ranked), as are a list's items."""
    sentence = engine.sentences.sentence  # ids from the index: no bounds check needed
    answers, seen = [], set()
    for scored in ranked:
        block = shown_block(engine, scored.sentence_id)
        key = ("block", block) if block is not None else ("unit", scored.sentence_id)
        if key not in seen:
            seen.add(key)
            answers.append(make_answer(engine, sentence(scored.sentence_id), scored, block))
            if len(answers) == top:
                break
    return tuple(answers)


def make_answer(engine: Engine, sentence: Sentence, scored: Scored, block: int | None) -> Answer:
    highlights = tuple(term_spans(sentence.clean, scored.matched))
    snippet = None if block is None else engine.blocks[block]
    lead = None
    if snippet is not None and snippet.lead is not None and snippet.lead != scored.sentence_id:
        lead = engine.sentences[snippet.lead]
    return Answer(sentence, scored.score, scored.matched, scored.sentence_id, highlights, snippet, lead)


def shown_block(engine: Engine, unit: int) -> int | None:
    """The block an answer shows with its unit: the code block, list or table a sentence
    leads into, the whole list an item is in, or the code block or table the unit is."""
    blocks = engine.blocks
    if engine.sentences.kinds.item(unit) != 0:  # code, table, row
        return blocks.of_unit(unit)
    introduced = blocks.introduced_by(unit)
    return introduced if introduced is not None else blocks.outer_list(blocks.of_unit(unit))


def coverage_decision(
    engine: Engine, query: Query, best: Scored, policy: AnswerPolicy, meaning: Meaning | None = None
) -> Decision:
    """Answer or abstain: how much of the question the best unit and its passage cover, and
    (with meaning) how close the passage is to the question."""
    around = engine.surroundings
    found = set(best.matched)
    if around.borrows.item(best.sentence_id):  # "It ..." stands for the previous subject
        found |= set(best.borrowed)
    rarity = policy.rarity if policy.common_zipf is not None else None
    weights = query.weights(engine.index.unseen_idf(policy.unseen_weight), rarity)
    total = sum(weights.values()) or 1.0
    sentence = sum(w for t, w in weights.items() if t in found) / total  # question order: same sum every run
    paragraph = 0.0
    if policy.paragraph_coverage:
        unit = around.passage_of.item(best.sentence_id)
        paragraph = sum(weights[t] for t in around.passages.index.terms_in(unit, query.ids)) / total
    share = policy.paragraph_coverage
    coverage = (1 - share) * sentence + share * paragraph
    decision = Decision(
        answered=coverage >= policy.min_coverage,
        rule=f"answer when coverage >= {policy.min_coverage}",
        coverage=math.floor(coverage * 10000) / 10000,  # cut, not rounded: never up to the threshold
        sentence_coverage=round(sentence, 4),
        paragraph_coverage=round(paragraph, 4),
        threshold=policy.min_coverage,
    )
    if meaning is None or policy.meaning_threshold is None:
        return decision
    passage = around.passage_of.item(best.sentence_id)
    cosine = float(meaning.index.passage_vectors(around.passage_of)[passage] @ meaning.vector)
    return meaning_decision(decision, coverage, cosine, policy, policy.meaning_threshold)


def meaning_decision(
    decision: Decision, coverage: float, cosine: float, policy: AnswerPolicy, threshold: float
) -> Decision:
    """The two-level rule: enough coverage alone, or some coverage and a passage close in meaning."""
    strong, weak = policy.meaning_min_coverage_strong, policy.meaning_min_coverage
    answered = coverage >= strong or (coverage >= weak and cosine >= threshold)
    rule = (
        f"answer when coverage >= {strong}, or coverage >= {weak} and the passage's similarity >= {threshold}"
    )
    return dataclasses.replace(
        decision,
        answered=answered,
        rule=rule,
        threshold=strong,
        passage_similarity=round(cosine, 4),
        meaning_threshold=threshold,
        meaning_coverage=weak,
    )


def choice(engine: Engine, best: Scored, sentence: Sentence) -> Choice:
    """The explanation's record of the chosen sentence."""
    scores = best.contributions
    if scores is None:
        scores = engine.index.term_scores(best.matched, best.sentence_id)
    from_heading = None
    if sentence.section:
        only_there = set(heading_terms(sentence.section, tokenize(sentence.clean)))
        from_heading = tuple(t for t in best.matched if t in only_there)
    return Choice(
        document=sentence.document,
        line=sentence.line,
        matched=best.matched,
        contributions={t: round(v, 4) for t, v in scores.items()},
        bm25=round(best.bm25, 4),
        bonuses={name: round(value, 4) for name, value in best.bonuses.items() if value},
        score=round(best.score, 4),
        answer_type=best.answer_type,
        type_candidates=best.type_candidates,
        shares=best.shares,
        borrowed=best.borrowed,
        from_heading=from_heading,
        similarity=None if best.similarity is None else round(best.similarity, 4),
        by_meaning=best.by_meaning,
    )
