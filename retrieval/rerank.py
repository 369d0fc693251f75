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
from dataclasses import dataclass, field, replace
from itertools import compress

import numpy as np

from . import answer_type
from .english import zipf_frequency
from .evidence import CHANGELOG, FRAGMENT, POINTER
from .index import Hits, Index, leaders, top_k
from .query import Query
from .semantic import SemanticIndex
from .surroundings import Surroundings, UnitScores


@dataclass(frozen=True)
class AnswerPolicy:
    # No-answer rule (calibrated on dev: in-corpus = dev questions vs docs-dev, off-corpus =
    # dev questions vs docs-test): answer when coverage >= min_coverage, where coverage blends
    # the idf share of the question found in the sentence (with words borrowed from the
    # sentence before) and the share found in its paragraph.
    min_coverage: float = 0.42
    paragraph_coverage: float = 0.7  # weight of the passage's coverage in the blend
    unseen_weight: float = 2.0  # a word no document has weighs this many times the rarest word
    # ... times its rarity in English: 1 up to Zipf `rare_zipf`, down to `common_floor` from
    # `common_zipf` ("stuff", "guys" say little; "graphql" much). None: every word alike.
    common_zipf: float | None = 5.0
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
    changelog_weight: float = 0.3  # a changelog or release-notes entry
    # Meaning (semantic.py): the units closest to the question join the candidates, and a
    # candidate's cosine above `semantic_floor` adds this share of the best BM25 match.
    semantic_candidates: int = 0
    semantic_weight: float = 0.2
    semantic_floor: float = 0.3
    semantic_passage_weight: float = 0.0  # the same for the cosine of the unit's passage
    howto_weight: float = 0.1  # "how do I ...": bonus for code, or a sentence leading into code
    # With meaning, the no-answer rule: answer when coverage >= `meaning_min_coverage_strong`,
    # or coverage >= `meaning_min_coverage` and the best unit's passage has a cosine of at
    # least `meaning_threshold` with the question (None: `min_coverage` alone, as without).
    meaning_threshold: float | None = 0.56
    meaning_min_coverage_strong: float = 0.5
    meaning_min_coverage: float = 0.3
    # The honest middle ground: no answer, but coverage at least this: show the closest passages.
    related_coverage: float = 0.2
    related: int = 3  # how many

    def never_refusing(self) -> AnswerPolicy:
        """The same ranking with the no-answer rule off (both levels): for ranking figures."""
        return replace(self, min_coverage=0.0, meaning_threshold=None)

    def rarity(self, word: str) -> float:
        """How much a word the documents lack counts against an answer (1: fully)."""
        if self.common_zipf is not None and any(ch.isdigit() for ch in word):
            return self.common_floor  # "4gb", "user2", "401": values, not topics
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
    similarity: float | None = None  # its cosine with the question, when the engine has vectors
    by_meaning: bool = False  # first only thanks to its closeness in meaning

    @property
    def score(self) -> float:
        return self.bm25 + sum(self.bonuses.values())


@dataclass(frozen=True)
class Meaning:
    """A question's vector and the units' (semantic.SemanticIndex)."""

    vector: np.ndarray
    index: SemanticIndex


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


@dataclass(frozen=True)
class Pool:
    """The candidates of one question: ids, their BM25 scores, and what scales the bonuses."""

    ids: list[int]
    bm25: list[float]
    id_array: np.ndarray
    scale: float  # the best BM25 leader's own match (above BM25Plus's floor)
    term_ids: list[int]
    passage_scores: np.ndarray


def gather(index: Index, around: Surroundings, query: Query, hits: Hits, top: int, policy, meaning) -> Pool:
    """BM25's leaders, every unit of the best passage, and the units closest in meaning."""
    leader_ids, leader_scores = leaders(hits, max(top, policy.candidates))
    ids, bm25 = leader_ids.tolist(), leader_scores.tolist()  # the candidates and their BM25 scores
    floor = query.plus_floor(index.params.delta) if index.params.variant == "plus" else 0.0
    scale = max(bm25[0] - floor, 1e-9)
    term_ids = query.term_ids()
    passage_scores = around.passages.scores(term_ids)  # also picks the passages to pool
    more: list[int] = []
    if policy.paragraph_pool:
        more = around_units(around, UnitScores.best(passage_scores, policy.paragraph_pool))
    if meaning is not None and policy.semantic_candidates:
        more += meaning.index.nearest(meaning.vector, policy.semantic_candidates)[0].tolist()
    more_ids, more_bm25 = bm25_of(hits, ids, more, floor)
    ids, bm25 = ids + more_ids, bm25 + more_bm25
    return Pool(ids, bm25, np.array(ids, dtype=np.int64), scale, term_ids, passage_scores)


