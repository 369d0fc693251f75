"""The question log: one SQLite file, written by one thread, never on the event loop.

`record` runs on the event loop and only hashes the member's id, numbers the row and puts it
in a bounded queue (microseconds); the writer thread writes what has queued up in one
transaction (WAL, so a crash loses at most the rows in flight and never leaves half a row).
Any fault of the file (locked, read-only, full, corrupt, from a newer version) logs one
warning and turns the log off: questions are still answered, nothing more is logged, and
`/stats` says so. The schema is versioned with `PRAGMA user_version` and migrated on open.

Privacy: a member is stored as a keyed hash of their id (the key, a random salt, lives in the
file's own settings table, so `/forget` finds a member's rows after a restart); deleted rows
are overwritten (`secure_delete`), and rows older than `retention_days` are deleted at start
and daily.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from retrieval import Result

from .asked import Asked, cited, outcome_of
from .schema import FAULTS, SCHEMA_VERSION, LogOff, connect, lock, migrate, open_read_only, transaction

log = logging.getLogger(__name__)

T = TypeVar("T")
FILE_NAME = "questions.db"
QUEUE_SIZE = 10_000  # rows waiting for the writer; past this, rows are dropped (with a warning)
BATCH = 1_000  # rows per transaction at most
# The writer waits this long after a row arrives before writing: its work then competes with
# sending the reply rather than with ranking, and rows gather into fewer transactions.
LINGER = 0.05
CALL_SECONDS = 30.0  # how long /forget and a flush wait for the writer
DAY = 86_400.0

INSERT_QUESTION = (
    "INSERT INTO questions (id, time, guild_id, channel_id, user_hash, question, outcome, document, "
    "line, score, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# A vote for a row that is gone (forgotten, pruned, lost in a crash) changes nothing.
UPSERT_VOTE = (
    "INSERT INTO votes (question_id, voter_hash, helpful, time) SELECT ?1, ?2, ?3, ?4 "
    "WHERE EXISTS (SELECT 1 FROM questions WHERE id = ?1) "
    "ON CONFLICT (question_id, voter_hash) DO UPDATE SET helpful = excluded.helpful, time = excluded.time"
)


def next_row_id(conn: sqlite3.Connection) -> int:
    """Above every id ever used, deleted rows included (AUTOINCREMENT keeps the high mark)."""
    (used,) = conn.execute(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'questions'), 0), "
        "coalesce((SELECT max(id) FROM questions), 0))"
    ).fetchone()
    return used + 1


class QuestionLog:
    """The log of one bot process. Build it with `open` (never raises) or `off`."""

    def __init__(self, path: Path | None, reason: str = "", clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.reason = reason  # why the log is off ("" while it is on)
        self.clock = clock
        self.retention_days = 0
        self._conn: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        self._salt = b""
        self._next_id = 1
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(QUEUE_SIZE)
        self._thread: threading.Thread | None = None
        self._dropped = 0  # rows dropped since the queue was last full
        self._pruned_at = 0.0

    @classmethod
    def off(cls, reason: str) -> QuestionLog:
        return cls(None, reason)

    @classmethod
    def open(cls, data_dir: Path, retention_days: int, clock: Callable[[], float] = time.time) -> QuestionLog:
        """Open (create, migrate) the log in `data_dir` and start its writer; off on any fault."""
        if retention_days <= 0:
            return cls.off("retention_days is 0")
        path = data_dir / FILE_NAME
        store = cls(path, clock=clock)
        store.retention_days = retention_days
        try:
            store._open()
        except (*FAULTS, LogOff) as exc:
            store._turn_off(exc)
            return store
        store._thread = threading.Thread(target=store._run, name="question-log", daemon=True)
        store._thread.start()
        return store

    def _open(self) -> None:
        assert self.path is not None
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._lock_fd = lock(self.path)
        with contextlib.suppress(FileExistsError):  # created before SQLite would (0o644): only the
            os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # bot reads it
        self._conn = connect(self.path)
        before = migrate(self._conn)
        if before != SCHEMA_VERSION:
            log.info("question log %s: schema %d -> %d", self.path, before, SCHEMA_VERSION)
        self._salt = self._load_salt()
        self._next_id = next_row_id(self._conn)
        self._prune()  # also proves the file is writable

    def _load_salt(self) -> bytes:
        assert self._conn is not None
        self._conn.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('salt', ?)", (secrets.token_hex(16),)
        )
        (salt,) = self._conn.execute("SELECT value FROM settings WHERE key = 'salt'").fetchone()
        return bytes.fromhex(salt)

    @property
    def on(self) -> bool:
        return not self.reason

    def member(self, user_id: int) -> str:
        """The salted hash that stands for a member in this log."""
        return hashlib.blake2b(str(user_id).encode(), key=self._salt, digest_size=8).hexdigest()

    def record(self, asked: Asked, result: Result | None = None, latency_ms: float = 0.0) -> int | None:
        """Queue one question (no result: refused input); its row id, or None when not logged."""
        if not self.on or not asked.question.strip():
            return None
        row_id = self._next_id
        document, line, score = cited(result)
        row = (row_id, self.clock(), asked.guild_id, asked.channel_id, self.member(asked.user_id),
               asked.question, outcome_of(result), document, line, score, round(latency_ms, 2))  # fmt: skip
        if not self._put(("question", row)):
            return None
        self._next_id += 1
        return row_id

    def vote(self, question_id: int, user_id: int, helpful: bool) -> bool:
        """Queue a member's vote on an answer (a second vote replaces the first)."""
        vote = (question_id, self.member(user_id), int(helpful), self.clock())
        return self.on and self._put(("vote", vote))

    def _put(self, job: tuple[str, Any]) -> bool:
        """Queue a row; a full queue drops it. One warning when dropping starts, one line when
        the writer has caught up (half the queue written), however long the flood lasts."""
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            if not self._dropped:
                log.warning("the question log is %d rows behind: dropping rows meanwhile", QUEUE_SIZE)
            self._dropped += 1
            return False
        if self._dropped and self._queue.qsize() <= QUEUE_SIZE // 2:
            log.warning("the question log caught up (rows dropped meanwhile: %d)", self._dropped)
            self._dropped = 0
        return True

    def call(self, job: Callable[[sqlite3.Connection], T], timeout: float = CALL_SECONDS) -> T:
        """Run `job(connection)` in the writer thread, after every row queued before it."""
        if not self.on:
            raise LogOff(self.reason)
        future: Future[T] = Future()
        try:
            self._queue.put(("call", (job, future)), timeout=timeout)
        except queue.Full:
            raise LogOff("the question log is busy") from None
        try:
            return future.result(timeout)
        except TimeoutError:
            raise LogOff("the question log did not answer in time") from None

    def flush(self) -> None:
        """Wait until every row queued so far is written (nothing when the log is off)."""
        with contextlib.suppress(LogOff):
            self.call(lambda conn: None)

    async def forget(self, user_id: int) -> tuple[int, int]:
        """Delete a member's questions and votes; how many of each (LogOff when off)."""
        member = self.member(user_id)
        return await asyncio.to_thread(self.call, lambda conn: self._forget(conn, member))

    async def read(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """`job` on a read-only connection in a worker thread, after the queued rows are written."""
        return await asyncio.to_thread(self._read, job)

    def _read(self, job: Callable[[sqlite3.Connection], T]) -> T:
        self.flush()
        if not self.on or self.path is None:
            raise LogOff(self.reason)
        try:
            with contextlib.closing(open_read_only(self.path)) as conn:
                return job(conn)
        except sqlite3.Error as exc:
            raise LogOff(f"cannot read {self.path}: {exc}") from None

    def close(self) -> None:
        """Write what is queued, stop the writer, release the file."""
        if self._thread is not None:
            self._queue.put(("stop", None))
            self._thread.join(CALL_SECONDS)
            self._thread = None
        self._shut()

    # The writer thread.

    def _run(self) -> None:
        try:
            self._write_until_stopped()
        except Exception as exc:  # a bug, not a file fault: say so once, and stop logging
            log.exception("the question log's writer failed")
            self._turn_off(exc)

    def _write_until_stopped(self) -> None:
        while True:
            try:
                jobs = [self._queue.get(timeout=self._until_prune())]
            except queue.Empty:
                self._guard(self._prune)
                continue
            if jobs[0][0] in ("question", "vote"):
                time.sleep(LINGER)  # the answer goes out meanwhile; more rows join this transaction
            while len(jobs) < BATCH:
                try:
                    jobs.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if not self._handle(jobs):
                return

    def _handle(self, jobs: list[tuple[str, Any]]) -> bool:
        """Write runs of rows and votes in one transaction each, calls in order; False on stop."""
        writes: list[tuple[str, Any]] = []
        for kind, job in jobs:
            if kind in ("question", "vote"):
                writes.append((kind, job))
                continue
            self._guard(lambda w=writes: self._write(w))
            writes = []
            if kind == "stop":
                return False
            self._call(*job)
        self._guard(lambda: self._write(writes))
        return True

    def _write(self, writes: list[tuple[str, Any]]) -> None:
        if not writes or self._conn is None:
            return
        with transaction(self._conn) as conn:
            conn.executemany(INSERT_QUESTION, [row for kind, row in writes if kind == "question"])
            conn.executemany(UPSERT_VOTE, [vote for kind, vote in writes if kind == "vote"])

    def _call(self, job: Callable[[sqlite3.Connection], Any], future: Future) -> None:
        if self._conn is None:
            future.set_exception(LogOff(self.reason))
            return
        try:
            future.set_result(job(self._conn))
        except FAULTS as exc:
            future.set_exception(LogOff(str(exc)))
            self._fail(exc)
        except Exception as exc:  # the job's own bug: its caller's error, not the log's
            future.set_exception(exc)

    def _guard(self, write: Callable[[], None]) -> None:
        try:
            write()
        except FAULTS as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        if self._conn is None:
            return
        self._turn_off(exc)

    def _turn_off(self, exc: BaseException) -> None:
        self.reason = str(exc) or type(exc).__name__
        log.warning("the question log %s is off: %s; questions are still answered", self.path, self.reason)
        self._shut()

    def _shut(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _until_prune(self) -> float:
        return max(0.0, self._pruned_at + DAY - self.clock())

    def _prune(self) -> None:
        """Delete the questions (and their votes) older than `retention_days`."""
        if self._conn is None:
            return
        self._pruned_at = self.clock()
        cutoff = self._pruned_at - self.retention_days * DAY
        deleted = self._conn.execute("DELETE FROM questions WHERE time < ?", (cutoff,)).rowcount
        self._conn.execute("PRAGMA incremental_vacuum")
        if deleted:
            log.info("question log: deleted %d questions older than %d days", deleted, self.retention_days)

    @staticmethod
    def _forget(conn: sqlite3.Connection, member: str) -> tuple[int, int]:
        with transaction(conn):
            votes = conn.execute("DELETE FROM votes WHERE voter_hash = ?", (member,)).rowcount
            questions = conn.execute("DELETE FROM questions WHERE user_hash = ?", (member,)).rowcount
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the deleted text leaves the WAL file too
        return questions, votes
