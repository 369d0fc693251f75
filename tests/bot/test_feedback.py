"""Helpful / Not helpful: under every answer, one changeable vote per member, across restarts."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.client import create_bot
from bot.feedback import LOG_OFF_TEXT
from bot.store import FILE_NAME

from .conftest import TRUCKS, with_settings

pytestmark = pytest.mark.asyncio


async def ask(world, member=None, **options):
    result = await (member or world.alice).slash(world.channel, "ask", question=TRUCKS, **options)
    return result.response


def custom_ids(message) -> dict[str, str]:
    return {c.label: c.custom_id for row in message.components for c in row.children}


async def rows(world, sql: str) -> list[tuple]:
    """Rows of the bot's question log, once what is queued is written."""
    question_log = world.env.bot.question_log
    await asyncio.to_thread(question_log.flush)
    with sqlite3.connect(world.env.bot.settings.data_dir / FILE_NAME) as conn:
        return conn.execute(sql).fetchall()


async def test_every_answer_has_the_vote_buttons_carrying_its_row_id(world):
    answer = await ask(world)

    ((row_id, question, outcome),) = await rows(world, "SELECT id, question, outcome FROM questions")
    assert (question, outcome) == (TRUCKS, "answered")
    ids = custom_ids(answer.message)
    assert list(ids) == ["More answers", "Context", "Why this answer?", "Helpful", "Not helpful"]
    assert ids["Helpful"] == f"docsbot-vote:helpful:{row_id}"
    assert ids["Not helpful"] == f"docsbot-vote:unhelpful:{row_id}"


async def test_a_vote_is_acknowledged_privately_and_recorded_once_per_member(world):
    answer = await ask(world)

    first = await world.bob.click(answer.message, label="Helpful")
    changed = await world.bob.click(answer.message, label="Not helpful")
    await world.alice.click(answer.message, label="Helpful")

    assert first.response.ephemeral and first.response.content.startswith("Thanks: noted as helpful.")
    assert "not helpful" in changed.response.content and "change yours" in changed.response.content
    votes = await rows(world, "SELECT helpful FROM votes ORDER BY helpful")
    assert votes == [(0,), (1,)]  # bob's changed vote and alice's: one row per member


async def test_votes_still_record_after_a_restart(world, settings, engine):
    answer = await ask(world)
    old = world.env.bot
    await asyncio.to_thread(old.question_log.close)  # the old process exits
    await world.env.restart_bot(create_bot(settings, engine))  # a new process, the same file

    stale = await world.bob.click(answer.message, label="Context")
    vote = await world.bob.click(answer.message, label="Not helpful")

    assert "expired" in stale.response.content  # the answer's own buttons lived in the old process
    assert vote.response.content.startswith("Thanks: noted as not helpful.")
    assert await rows(world, "SELECT question_id, helpful FROM votes") == [(1, 0)]


async def test_votes_still_record_after_the_answer_buttons_expired(world):
    first = await ask(world)
    await ask(world, world.bob)
    await world.env.advance_time(world.env.bot.settings.button_timeout_seconds + 1)

    votes = [await world.alice.click(first.message, label="Helpful")]
    answer = await ask(world)  # a new answer after the first ones' views stopped
    votes.append(await world.bob.click(answer.message, label="Helpful"))

    assert all(v.response.content.startswith("Thanks") for v in votes)
    assert await rows(world, "SELECT question_id FROM votes ORDER BY 1") == [(1,), (3,)]


async def test_private_answers_take_votes_too(world):
    answer = await ask(world, private=True)

    vote = await world.alice.click(answer.message, label="Helpful")

    assert vote.response.ephemeral
    assert await rows(world, "SELECT question_id, helpful FROM votes") == [(1, 1)]


async def test_no_answer_and_mentions_are_logged_with_their_outcome(world):
    await world.alice.slash(world.channel, "ask", question="How do I bake sourdough bread?")
    await world.alice.send(world.channel, f"{world.env.bot.user.mention} {TRUCKS}")
    await world.alice.slash(world.channel, "ask", question="  a  ")

    logged = await rows(
        world, "SELECT question, outcome, guild_id, channel_id, document, line FROM questions"
    )
    assert logged == [
        ("How do I bake sourdough bread?", "no_answer", world.guild.id, world.channel.id, None, None),
        (TRUCKS, "answered", world.guild.id, world.channel.id, "000_1cbf31eff85d1e18.txt", 5),
        ("  a  ", "refused", world.guild.id, world.channel.id, None, None),
    ]


async def test_the_log_never_stores_a_member_id(world):
    await ask(world)

    ((user_hash,),) = await rows(world, "SELECT user_hash FROM questions")
    data = (world.env.bot.settings.data_dir / FILE_NAME).read_bytes()
    assert str(world.alice.id) not in user_hash and str(world.alice.id).encode() not in data
    assert len(user_hash) == 16


async def test_a_vote_while_the_log_is_off_says_it_is_not_recorded(world, settings, engine):
    answer = await ask(world)
    await asyncio.to_thread(world.env.bot.question_log.close)
    await world.env.restart_bot(create_bot(with_settings(settings, retention_days=0), engine))

    vote = await world.bob.click(answer.message, label="Helpful")

    assert vote.response.ephemeral and vote.response.content == LOG_OFF_TEXT


class TestWithTheLogOff:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, retention_days=0)

    async def test_answers_have_no_vote_buttons_and_nothing_is_written(self, world, settings):
        answer = await ask(world)

        assert list(custom_ids(answer.message)) == ["More answers", "Context", "Why this answer?"]
        assert not settings.data_dir.exists()
