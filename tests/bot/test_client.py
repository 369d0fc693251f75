"""The Bot: command sync at start-up, start-up itself, and the invite URL it logs."""

from __future__ import annotations

import discord
import pytest

from bot.client import create_bot, intents, invite_url
from tests.conftest import ROOT

from .conftest import TRUCKS, with_settings


@pytest.mark.asyncio
class TestGlobalSync:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, dev_guild_id=None)

    async def test_without_a_dev_guild_commands_are_synced_globally(self, world):
        paths = [r.path for r in world.env.http_requests if r.method == "PUT"]
        assert len(paths) == 1 and paths[0].endswith("/commands") and "/guilds/" not in paths[0]
        result = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert result.response.embeds


@pytest.mark.asyncio
async def test_the_dev_guild_gets_the_commands_at_start_up(world):
    (sync,) = [r for r in world.env.http_requests if r.method == "PUT"]
    assert sync.path.endswith(f"/guilds/{world.guild.id}/commands")
    names = sorted(c["name"] for c in sync.json)
    assert names == ["ask", "forget", "help", "reload", "sources", "stats", "unanswered"]


@pytest.mark.asyncio
async def test_the_bot_starts_through_simcord_run(settings, engine):
    import simcord

    async with simcord.run(create_bot(settings, engine)) as env:
        assert env.bot.is_ready() and env.bot.get_cog("AskCog") is not None


def test_the_invite_url_asks_for_the_documented_scopes_and_permissions():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    url = invite_url(123)
    assert (
        url
        == "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=274877990912"
    )
    assert url.replace("123", "APPLICATION_ID") in readme


def test_only_the_intents_it_needs():
    wanted = intents()

    assert wanted == discord.Intents(guilds=True, guild_messages=True, dm_messages=True)
    assert not (wanted.typing or wanted.reactions or wanted.voice_states or wanted.members)
    assert not (wanted.message_content or wanted.presences)
