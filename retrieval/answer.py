"""Question -> ranked Answers with citations, or an honest "the documents don't say".

Ranking: BM25 over sentences picks the candidates; a rerank of the best 30 adds, in BM25
units (shares of the best candidate's score), what a sentence's surroundings and shape say:
- its paragraph's and its document's BM25 score (the right article wins over a lookalike);
- question words it lacks that the previous sentence of its paragraph has (more when it opens
  with "It", "He", "This": the subject is there);
- a candidate of the expected answer type ("how many" -> a number, "who" -> a name) that is
  not one of the question's own words.
`Answer.score` is that reranked score. The weights were tuned on the benchmark's dev half
(README, "Answer quality"); the knobs of steps that did not help stay at 0.

Right or silent: the best sentence is returned only when it and its paragraph cover enough of
the question's rare words (idf-weighted coverage, threshold calibrated on the dev half).
Every decision is recorded in `Result.explain` (see `explain.py` for the plain-text lines).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from itertools import compress

import numpy as np

from . import answer_type
from .context import UnitScores, context_of, lookup
from .engine import Engine
from .errors import RetrievalError
from .index import Index, idf_value, leaders, top_k
from .models import Answer, Result, Sentence
from .processing import heading_terms
from .tokenization import content_words, fold, fold_for_terms, stem, term_spans, tokenize

MAX_QUESTION_CHARS = 1000
MAX_TOP = 50


@dataclass(frozen=True)
class AnswerPolicy:
    # No-answer rule (calibrated on dev: in-corpus = dev questions vs docs-dev, off-corpus =
    # dev questions vs docs-test): answer when coverage >= min_coverage, where coverage blends
    # the idf share of the question found in the sentence (with words borrowed from the
    # sentence before) and the share found in its paragraph.
    min_coverage: float = 0.36
    paragraph_coverage: float = 0.5  # weight of the paragraph's coverage in the blend
    unseen_weight: float = 2.0  # a word no document has weighs this many times the rarest word
    candidates: int = 30  # how many BM25 leaders the rerank considers
    paragraph_pool: int = 1  # every sentence of the best this-many paragraphs joins the candidates
    # Rerank weights, tuned on the dev half (benchmarks/quality.py); 0 turns a signal off.
    paragraph_weight: float = 0.35  # bonus for the paragraph's BM25 score (share of the best)
    document_weight: float = 0.25  # bonus for the document's BM25 score (share of the best)
    borrow_weight: float = 0.6  # weight of question words borrowed from the previous sentence
    pair_weight: float = 0.0  # bonus for keeping the question's word pairs together (dropped)
    type_weight: float = 0.3  # bonus for a candidate of the expected answer type
    unit_types: bool = True  # "how much did it cost" wants $/dollars, "what percentage" a %...
    neighbour_weight: float = 0.45  # like borrow_weight, for sentences that open without a pronoun
    coverage_weight: float = 0.0  # bonus for the idf share of the question matched (dropped)
    name_weight: float = 0.0  # type_weight for "which team / what company" questions (dropped)


DEFAULT_POLICY = AnswerPolicy()
BM25_ONLY = AnswerPolicy(candidates=0)  # plain BM25 ranking, as before the rerank


def question_terms(question: str, *, folded: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Stemmed query terms (with repeats, as BM25 counts them) and a stem -> word map.

    `folded`: `fold_for_terms(question)`, when the caller already has it.
    """
    terms, shown = [], {}
    for word in content_words(question, folded=folded):
        term = stem(word)
        terms.append(term)
        shown.setdefault(term, word)
    return terms, shown


@dataclass(frozen=True)
class Query:
    """A question's terms, looked up in the index once for every step that needs them."""

    folded: str  # the question as `fold` gives it, once, for the answer type and its own words
    terms: list[str]  # stemmed, with repeats, in question order (BM25 counts repeats)
    shown: dict[str, str]  # each distinct term, in question order -> the question's word for it
    ids: dict[str, int]  # the distinct terms the index has -> term id, in question order
    idf: dict[str, float]  # each distinct term -> its idf (0 for a term no sentence has)

    @classmethod
    def of(cls, question: str, index: Index) -> Query:
        folded = fold(question)
        terms, shown = question_terms(question, folded=fold_for_terms(question, folded))
        vocabulary, idf = index.vocabulary, index.idf
        ids = {t: vocabulary[t] for t in shown if t in vocabulary}
        return cls(folded, terms, shown, ids, {t: idf.item(ids[t]) if t in ids else 0.0 for t in shown})

    @property
    def unique(self) -> list[str]:
        return list(self.shown)

    def term_ids(self) -> list[int]:
        """The ids of the terms the index has, with repeats, in question order."""
        ids = self.ids
        return [ids[t] for t in self.terms if t in ids]

    def plus_floor(self, delta: float) -> float:
        """`Index.plus_floor(terms)`, from the idf looked up once (same terms, same order)."""
        idf = self.idf
        return sum(idf[t] * delta for t in self.terms)

    def weights(self, unseen: float) -> dict[str, float]:
        """`idf_weights` for the distinct terms: `unseen` for a term no sentence has."""
        ids = self.ids
        return {t: idf if t in ids else unseen for t, idf in self.idf.items()}


