"""Candidates -> ranked sentences: BM25 leaders rescored with what surrounds them.

BM25 over sentences picks the candidates; a rerank of the best 30 adds, in BM25 units (shares
of the best candidate's score), what a sentence's surroundings and shape say:
- its paragraph's and its document's BM25 score (the right article wins over a lookalike);
- question words it lacks that the previous sentence of its paragraph has (more when it opens
  with "It", "He", "This": the subject is there);
- a candidate of the expected answer type ("how many" -> a number, "who" -> a name) that is
  not one of the question's own words.
The weights were tuned on the SQuAD benchmark's dev half (docs/quality.md, with the steps
that were tried and dropped).

A few dozen candidates: plain lists beat numpy's per-call overhead here (numpy stays where a
whole question's terms are looked up at once, and sorts the final order: one lexsort costs
less than a Python sort key per candidate).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import compress

import numpy as np

from . import answer_type
from .english import zipf_frequency
from .evidence import CHANGELOG, FRAGMENT, POINTER
from .index import Hits, Index, leaders, top_k
from .query import Query
from .surroundings import Surroundings, UnitScores


@dataclass(frozen=True)
class AnswerPolicy:
    # No-answer rule (calibrated on dev: in-corpus = dev questions vs docs-dev, off-corpus =
    # dev questions vs docs-test): answer when coverage >= min_coverage, where coverage blends
    # the idf share of the question found in the sentence (with words borrowed from the
    # sentence before) and the share found in its paragraph.
    min_coverage: float = 0.36
    paragraph_coverage: float = 0.5  # weight of the paragraph's coverage in the blend
    unseen_weight: float = 2.0  # a word no document has weighs this many times the rarest word
    # ... times its rarity in English: 1 up to Zipf `rare_zipf`, down to `common_floor` from
    # `common_zipf` ("stuff", "guys" say little; "graphql" much). None: every word alike.
    common_zipf: float | None = None
    rare_zipf: float = 3.0
    common_floor: float = 0.1
    candidates: int = 30  # how many BM25 leaders the rerank considers (0: plain BM25 order)
    paragraph_pool: int = 1  # every sentence of the best this-many paragraphs joins the candidates
    # Rerank weights, tuned on the dev half (benchmarks/quality.py); 0 turns a signal off.
    paragraph_weight: float = 0.35  # bonus for the paragraph's BM25 score (share of the best)
    document_weight: float = 0.25  # bonus for the document's BM25 score (share of the best)
    borrow_weight: float = 0.6  # weight of question words borrowed from the previous sentence
    type_weight: float = 0.3  # bonus for a candidate of the expected answer type
    unit_types: bool = True  # "how much did it cost" wants $/dollars, "what percentage" a %...
    neighbour_weight: float = 0.45  # like borrow_weight, for sentences that open without a pronoun
    # Weak evidence (evidence.py), as a share of the best candidate's BM25 score taken off.
    pointer_weight: float = 0.0  # "See the Timeouts section."
    fragment_weight: float = 0.0  # "From the .env file."
    changelog_weight: float = 0.0  # a changelog or release-notes entry
    # The honest middle ground: no answer, but coverage at least this: show the closest passages.
    related_coverage: float = 0.2
    related: int = 3  # how many


    def rarity(self, word: str) -> float:
        """How much a word the documents lack counts against an answer (1: fully)."""
        zipf = zipf_frequency(word)
        if self.common_zipf is None or zipf <= self.rare_zipf:
            return 1.0
        if zipf >= self.common_zipf:
            return self.common_floor
        share = (zipf - self.rare_zipf) / (self.common_zipf - self.rare_zipf)
        return 1.0 - share * (1.0 - self.common_floor)


DEFAULT_POLICY = AnswerPolicy()
BM25_ONLY = AnswerPolicy(candidates=0)  # plain BM25 ranking, as before the rerank


@dataclass
class Scored:
    """One ranked sentence: its BM25 score, the question terms it has, its bonuses.

    The fields after `bonuses` are filled for the best one only: the explanation's record.
    """

    sentence_id: int
    bm25: float
    matched: tuple[str, ...]
    bonuses: dict[str, float]
    contributions: dict[str, float] | None = None  # each matched term's BM25 score, when known
    answer_type: str | None = None
    type_candidates: tuple[str, ...] = ()  # its words of the expected kind (at most 5)
    shares: dict[str, float] = field(default_factory=dict)  # unit -> its score, share of the best
    borrowed: tuple[str, ...] = ()  # question terms it borrows from the sentence before

    @property
    def score(self) -> float:
        return self.bm25 + sum(self.bonuses.values())


@dataclass(frozen=True)
class Matches:
    """Which question terms (columns, in `Query.ids` order) each candidate (rows) has or borrows."""

    matched: np.ndarray  # bool [n, k]
    borrowed: np.ndarray  # bool [n, k]: lacks, but the previous sentence of its paragraph has
    borrow_score: list[float] | None  # the borrowed terms' score per candidate; None: nothing
    positions: np.ndarray  # [k, n] where in the index's postings (term, candidate) is, if matched


@dataclass(frozen=True)
class TypeCheck:
    """The answer-type bonus per candidate, and the typed words of those that have one."""

    bonus: list[float]
    words: dict[int, list[str]]  # candidate position -> its words of the expected kind


def rerank(index: Index, around: Surroundings, query: Query, hits: Hits, top: int, policy: AnswerPolicy):
    """The `top` sentences, best first (ties: document order), as `Scored`."""
    if policy.candidates <= 0:
        return [Scored(i, s, index.terms_in(i, query.unique), {}) for i, s in top_k(hits, top)]
    leader_ids, leader_scores = leaders(hits, max(top, policy.candidates))
    ids, bm25 = leader_ids.tolist(), leader_scores.tolist()  # the candidates and their BM25 scores
    floor = query.plus_floor(index.params.delta) if index.params.variant == "plus" else 0.0
    scale = max(bm25[0] - floor, 1e-9)  # the best candidate's own BM25 match
    term_ids = query.term_ids()
    paragraph_scores = around.passages.scores(term_ids)  # also picks the passages to pool
    if policy.paragraph_pool:
        pooled = UnitScores.best(paragraph_scores, policy.paragraph_pool)
        more_ids, more_bm25 = pooled_sentences(around, hits, ids, pooled, floor)
        ids, bm25 = ids + more_ids, bm25 + more_bm25
    id_array = np.array(ids, dtype=np.int64)
    bonuses, shares = unit_bonuses(around, term_ids, paragraph_scores, id_array, scale, policy)
    found = find_matches(index, around, query, id_array, policy)
    if found.borrow_score is not None:
        bonuses["previous sentence"] = found.borrow_score
    weak = weak_evidence(around.flags[id_array], scale, policy)
    if weak is not None:
        bonuses["weak evidence"] = weak
    total = bm25
    for values in bonuses.values():
        total = _added(total, values)
    kind = query.kind if policy.type_weight else None
    typed = None
    if kind and kind != answer_type.NAME:  # "which team": a name bonus did not help (dropped)
        typed = type_bonus(around, query, kind, policy.type_weight * scale, ids, total, top)
        bonuses["answer type"] = typed.bonus
        total = _added(total, typed.bonus)
    order = np.lexsort((id_array, -np.array(total)))[:top].tolist()  # best first; ties: document order
    ranked = ranked_candidates(query, ids, bm25, bonuses, found.matched[order].tolist(), order)
    chosen, best = ranked[0], order[0]
    chosen.answer_type = kind
    chosen.type_candidates = tuple(typed.words.get(best, ())[:5]) if typed else ()
    chosen.shares = {name: round(values[best], 4) for name, values in shares.items()}
    chosen.borrowed = tuple(compress(query.ids, found.borrowed[best].tolist()))
    chosen.contributions = matched_scores(index, query, found, best, chosen.matched)
    return ranked


def ranked_candidates(query: Query, ids, bm25, bonuses, matched: list[list[bool]], order) -> list[Scored]:
    """The candidates in `order` as Scored (`matched`: their rows of `Matches.matched`)."""
    names = list(query.ids)
    return [
        Scored(
            ids[n],
            bm25[n],
            tuple(compress(names, matched[row])),
            {name: values[n] for name, values in bonuses.items() if values[n]},
        )
        for row, n in enumerate(order)
    ]


def matched_scores(index: Index, query: Query, found: Matches, n: int, matched) -> dict[str, float]:
    """Each term candidate `n` has -> its BM25 score there."""
    have = set(matched)
    spots = zip(query.ids.items(), found.positions[:, n].tolist(), strict=True)
    return {t: index.term_score(tid, pos) for (t, tid), pos in spots if t in have}


def pooled_sentences(
    around: Surroundings, hits: Hits, candidates: list[int], paragraphs: list[int], floor: float
) -> tuple[list[int], list[float]]:
    """The sentences of these paragraphs that are not candidates yet, and their BM25 scores
    (BM25Plus's floor for a sentence that shares no word with the question)."""
    have = set(candidates)
    starts = around.passage_starts
    new = [i for u in paragraphs for i in range(starts.item(u), starts.item(u + 1)) if i not in have]
    if not new:
        return [], []
    ids, count = hits.ids, len(hits.ids)
    scores = []
    for i, p in zip(new, ids.searchsorted(new).tolist(), strict=True):
        found = p < count and ids.item(p) == i
        scores.append(hits.scores.item(p) if found else floor)
    return new, scores


def unit_bonuses(
    around: Surroundings, term_ids: list[int], paragraph_scores, ids: np.ndarray, scale: float, policy
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """The paragraph and document bonuses per candidate, and the shares they come from."""
    bonuses: dict[str, list[float]] = {}
    shares: dict[str, list[float]] = {}
    units = (
        ("paragraph", around.passage_of, policy.paragraph_weight, lambda: paragraph_scores),
        ("document", around.document_of, policy.document_weight, lambda: around.documents.scores(term_ids)),
    )
    for name, unit_of, weight, scores in units:
        if weight:
            shares[name] = UnitScores.shares(scores(), unit_of[ids]).tolist()
            bonuses[name] = [weight * scale * v for v in shares[name]]
    return bonuses, shares


def weak_evidence(flags: np.ndarray, scale: float, policy: AnswerPolicy) -> list[float] | None:
    """The (negative) bonus of candidates that are weak evidence; None when none is."""
    if not flags.any():
        return None
    penalty = np.zeros(len(flags))
    for flag, weight in (
        (POINTER, policy.pointer_weight),
        (FRAGMENT, policy.fragment_weight),
        (CHANGELOG, policy.changelog_weight),
    ):
        if weight:
            penalty -= weight * scale * ((flags & flag) > 0)
    return penalty.tolist() if penalty.any() else None


def find_matches(index: Index, around: Surroundings, query: Query, ids: np.ndarray, policy) -> Matches:
    """Per candidate: which question terms it has, which it borrows from the sentence before
    (terms it lacks that the previous sentence of its paragraph has), and the borrowed score.
    """
    n = len(ids)
    if not query.ids:
        empty = np.zeros((n, 0), dtype=bool)
        return Matches(empty, empty, None, np.zeros((0, n), dtype=np.int64))
    factor = np.array([0.0, policy.neighbour_weight, policy.borrow_weight])[around.follows[ids]]
    can_borrow = bool(factor.any())
    both = np.concatenate([ids, ids - 1]) if can_borrow else ids
    tids = np.array(list(query.ids.values()), dtype=np.int64)
    has, pos = index.find_postings(tids, both)
    matched = has[:, :n]
    if not can_borrow:
        return Matches(matched.T, np.zeros_like(matched.T), None, pos[:, :n])
    borrowed = has[:, n:] & ~matched & (factor > 0)
    score = None
    if borrowed.any():
        weight = index.weights[pos[:, n:]] - index.floors[tids][:, None]  # as Index.term_score
        score = ((weight * borrowed).sum(axis=0) * factor).tolist()
    return Matches(matched.T, borrowed.T, score, pos[:, :n])


def type_bonus(
    around: Surroundings, query: Query, kind: str, weight: float, ids: list[int], total: list[float], top: int
) -> TypeCheck:
    """The answer-type bonus per candidate, checked best first while it can still matter
    (a check per sentence: candidates that cannot reach the top are not looked at)."""
    bonus = [0.0] * len(ids)
    words: dict[int, list[str]] = {}
    best: list[float] = []  # min-heap: the `top` best final scores so far
    for n in sorted(range(len(ids)), key=total.__getitem__, reverse=True):  # stable: ties keep order
        base = total[n]
        if len(best) == top and base + weight < best[0]:
            break  # neither this candidate nor any after it can reach the top
        found = answer_type.candidates(around.typed_words(ids[n]), kind, query.own_words)
        if found and weight:
            bonus[n] = weight
            words[n] = found
        final = base + bonus[n]
        if len(best) < top:
            heapq.heappush(best, final)
        elif final > best[0]:
            heapq.heapreplace(best, final)
    return TypeCheck(bonus, words)


def _added(a: list[float], b: list[float]) -> list[float]:
    return [x + y for x, y in zip(a, b, strict=True)]
