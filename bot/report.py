"""What the question log says: the figures of `/stats` and the groups of `/unanswered`.

One `Report` is built from a read-only connection, for one server or all, over the last N
days; `/stats`, `/unanswered` and `python -m bot report` only format it. A question "went
unanswered" when it got no answer, only related passages, or more "Not helpful" votes than
"Helpful" ones. Questions are grouped when they have the same question word and the same
content terms (the engine's own: stopwords out, stemmed, order and repeats ignored), so "How
many trucks entered Gaza?" and "how many trucks have entered gaza" are one line.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval import tokenize

DAY = 86_400.0
WORD_RE = re.compile(r"[^\W\d_]+")
QUESTION_WORDS = {"what": "what", "which": "what", "who": "who", "whom": "who", "whose": "who",
                  "when": "when", "where": "where", "why": "why", "how": "how"}  # fmt: skip
TOP = 5  # slowest answers and top documents shown
OUTCOME_NAMES = {
    "answered": "answered",
    "related": "related passages only",
    "no_answer": "no answer",
    "refused": "refused input",
}
# Refused input (too short, too long) is counted, but is not a question the documents missed.
UNANSWERED = """
SELECT q.question, q.time, q.outcome,
       coalesce(sum(v.helpful = 1), 0) AS helpful, coalesce(sum(v.helpful = 0), 0) AS unhelpful
FROM questions AS q LEFT JOIN votes AS v ON v.question_id = q.id
WHERE q.time >= :since AND (:guild IS NULL OR q.guild_id = :guild) AND q.outcome != 'refused'
GROUP BY q.id
HAVING q.outcome IN ('no_answer', 'related') OR unhelpful > helpful
ORDER BY q.time
"""
IN_WINDOW = "time >= :since AND (:guild IS NULL OR guild_id = :guild)"
OUTCOMES = f"SELECT outcome, count(*) FROM questions WHERE {IN_WINDOW} GROUP BY outcome"
PER_DAY = f"""
SELECT CAST((:now - time) / {DAY} AS INTEGER), count(*) FROM questions WHERE {IN_WINDOW} GROUP BY 1
"""
VOTES = f"""
SELECT coalesce(sum(v.helpful), 0), count(*) FROM votes AS v
WHERE v.question_id IN (SELECT id FROM questions WHERE {IN_WINDOW})
"""
SLOWEST = f"""
SELECT latency_ms, question, outcome FROM questions
WHERE {IN_WINDOW} AND outcome != 'refused' ORDER BY latency_ms DESC, time DESC LIMIT {TOP}
"""
TOP_DOCUMENTS = f"""
SELECT document, count(*) FROM questions WHERE {IN_WINDOW} AND outcome = 'answered'
GROUP BY document ORDER BY count(*) DESC, document LIMIT {TOP}
"""


@dataclass
class Group:
    """Questions that ask the same thing: how often, how they went, the latest wording."""

    terms: tuple[str, ...]
    question: str = ""  # the latest wording
    count: int = 0
    no_answer: int = 0
    related: int = 0
    not_helpful: int = 0  # answered, but voted not helpful
    last_asked: float = 0.0

    def reasons(self) -> list[tuple[str, int]]:
        """Why it went unanswered: ("no answer", 2), ("related only", 1), ("not helpful", 1)."""
        kinds = (
            ("no answer", self.no_answer),
            ("related only", self.related),
            ("not helpful", self.not_helpful),
        )
        return [(name, count) for name, count in kinds if count]

    def add(self, question: str, time: float, outcome: str) -> None:
        self.count += 1
        self.no_answer += outcome == "no_answer"
        self.related += outcome == "related"
        self.not_helpful += outcome == "answered"
        if time >= self.last_asked:
            self.question, self.last_asked = question, time


@dataclass(frozen=True)
class Report:
    days: int
    now: float
    guild_id: int | None = None  # None: every server (and direct messages)
    outcomes: dict[str, int] = field(default_factory=dict)
    per_day: tuple[int, ...] = ()  # index 0: the last 24 hours, 1: the 24 before...
    helpful: int = 0
    votes: int = 0
    slowest: tuple[tuple[float, str, str], ...] = ()  # (milliseconds, question, outcome)
    top_documents: tuple[tuple[str, int], ...] = ()
    groups: tuple[Group, ...] = ()

    @property
    def since(self) -> float:
        return self.now - self.days * DAY

    @property
    def questions(self) -> int:
        return sum(self.outcomes.values())

    @property
    def asked(self) -> int:
        """Questions, not counting refused input."""
        return self.questions - self.outcomes.get("refused", 0)

    @property
    def answered_share(self) -> float | None:
        return self.outcomes.get("answered", 0) / self.asked if self.asked else None

    @property
    def helpful_share(self) -> float | None:
        return self.helpful / self.votes if self.votes else None


def question_word(question: str) -> str:
    """The question's first question word ("which" counts as "what"), or ""."""
    return next((QUESTION_WORDS[w] for w in WORD_RE.findall(question.casefold()) if w in QUESTION_WORDS), "")


def group_key(question: str) -> tuple[str, ...]:
    """The question word, then the content terms whatever their order (a question without
    any: its words). The question word keeps "When did Tesla go to Karlovac?" apart from "Why
    did Tesla go to Karlovac?" (benchmarks/grouping.py)."""
    terms = tuple(sorted(set(tokenize(question)))) or tuple(question.casefold().split())
    word = question_word(question)
    return (word, *terms) if word else terms


def group(rows: Iterable[tuple[str, float, str, int, int]]) -> tuple[Group, ...]:
    """Unanswered rows -> groups, most asked first (then the most recently asked)."""
    groups: dict[tuple[str, ...], Group] = {}
    for question, time, outcome, _helpful, _unhelpful in rows:
        key = group_key(question)
        groups.setdefault(key, Group(key)).add(question, time, outcome)
    return tuple(sorted(groups.values(), key=lambda g: (-g.count, -g.last_asked, g.question)))


def build_report(conn: sqlite3.Connection, days: int, now: float, guild_id: int | None = None) -> Report:
    """Everything `/stats`, `/unanswered` and `python -m bot report` show, in one read."""
    window = {"since": now - days * DAY, "guild": guild_id, "now": now}
    per_day = [0] * days
    for ago, count in conn.execute(PER_DAY, window):
        if 0 <= ago < days:
            per_day[ago] += count
    helpful, votes = conn.execute(VOTES, window).fetchone()
    return Report(
        days=days,
        now=now,
        guild_id=guild_id,
        outcomes=dict(conn.execute(OUTCOMES, window).fetchall()),
        per_day=tuple(per_day),
        helpful=helpful,
        votes=votes,
        slowest=tuple(conn.execute(SLOWEST, window).fetchall()),
        top_documents=tuple(conn.execute(TOP_DOCUMENTS, window).fetchall()),
        groups=group(conn.execute(UNANSWERED, window)),
    )
