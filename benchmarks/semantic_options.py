"""Which static-model option to ship: cosine ranking of raw passages of the docs-dev set.

    .venv/bin/python benchmarks/semantic_options.py                       # the shipped model
    .venv/bin/python benchmarks/semantic_options.py --options .cache/semantic-options

Each option is a model folder as scripts/distill.py writes it (`make semantic-options` makes
the set compared in docs/semantic.md under .cache/semantic-options/). The passages are the
blank-line separated paragraphs of the raw .md/.rst files (code blocks and markup included),
the same for every option; a hit is a passage that contains a gold string (case-insensitive);
acc@1 and MRR@5 over the answerable questions of questions-dev.jsonl only. Anchors: plain
rank_bm25 BM25Okapi over the same passages (lowercase \\w+ tokens), and a blend that rescores
BM25's top 50 by bm25/max(bm25) + w * cosine. These figures choose an option; they are not
the engine's quality (its passages, tokenizer and rerank differ).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.embedding import MODEL_DIR, StaticEmbedder  # noqa: E402

DOCS_DEV = ROOT.parent / "shared" / "bench" / "docs-dev"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
TOKEN = re.compile(r"\w+")
POOL = 50
BLEND_WEIGHTS = (0.5, 1.0, 2.0)


@dataclass(frozen=True)
class Scores:
    acc1: float
    mrr5: float
    n: int


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def docs_passages(docs: Path) -> list[str]:
    """Blank-line separated paragraphs of every .md/.rst file (LICENSE files left out), in path order."""
    passages = []
    files = [p for p in docs.rglob("*") if p.suffix in (".md", ".rst") and not p.name.startswith("LICENSE")]
    for path in sorted(files):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        passages.extend(p.strip() for p in PARAGRAPH_BREAK.split(text) if tokens(p))
    return passages


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(rankings: Sequence[Sequence[int]], golds: Sequence[Sequence[str]], units: Sequence[str]) -> Scores:
    """acc@1 and MRR@5: a unit is a hit when it contains a gold string (case-insensitive)."""
    lowered = [u.lower() for u in units]
    acc, rr = [], []
    for ranking, answers in zip(rankings, golds, strict=True):
        wanted = [a.lower() for a in answers]
        hits = [any(a in lowered[i] for a in wanted) for i in ranking[:5]]
        acc.append(1.0 if hits and hits[0] else 0.0)
        rr.append(next((1.0 / (k + 1) for k, hit in enumerate(hits) if hit), 0.0))
    return Scores(float(np.mean(acc)), float(np.mean(rr)), len(acc))


def top(scores: np.ndarray, k: int) -> list[int]:
    """The k best indices, ties broken by unit order."""
    order = np.lexsort((np.arange(len(scores)), -scores))
    return order[:k].tolist()


class Rankers:
    """Cosine, BM25 and the blend over one list of units."""

    def __init__(self, units: Sequence[str]) -> None:
        self.units = units
        self.bm25 = BM25Okapi([tokens(u) for u in units])

    def bm25_scores(self, questions: Sequence[str]) -> list[np.ndarray]:
        return [self.bm25.get_scores(tokens(q)) for q in questions]

    def cosine(self, unit_vectors: np.ndarray, question_vectors: np.ndarray) -> list[list[int]]:
        sims = question_vectors @ unit_vectors.T
        return [top(row, 5) for row in sims]

    def blend(
        self, bm25: Sequence[np.ndarray], unit_vectors: np.ndarray, question_vectors: np.ndarray, w: float
    ) -> list[list[int]]:
        """BM25's top POOL rescored by bm25 / max(bm25) + w * cosine."""
        rankings = []
        for scores, q in zip(bm25, question_vectors, strict=True):
            pool = np.array(top(scores, POOL))
            best = scores[pool[0]] or 1.0
            mixed = scores[pool] / best + w * (unit_vectors[pool] @ q)
            rankings.append(pool[top(mixed, 5)].tolist())
        return rankings


def option_folders(options: Path | None) -> list[tuple[str, Path]]:
    folders = [("shipped", MODEL_DIR)] if (MODEL_DIR / "embeddings.npy").exists() else []
    if options is not None:
        folders += [(p.name, p) for p in sorted(options.iterdir()) if (p / "embeddings.npy").exists()]
    return folders


def size_mb(folder: Path) -> float:
    return sum((folder / n).stat().st_size for n in ("embeddings.npy", "tokenizer.json")) / 1e6


def row(name: str, s: Scores, extra: str = "") -> str:
    return f"| {name} | {s.acc1:.3f} | {s.mrr5:.3f} | {extra} |"


def evaluate_options(
    units: Sequence[str], questions: Sequence[str], golds: Sequence[Sequence[str]], folders, blend_all: bool
) -> list[str]:
    """Markdown rows: BM25, then per option cosine and blend (w=1; all weights for the first)."""
    rankers = Rankers(units)
    bm25 = rankers.bm25_scores(questions)
    lines = ["| ranking | acc@1 | MRR@5 | model files MB, encode s |", "|---|---|---|---|"]
    lines.append(row("BM25Okapi", score([top(s, 5) for s in bm25], golds, units)))
    for k, (name, folder) in enumerate(folders):
        embedder = StaticEmbedder.load(folder)
        start = time.perf_counter()
        unit_vectors = embedder.encode(units)
        question_vectors = embedder.encode(questions)
        took = time.perf_counter() - start
        extra = f"{size_mb(folder):.1f} MB, {took:.2f} s"
        ranked = rankers.cosine(unit_vectors, question_vectors)
        lines.append(row(f"cosine {name}", score(ranked, golds, units), extra))
        for w in BLEND_WEIGHTS if (k == 0 or blend_all) else (1.0,):
            ranked = rankers.blend(bm25, unit_vectors, question_vectors, w)
            lines.append(row(f"blend {name} w={w}", score(ranked, golds, units)))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=Path, help="a folder of model folders to compare")
    parser.add_argument("--bench", type=Path, default=DOCS_DEV)
    parser.add_argument("--blend-all", action="store_true", help="every blend weight for every option")
    args = parser.parse_args(argv)
    questions = [q for q in load_jsonl(args.bench / "questions-dev.jsonl") if q["answers"]]
    units = docs_passages(args.bench / "docs")
    print(f"docs-dev questions-dev.jsonl: {len(questions)} answerable questions, {len(units)} passages\n")
    rows = evaluate_options(
        units, [q["question"] for q in questions], [q["answers"] for q in questions],
        option_folders(args.options), args.blend_all,
    )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
