"""`python -m bot report`: the question log offline, as text, JSON and CSV; `--check`."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest

from bot.asked import Asked
from bot.report_cli import read
from bot.schema import SCHEMA_VERSION
from bot.store import FILE_NAME, QuestionLog
from retrieval import Engine, answer_question

from .conftest import TRUCKS

HOUR = 3600.0
# (question, member, hours ago, votes as (member, helpful))
ASKED = (
    ("How do I bake sourdough bread?", 1, 50, ()),
    ("how do I BAKE bread, sourdough", 2, 30, ()),
    ("When is the summer picnic?", 1, 5, ()),
    (TRUCKS, 2, 4, ((1, False), (3, False))),
    ("Who backs Hezbollah?", 3, 3, ((1, True),)),
    ("Who backs Hezbollah?", 4, 40 * 24, ()),  # outside the last 30 days
)


def write_log(folder: Path, engine: Engine, now: float) -> Path:
    """A question log as the bot writes it: real answers, at known times and milliseconds."""
    clock = [now]
    question_log = QuestionLog.open(folder, 90, clock=lambda: clock[0])
    for n, (question, member, hours, votes) in enumerate(ASKED):
        clock[0] = now - hours * HOUR
        row = question_log.record(Asked(question, member, 1, 2), answer_question(engine, question), 10.0 + n)
        for voter, helpful in votes:
            question_log.vote(row, voter, helpful)
    clock[0] = now
    question_log.record(Asked("?!", 5, 1, 2))  # refused input
    question_log.close()
    return folder / FILE_NAME


@pytest.fixture
def database(tmp_path, seed_engine) -> Path:
    return write_log(tmp_path / ".data", seed_engine, time.time())


def test_json_has_the_figures_and_the_groups(run, tmp_path, database):
    proc = run(["bot", "report", "--json"], tmp_path)  # the default data_dir: .data

    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["days"] == 30 and report["questions"] == 6
    assert report["outcomes"] == {"answered": 2, "related": 0, "no_answer": 3, "refused": 1}
    assert report["answered_share"] == 0.4
    assert (report["votes"], report["helpful"], report["helpful_share"]) == (3, 1, 1 / 3)
    assert report["per_day"][:3] == [4, 1, 1] and sum(report["per_day"]) == 6
    assert report["top_documents"] == [{"document": "000_1cbf31eff85d1e18.txt", "answers": 2}]
    assert [s["latency_ms"] for s in report["slowest"]] == [14.0, 13.0, 12.0, 11.0, 10.0]
    bread, trucks, picnic = report["unanswered"]  # the most asked, then the most recent
    assert (bread["count"], bread["no_answer"], bread["question"]) == (2, 2, "how do I BAKE bread, sourdough")
    assert bread["terms"] == ["how", "bake", "bread", "sourdough"]  # the question word, the stems
    assert (picnic["count"], picnic["question"]) == (1, "When is the summer picnic?")
    assert (trucks["count"], trucks["not_helpful"], trucks["question"]) == (1, 1, TRUCKS)


def test_csv_has_one_row_per_group(run, tmp_path, database):
    proc = run(["bot", "report", "--csv", "--db", str(database), "--days", "1"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["count"], r["question"], r["not_helpful"]) for r in rows] == [
        ("1", TRUCKS, "1"),
        ("1", "When is the summer picnic?", "0"),
    ]  # the bread questions were asked more than a day ago
    assert rows[1]["last_asked"].endswith("+00:00") and rows[1]["terms"] == "when picnic summer"


def test_text_lists_what_went_unanswered(run, tmp_path, database):
    proc = run(["bot", "report"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == (
        "Last 30 days: 6 questions (answered 2, related passages only 0, no answer 3, refused input 1)."
    )
    first = lines.index(
        "Went unanswered (no answer, related passages only, or voted not helpful), most asked first:"
    )
    assert lines[first + 1] == "    2  1 day ago    no answer    how do I BAKE bread, sourdough"
    assert lines[first + 2] == f"    1  4 h ago      not helpful  {TRUCKS}"


def test_check_reports_path_size_rows_and_schema(run, tmp_path, database):
    proc = run(["bot", "report", "--check"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    size = database.stat().st_size + (database.parent / f"{FILE_NAME}-wal").stat().st_size
    expected = (
        f"question log: .data/{FILE_NAME} ({size:,} bytes, 7 questions, schema version {SCHEMA_VERSION})"
    )
    assert proc.stdout.strip() == expected


def test_python_m_bot_check_reports_the_log_too(run, tmp_path, database):
    proc = run(["bot", "--check"], tmp_path)

    assert f"question log: .data/{FILE_NAME} (" in proc.stdout and "7 questions" in proc.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--db", "missing.db"], "error: no question log at missing.db"),
        (["--days", "0"], "error: --days must be from 1 to 3650"),
        (["--db", "not-a-log.db"], "error: cannot read not-a-log.db: file is not a database"),
    ],
)
def test_problems_are_one_line_and_exit_status_2(run, tmp_path, args, message):
    (tmp_path / "not-a-log.db").write_bytes(b"garbage " * 100)

    proc = run(["bot", "report", *args], tmp_path)

    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith(message)


def test_the_report_reads_while_the_bot_writes(tmp_path, seed_engine):
    database = write_log(tmp_path, seed_engine, time.time())
    question_log = QuestionLog.open(tmp_path, 90)  # the bot is running, with the file locked
    question_log.record(Asked("Is the report blocked?", 9))
    question_log.flush()

    report = read(database, 30)
    question_log.close()

    assert question_log.reason == "" and report.questions == 7