def rerank(
    index: Index, around: Surroundings, query: Query, hits: Hits, top: int, policy: AnswerPolicy, meaning=None
) -> list[Scored]:
    """The `top` units, best first (ties: document order), as `Scored`.

    `meaning` (a `Meaning`: the question's vector and the unit vectors) adds the units closest
    in meaning to the candidates and their cosine to the score.
    """
    if policy.candidates <= 0:
        return [Scored(i, s, index.terms_in(i, query.unique), {}) for i, s in top_k(hits, top)]
    pool = gather(index, around, query, hits, top, policy, meaning)
    ids, bm25, id_array, scale = pool.ids, pool.bm25, pool.id_array, pool.scale
    bonuses, shares = unit_bonuses(around, pool.term_ids, pool.passage_scores, id_array, scale, policy)
    found = find_matches(index, around, query, id_array, policy)
    similarity = meaning.index.similarity(meaning.vector, id_array).tolist() if meaning is not None else None
    extra = {
        "previous sentence": found.borrow_score,
        "weak evidence": weak_evidence(around.flags[id_array], scale, policy),
        "code": howto_bonus(around.shows_code[id_array], query, scale, policy),
        "meaning": None if similarity is None else meaning_bonus(similarity, scale, policy),
        "passage meaning": None
        if meaning is None
        else passage_meaning_bonus(around, meaning, id_array, scale, policy),
    }
    bonuses |= {name: values for name, values in extra.items() if values is not None}
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
    chosen.by_meaning = first_by_meaning(total, bonuses, id_array, best)
    for row, n in enumerate(order):
        ranked[row].similarity = None if similarity is None else similarity[n]
    return ranked


def passage_meaning_bonus(
    around: Surroundings, meaning, ids: np.ndarray, scale: float, policy
) -> list[float] | None:
    """The cosine of each candidate's passage (the mean of its units' vectors) with the question."""
    if not policy.semantic_passage_weight:
        return None
    vectors = meaning.index.passage_vectors(around.passage_of)
    cos = vectors[around.passage_of[ids]] @ meaning.vector
    weight, floor = policy.semantic_passage_weight * scale, policy.semantic_floor
    return [weight * max(0.0, c - floor) / (1.0 - floor) for c in cos.tolist()]


def howto_bonus(shows_code: np.ndarray, query: Query, scale: float, policy) -> list[float] | None:
    """A "how do I" question: the bonus of a code block or a sentence leading into one."""
    if not (policy.howto_weight and query.howto and shows_code.any()):
        return None
    return (shows_code * (policy.howto_weight * scale)).tolist()


def first_by_meaning(total: list[float], bonuses: dict[str, list[float]], ids: np.ndarray, best: int) -> bool:
    """Whether another candidate would be first without the bonuses of meaning."""
    meaning = [bonuses[name] for name in ("meaning", "passage meaning") if name in bonuses]
    if not meaning:
        return False
    words_only = np.array(total) - np.sum(meaning, axis=0)
    return int(np.lexsort((ids, -words_only))[0]) != best


def meaning_bonus(similarity: list[float], scale: float, policy: AnswerPolicy) -> list[float] | None:
    """The bonus of closeness in meaning: the cosine above `semantic_floor`, in BM25 units."""
    weight, floor = policy.semantic_weight * scale, policy.semantic_floor
    values = [weight * max(0.0, cos - floor) / (1.0 - floor) for cos in similarity]
    return values if weight and any(values) else None


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


def around_units(around: Surroundings, passages: list[int]) -> list[int]:
    """Every unit of these passages."""
    starts = around.passage_starts
    return [i for u in passages for i in range(starts.item(u), starts.item(u + 1))]


def bm25_of(
    hits: Hits, candidates: list[int], more: list[int], floor: float
) -> tuple[list[int], list[float]]:
    """The units of `more` that are not candidates yet (once each, in order), and their BM25
    scores (BM25Plus's floor for a unit that shares no word with the question)."""
    have = set(candidates)
    new = [i for i in dict.fromkeys(more) if i not in have]
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
