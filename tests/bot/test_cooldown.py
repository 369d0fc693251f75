"""The per-user cooldown shared by /ask and mentions."""

from __future__ import annotations

import pytest

from .conftest import TRUCKS, with_settings

pytestmark = pytest.mark.asyncio


class TestCooldown:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, cooldown_seconds=30)

    async def test_a_second_question_too_soon_is_told_when_to_retry(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)
        await world.env.advance_time(10)

        second = await world.alice.slash(world.channel, "ask", question=TRUCKS)

        assert second.response.ephemeral
        assert second.response.content == "You're asking quickly: try again in 20 s."

    async def test_the_cooldown_is_per_user_and_ends(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        other = await world.bob.slash(world.channel, "ask", question=TRUCKS)
        assert other.response.embeds
        await world.env.advance_time(31)
        again = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert again.response.embeds

    async def test_mentions_share_the_cooldown(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        await world.alice.send(world.channel, f"{world.env.bot.user.mention} {TRUCKS}")

        assert world.channel.last_message.content.startswith("You're asking quickly: try again in 30 s")
