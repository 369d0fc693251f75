"""Speed and scale: this engine against rank_bm25, bm25s (numpy, numba) and tantivy, same run.

    python benchmarks/scale.py --sentences 10000 100000 1000000

For each size: writes a deterministic synthetic corpus (benchmarks/corpus.py) as .txt files,
then measures, each engine in its own process (so peak RSS is its own):

- this engine: first build (empty cache), cold start with a warm cache, per-question time of
  `index.search` + `top_k` (what rank_bm25's `get_scores` + sort does) and of the whole
  `answer_question`, peak RSS, index size on disk; and the real path: `python -m retrieval
  ask --json -` over the folder, timed from process start to the first answer (cold start)
  and per question (write a line, read the JSON answer);
- rank_bm25 (BM25Plus, the engine's class and parameters: the definition of the scores) on
  the same sentence terms: build, and a limited number of questions at large sizes; its
  top-10 is checked against ours (ids and scores);
- bm25s (method bm25+, same k1/b/delta) with its numpy and numba backends, and tantivy
  (compiled Rust, BM25 over the same terms): build and per-question time.

Ratios are per-question p50 times against this engine's `search+top_k`, measured in the
same run. Timings on a shared machine are noisy: compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"p50": None, "p99": None, "qps": None, "n": 0}
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return {"p50": statistics.median(ms), "p99": p99, "qps": 1000 * len(ms) / sum(ms), "n": len(ms)}


def folder_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# -- children: one engine each, results as one JSON line on stdout -------------------------------


def question_terms_list(questions: list[str]) -> list[list[str]]:
    from retrieval.query import question_terms

    return [question_terms(q)[0] for q in questions]


def sentence_terms(engine) -> list[list[str]]:
    """Each sentence's terms (as a bag, grouped by term), from the index's posting lists."""
    import numpy as np

    index = engine.index
    terms = np.empty(len(index.vocabulary), dtype=object)
    terms[:] = list(index.vocabulary)
    term_of = np.repeat(np.arange(len(terms)), index.df)
    order = np.argsort(index.postings, kind="stable")
    sentence = index.postings[order]
    repeated = np.repeat(terms[term_of[order]], index.counts[order])
    bounds = np.searchsorted(np.repeat(sentence, index.counts[order]), np.arange(index.size + 1))
    flat = repeated.tolist()
    return [flat[bounds[i] : bounds[i + 1]] for i in range(index.size)]


def child_engine(args: dict) -> dict:
    os.environ["RETRIEVAL_KERNEL"] = args.get("kernel", "numpy")
    from retrieval import Engine, answer_question
    from retrieval.index import top_k

    start = time.perf_counter()
    engine = Engine.from_folder(args["folder"], cache_dir=args["cache"], show_progress=False)
    build = time.perf_counter() - start
    questions = args["questions"]
    queries = question_terms_list(questions)
    t0 = time.perf_counter()
    engine.index.search(queries[0])  # the numba kernel compiles here (then cached on disk)
    warmup = time.perf_counter() - t0
    inner, whole, tops = [], [], []
    for terms in queries:
        t0 = time.perf_counter()
        ranked = top_k(engine.index.search(terms), 10)
        inner.append(time.perf_counter() - t0)
        tops.append(ranked)
    for question in questions:
        t0 = time.perf_counter()
        answer_question(engine, question)
        whole.append(time.perf_counter() - t0)
    return {
        "seconds": build,
        "warmup": warmup,
        "sentences": len(engine.sentences),
        "postings": int(len(engine.index.postings)),
        "inner": percentiles(inner),
        "whole": percentiles(whole),
        "top10": tops[: args["check"]],
        "rss": peak_rss_mb(),
    }


def child_rank_bm25(args: dict) -> dict:
    from retrieval import BM25Params, Engine

    engine = Engine.from_folder(args["folder"], cache_dir=args["cache"], show_progress=False)
    corpus = sentence_terms(engine)
    del engine
    cls, kwargs = BM25Params().bm25_class()
    start = time.perf_counter()
    bm25 = cls(corpus, **kwargs)
    build = time.perf_counter() - start
    times, tops = [], []
    for terms in question_terms_list(args["questions"])[: args["limit"]]:
        t0 = time.perf_counter()
        scores = bm25.get_scores(terms)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:10]  # noqa: B023
        times.append(time.perf_counter() - t0)
        tops.append([(i, float(scores[i])) for i in order])
    return {"seconds": build, "query": percentiles(times), "top10": tops, "rss": peak_rss_mb()}


def child_bm25s(args: dict) -> dict:
    import bm25s

    from retrieval import BM25Params, Engine

    engine = Engine.from_folder(args["folder"], cache_dir=args["cache"], show_progress=False)
    corpus = sentence_terms(engine)
    del engine
    p = BM25Params()
    queries = question_terms_list(args["questions"])
    start = time.perf_counter()
    retriever = bm25s.BM25(method="bm25+", k1=p.k1, b=p.b, delta=p.delta, backend=args["backend"])
    retriever.index(corpus, show_progress=False)
    build = time.perf_counter() - start
    del corpus
    k = min(10, retriever.scores["num_docs"])
    retriever.retrieve([queries[0]], k=k, show_progress=False)  # warm-up (numba compiles here)
    times = []
    for terms in queries:
        t0 = time.perf_counter()
        retriever.retrieve([terms], k=k, show_progress=False, n_threads=0)
        times.append(time.perf_counter() - t0)
    return {"seconds": build, "query": percentiles(times), "rss": peak_rss_mb()}


def child_tantivy(args: dict) -> dict:
    import tantivy

    from retrieval import Engine

    engine = Engine.from_folder(args["folder"], cache_dir=args["cache"], show_progress=False)
    corpus = sentence_terms(engine)
    del engine
    queries = question_terms_list(args["questions"])
    start = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
    index = tantivy.Index(builder.build())
    writer = index.writer(heap_size=500_000_000, num_threads=1)
    for terms in corpus:
        writer.add_document(tantivy.Document(body=" ".join(terms)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    build = time.perf_counter() - start
    del corpus
    times = []
    for terms in queries:
        t0 = time.perf_counter()
        if terms:
            searcher.search(index.parse_query(" ".join(terms), ["body"]), 10)
        times.append(time.perf_counter() - t0)
    return {"seconds": build, "query": percentiles(times), "rss": peak_rss_mb()}


CHILDREN = {
    "engine": child_engine,
    "rank_bm25": child_rank_bm25,
    "bm25s": child_bm25s,
    "tantivy": child_tantivy,
}


def run_child(role: str, args: dict) -> dict:
    """Run one measurement in a fresh interpreter; its last stdout line is the JSON result."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(args, handle)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", role, handle.name],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        print(f"  {role} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the real path: python -m retrieval ask --json - ---------------------------------------------


def cli_path(folder: Path, cache: Path, questions: list[str], python: str) -> dict:
    """Spawn the CLI; time process start -> first answer, then each question's round trip."""
    command = [python, "-m", "retrieval", "ask", "--json", "-", "--docs", str(folder)]
    command += ["--cache-dir", str(cache)]
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(questions[0] + "\n")
    proc.stdin.flush()
    json.loads(proc.stdout.readline())
    first = time.perf_counter() - start
    times = []
    for question in questions[1:]:
        t0 = time.perf_counter()
        proc.stdin.write(question + "\n")
        proc.stdin.flush()
        json.loads(proc.stdout.readline())
        times.append(time.perf_counter() - t0)
    with open(f"/proc/{proc.pid}/status") as status:
        hwm = next((line for line in status if line.startswith("VmHWM")), "VmHWM: 0 kB")
    proc.stdin.close()
    proc.wait()
    return {"first_answer": first, "query": percentiles(times), "rss": int(hwm.split()[1]) / 1024}


# -- one size, one table ------------------------------------------------------------------------


def other_row(engine: str, result: dict) -> dict:
    """A table row for an engine measured in its own process (build, per-question, RSS)."""
    return {"engine": engine, "build": result["seconds"], **result["query"], "rss": result["rss"]}


def measure(n: int, workdir: Path, n_questions: int, skip: set[str], python: str) -> list[dict]:
    import corpus as synthetic

    folder, cache = workdir / f"corpus-{n}", workdir / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    if not folder.exists():
        texts = synthetic.sentences(n)
        synthetic.write_folder(folder, texts)
        questions = synthetic.questions(texts, n_questions)
        (workdir / f"questions-{n}.json").write_text(json.dumps(questions))
        del texts
    questions = json.loads((workdir / f"questions-{n}.json").read_text())[:n_questions]
    limit = max(10, min(len(questions), 10_000_000 // n))
    common = {"folder": str(folder), "cache": str(cache), "questions": questions}
    rows = []

    print(f"[{n:,}] this engine: first build", file=sys.stderr, flush=True)
    ours = run_child("engine", common | {"check": limit})
    print(f"[{n:,}] this engine: cold start (warm cache), in process", file=sys.stderr, flush=True)
    cold = run_child("engine", common | {"check": 0})
    size = folder_size_mb(cache)
    print(
        f"[{n:,}] this engine: the real path (python -m retrieval ask --json -)", file=sys.stderr, flush=True
    )
    cli = cli_path(folder, cache, questions, python)
    sentences = ours["sentences"]
    rows.append(
        {
            "engine": "this engine: search+top_k",
            "build": ours["seconds"],
            "cold": cold["seconds"],
            **ours["inner"],
            "rss": max(ours["rss"], cold["rss"]),
            "disk": size,
        }
    )
    rows.append({"engine": "this engine: answer_question", **ours["whole"]})
    if "numba-kernel" not in skip:
        print(f"[{n:,}] this engine with the optional numba kernel", file=sys.stderr, flush=True)
        fast = run_child("engine", common | {"check": 0, "kernel": "numba"})
        if fast:
            rows.append(
                {"engine": "this engine + numba kernel: search+top_k", **fast["inner"], "rss": fast["rss"]}
            )
    rows.append(
        {
            "engine": "this engine: CLI ask --json -",
            "cold": cli["first_answer"],
            **cli["query"],
            "rss": cli["rss"],
        }
    )

    check = "not run"
    if "rank_bm25" not in skip:
        print(f"[{n:,}] rank_bm25 BM25Plus ({limit} questions)", file=sys.stderr, flush=True)
        ref = run_child("rank_bm25", common | {"limit": limit})
        if ref:
            rows.append(other_row(f"rank_bm25 BM25Plus ({ref['query']['n']} q)", ref))
            same = [same_top(a, b) for a, b in zip(ours["top10"], ref["top10"], strict=False)]
            check = f"top-10 ids and scores equal rank_bm25's on {sum(same)}/{len(same)} questions"
    for backend in ("numpy", "numba"):
        if f"bm25s-{backend}" in skip or "bm25s" in skip:
            continue
        print(f"[{n:,}] bm25s {backend}", file=sys.stderr, flush=True)
        res = run_child("bm25s", common | {"backend": backend})
        if res:
            rows.append(other_row(f"bm25s bm25+ {backend}", res))
    if "tantivy" not in skip:
        print(f"[{n:,}] tantivy", file=sys.stderr, flush=True)
        res = run_child("tantivy", common)
        if res:
            rows.append(other_row("tantivy (BM25, Rust)", res))
    base = rows[0]["p50"]
    for row in rows:
        row["sentences"] = sentences
        row["ratio"] = (row["p50"] / base) if row.get("p50") and base else None
    print(f"[{n:,}] {check}", file=sys.stderr, flush=True)
    rows[0]["check"] = check
    return rows


def same_top(ours: list, reference: list) -> bool:
    """Our top-10 hits are rank_bm25's first ones: same ids in the same order, scores to 1e-9.

    (With fewer than 10 hits rank_bm25 goes on with sentences that share no query term.)
    """
    reference = reference[: len(ours)]
    return [i for i, _ in ours] == [i for i, _ in reference] and all(
        abs(x - y) <= 1e-9 for (_, x), (_, y) in zip(ours, reference, strict=True)
    )


def fmt(value, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return f"{value:,}{unit}"


def table(rows: list[dict]) -> str:
    header = (
        "| sentences | engine | first build | cold start | p50 / question | p99 / question | questions/s "
        "| peak RSS | index on disk | p50 vs ours |"
    )
    lines = [header, "|" + "---|" * 10]
    for r in rows:
        lines.append(
            f"| {r['sentences']:,} | {r['engine']} | {fmt(r.get('build'), ' s', 1)} "
            f"| {fmt(r.get('cold'), ' s')} "
            f"| {fmt(r.get('p50'), ' ms', 3)} | {fmt(r.get('p99'), ' ms', 3)} | {fmt(r.get('qps'), '', 0)} "
            f"| {fmt(r.get('rss'), ' MB', 0)} | {fmt(r.get('disk'), ' MB', 0)} "
            f"| {fmt(r.get('ratio'), 'x', 1)} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    python = platform.python_version()
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {python}, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, nargs="+", default=[1_000_000], help="corpus sizes")
    parser.add_argument("--questions", type=int, default=200, help="questions per engine (default 200)")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".cache" / "bench", help="corpora and caches")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="rank_bm25, bm25s, bm25s-numba, tantivy, numba-kernel"
    )
    parser.add_argument(
        "--cli-python",
        default=sys.executable,
        help="interpreter for the real-path run: `make bench` uses the project's .venv, which has only "
        "the runtime dependencies (bm25s pulls in scipy, which nltk then imports: +1 s per start)",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        role, path = args.child
        print(json.dumps(CHILDREN[role](json.loads(Path(path).read_text()))))
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = []
    for n in args.sentences:
        rows += measure(n, args.workdir, args.questions, set(args.skip), args.cli_python)
    print(f"machine: {machine()}")
    print(f"command: python benchmarks/scale.py {' '.join(sys.argv[1:])}")
    print(table(rows))
    for r in rows:
        if r.get("check"):
            print(f"exactness at {r['sentences']:,} sentences: {r['check']}")
    print(f"benchmark time: {time.perf_counter() - started:,.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
