"""The question log under load: 200 concurrent /ask to the real `python -m bot`, one row each.

The loopback Discord of `test_load.py` holds every defer until all 200 have arrived, so the
questions are in flight together; the bot then stops on SIGINT, as an owner stops it, and the
file must hold exactly one whole row per question, each the row its answer's vote buttons name.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import signal
import sqlite3

import pytest
import pytest_asyncio

from bot.store import FILE_NAME

from .conftest import SEEDS
from .test_load import ASKS, GUILD, OLD_QUESTIONS, WAIT, LoadDiscord
from .test_loopback import serving, start_bot

pytestmark = pytest.mark.asyncio
VOTE_ID = re.compile(r"docsbot-vote:helpful:(\d+)")


@pytest_asyncio.fixture
async def loopback():
    async with serving(LoadDiscord()) as discord_:
        yield discord_


def helpful_row(followup: dict) -> int:
    """The row id the answer's Helpful button carries."""
    ids = [b.get("custom_id", "") for row in followup["components"] for b in row["components"]]
    (row_id,) = [int(m[1]) for m in map(VOTE_ID.fullmatch, ids) if m]
    return row_id


async def test_200_concurrent_asks_leave_exactly_one_row_each(loopback, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), docs)
    (tmp_path / "config.toml").write_text(
        f'documents = "docs"\ncache_dir = "cache"\ndev_guild_id = "{GUILD}"\n', encoding="utf-8"
    )
    process = await start_bot(tmp_path, loopback.port)
    try:
        await asyncio.wait_for(loopback.identified.wait(), WAIT)
        tokens = await loopback.ask_all_at_once(list(OLD_QUESTIONS))
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), WAIT)
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Traceback" not in log and " WARNING " not in log, log

    with contextlib.closing(sqlite3.connect(tmp_path / ".data" / FILE_NAME)) as conn:
        rows = conn.execute("SELECT id, question, outcome, user_hash, guild_id FROM questions").fetchall()
    assert len(rows) == ASKS
    by_id = {row_id: (question, outcome, guild) for row_id, question, outcome, _, guild in rows}
    assert len({user_hash for *_, user_hash, _ in rows}) == ASKS  # 200 members, 200 hashes
    for token, question in tokens.items():  # each answer names its own row
        assert by_id[helpful_row(loopback.followups[token])] == (question, "answered", int(GUILD))