def check_question(question: str) -> str:
    question = question.strip()
    if not question:
        raise RetrievalError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise RetrievalError(
            f"the question is too long ({len(question):,} characters; the limit is {MAX_QUESTION_CHARS:,})"
        )
    return question


@dataclass
class Scored:
    """One candidate sentence during the rerank."""

    sentence_id: int
    bm25: float
    matched: tuple[str, ...]
    bonuses: dict[str, float]
    notes: dict[str, object]
    contributions: dict[str, float] | None = None  # each matched term's BM25 score, when known

    @property
    def score(self) -> float:
        return self.bm25 + sum(self.bonuses.values())


def answer_question(
    engine: Engine, question: str, top: int = 5, policy: AnswerPolicy = DEFAULT_POLICY
) -> Result:
    """Rank the engine's sentences against the question; abstain when the match is weak."""
    question = check_question(question)
    top = max(1, min(top, MAX_TOP))
    index = engine.index
    query = Query.of(question, index)
    terms, shown, unique = query.terms, query.shown, query.unique
    unknown = tuple(shown[t] for t in unique if t not in query.ids)
    explain: dict = {
        "terms": [{"term": t, "word": w, "idf": round(query.idf[t], 4)} for t, w in shown.items()],
        "never_mentioned": list(unknown),
    }
    if not unique:
        reason = "the question has no searchable words"
        explain["decision"] = {"answered": False, "rule": reason}
        return Result(question, (), (), (), reason, explain)
    hits = index.search(terms)
    if len(hits.ids) == 0:
        reason = "no document mentions these words"
        explain["decision"] = {"answered": False, "rule": reason}
        return Result(question, (), tuple(unique), unknown, reason, explain)
    ranked = rerank(engine, question, query, hits, top, policy)
    sentence = engine.sentences.sentence  # ids from the index: no bounds check needed
    answers = tuple(make_answer(sentence(c.sentence_id), c) for c in ranked)
    best = ranked[0]
    explain["chosen"] = chosen_explain(engine, best, answers[0].sentence)
    decision = coverage_decision(engine, query, best, policy)
    explain["decision"] = decision
    if not decision["answered"]:
        reason = (
            f"the best match covers {decision['coverage']:.1%} of the question's words "
            f"(needs {policy.min_coverage:.0%})"
        )
        return Result(question, (), tuple(unique), unknown, reason, explain)
    return Result(question, answers, tuple(unique), unknown, "", explain)


def make_answer(sentence: Sentence, scored: Scored) -> Answer:
    highlights = tuple(term_spans(sentence.clean, scored.matched))
    return Answer(sentence, scored.score, scored.matched, scored.sentence_id, highlights)


def coverage_decision(engine: Engine, query: Query, best: Scored, policy: AnswerPolicy) -> dict:
    """Answer or abstain: how much of the question the best sentence and its paragraph cover."""
    context = context_of(engine)
    found = set(best.matched)
    if context.borrows.item(best.sentence_id):  # "It ..." stands for the previous subject
        found |= set(best.notes.get("borrowed", ()))
    weights = query.weights(unseen_idf(engine.index, policy.unseen_weight))
    total = sum(weights.values()) or 1.0
    sentence = sum(w for t, w in weights.items() if t in found) / total  # question order: same sum every run
    paragraph = 0.0
    if policy.paragraph_coverage:
        units = context.paragraphs
        unit = context.paragraph_of.item(best.sentence_id)
        size = max(units.index.size, 1)
        there = has_keys(units.keys, [tid * size + unit for tid in query.ids.values()])
        paragraph = sum(weights[t] for t, hit in zip(query.ids, there, strict=True) if hit) / total
    share = policy.paragraph_coverage
    coverage = (1 - share) * sentence + share * paragraph
    return {
        "rule": f"answer when coverage >= {policy.min_coverage}",
        "coverage": round(coverage, 4),
        "sentence_coverage": round(sentence, 4),
        "paragraph_coverage": round(paragraph, 4),
        "threshold": policy.min_coverage,
        "answered": coverage >= policy.min_coverage,
    }


