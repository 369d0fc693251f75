"""`python -m bot report [--days N] [--json | --csv] [--check]`: the question log, offline.

Reads the database file of the config's `data_dir` (or `--db FILE`) read-only: it works while
the bot runs, and on a copy of the file on another machine. Every server's questions.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sqlite3
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from .config import EXIT_ERROR, ConfigError, load_settings
from .report import OUTCOME_NAMES, Group, Report, build_report
from .schema import describe, open_read_only, version_of
from .store import FILE_NAME

CSV_FIELDS = ("count", "no_answer", "related", "not_helpful", "last_asked", "question", "terms")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot report", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, help="TOML settings (default: ./config.toml if present)")
    parser.add_argument("--db", type=Path, help=f"the database file (default: {FILE_NAME} in data_dir)")
    parser.add_argument("--days", type=int, default=30, help="how many days back (default 30)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="everything, as one JSON object")
    form.add_argument("--csv", action="store_true", help="the unanswered groups, as CSV")
    form.add_argument("--check", action="store_true", help="the file's path, size, questions and schema")
    return parser


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def ago(seconds: float) -> str:
    """How long ago, roughly: "5 min ago", "3 h ago", "2 days ago"."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min ago"
    if seconds < 86_400:
        return f"{seconds // 3600:.0f} h ago"
    days = seconds // 86_400
    return f"{days:.0f} day{'' if days == 1 else 's'} ago"


def percent(part: float | None) -> str:
    return "-" if part is None else f"{part:.0%}"


def why(group: Group) -> str:
    return ", ".join(name for name, _ in group.reasons())


def as_text(report: Report) -> str:
    counts = ", ".join(f"{name} {report.outcomes.get(key, 0)}" for key, name in OUTCOME_NAMES.items())
    lines = [
        f"Last {report.days} days: {report.questions} questions ({counts}).",
        f"Answered: {percent(report.answered_share)} of the questions. "
        f"Helpful: {report.helpful} of {report.votes} votes ({percent(report.helpful_share)}).",
        "Per day, the last 24 hours first: " + " ".join(map(str, report.per_day[:14])),
        "",
        "Went unanswered (no answer, related passages only, or voted not helpful), most asked first:",
    ]
    groups = [
        f"{g.count:>5}  {ago(report.now - g.last_asked):<12} {why(g):<12} {g.question}" for g in report.groups
    ]
    lines += groups or ["    (nothing)"]
    lines += ["", "Slowest answers:"]
    lines += [f"{ms:>8,.0f} ms  {question}" for ms, question, _ in report.slowest] or ["    (none)"]
    lines += ["", "Top documents cited:"]
    lines += [f"{n:>5}  {document}" for document, n in report.top_documents] or ["    (none)"]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps(
        {
            "days": report.days,
            "since": iso(report.since),
            "until": iso(report.now),
            "questions": report.questions,
            "outcomes": {key: report.outcomes.get(key, 0) for key in OUTCOME_NAMES},
            "answered_share": report.answered_share,
            "votes": report.votes,
            "helpful": report.helpful,
            "helpful_share": report.helpful_share,
            "per_day": list(report.per_day),
            "slowest": [{"latency_ms": ms, "question": q, "outcome": o} for ms, q, o in report.slowest],
            "top_documents": [{"document": d, "answers": n} for d, n in report.top_documents],
            "unanswered": [csv_row(g) | {"terms": list(g.terms)} for g in report.groups],
        },
        ensure_ascii=False,
        indent=1,
    )


def csv_row(group: Group) -> dict:
    return {
        "count": group.count,
        "no_answer": group.no_answer,
        "related": group.related,
        "not_helpful": group.not_helpful,
        "last_asked": iso(group.last_asked),
        "question": group.question,
        "terms": " ".join(group.terms),
    }


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_row(g) for g in report.groups)
    return out.getvalue().rstrip("\n")


def database(args: argparse.Namespace) -> Path:
    if args.db is not None:
        return args.db
    return load_settings(args.config).data_dir / FILE_NAME


def read(path: Path, days: int) -> Report:
    if not path.is_file():
        raise ConfigError(f"no question log at {path} (the bot creates it at its first question)")
    with contextlib.closing(open_read_only(path)) as conn:
        if version_of(conn) == 0:
            raise ConfigError(f"{path} is not a question log (no schema version)")
        return build_report(conn, days, time.time())


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 1 <= args.days <= 3650:
        print("error: --days must be from 1 to 3650", file=sys.stderr)
        return EXIT_ERROR
    try:
        path = database(args)
        if args.check:
            print(describe(path))
            return 0
        report = read(path, args.days)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.Error as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(as_json(report) if args.json else as_csv(report) if args.csv else as_text(report))
    return 0
