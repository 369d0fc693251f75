"""The question log's tables, versioned with `PRAGMA user_version` and migrated in order.

Version N of the file has had MIGRATIONS[0..N-1] applied, each in its own transaction with
the version bump, so a file is always at one version or the next, never between. Add a
version by appending to MIGRATIONS (never edit one that has shipped).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the question log
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: vote buttons carry it
            time REAL NOT NULL,  -- unix seconds, UTC
            guild_id INTEGER,  -- NULL in a direct message
            channel_id INTEGER,
            user_hash TEXT NOT NULL,  -- blake2b of the user id, keyed with settings.salt
            question TEXT NOT NULL,
            outcome TEXT NOT NULL,  -- answered, related, no_answer, refused
            document TEXT,  -- the cited document and line, and the score, when there is one
            line INTEGER,
            score REAL,
            latency_ms REAL NOT NULL
        )""",
        "CREATE INDEX questions_by_time ON questions (time)",
        "CREATE INDEX questions_by_user ON questions (user_hash)",
    ),
    (  # 2: Helpful / Not helpful, one vote per member per answer
        """CREATE TABLE votes (
            question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            voter_hash TEXT NOT NULL,
            helpful INTEGER NOT NULL,  -- 1 helpful, 0 not helpful
            time REAL NOT NULL,
            PRIMARY KEY (question_id, voter_hash)
        ) WITHOUT ROWID""",
        "CREATE INDEX votes_by_voter ON votes (voter_hash)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_SECONDS = 2.0  # how long a write waits for another connection's lock before it is a fault
FAULTS = (sqlite3.Error, OSError)


class LogOff(Exception):
    """The question log is off (or cannot do this now); the message says why."""


class NewerSchema(sqlite3.DatabaseError):
    """The file was written by a newer version of the bot."""


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, begin: str = "BEGIN") -> Iterator[sqlite3.Connection]:
    """An explicit transaction on an autocommit connection: committed, or rolled back on error."""
    conn.execute(begin)
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def version_of(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file to SCHEMA_VERSION; the version it had before."""
    before = version_of(conn)
    if before > SCHEMA_VERSION:
        raise NewerSchema(
            f"schema version {before} is newer than this bot's ({SCHEMA_VERSION}): "
            "run a newer version of the bot, or give this one another data_dir"
        )
    for number in range(before, SCHEMA_VERSION):
        with transaction(conn, "BEGIN IMMEDIATE"):
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    return before


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing log (reports, --check): never creates or writes."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)


def describe(path: Path) -> str:
    """One line for `--check`: the file's path, size, questions and schema version (read only)."""
    if not path.exists():
        return f"question log: {path} (not created yet)"
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    try:
        with contextlib.closing(open_read_only(path)) as conn:
            version = version_of(conn)
            count = conn.execute("SELECT count(*) FROM questions").fetchone()[0] if version else 0
    except sqlite3.Error as exc:
        return f"question log: {path} ({size:,} bytes) cannot be read: {exc}"
    return f"question log: {path} ({size:,} bytes, {count:,} questions, schema version {version})"


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, foreign keys on."""
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # reading it checks the header
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only before the first table
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise LogOff(f"cannot use write-ahead logging (journal mode {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: safe against a crash of the bot
    except BaseException:
        conn.close()
        raise
    return conn


def lock(path: Path) -> int | None:
    """An exclusive lock on `path`.lock: one bot process per log (row numbers come from it)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one process per data_dir is on the owner
        return None
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise LogOff(
            "another bot process is using this question log (give each bot its own data_dir)"
        ) from None
    return fd