def rerank(engine, question, query: Query, hits, top, policy) -> list[Scored]:
    """The top sentences, best first: BM25 leaders rescored with context and answer type.

    A few dozen candidates: plain lists beat numpy's per-call overhead here (numpy stays
    where a whole question's terms are looked up at once, and sorts the final order: one
    lexsort costs less than a Python sort key per candidate). The answer type (a check per
    sentence) is only looked at where its bonus could still lift a candidate into the top.
    Only the chosen candidate's notes and term scores reach the explanation, so only its
    are made.
    """
    if policy.candidates <= 0:
        return [Scored(i, s, matched_terms(engine, i, query.unique), {}, {}) for i, s in top_k(hits, top)]
    leader_ids, leader_scores = leaders(hits, max(top, policy.candidates))
    ids, bm25 = leader_ids.tolist(), leader_scores.tolist()  # the candidates and their BM25 scores
    context = context_of(engine)
    index = engine.index
    terms = query.terms
    known = list(query.ids.items())
    floor = query.plus_floor(index.params.delta) if index.params.variant == "plus" else 0.0
    scale = max(bm25[0] - floor, 1e-9)  # the best candidate's own BM25 match
    term_ids = query.term_ids()
    unit_scores = {"paragraph": context.paragraphs.scores(term_ids)}  # also picks paragraphs to add
    if policy.paragraph_pool:
        best_paragraphs = UnitScores.best(unit_scores["paragraph"], policy.paragraph_pool)
        more_ids, more_bm25 = _paragraph_sentences(context, hits, ids, best_paragraphs, floor)
        ids, bm25 = ids + more_ids, bm25 + more_bm25
    id_array = np.array(ids, dtype=np.int64)
    bonuses: dict[str, list[float]] = {}
    shares: dict[str, list[float]] = {}
    units = (
        ("paragraph", context.paragraphs, context.paragraph_of, policy.paragraph_weight),
        ("document", context.documents, context.document_of, policy.document_weight),
    )
    for name, unit_index, unit_of, weight in units:
        if weight:
            scores = unit_scores[name] if name in unit_scores else unit_index.scores(term_ids)
            shares[name] = UnitScores.shares(scores, unit_of[id_array]).tolist()
            bonuses[name] = _scaled(weight * scale, shares[name])
    found = _matches(index, context, known, id_array, policy)
    if found.borrow_score is not None:
        bonuses["previous sentence"] = found.borrow_score
    if policy.coverage_weight:
        coverages = _coverages(index, query, (found.matched | found.borrowed).tolist(), policy)
        bonuses["coverage"] = _scaled(policy.coverage_weight * scale, coverages)
    notes: dict[int, dict] = {}
    if policy.pair_weight:
        _pair_bonus(context, terms, index.vocabulary, ids, policy.pair_weight * scale, bonuses, notes)
    total = bm25
    for values in bonuses.values():
        total = _added(total, values)
    kind = (
        answer_type.expected_type(question, policy.unit_types, folded=query.folded)
        if policy.type_weight
        else None
    )
    if kind:
        weight = (policy.name_weight if kind == answer_type.NAME else policy.type_weight) * scale
        qwords = answer_type.question_word_set(question, folded=query.folded)
        bonuses["answer type"] = _type_bonus(context, qwords, kind, weight, ids, total, top, notes)
        total = _added(total, bonuses["answer type"])
    order = np.lexsort((id_array, -np.array(total)))[:top].tolist()  # best first; ties: document order
    names = [t for t, _ in known]
    matched = found.matched[order].tolist()
    out = [
        Scored(
            ids[n],
            bm25[n],
            tuple(compress(names, matched[row])),
            {name: values[n] for name, values in bonuses.items() if values[n]},
            notes.get(n, {}),
            None,
        )
        for row, n in enumerate(order)
    ]
    chosen, best = out[0], order[0]
    for name, values in shares.items():
        chosen.notes[f"{name} share"] = round(values[best], 4)
    borrowed = list(compress(names, found.borrowed[best].tolist()))
    if borrowed:
        chosen.notes["borrowed"] = borrowed
    hits = zip(known, found.positions[:, best].tolist(), matched[0], strict=True)
    chosen.contributions = {t: term_score(index, tid, pos) for (t, tid), pos, hit in hits if hit}
    return out


