"""`python -m retrieval ask|sentences|eval`: parse arguments, call the library, print.

Every RetrievalError becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .answer import answer_question
from .cache import default_cache_dir
from .engine import Engine
from .errors import RetrievalError
from .evaluation import evaluate, load_questions
from .file_filter import FileFilter
from .formatting import (
    error_json,
    report_text,
    result_json,
    result_text,
    sentence_fields,
    sentence_text,
    snippet_fields,
    snippet_text,
)

DEFAULT_DOCS = Path(__file__).resolve().parent.parent / "seeds"
EXIT_ERROR = 2


def add_docs_arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options every command has: which documents, which files of them, which cache."""
    p.add_argument(
        "--docs", type=Path, default=DEFAULT_DOCS, help="documents folder (default: the shipped seeds/)"
    )
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="index cache folder (default: $RETRIEVAL_CACHE_DIR, else .cache/retrieval)",
    )
    p.add_argument("--no-cache", action="store_true", help="build the index from scratch, save nothing")
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="leave out matching files or folders (CHANGELOG.md, 'release-notes*', docs/zh); repeatable",
    )
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="PATTERN",
        help="read only matching files (default: every supported type); repeatable",
    )
    p.add_argument(
        "--semantic",
        choices=("auto", "on", "off"),
        default="auto",
        help="match by meaning too (auto: for folders up to 200,000 units; default: auto)",
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m retrieval",
        description="Ask your documents: the sentence that answers, and where it is.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return add_docs_arguments(commands.add_parser(name, help=text))

    ask = command("ask", "answer a question ('-' reads one per line from stdin)")
    ask.add_argument("question", help="the question, or - to read questions from standard input")
    ask.add_argument("--top", type=int, default=5, help="how many answers to list (default: 5)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument(
        "--explain", action="store_true", help="say why: matched words, their scores, bonuses, the rule"
    )
    units = command("sentences", "list every unit (sentence, code block, table) with its citation")
    units.add_argument("--json", action="store_true", help="one JSON object per unit")
    blocks = command("blocks", "how the documents were read: every block")
    blocks.add_argument("--json", action="store_true", help="one JSON object per block")
    ev = command("eval", "answer quality on a JSONL question file")
    ev.add_argument("questions", type=Path, help="JSONL file with `question` and `answers` per line")
    ev.add_argument("--show-misses", action="store_true", help="list the questions answered wrongly")
    return parser


def run_ask(engine: Engine, args: argparse.Namespace, out: TextIO) -> int:
    if args.top < 1:
        raise RetrievalError("--top must be at least 1")
    if args.question != "-":
        result = answer_question(engine, args.question, top=args.top)
        print(result_json(result) if args.json else result_text(result, args.explain), file=out)
        return 0
    failures = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = answer_question(engine, line, top=args.top)
        except RetrievalError as exc:
            failures += 1
            print(f"error: {exc}", file=sys.stderr)
            if args.json:  # one line out per question in: a script can pair them up
                print(error_json(line.strip(), str(exc)), file=out, flush=True)
            continue
        text = result_json(result) if args.json else result_text(result, args.explain) + "\n"
        print(text, file=out, flush=True)
    return 1 if failures else 0


def run_sentences(engine: Engine, args: argparse.Namespace, out: TextIO) -> int:
    for sentence in engine.sentences:
        print(
            json.dumps(sentence_fields(sentence), ensure_ascii=False)
            if args.json
            else sentence_text(sentence),
            file=out,
        )
    return 0


def run_blocks(engine: Engine, args: argparse.Namespace, out: TextIO) -> int:
    for snippet in engine.blocks:
        print(
            json.dumps(snippet_fields(snippet), ensure_ascii=False) if args.json else snippet_text(snippet),
            file=out,
        )
    return 0


def run_eval(engine: Engine, args: argparse.Namespace, out: TextIO) -> int:
    questions = load_questions(args.questions)
    print(report_text(evaluate(engine, questions), args.show_misses), file=out)
    return 0


COMMANDS = {"ask": run_ask, "sentences": run_sentences, "blocks": run_blocks, "eval": run_eval}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s", stream=sys.stderr)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ask" and args.question != "-":
            from .query import check_question

            check_question(args.question)  # fail fast, before building the index
        cache_dir = None if args.no_cache else (args.cache_dir or default_cache_dir())
        file_filter = FileFilter(tuple(args.include), tuple(args.exclude))
        engine = Engine.from_folder(
            args.docs, cache_dir=cache_dir, file_filter=file_filter, semantic=args.semantic
        )
        return COMMANDS[args.command](engine, args, sys.stdout)
    except RetrievalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # output was cut short (e.g. `| head`): not an error
        return 0
