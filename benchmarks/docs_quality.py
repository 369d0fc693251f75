"""Answer quality on real documentation (../shared/bench/docs-dev): policies side by side.

    .venv/bin/python benchmarks/docs_quality.py                 # dev half, the shipped policy
    .venv/bin/python benchmarks/docs_quality.py --grid           # dev half, the tuning rows
    .venv/bin/python benchmarks/docs_quality.py --split check    # the check half (report once)
    .venv/bin/python benchmarks/docs_quality.py --squad          # + the SQuAD guards (dev)

One engine over all of docs-dev/docs; each row evaluates a policy on the questions of the
split. The figures are the issue's: acc@1 over the answerable questions (no answer counts as
wrong), acc@1 on code and list questions, MRR@5, and what was refused.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval import Engine  # noqa: E402
from retrieval.evaluation import evaluate, load_questions  # noqa: E402
from retrieval.rerank import DEFAULT_POLICY, AnswerPolicy  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"
DOCS = BENCH / "docs-dev"
SQUAD = BENCH / "squad-dev"
R = dataclasses.replace

# (name, policy): tuning rows, each a change against the shipped policy.
GRID: list[tuple[str, AnswerPolicy]] = [
    ("shipped", DEFAULT_POLICY),
    ("no-answer rule off", DEFAULT_POLICY.never_refusing()),
    ("lexical: meaning off (bonus and rule)", R(DEFAULT_POLICY, meaning_threshold=None, semantic_weight=0.0)),
    ("- meaning bonus (rule kept)", R(DEFAULT_POLICY, semantic_weight=0.0)),
    ("- how-to code bonus", R(DEFAULT_POLICY, howto_weight=0.0)),
    ("- answer types (reason, number ...)", R(DEFAULT_POLICY, type_weight=0.0)),
    ("- paragraph (passage) bonus", R(DEFAULT_POLICY, paragraph_weight=0.0)),
    ("- document bonus", R(DEFAULT_POLICY, document_weight=0.0)),
    ("- words borrowed from the sentence before", R(DEFAULT_POLICY, borrow_weight=0.0, neighbour_weight=0.0)),
    ("- rarity of missing words (every word alike)", R(DEFAULT_POLICY, common_zipf=None)),
    ("+ fragments weigh 0.2 less (dropped)", R(DEFAULT_POLICY, fragment_weight=0.2)),
    ("+ pointers weigh 0.3 less (no change)", R(DEFAULT_POLICY, pointer_weight=0.3)),
    (
        "+ 30 units closest in meaning join the candidates (no change)",
        R(DEFAULT_POLICY, semantic_candidates=30),
    ),
    ("+ passage meaning bonus 0.8 (dropped)", R(DEFAULT_POLICY, semantic_passage_weight=0.8)),
]

COLUMNS = (
    ("acc@1", "accuracy@1"),
    ("MRR@5", "mrr@5"),
    ("prose", "prose: accuracy@1"),
    ("code", "code: accuracy@1"),
    ("list", "list: accuracy@1"),
    ("table", "table: accuracy@1"),
    ("refused answerable", "answerable refused"),
    ("refused off-docs", "off-docs refused"),
    ("ms", "ms_per_question_mean"),
)


def table_row(name: str, metrics: dict) -> str:
    cells = [
        f"{metrics.get(key, 0.0):.3f}" if key != "ms_per_question_mean" else f"{metrics[key]:.2f}"
        for _, key in COLUMNS
    ]
    return f"| {name} | " + " | ".join(cells) + " |"


def docs_table(split: str, rows: list[tuple[str, AnswerPolicy]]) -> None:
    engine = Engine.from_folder(DOCS / "docs")
    questions = load_questions(DOCS / f"questions-{split}.jsonl")
    print(f"docs-dev {split}: {len(questions)} questions, {len(engine.sentences):,} units")
    print("| policy | " + " | ".join(name for name, _ in COLUMNS) + " |")
    print("| --- " * (len(COLUMNS) + 1) + "|")
    for name, policy in rows:
        print(table_row(name, evaluate(engine, questions, policy).metrics()), flush=True)


def squad_guards(policy: AnswerPolicy) -> None:
    """SQuAD dev in-corpus (acc@1, answered) and its first 1,000 questions off-corpus."""
    questions = load_questions(SQUAD / "questions-dev.jsonl")
    inside = evaluate(Engine.from_folder(SQUAD / "docs-dev"), questions, policy).metrics()
    outside = evaluate(Engine.from_folder(SQUAD / "docs-test"), questions[:1000], policy).metrics()
    print(
        f"SQuAD dev: acc@1 {inside['accuracy@1']:.4f} MRR@5 {inside['mrr@5']:.4f} "
        f"answered {inside['answered']:.4f}; off-corpus refused {1 - outside['answered']:.4f}"
    )


def tradeoff(split: str) -> None:
    """What the no-answer rule refuses, threshold by threshold: answerable and off-docs
    questions of docs-dev, SQuAD dev in its corpus (first 1,000) and against the other one."""
    docs = Engine.from_folder(DOCS / "docs")
    questions = load_questions(DOCS / f"questions-{split}.jsonl")
    squad = load_questions(SQUAD / "questions-dev.jsonl")[:1000]
    inside, outside = Engine.from_folder(SQUAD / "docs-dev"), Engine.from_folder(SQUAD / "docs-test")
    rows = [
        (f"coverage >= {t}", R(DEFAULT_POLICY, meaning_threshold=None, min_coverage=t)) for t in THRESHOLDS
    ]
    rows += [
        (
            f"coverage >= {strong}, or >= {weak} and passage cosine >= {c}",
            R(
                DEFAULT_POLICY,
                meaning_min_coverage_strong=strong,
                meaning_min_coverage=weak,
                meaning_threshold=c,
            ),
        )
        for strong, weak, c in MEANING_RULES
    ]
    print(f"docs-dev {split} ({len(questions)} questions) and SQuAD dev (first 1,000 questions)")
    columns = ("docs acc@1", "refused answerable", "refused off-docs", "SQuAD answered", "SQuAD off: refused")
    print("| rule | " + " | ".join(columns) + " |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, policy in rows:
        d = evaluate(docs, questions, policy).metrics()
        s_in = evaluate(inside, squad, policy).metrics()["answered"]
        s_off = 1 - evaluate(outside, squad, policy).metrics()["answered"]
        cells = [d["accuracy@1"], d["answerable refused"], d["off-docs refused"], s_in, s_off]
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |", flush=True)


THRESHOLDS = (0.30, 0.36, 0.42, 0.50)
MEANING_RULES = ((0.5, 0.3, 0.56), (0.5, 0.3, 0.6), (0.5, 0.34, 0.56), (0.42, 0.3, 0.62))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "check"), default="dev")
    parser.add_argument("--grid", action="store_true", help="every tuning row, not just the shipped policy")
    parser.add_argument("--squad", action="store_true", help="also the SQuAD guards for the shipped policy")
    parser.add_argument("--tradeoff", action="store_true", help="the no-answer rule's trade-off table")
    args = parser.parse_args()
    if args.tradeoff:
        tradeoff(args.split)
        return
    docs_table(args.split, GRID if args.grid else GRID[:1])
    if args.squad:
        squad_guards(DEFAULT_POLICY)


if __name__ == "__main__":
    main()
