"""What the question log costs: time on the answer path, and disk per 100,000 questions.

    .venv/bin/python benchmarks/question_log.py [--rounds 3] [--rows 100000]

1. The answer path with and without the log, in the same process, question by question:
   `answer_question` then, with the log, `QuestionLog.record` (what `bot/ask.py` does between
   ranking and replying), while the log's writer thread writes to a real file meanwhile. The
   two variants alternate per question (which goes first alternates too), so drift and
   caches hit both alike. Prints p50 / p90 of each, and the p50 of the paired differences.
2. A log of `--rows` questions written through the store as the bot writes them (SQuAD
   questions as the text, the outcomes and votes of a busy server), then its size on disk.

Uses the SQuAD articles and questions of ../shared/bench/squad-dev when present, else the
shipped seeds/ with a few questions. Timings are noisy on a busy machine: read the paired
difference, and run it twice.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.asked import Asked  # noqa: E402
from bot.store import FILE_NAME, QuestionLog  # noqa: E402
from retrieval import Engine, answer_question  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "squad-dev"
SEED_QUESTIONS = ["How many aid trucks have entered Gaza?", "Who backs Hezbollah?", "How do I bake bread?"]


def corpus() -> tuple[Engine, list[str]]:
    if not (BENCH / "docs-dev").is_dir():
        return Engine.from_folder(ROOT / "seeds"), SEED_QUESTIONS * 100
    lines = (BENCH / "questions-dev.jsonl").read_text(encoding="utf-8").splitlines()
    return Engine.from_folder(BENCH / "docs-dev"), [json.loads(line)["question"] for line in lines]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def answer_path(engine: Engine, questions: list[str], rounds: int, folder: Path) -> None:
    question_log = QuestionLog.open(folder, 90)
    plain, logged, paired, record_only = [], [], [], []
    for n, question in enumerate(questions * rounds):
        times = {}
        for variant in ("plain", "logged") if n % 2 else ("logged", "plain"):
            started = time.perf_counter()
            result = answer_question(engine, question)
            if variant == "logged":
                before = time.perf_counter()
                question_log.record(Asked(question, n % 5000, 1, 2), result, (before - started) * 1000)
                record_only.append(time.perf_counter() - before)
            times[variant] = time.perf_counter() - started
        plain.append(times["plain"])
        logged.append(times["logged"])
        paired.append(times["logged"] - times["plain"])
    question_log.close()
    ms = 1000
    print(f"answer path, {len(plain):,} questions per variant ({len(questions):,} distinct x {rounds}):")
    for name, values in (("without the log", plain), ("with the log", logged)):
        p50, p90 = percentile(values, 50) * ms, percentile(values, 90) * ms
        print(f"  {name:<16} p50 {p50:7.3f} ms   p90 {p90:7.3f} ms")
    print(f"  paired difference (with - without): p50 {statistics.median(paired) * ms:+.3f} ms")
    alone = [seconds * 1e6 for seconds in record_only]
    print(f"  record() alone: p50 {statistics.median(alone):.1f} µs, max {max(alone):.0f} µs")
    print(f"  p50 ratio with / without: {statistics.median(logged) / statistics.median(plain):.3f}")


def disk_size(questions: list[str], rows: int, folder: Path) -> None:
    """`rows` questions over 90 days from 5,000 members; a third voted on, as a server might."""
    rng = random.Random(13)
    clock = [time.time() - 89 * 86_400]
    question_log = QuestionLog.open(folder, 90, clock=lambda: clock[0])
    started = time.perf_counter()
    for n in range(rows):
        clock[0] += 89 * 86_400 / rows
        question = questions[n % len(questions)]
        row = question_log.record(
            Asked(question, rng.randrange(5000), 1 << 60, 1 << 61), None, rng.uniform(2, 40)
        )
        while row is None:  # the queue is full: the writer is behind, let it catch up
            time.sleep(0.001)
            row = question_log.record(Asked(question, rng.randrange(5000), 1 << 60, 1 << 61), None, 5.0)
        if rng.random() < 0.33:
            vote = (row, rng.randrange(5000), rng.random() < 0.7)
            while not question_log.vote(*vote):  # as above: never a vote lost from the count
                time.sleep(0.001)
    question_log.close()
    seconds = time.perf_counter() - started
    size = sum(
        p.stat().st_size for p in folder.iterdir() if p.name.startswith(FILE_NAME) and p.suffix != ".lock"
    )
    with contextlib.closing(sqlite3.connect(folder / FILE_NAME)) as conn:
        (stored,), (votes,) = (
            conn.execute(f"SELECT count(*) FROM {table}").fetchone() for table in ("questions", "votes")
        )
    print(f"database for {stored:,} questions and {votes:,} votes: {size / 1e6:.1f} MB")
    print(f"  {size / rows:.0f} bytes per question: {size / rows * 1e5 / 1e6:.1f} MB per 100,000 questions")
    print(f"  written in {seconds:.1f} s ({rows / seconds:,.0f} questions/s through the writer thread)")
    mean = statistics.mean(len(q.encode()) for q in questions)
    print(f"  (the question text averages {mean:.0f} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked per variant")
    parser.add_argument("--rows", type=int, default=100_000, help="questions in the database-size run")
    args = parser.parse_args()
    engine, questions = corpus()
    print(f"corpus: {len(engine.documents)} documents, {len(engine.sentences):,} sentences")
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        answer_path(engine, questions, args.rounds, Path(first))
        disk_size(questions, args.rows, Path(second))


if __name__ == "__main__":
    main()
