"""The per-user cooldown shared by /ask and mentions: a question too soon keeps its place."""

from __future__ import annotations

import re

import pytest

from .conftest import TRUCKS, with_settings

pytestmark = pytest.mark.asyncio


class TestCooldown:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, cooldown_seconds=30)

    async def test_an_ask_too_soon_is_answered_when_the_window_ends(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)
        await world.env.advance_time(10)

        second = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert not world.requests("POST", "/webhooks/")[1:]  # deferred, waiting for its turn
        await world.env.advance_time(20)

        followups = world.requests("POST", "/webhooks/")
        assert len(followups) == 2 and "54 **trucks**" in followups[1].json["embeds"][0]["description"]
        assert second.response.id == world.channel.last_message.id

    async def test_a_third_ask_while_one_waits_is_told_when_to_retry(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)
        await world.env.advance_time(10)
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        third = await world.alice.slash(world.channel, "ask", question=TRUCKS)

        assert third.response.ephemeral
        seconds = int(
            re.fullmatch(r"You're asking quickly: try again in (\d+) s\.", third.response.content)[1]
        )
        assert 0 < seconds <= 20

    async def test_the_cooldown_is_per_user_and_ends(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        other = await world.bob.slash(world.channel, "ask", question=TRUCKS)
        assert other.response.embeds
        await world.env.advance_time(31)
        again = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert again.response.embeds

    async def test_mentions_share_the_cooldown(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        asked = await world.alice.send(world.channel, f"{world.env.bot.user.mention} {TRUCKS}")

        assert world.channel.last_message.content == (
            "You're asking quickly: I'll answer your latest question in 30 s."
        )
        await world.env.advance_time(30)
        answer = world.channel.last_message
        assert answer.embeds and answer.reference.message_id == asked.id

    async def test_a_failed_answer_gives_the_window_back(self, world, monkeypatch):
        import bot.ask

        def broken(*args, **kwargs):
            raise RuntimeError("index corrupted")

        monkeypatch.setattr(bot.ask, "answer_question", broken)
        await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert len(world.env.errors) == 1
        monkeypatch.undo()

        again = await world.alice.slash(world.channel, "ask", question=TRUCKS)

        assert again.response.embeds  # at once: the failed question did not start a window
