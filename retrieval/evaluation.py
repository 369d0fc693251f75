"""Answer quality on a question file: accuracy@1/@5, MRR@5, share answered, speed.

A question file is JSON Lines with `question` and `answers` (gold answer strings), as in the
SQuAD benchmark; an answer is right when a gold string occurs in the quoted sentence.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from .answer import answer_question
from .engine import Engine
from .errors import RetrievalError
from .rerank import DEFAULT_POLICY, AnswerPolicy
from .tokenization import fold


@dataclass(frozen=True)
class GoldQuestion:
    question: str
    answers: tuple[str, ...]
    doc: str | None = None


@dataclass(frozen=True)
class Miss:
    question: str
    gold: tuple[str, ...]
    got: str | None  # the quoted sentence, None when the engine abstained


@dataclass
class Report:
    questions: int = 0
    hits_at_1: int = 0
    hits_at_5: int = 0
    reciprocal_ranks: float = 0.0
    answered: int = 0
    cited_right_doc: int = 0
    with_doc: int = 0
    milliseconds: list[float] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        n = max(self.questions, 1)
        ms = sorted(self.milliseconds) or [0.0]
        out = {
            "questions": self.questions,
            "accuracy@1": self.hits_at_1 / n,
            "accuracy@5": self.hits_at_5 / n,
            "mrr@5": self.reciprocal_ranks / n,
            "answered": self.answered / n,
            "ms_per_question_mean": statistics.fmean(ms),
            "ms_per_question_p50": ms[len(ms) // 2],
            "ms_per_question_p99": ms[min(len(ms) - 1, int(0.99 * len(ms)))],
        }
        if self.with_doc:
            out["cite@1"] = self.cited_right_doc / self.with_doc
        return out


def load_questions(path: str | Path) -> list[GoldQuestion]:
    """Read a question file; a malformed line is an error naming the line."""
    questions = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RetrievalError(f"cannot read question file {path}: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold = row["answers"]
            if not isinstance(row["question"], str) or not isinstance(gold, list):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            raise RetrievalError(
                f"{path}, line {number}: expected a JSON object with `question` and `answers`"
            ) from None
        questions.append(GoldQuestion(row["question"], tuple(map(str, gold)), row.get("doc")))
    if not questions:
        raise RetrievalError(f"no questions in {path}")
    return questions


def contains_gold(text: str, gold: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(fold(g) in folded for g in gold if g.strip())


def evaluate(
    engine: Engine,
    questions: list[GoldQuestion],
    policy: AnswerPolicy = DEFAULT_POLICY,
    top: int = 5,
) -> Report:
    report = Report()
    for q in questions:
        start = time.perf_counter()
        try:
            result = answer_question(engine, q.question, top=top, policy=policy)
        except RetrievalError:
            result = None
        report.milliseconds.append((time.perf_counter() - start) * 1000)
        report.questions += 1
        answers = result.answers if result else ()
        if answers:
            report.answered += 1
        if q.doc is not None:
            report.with_doc += 1
            report.cited_right_doc += bool(answers) and answers[0].sentence.document == q.doc
        rank = next(
            (i for i, a in enumerate(answers[:5], 1) if contains_gold(a.sentence.text, q.answers)),
            None,
        )
        if rank is not None:
            report.reciprocal_ranks += 1 / rank
            report.hits_at_5 += 1
            report.hits_at_1 += rank == 1
        if rank != 1:
            got = answers[0].sentence.clean if answers else None
            report.misses.append(Miss(q.question, q.answers, got))
    return report
