"""The question log on real SQLite files: migration, pruning, /forget, faults, crashes."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import bot.store
from bot.asked import Asked, cited, outcome_of
from bot.schema import SCHEMA_VERSION
from bot.store import DAY, FILE_NAME, QuestionLog
from retrieval import answer_question
from tests.conftest import ROOT

from .conftest import TRUCKS

NOW = 1_780_000_000.0
# Version 1 of the file, written out by hand as that version created it (no votes table).
V1 = """
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, guild_id INTEGER, channel_id INTEGER,
    user_hash TEXT NOT NULL, question TEXT NOT NULL, outcome TEXT NOT NULL, document TEXT,
    line INTEGER, score REAL, latency_ms REAL NOT NULL
);
CREATE INDEX questions_by_time ON questions (time);
CREATE INDEX questions_by_user ON questions (user_hash);
INSERT INTO settings VALUES ('salt', '00112233445566778899aabbccddeeff');
INSERT INTO questions VALUES
    (1, 1779990000, 7, 8, 'aaaa', 'Who backs Hezbollah?', 'answered', 'a.txt', 9, 12.5, 3.0),
    (2, 1779990001, 7, 8, 'bbbb', 'How do I bake bread?', 'no_answer', NULL, NULL, NULL, 2.0);
PRAGMA user_version = 1;
"""


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def open_log(folder: Path, days: int = 90, clock: Clock | None = None) -> QuestionLog:
    return QuestionLog.open(folder, days, clock or Clock())


def query(folder: Path, sql: str, *args) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(folder / FILE_NAME)) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def question_log(tmp_path):
    opened = open_log(tmp_path)
    yield opened
    opened.close()


def test_a_new_file_is_created_at_the_current_schema_in_wal_mode(question_log, tmp_path):
    assert question_log.on
    assert query(tmp_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert query(tmp_path, "PRAGMA journal_mode") == [("wal",)]
    assert (tmp_path / FILE_NAME).stat().st_mode & 0o077 == 0  # only the bot's user reads it


def test_an_older_schema_is_migrated_and_keeps_its_rows(tmp_path):
    with contextlib.closing(sqlite3.connect(tmp_path / FILE_NAME)) as conn:
        conn.executescript(V1)

    question_log = open_log(tmp_path, clock=Clock(1779990100))
    row_id = question_log.record(Asked("Where is the picnic?", 5, 7, 8))
    assert question_log.vote(1, 6, helpful=False)
    question_log.close()

    assert query(tmp_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    kept = query(tmp_path, "SELECT id, question, outcome, document, line FROM questions ORDER BY id")
    assert kept == [
        (1, "Who backs Hezbollah?", "answered", "a.txt", 9),
        (2, "How do I bake bread?", "no_answer", None, None),
        (3, "Where is the picnic?", "refused", None, None),
    ]
    assert row_id == 3
    assert query(tmp_path, "SELECT question_id, helpful FROM votes") == [(1, 0)]  # the new table works
    assert query(tmp_path, "SELECT value FROM settings") == [("00112233445566778899aabbccddeeff",)]


def test_a_file_from_a_newer_version_turns_the_log_off(tmp_path, caplog):
    with contextlib.closing(sqlite3.connect(tmp_path / FILE_NAME)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    question_log = open_log(tmp_path)

    assert not question_log.on and "newer than this bot's" in question_log.reason
    assert question_log.record(Asked(TRUCKS, 1)) is None
    assert [r.levelno for r in caplog.records if r.name == "bot.store"] == [logging.WARNING]


def test_rows_older_than_the_retention_are_pruned_at_start_and_daily(tmp_path):
    clock = Clock()
    question_log = open_log(tmp_path, days=30, clock=clock)
    for age_days in (40, 29, 1):
        clock.now = NOW - age_days * DAY
        question_log.vote(question_log.record(Asked(f"asked {age_days} days ago", 1)), 2, helpful=True)
    question_log.close()

    clock.now = NOW
    question_log = open_log(tmp_path, days=30, clock=clock)  # at start
    question_log.flush()
    assert query(tmp_path, "SELECT question FROM questions") == [
        ("asked 29 days ago",),
        ("asked 1 days ago",),
    ]
    clock.now = NOW + 2 * DAY
    question_log._prune()  # what the writer thread runs once a day
    assert query(tmp_path, "SELECT question FROM questions") == [("asked 1 days ago",)]
    assert query(tmp_path, "SELECT count(*) FROM votes") == [(1,)]  # votes go with their question
    assert question_log._until_prune() == DAY  # the writer thread's wait for the next one
    question_log.close()


def test_forget_deletes_a_members_rows_and_votes_even_after_a_restart(tmp_path, seed_engine):
    question_log = open_log(tmp_path)
    answered = question_log.record(Asked(TRUCKS, 1), answer_question(seed_engine, TRUCKS), 4.0)
    question_log.record(Asked("my secret question about llamas", 2))
    question_log.vote(answered, 2, helpful=False)
    question_log.close()

    question_log = open_log(tmp_path)  # the salt is in the file: the same member, the same hash
    forgotten = asyncio.run(question_log.forget(2))
    again = asyncio.run(question_log.forget(2))
    question_log.close()

    assert forgotten == (1, 1) and again == (0, 0)
    assert query(tmp_path, "SELECT question FROM questions") == [(TRUCKS,)]
    assert query(tmp_path, "SELECT count(*) FROM votes") == [(0,)]
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(FILE_NAME))
    assert b"llamas" not in on_disk  # overwritten, not just unlinked from the b-tree


def test_row_ids_are_never_reused_so_an_old_vote_button_cannot_hit_a_new_question(tmp_path):
    question_log = open_log(tmp_path)
    first = question_log.record(Asked("first", 1))
    asyncio.run(question_log.forget(1))
    question_log.close()

    question_log = open_log(tmp_path)
    second = question_log.record(Asked("second", 2))
    question_log.vote(first, 3, helpful=True)  # the forgotten answer's button
    question_log.close()

    assert second == first + 1
    assert query(tmp_path, "SELECT count(*) FROM votes") == [(0,)]


def test_a_second_process_on_the_same_file_gets_the_log_off_not_clashing_row_ids(question_log, tmp_path):
    second = open_log(tmp_path)

    assert question_log.on and not second.on
    assert "another bot process" in second.reason


def test_a_corrupt_file_turns_the_log_off_with_one_warning_and_is_kept(tmp_path, caplog):
    garbage = b"this is not a database, " * 200
    (tmp_path / FILE_NAME).write_bytes(garbage)

    question_log = open_log(tmp_path)

    assert not question_log.on and "not a database" in question_log.reason
    assert question_log.record(Asked(TRUCKS, 1)) is None
    assert (tmp_path / FILE_NAME).read_bytes() == garbage  # the owner may want it back
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


@contextlib.contextmanager
def read_only(path: Path):
    """The file made read-only: by its mode, or (as root, whom modes do not stop) immutable."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield
        path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root and cannot make a file immutable (chattr +i) here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_turns_the_log_off(tmp_path):
    open_log(tmp_path).close()
    with read_only(tmp_path / FILE_NAME):
        question_log = open_log(tmp_path)
        assert not question_log.on and "readonly" in question_log.reason
        question_log.close()


