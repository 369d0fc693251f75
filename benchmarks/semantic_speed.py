"""Speed and memory of the shipped static embedder (docs/semantic.md).

    .venv/bin/python benchmarks/semantic_speed.py
    TOKENIZERS_PARALLELISM=false .venv/bin/python benchmarks/semantic_speed.py   # one thread

Load time; throughput over real units (the 5,165 Punkt sentences of SQuAD docs-dev and the
1,826 raw paragraphs of docs-dev; best of 3); one question at a time with `encode_one` (the
150 reworded SQuAD questions and the 100 answerable docs-dev questions, 5 rounds: p50 and
p99); and the peak RSS (VmHWM) of fresh processes: numpy only, the import, the model loaded.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.semantic_options import DOCS_DEV, docs_passages, load_jsonl  # noqa: E402
from benchmarks.semantic_squad import QUESTIONS, SQUAD_DEV, squad_sentences  # noqa: E402
from retrieval.embedding import StaticEmbedder  # noqa: E402

RSS_PROBES = (
    ("python + numpy", "import numpy"),
    ("+ import retrieval.embedding (and so the retrieval package)", "import retrieval.embedding"),
    ("+ load the model, encode one question", (
        "from retrieval.embedding import StaticEmbedder; StaticEmbedder.load().encode_one('how do i')"
    )),
)


def child_peak_rss_mb(code: str) -> float:
    """Peak RSS (VmHWM, MB) of a new Python process that runs code (Linux /proc)."""
    probe = f"{code}\nprint(next(line for line in open('/proc/self/status') if line.startswith('VmHWM')))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, cwd=ROOT, capture_output=True, text=True)
    return int(out.stdout.split()[-2]) / 1024


def main() -> int:
    start = time.perf_counter()
    embedder = StaticEmbedder.load()
    took = time.perf_counter() - start
    print(f"load: {1000 * took:.0f} ms ({embedder.vectors.shape} {embedder.vectors.dtype})")

    for name, units in (("SQuAD docs-dev sentences", squad_sentences(SQUAD_DEV)),
                        ("docs-dev paragraphs", docs_passages(DOCS_DEV / "docs"))):
        best = min(_timed(embedder.encode, units) for _ in range(3))
        chars = sum(len(u) for u in units) / len(units)
        rate = len(units) / best
        print(f"encode {len(units)} {name} (mean {chars:.0f} chars): {best:.3f} s, {rate:,.0f} units/s")

    questions = [q["question"] for q in load_jsonl(QUESTIONS)]
    questions += [q["question"] for q in load_jsonl(DOCS_DEV / "questions-dev.jsonl") if q["answers"]]
    times = [_timed(embedder.encode_one, q) * 1e3 for _ in range(5) for q in questions]
    cuts = statistics.quantiles(times, n=100)
    print(f"encode_one, {len(questions)} questions x 5: p50 {cuts[49]:.3f} ms, p99 {cuts[98]:.3f} ms")

    for name, code in RSS_PROBES:
        print(f"peak RSS, {name}: {child_peak_rss_mb(code):.0f} MB")
    return 0


def _timed(fn, arg) -> float:
    start = time.perf_counter()
    fn(arg)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
