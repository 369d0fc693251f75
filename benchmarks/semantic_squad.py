"""Anchors on SQuAD dev: the reworded chat-style questions, cosine vs BM25 vs the blend.

    .venv/bin/python benchmarks/semantic_squad.py
    .venv/bin/python benchmarks/semantic_squad.py --options .cache/semantic-options
    .venv/bin/python benchmarks/semantic_squad.py --questions ../shared/bench/squad-dev/questions-dev.jsonl

Units: the sentences of ../shared/bench/squad-dev/docs-dev (each paragraph split with the
project's Punkt, retrieval.sentences.sentence_tokenizer). Questions: the 150 of
benchmarks/data/squad-reworded-dev.jsonl, reworded and then as originally written (or all
5,696 original dev questions with --questions). A hit is a sentence containing a gold answer
(case-insensitive). Same rankers as semantic_options.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.semantic_options import evaluate_options, load_jsonl, option_folders  # noqa: E402
from retrieval.sentences import PARAGRAPH_BREAK_RE, sentence_tokenizer  # noqa: E402

SQUAD_DEV = ROOT.parent / "shared" / "bench" / "squad-dev" / "docs-dev"
QUESTIONS = ROOT / "benchmarks" / "data" / "squad-reworded-dev.jsonl"


def squad_sentences(docs: Path) -> list[str]:
    """Punkt sentences of every paragraph of every article, in file order."""
    splitter = sentence_tokenizer()
    sentences = []
    for path in sorted(docs.glob("*.txt")):
        for paragraph in PARAGRAPH_BREAK_RE.split(path.read_text(encoding="utf-8")):
            sentences.extend(s for s in splitter.tokenize(paragraph.strip()) if s.strip())
    return sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--options", type=Path, help="a folder of model folders to compare")
    parser.add_argument("--docs", type=Path, default=SQUAD_DEV)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    args = parser.parse_args(argv)
    questions = load_jsonl(args.questions)
    units = squad_sentences(args.docs)
    golds = [q["answers"] for q in questions]
    folders = option_folders(args.options)
    for field in [f for f in ("question", "original") if f in questions[0]]:
        print(f"\n{args.questions.name}: {len(questions)} questions ({field}), {len(units)} sentences\n")
        print("\n".join(evaluate_options(units, [q[field] for q in questions], golds, folders, False)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
