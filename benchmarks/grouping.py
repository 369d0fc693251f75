"""How well `/unanswered` groups "the same question": two rules on real question text.

    .venv/bin/python benchmarks/grouping.py

On the SQuAD dev questions (../shared/bench/squad-dev: 5,696 questions written by different
people about the same paragraphs), every group of two or more questions a rule makes is
checked: the same question asked twice has the same paragraph and the same answer (one gold
answer contains the other, ignoring case and punctuation). Precision is what matters here: a
wrong merge hides a gap from the owner. There are no labelled paraphrase pairs, so recall is
not measured; the merges both rules make are the count of questions grouped.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.report import group_key  # noqa: E402
from retrieval import tokenize  # noqa: E402

QUESTIONS = ROOT.parent / "shared" / "bench" / "squad-dev" / "questions-dev.jsonl"


def terms_only(question: str) -> tuple[str, ...]:
    """The first rule: the same content terms, whatever their order."""
    return tuple(sorted(set(tokenize(question))))


def normalised(answer: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", answer.lower()).strip()


def same_question(group: list[dict]) -> bool:
    if len({(q["doc"], q["paragraph"]) for q in group}) > 1:
        return False
    answers = [normalised(q["answers"][0]) for q in group]
    return all(a in b or b in a for a in answers for b in answers)


def evaluate(name: str, key: Callable[[str], tuple[str, ...]], questions: list[dict]) -> None:
    groups = collections.defaultdict(list)
    for question in questions:
        groups[key(question["question"])].append(question)
    merged = [g for g in groups.values() if len(g) > 1]
    right = sum(map(same_question, merged))
    grouped = sum(len(g) for g in merged)
    print(f"{name:<48} {len(merged):>3} groups of 2+ ({grouped} questions): {right} the same question, "
          f"{len(merged) - right} not (precision {right / len(merged):.0%})")  # fmt: skip


def main() -> None:
    if not QUESTIONS.exists():
        sys.exit(f"needs {QUESTIONS}")
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    print(f"{len(questions):,} SQuAD dev questions")
    evaluate("same content terms", terms_only, questions)
    evaluate("same question word and content terms (shipped)", group_key, questions)


if __name__ == "__main__":
    main()