def test_a_fault_while_running_turns_the_log_off_once_and_rows_are_dropped_not_raised(tmp_path, caplog):
    question_log = open_log(tmp_path)
    question_log.record(Asked("before", 1))
    question_log.flush()
    question_log._conn.execute("DROP TABLE votes")  # any write error will do: here, a missing table

    question_log.vote(1, 2, helpful=True)
    question_log.flush()  # returns: the fault is the writer's, never the caller's
    after = question_log.record(Asked("after", 1))
    question_log.close()

    assert not question_log.on and after is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "no such table: votes" in warnings[0]
    assert query(tmp_path, "SELECT question FROM questions") == [("before",)]


def test_a_database_locked_by_another_connection_turns_the_log_off(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.schema.BUSY_SECONDS", 0.1)  # how long a write waits for the lock
    question_log = open_log(tmp_path)
    with contextlib.closing(sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")  # e.g. an owner's sqlite3 shell in the middle of a write
        row = question_log.record(Asked("while locked", 1))
        question_log.flush()
        other.execute("ROLLBACK")
    question_log.close()

    assert row is not None and not question_log.on and "locked" in question_log.reason


def test_a_full_database_turns_the_log_off(tmp_path):
    question_log = open_log(tmp_path)
    question_log.record(Asked("fits", 1))
    question_log.flush()
    question_log.call(lambda conn: conn.execute("PRAGMA max_page_count = 1"))  # SQLite's own "full"

    for n in range(200):
        question_log.record(Asked(f"question {n} does not fit " + "x" * 500, 1))
    question_log.flush()
    question_log.close()

    assert not question_log.on and "full" in question_log.reason
    assert query(tmp_path, "SELECT question FROM questions") == [("fits",)]  # no partial batch


def test_a_failing_job_is_its_callers_error_and_the_log_stays_on(question_log):
    with pytest.raises(ZeroDivisionError):
        question_log.call(lambda conn: 1 / 0)

    assert question_log.on and question_log.record(Asked("still logged", 1)) is not None


def test_the_outcome_reads_related_passages_when_the_engine_gives_them(seed_engine):
    answered = answer_question(seed_engine, TRUCKS)
    related = dataclasses.replace(answered, answers=(), related=answered.answers[:2])

    assert outcome_of(answered) == "answered"
    assert outcome_of(answer_question(seed_engine, "How do I bake bread?")) == "no_answer"
    assert outcome_of(related) == "related"
    assert cited(related) == ("000_1cbf31eff85d1e18.txt", 5, answered.best.score)  # the first related
    assert outcome_of(None) == "refused" and cited(None) == (None, None, None)


CRASH = """
import sys, time
from pathlib import Path
from bot.asked import Asked
from bot.store import QuestionLog
log = QuestionLog.open(Path(sys.argv[1]), 90)
for n in range(1_000_000):
    while log.record(Asked(f"question {n} " + "x" * 200, n, 1, 2), None, 1.5) is None:
        time.sleep(0.001)  # the queue is full: wait for the writer
    if n == 20_000:
        print("written", flush=True)
"""


def test_a_killed_process_leaves_whole_rows_and_a_sound_file(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", CRASH, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline() == "written\n"
    process.send_signal(signal.SIGKILL)  # no clean-up of any kind
    process.wait()

    assert query(tmp_path, "PRAGMA integrity_check") == [("ok",)]
    ((count, whole),) = query(
        tmp_path, "SELECT count(*), sum(question LIKE 'question % ' || printf('%.200c', 'x')) FROM questions"
    )
    assert count > 0 and whole == count
    assert query(tmp_path, "SELECT max(id) = count(*) FROM questions") == [(1,)]  # a prefix, no holes


def test_a_flood_warns_once_when_rows_are_dropped_and_once_when_the_writer_caught_up(
    tmp_path, monkeypatch, caplog
):
    """Before, every batch the writer took let one row in and the next full queue warned again:
    a flood logged one warning per batch (hundreds in benchmarks/question_log.py)."""
    monkeypatch.setattr(bot.store, "QUEUE_SIZE", 6)
    monkeypatch.setattr(bot.store, "BATCH", 2)
    question_log = open_log(tmp_path)
    gates = [threading.Event(), threading.Event()]
    started = threading.Semaphore(0)

    def hold(gate: threading.Event) -> threading.Thread:
        """A job that keeps the writer busy until `gate` opens (a slow disk)."""

        def job(conn):
            started.release()
            gate.wait()

        thread = threading.Thread(target=question_log.call, args=(job,))
        thread.start()
        return thread

    def until_queued(count: int) -> None:
        while question_log._queue.qsize() != count:
            time.sleep(0.001)

    threads = [hold(gates[0])]
    started.acquire()  # the writer is busy; the queue fills: r1, the second hold, r2..r5
    question_log.record(Asked("r1", 1))
    threads.append(hold(gates[1]))
    until_queued(2)
    accepted = [question_log.record(Asked(f"r{n}", 1)) for n in range(2, 6)]
    dropped = [question_log.record(Asked("dropped while full", 1))]
    gates[0].set()
    started.acquire()  # the writer took r1 and the second hold (one batch): 2 places free
    accepted += [question_log.record(Asked("r6", 1)), question_log.record(Asked("r7", 1))]
    dropped.append(question_log.record(Asked("dropped, full again", 1)))
    gates[1].set()
    question_log.flush()
    accepted.append(question_log.record(Asked("after", 1)))
    question_log.record(Asked("and after", 1))
    question_log.close()
    for thread in threads:
        thread.join()

    assert None not in accepted and dropped == [None, None]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "the question log is 6 rows behind: dropping rows meanwhile",
        "the question log caught up (rows dropped meanwhile: 2)",
    ]
    assert len(query(tmp_path, "SELECT id FROM questions")) == 9
