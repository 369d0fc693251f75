"""Answer-quality tables on the SQuAD benchmark (../shared/bench/squad-dev), one row per step.

    .venv/bin/python benchmarks/quality.py                  # dev: every step, kept and dropped
    .venv/bin/python benchmarks/quality.py --split test     # test (measure once, at the end)
    .venv/bin/python benchmarks/quality.py --abstention     # the no-answer rule's figures

Ranking rows run `evaluate()` with abstention off (min_coverage 0), so they measure ranking
alone; "ms" is the mean time per question, and "x" that time over plain BM25's, measured in
the same run (the machine is shared, so only the ratio is comparable between runs).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import Engine  # noqa: E402
from retrieval.answer import DEFAULT_POLICY, AnswerPolicy  # noqa: E402
from retrieval.evaluation import evaluate, load_questions  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "squad-dev"
OFF = dict(
    candidates=0,
    paragraph_weight=0.0,
    document_weight=0.0,
    borrow_weight=0.0,
    neighbour_weight=0.0,
    type_weight=0.0,
    pair_weight=0.0,
    coverage_weight=0.0,
    name_weight=0.0,
    min_coverage=0.0,
)
FINAL = dataclasses.replace(DEFAULT_POLICY, min_coverage=0.0)


def policy(**changes) -> AnswerPolicy:
    return AnswerPolicy(**{**OFF, **changes})


KEPT_1 = dict(candidates=30, paragraph_weight=0.35)
KEPT_2 = dict(KEPT_1, document_weight=0.25)
KEPT_3 = dict(KEPT_2, type_weight=0.3)
KEPT_4 = dict(KEPT_3, borrow_weight=0.6)
KEPT_5 = dict(KEPT_4, neighbour_weight=0.45)

# (step, policy, kept?): kept steps are cumulative; a dropped step is tried on the step before.
STEPS = [
    ("BM25Plus k1=0.6 b=0.5 (start)", policy(), True),
    ("+ paragraph score 0.35 (rerank top 30)", policy(**KEPT_1), True),
    ("+ document score 0.25", policy(**KEPT_2), True),
    ("+ answer type 0.3 (number/date/person/place)", policy(**KEPT_3), True),
    ("+ pronoun opener borrows from previous sentence 0.6", policy(**KEPT_4), True),
    ("+ word pairs within 3 words 0.1", policy(**KEPT_4, pair_weight=0.1), False),
    ("+ any sentence borrows from previous sentence 0.45", policy(**KEPT_5), True),
    ("+ idf coverage bonus 0.2", policy(**KEPT_5, coverage_weight=0.2), False),
    ("+ 'which team / what company' wants a name 0.1", policy(**KEPT_5, name_weight=0.1), False),
    ("= shipped DEFAULT_POLICY (abstention off)", FINAL, True),
]


def row(name: str, report, base_ms: float, kept: bool) -> str:
    m = report.metrics()
    ms = m["ms_per_question_mean"]
    return (
        f"| {name} | {m['accuracy@1']:.3f} | {m['accuracy@5']:.3f} | {m['mrr@5']:.3f} | "
        f"{m.get('cite@1', 0):.3f} | {ms:.2f} | {ms / base_ms:.1f} | {'kept' if kept else 'dropped'} |"
    )


def ranking_table(bench: Path, split: str) -> None:
    engine = Engine.from_folder(bench / f"docs-{split}")
    questions = load_questions(bench / f"questions-{split}.jsonl")
    evaluate(engine, questions[:50], FINAL)  # warm up: builds the paragraph/document context
    print(f"{split}: {len(questions)} questions, {len(engine.sentences)} sentences, one index")
    print("| step | acc@1 | acc@5 | MRR@5 | cite@1 | ms | x | |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    base_ms = None
    for name, step_policy, kept in STEPS:
        if base_ms is not None:  # re-measure the baseline's speed next to each step
            base_ms = evaluate(engine, questions[:1000], STEPS[0][1]).metrics()["ms_per_question_mean"]
        report = evaluate(engine, questions, step_policy)
        if base_ms is None:
            base_ms = report.metrics()["ms_per_question_mean"]
        print(row(name, report, base_ms, kept), flush=True)


def answered_share(engine: Engine, questions, policy: AnswerPolicy = DEFAULT_POLICY) -> float:
    return evaluate(engine, questions, policy).metrics()["answered"]


def abstention_table(bench: Path, include_test: bool) -> None:
    dev_questions = load_questions(bench / "questions-dev.jsonl")
    dev_docs = Engine.from_folder(bench / "docs-dev")
    test_docs = Engine.from_folder(bench / "docs-test")
    p = DEFAULT_POLICY
    print(
        f"no-answer rule: coverage >= {p.min_coverage} "
        f"(paragraph share {p.paragraph_coverage}, unseen words x{p.unseen_weight})"
    )
    print("| questions | documents | answered | no answer |")
    print("| --- | --- | --- | --- |")
    rows = [
        ("dev (in-corpus)", dev_docs, dev_questions),
        ("dev (off-corpus)", test_docs, dev_questions),
        ("first 1,000 dev (off-corpus)", test_docs, dev_questions[:1000]),
    ]
    if include_test:
        rows.append(("test (in-corpus)", test_docs, load_questions(bench / "questions-test.jsonl")))
    for name, engine, questions in rows:
        share = answered_share(engine, questions)
        print(f"| {name} | {Path(engine.folder).name} | {share:.3f} | {1 - share:.3f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--abstention", action="store_true", help="the no-answer figures instead")
    parser.add_argument("--bench", type=Path, default=BENCH)
    args = parser.parse_args()
    if args.abstention:
        abstention_table(args.bench, include_test=args.split == "test")
    else:
        ranking_table(args.bench, args.split)


if __name__ == "__main__":
    main()
