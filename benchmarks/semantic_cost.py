"""What meaning costs: build throughput, time per question and memory, semantic on against off.

    .venv/bin/python benchmarks/semantic_cost.py --sentences 20000
    .venv/bin/python benchmarks/semantic_cost.py --sentences 1000000 --folder /path/to/corpus --cache DIR

Each measurement runs in its own process (so its peak RSS is its own), on the synthetic
corpus of benchmarks/corpus.py: a build with an empty cache, then questions against a warm one
(200 questions, p50/p99 of `answer_question`), with `semantic` "on" and "off". The machine is
shared and noisy: compare on against off within one run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def child(folder: str, cache: str, mode: str, questions: list[str]) -> dict:
    from retrieval import Engine, answer_question

    started = time.perf_counter()
    engine = Engine.from_folder(folder, cache_dir=cache, semantic=mode, show_progress=False)
    build = time.perf_counter() - started
    times = []
    for question in questions:
        t0 = time.perf_counter()
        answer_question(engine, question)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "mode": mode,
        "units": len(engine.sentences),
        "build_s": build,
        "units_per_s": len(engine.sentences) / build,
        "p50_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(0.99 * len(times)))],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(folder: Path, cache: Path, mode: str, questions: list[str]) -> dict:
    args = [sys.executable, __file__, "--child", str(folder), str(cache), mode, json.dumps(questions)]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--folder", type=Path, help="an existing corpus folder (default: write one)")
    parser.add_argument("--cache", type=Path, help="the index cache to use (default: a new one)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, cache, mode, questions = args.child
        print(json.dumps(child(folder, cache, mode, json.loads(questions))))
        return
    import corpus

    texts = corpus.sentences(args.sentences)
    questions = corpus.questions(texts, 200)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp) / "corpus"
        if args.folder is None:
            corpus.write_folder(folder, texts)
        for mode in ("off", "on"):
            cache = args.cache or Path(tmp) / f"cache-{mode}"
            cold = run(folder, cache, mode, questions[:5])  # the build, empty cache (or vectors to add)
            warm = run(folder, cache, mode, questions)
            print(
                f"semantic {mode}: {cold['units']:,} units, build {cold['build_s']:.1f} s "
                f"({cold['units_per_s']:,.0f} units/s), start {warm['build_s']:.2f} s, "
                f"p50 {warm['p50_ms']:.2f} ms, p99 {warm['p99_ms']:.2f} ms, "
                f"peak RSS {warm['peak_rss_mb']:,.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
