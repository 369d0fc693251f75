"""Answer-quality tables on the SQuAD benchmark (../shared/bench/squad-dev), one row per step.

    .venv/bin/python benchmarks/quality.py                  # dev: every step, kept and dropped
    .venv/bin/python benchmarks/quality.py --split test     # test (measure once, at the end)
    .venv/bin/python benchmarks/quality.py --abstention     # the no-answer rule's figures
    .venv/bin/python benchmarks/quality.py --speed --baseline-src /tmp/orig   # latency ratio

Ranking rows run `evaluate()` with the no-answer rule off (`AnswerPolicy.never_refusing()`:
both levels), so they measure ranking alone; "ms" is the mean time per question in that run
(a shared machine: noisy). `--speed` times the shipped policy against another checkout's
`retrieval` package (e.g. the commit before this work: `git archive 1520903 | tar -x -C
/tmp/orig`), alternating chunks of all dev questions, best of 3 per chunk, after a warm-up.
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
from retrieval.index import BM25Params  # noqa: E402
from retrieval.rerank import BM25_ONLY, DEFAULT_POLICY, AnswerPolicy  # noqa: E402
from retrieval.surroundings import UNIT_PARAMS  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "squad-dev"
OFF = dict(
    candidates=0,
    paragraph_pool=0,
    paragraph_weight=0.0,
    document_weight=0.0,
    borrow_weight=0.0,
    neighbour_weight=0.0,
    type_weight=0.0,
    unit_types=False,
    semantic_weight=0.0,
    howto_weight=0.0,
    changelog_weight=0.0,
    min_coverage=0.0,
    meaning_threshold=None,
)
FINAL = DEFAULT_POLICY.never_refusing()

# BM25 parameters of the sentence index and of the paragraph/document scores: the first
# steps ran with the first ones; they were re-tuned on dev once the rerank was in place.
FIRST_PARAMS = (BM25Params(k1=0.6, b=0.5), BM25Params(k1=1.2, b=0.75))
SENTENCE_K1 = (BM25Params(k1=0.3, b=0.5), FIRST_PARAMS[1])
SHIPPED_PARAMS = (BM25Params(), UNIT_PARAMS)


def policy(**changes) -> AnswerPolicy:
    return AnswerPolicy(**{**OFF, **changes})


KEPT_1 = dict(candidates=30, paragraph_weight=0.35)
KEPT_2 = dict(KEPT_1, document_weight=0.25)
KEPT_3 = dict(KEPT_2, type_weight=0.3)
KEPT_4 = dict(KEPT_3, borrow_weight=0.6)
KEPT_5 = dict(KEPT_4, neighbour_weight=0.45)
KEPT_6 = dict(KEPT_5, paragraph_pool=1)
KEPT_7 = dict(KEPT_6, unit_types=True)
# Added for real documentation (docs/quality.md, docs-dev): meaning, how-to code, changelogs.
KEPT_8 = dict(KEPT_7, semantic_weight=0.2, howto_weight=0.1, changelog_weight=0.3)

# (step, policy, kept?, BM25 parameters): kept steps are cumulative. The steps tried and
# dropped (word pairs, an idf-coverage bonus, a name bonus for "which team") are in
# docs/quality.md with their figures; their code is gone.
STEPS = [
    ("BM25Plus k1=0.6 b=0.5 (start)", policy(), True, FIRST_PARAMS),
    ("+ paragraph score 0.35 (rerank top 30)", policy(**KEPT_1), True, FIRST_PARAMS),
    ("+ document score 0.25", policy(**KEPT_2), True, FIRST_PARAMS),
    ("+ answer type 0.3 (number/date/person/place)", policy(**KEPT_3), True, FIRST_PARAMS),
    ("+ pronoun opener borrows from previous sentence 0.6", policy(**KEPT_4), True, FIRST_PARAMS),
    ("+ any sentence borrows from previous sentence 0.45", policy(**KEPT_5), True, FIRST_PARAMS),
    ("+ every sentence of the best paragraph is a candidate", policy(**KEPT_6), True, FIRST_PARAMS),
    ("+ money / percentage / measure answer types", policy(**KEPT_7), True, FIRST_PARAMS),
    ("+ sentence BM25 k1 0.3 (re-tuned with the rerank)", policy(**KEPT_7), True, SENTENCE_K1),
    ("+ paragraph/document BM25 k1 0.9 b 0.9", policy(**KEPT_7), True, SHIPPED_PARAMS),
    ("+ meaning 0.2, how-to code 0.1 (tuned on docs-dev)", policy(**KEPT_8), True, SHIPPED_PARAMS),
    ("= shipped DEFAULT_POLICY (abstention off)", FINAL, True, SHIPPED_PARAMS),
]


def row(name: str, report, kept: bool) -> str:
    m = report.metrics()
    return (
        f"| {name} | {m['accuracy@1']:.3f} | {m['accuracy@5']:.3f} | {m['mrr@5']:.3f} | "
        f"{m.get('cite@1', 0):.3f} | {m['ms_per_question_mean']:.2f} | {'kept' if kept else 'dropped'} |"
    )


def engine_with(docs: Path, params: tuple[BM25Params, BM25Params]) -> Engine:
    """An engine over docs with these sentence and paragraph/document BM25 parameters."""
    return Engine.from_folder(docs, params=params[0], unit_params=params[1])


def ranking_table(bench: Path, split: str) -> None:
    questions = load_questions(bench / f"questions-{split}.jsonl")
    engines = {params: engine_with(bench / f"docs-{split}", params) for params in {s[3] for s in STEPS}}
    for engine in engines.values():
        evaluate(engine, questions[:50], FINAL)  # warm up
    sentences = len(next(iter(engines.values())).sentences)
    print(f"{split}: {len(questions)} questions, {sentences} sentences, one index")
    print("| step | acc@1 | acc@5 | MRR@5 | cite@1 | ms | |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, step_policy, kept, params in STEPS:
        print(row(name, evaluate(engines[params], questions, step_policy), kept), flush=True)


def answered_share(engine: Engine, questions, policy: AnswerPolicy = DEFAULT_POLICY) -> float:
    return evaluate(engine, questions, policy).metrics()["answered"]


R = dataclasses.replace
LEXICAL = R(DEFAULT_POLICY, meaning_threshold=None)  # the rule without meaning
NO_ANSWER_RULES = [
    (
        "BM25 ranking, sentence coverage",
        R(BM25_ONLY, meaning_threshold=None, paragraph_coverage=0.0, unseen_weight=1.0),
    ),
    ("rerank, sentence coverage", R(LEXICAL, paragraph_coverage=0.0, unseen_weight=1.0)),
    ("rerank, sentence coverage, unseen words x2", R(LEXICAL, paragraph_coverage=0.0)),
    ("rerank, 0.3 sentence + 0.7 passage coverage", R(LEXICAL, unseen_weight=1.0)),
    ("lexical as shipped: 0.3 + 0.7, unseen x2, missing words by rarity, >= 0.42", LEXICAL),
    ("shipped: >= 0.5, or >= 0.3 and passage cosine >= 0.56", DEFAULT_POLICY),
]


def abstention_table(bench: Path, include_test: bool) -> None:
    """Answered share in-corpus (dev vs docs-dev) and no-answer share off-corpus (dev vs docs-test)."""
    dev_questions = load_questions(bench / "questions-dev.jsonl")
    dev_docs = Engine.from_folder(bench / "docs-dev")
    test_docs = Engine.from_folder(bench / "docs-test")
    header = "| rule | dev vs docs-dev: answered | dev vs docs-test: no answer | first 1,000 dev: no answer |"
    if include_test:
        header += " test vs docs-test: answered |"
    print(header)
    print("| --- " * (header.count("|") - 1) + "|")
    for name, rule in NO_ANSWER_RULES:
        cells = [
            answered_share(dev_docs, dev_questions, rule),
            1 - answered_share(test_docs, dev_questions, rule),
            1 - answered_share(test_docs, dev_questions[:1000], rule),
        ]
        if include_test:
            test_questions = load_questions(bench / "questions-test.jsonl")
            cells.append(answered_share(test_docs, test_questions, rule))
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cells) + " |", flush=True)


def load_answerer(src: Path):
    """`answer_question` and `Engine` from the `retrieval` package under src (fresh import)."""
    import importlib

    for name in [m for m in sys.modules if m == "retrieval" or m.startswith("retrieval.")]:
        del sys.modules[name]
    sys.path.insert(0, str(src))
    try:
        module = importlib.import_module("retrieval")
    finally:
        sys.path.pop(0)
    return module.Engine, module.answer_question


def speed(bench: Path, baseline_src: Path | None, chunk: int = 300) -> None:
    import statistics
    import time

    questions = [q.question for q in load_questions(bench / "questions-dev.jsonl")]
    runs = {}
    for label, src in (("before", baseline_src), ("now", ROOT)):
        if src is None:
            continue
        engine_cls, answer = load_answerer(src)
        engine = engine_cls.from_folder(bench / "docs-dev")
        for q in questions:  # warm up: context, caches
            answer(engine, q)
        runs[label] = (engine, answer)
    means: dict[str, list[float]] = {label: [] for label in runs}
    for start in range(0, len(questions), chunk):
        part = questions[start : start + chunk]
        for label, (engine, answer) in runs.items():
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                for q in part:
                    answer(engine, q)
                best = min(best, time.perf_counter() - t0)
            means[label].append(best / len(part) * 1000)
    result = {label: statistics.fmean(v) for label, v in means.items()}
    print(" ".join(f"{label} {ms:.3f} ms/question" for label, ms in result.items()), end="")
    if "before" in result:
        print(f"  ratio {result['now'] / result['before']:.2f}", end="")
    print(f"  ({len(questions)} dev questions, docs-dev)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--abstention", action="store_true", help="the no-answer figures instead")
    parser.add_argument("--speed", action="store_true", help="latency against --baseline-src")
    parser.add_argument("--baseline-src", type=Path, help="a checkout whose retrieval/ to time against")
    parser.add_argument("--bench", type=Path, default=BENCH)
    args = parser.parse_args()
    if args.speed:
        speed(args.bench, args.baseline_src)
    elif args.abstention:
        abstention_table(args.bench, include_test=args.split == "test")
    else:
        ranking_table(args.bench, args.split)


if __name__ == "__main__":
    main()
