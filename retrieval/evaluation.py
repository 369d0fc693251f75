"""Answer quality on a question file: accuracy@1/@5, MRR@5, what was refused, speed, by kind.

A question file is JSON Lines with `question` and `answers` (gold answer strings), as in the
SQuAD benchmark, and optionally `kind` (prose, code, list, table, or none: not answered by the
documents) and `doc` or `document` (the answering file). An answer is right when a gold string
occurs in the quoted unit or in the block it shows (its code, list or table). A question with
no gold answers is one the documents do not answer: refusing it is right.
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
from .models import Answer
from .rerank import DEFAULT_POLICY, AnswerPolicy
from .tokenization import fold

NONE = "none"  # the kind of a question the documents do not answer


@dataclass(frozen=True)
class GoldQuestion:
    question: str
    answers: tuple[str, ...]
    doc: str | None = None
    kind: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.answers) and self.kind != NONE


@dataclass(frozen=True)
class Outcome:
    """How the engine did on one question."""

    question: GoldQuestion
    rank: int | None  # of the first right answer among the top 5 (None: none right)
    answered: bool
    got: str | None  # the best answer's text, None when the engine abstained
    cited: str | None  # the best answer's document
    milliseconds: float


@dataclass(frozen=True)
class Miss:
    question: str
    gold: tuple[str, ...]
    got: str | None  # the quoted unit, None when the engine abstained


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def misses(self) -> list[Miss]:
        """Answerable questions not right at rank 1, and off-docs questions answered."""
        wrong = [o for o in self.outcomes if (o.rank != 1 if o.question.answerable else o.answered)]
        return [Miss(o.question.question, o.question.answers, o.got) for o in wrong]

    def metrics(self) -> dict[str, float]:
        """Accuracy and MRR over the answerable questions (no answer counts as wrong), the
        share answered, refusals, speed; and per kind when the file has kinds."""
        out = ranking_metrics(self.outcomes)
        ms = sorted(o.milliseconds for o in self.outcomes) or [0.0]
        out["ms_per_question_mean"] = statistics.fmean(ms)
        out["ms_per_question_p50"] = ms[len(ms) // 2]
        out["ms_per_question_p99"] = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
        with_doc = [o for o in self.outcomes if o.question.doc is not None]
        if with_doc:
            out["cite@1"] = _share(sum(o.cited == o.question.doc for o in with_doc), len(with_doc))
        kinds = sorted({o.question.kind for o in self.outcomes if o.question.kind})
        for kind in kinds:
            of_kind = [o for o in self.outcomes if o.question.kind == kind]
            figures = ranking_metrics(of_kind)
            names = (
                ["questions", "off-docs refused"] if kind == NONE else ["questions", "accuracy@1", "mrr@5"]
            )
            names += [] if kind == NONE else ["answerable refused"]
            out.update({f"{kind}: {name}": figures[name] for name in names})
        return out


def ranking_metrics(outcomes: list[Outcome]) -> dict[str, float]:
    answerable = [o for o in outcomes if o.question.answerable]
    off_docs = [o for o in outcomes if not o.question.answerable]
    n = len(answerable)
    out: dict[str, float] = {
        "questions": len(outcomes),
        "accuracy@1": _share(sum(o.rank == 1 for o in answerable), n),
        "accuracy@5": _share(sum(o.rank is not None for o in answerable), n),
        "mrr@5": _share(sum(1 / o.rank for o in answerable if o.rank), n) if n else 0.0,
        "answered": _share(sum(o.answered for o in outcomes), len(outcomes)),
    }
    if off_docs or any(o.question.kind for o in outcomes):  # refusals matter: say how many
        if answerable:
            out["answerable refused"] = _share(sum(not o.answered for o in answerable), n)
        if off_docs:
            out["off-docs refused"] = _share(sum(not o.answered for o in off_docs), len(off_docs))
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
        doc = row.get("doc", row.get("document"))
        questions.append(GoldQuestion(row["question"], tuple(map(str, gold)), doc, row.get("kind")))
    if not questions:
        raise RetrievalError(f"no questions in {path}")
    return questions


def contains_gold(text: str, gold: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(fold(g) in folded for g in gold if g.strip())


def is_right(answer: Answer, gold: tuple[str, ...]) -> bool:
    """A gold string in what the answer shows: the quoted unit (as written or as shown), the
    block it shows, or the sentence leading into that block."""
    texts = [answer.sentence.text, answer.sentence.clean]
    if answer.block is not None:
        texts += [answer.block.text, answer.block.shown]
    if answer.lead is not None:
        texts += [answer.lead.text, answer.lead.clean]
    return any(contains_gold(text, gold) for text in texts)


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
            answers = answer_question(engine, q.question, top=top, policy=policy).answers
        except RetrievalError:
            answers = ()
        milliseconds = (time.perf_counter() - start) * 1000
        rank = next((i for i, a in enumerate(answers[:5], 1) if is_right(a, q.answers)), None)
        best = answers[0] if answers else None
        got = best.sentence.clean if best else None
        cited = best.sentence.document if best else None
        report.outcomes.append(Outcome(q, rank, bool(answers), got, cited, milliseconds))
    return report