def _paragraph_sentences(
    context, hits, candidates: list[int], paragraphs: list[int], floor: float
) -> tuple[list[int], list[float]]:
    """The sentences of these paragraphs that are not candidates yet, and their BM25 scores
    (BM25Plus's floor for a sentence that shares no word with the question)."""
    have = set(candidates)
    starts = context.paragraph_starts
    new = [i for u in paragraphs for i in range(starts.item(u), starts.item(u + 1)) if i not in have]
    if not new:
        return [], []
    ids, count = hits.ids, len(hits.ids)
    scores = []
    for i, p in zip(new, ids.searchsorted(new).tolist(), strict=True):
        found = p < count and ids.item(p) == i
        scores.append(hits.scores.item(p) if found else floor)
    return new, scores


def _scaled(weight: float, values: list[float]) -> list[float]:
    return [weight * v for v in values]


def _added(a: list[float], b: list[float]) -> list[float]:
    return [x + y for x, y in zip(a, b, strict=True)]


def _type_bonus(context, qwords, kind, weight, ids, total, top, notes) -> list[float]:
    """The answer-type bonus per candidate, checked best first while it can still matter.

    `qwords`: the question's `answer_type.question_word_set`.
    """
    typed = [0.0] * len(ids)
    leaders: list[float] = []  # min-heap: the `top` best final scores so far
    for n in sorted(range(len(ids)), key=total.__getitem__, reverse=True):  # stable: ties keep order
        base = total[n]
        if len(leaders) == top and base + weight < leaders[0]:
            break  # neither this candidate nor any after it can reach the top
        note = notes.setdefault(n, {})
        note["answer type"] = kind
        found = answer_type.candidates(context.typed_words(ids[n]), kind, qwords)
        if found and weight:
            typed[n] = weight
            note["candidates"] = found[:5]
        final = base + typed[n]
        if len(leaders) < top:
            heapq.heappush(leaders, final)
        elif final > leaders[0]:
            heapq.heapreplace(leaders, final)
    return typed


@dataclass
class Matches:
    """Which question terms (columns, in `known` order) each candidate (rows) has or borrows."""

    matched: np.ndarray  # bool [n, k]
    borrowed: np.ndarray  # bool [n, k]: lacks, but the previous sentence of its paragraph has
    borrow_score: list[float] | None  # the borrowed terms' score per candidate; None: nothing
    positions: np.ndarray  # [k, n] where in the index's postings (term, candidate) is, if matched


def _matches(index: Index, context, known, ids: np.ndarray, policy: AnswerPolicy) -> Matches:
    """Per candidate: which question terms it has, which it borrows from the sentence before
    (terms it lacks that the previous sentence of its paragraph has), and the borrowed score.
    """
    n = len(ids)
    if not known:
        empty = np.zeros((n, 0), dtype=bool)
        return Matches(empty, empty, None, np.zeros((0, n), dtype=np.int64))
    factor = np.array([0.0, policy.neighbour_weight, policy.borrow_weight])[context.follows[ids]]
    can_borrow = bool(factor.any())
    both = np.concatenate([ids, ids - 1]) if can_borrow else ids
    tids = np.array([tid for _, tid in known], dtype=np.int64)
    has, pos = lookup(index, context.posting_keys, tids, both)
    matched = has[:, :n]
    if not can_borrow:
        return Matches(matched.T, np.zeros_like(matched.T), None, pos[:, :n])
    borrowed = has[:, n:] & ~matched & (factor > 0)
    score = None
    if borrowed.any():
        weight = index.weights[pos[:, n:]] - index.floors[tids][:, None]  # as Index.contributions
        score = ((weight * borrowed).sum(axis=0) * factor).tolist()
    return Matches(matched.T, borrowed.T, score, pos[:, :n])


def _coverages(index: Index, query: Query, found: list[list[bool]], policy) -> list[float]:
    """Each candidate's idf coverage of the question (the dropped coverage bonus): the share
    of the question's idf weight (`Query.weights`, made once) among the terms it has."""
    weights = query.weights(unseen_idf(index, policy.unseen_weight))
    total = sum(weights.values())
    if total <= 0:
        return [0.0] * len(found)
    known = list(query.ids)  # the columns of `found`
    return [sum(weights[t] for t, hit in zip(known, hits, strict=True) if hit) / total for hits in found]


def _pair_bonus(context, terms, term_ids, ids, weight, bonuses, notes) -> None:
    """The dropped word-pair bonus (tokenizes the candidates again: slow, off by default)."""
    pairs = _question_pairs(terms, term_ids)
    values = [0.0] * len(ids)
    for n, sentence_id in enumerate(ids):
        tokens = [term_ids.get(t, -1) for t in tokenize(context.sentences[sentence_id].clean)]
        kept = _kept_pairs(pairs, tokens) if pairs else []
        if kept:
            values[n] = weight * len(kept) / len(pairs)
            notes.setdefault(n, {})["pairs"] = [f"{a} {b}" for a, b in kept]
    bonuses["word pairs"] = values


def term_scores(engine: Engine, terms, sentence_id: int) -> dict[str, float]:
    """Each term's part of the sentence's BM25 score, as `Index.contributions` gives it."""
    index = engine.index
    keys = context_of(engine).posting_keys
    out = {}
    for term in terms:
        tid = index.vocabulary.get(term)
        pos = find_key(keys, tid * index.size + sentence_id) if tid is not None else None
        out[term] = 0.0 if pos is None else term_score(index, tid, pos)
    return out


def term_score(index: Index, term_id: int, posting: int) -> float:
    """The BM25 score of one posting (term in sentence) above BM25Plus's floor."""
    return index.weights.item(posting) - index.floors.item(term_id)


def has_keys(keys: np.ndarray, wanted: list[int]) -> list[bool]:
    """For each wanted key, whether the sorted keys hold it (one searchsorted for all)."""
    if not len(keys):
        return [False] * len(wanted)
    positions = keys.searchsorted(wanted).tolist()
    return [p < len(keys) and keys.item(p) == key for p, key in zip(positions, wanted, strict=True)]


def find_key(keys: np.ndarray, key: int) -> int | None:
    """Position of key in the sorted keys, or None."""
    pos = int(keys.searchsorted(key))
    return pos if pos < len(keys) and keys[pos] == key else None


def _question_pairs(terms: list[str], term_ids: dict[str, int]) -> list[tuple[int, int]]:
    ids = [term_ids.get(t, -1) for t in terms]
    pairs = zip(ids, ids[1:], strict=False)
    return list(dict.fromkeys((a, b) for a, b in pairs if a >= 0 and b >= 0 and a != b))


def _kept_pairs(pairs: list[tuple[int, int]], tokens: list[int], window: int = 3) -> list[tuple[int, int]]:
    """Question word pairs found within `window` words of each other in the sentence."""
    where: dict[int, list[int]] = {}
    for position, token in enumerate(tokens):
        where.setdefault(token, []).append(position)
    kept = []
    for a, b in pairs:
        pa, pb = where.get(a), where.get(b)
        if pa and pb and any(abs(x - y) <= window for x in pa for y in pb):
            kept.append((a, b))
    return kept


def chosen_explain(engine: Engine, best: Scored, sentence: Sentence | None = None) -> dict:
    """The explanation of the chosen candidate (`sentence`: its Sentence, when already made)."""
    if sentence is None:
        sentence = engine.sentences[best.sentence_id]
    scores = best.contributions
    if scores is None:
        scores = term_scores(engine, best.matched, best.sentence_id)
    contributions = {t: round(v, 4) for t, v in scores.items()}
    out = {
        "document": sentence.document,
        "line": sentence.line,
        "matched": list(best.matched),
        "contributions": contributions,
        "bm25": round(best.bm25, 4),
        "bonuses": {name: round(value, 4) for name, value in best.bonuses.items() if value},
        "score": round(best.score, 4),
    }
    out.update({k: v for k, v in best.notes.items()})
    if sentence.section:
        from_heading = set(heading_terms(sentence))
        out["from heading"] = [t for t in best.matched if t in from_heading]
    return out


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


def idf_weights(engine: Engine, terms: list[str], unseen_weight: float = 1.0) -> dict[str, float]:
    """Each term's idf; a term no sentence has gets `unseen_weight` times the highest idf."""
    index = engine.index
    unseen = unseen_idf(index, unseen_weight)
    vocabulary, idf = index.vocabulary, index.idf
    return {t: idf.item(vocabulary[t]) if t in vocabulary else unseen for t in terms}


def unseen_idf(index: Index, unseen_weight: float) -> float:
    """The weight of a term no sentence has: `unseen_weight` times the highest possible idf."""
    return unseen_weight * idf_value(1, index.size, index.params.variant)
