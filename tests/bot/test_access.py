"""Issue 12, item 5: only the servers you allow, DMs by choice, /reload for the owners."""

from __future__ import annotations

import logging

import pytest

from bot.access import NO_DMS_TEXT, NOT_HERE_TEXT, NOT_OWNER_TEXT
from bot.client import create_bot

from .conftest import GUILD_ID, TRUCKS, with_settings

pytestmark = pytest.mark.asyncio


def leaves(world) -> list[str]:
    return [
        r.path for r in world.env.http_requests if r.method == "DELETE" and "/users/@me/guilds/" in r.path
    ]


class TestAllowedGuilds:
    @pytest.fixture
    def settings(self, settings):  # global commands, so a command can be tried in another server
        return with_settings(settings, allowed_guilds=frozenset({GUILD_ID}), dev_guild_id=None)

    async def test_the_bot_leaves_a_server_not_on_the_list_as_soon_as_it_is_added(self, world, caplog):
        other = world.env.create_guild("Elsewhere")
        await world.env.settle()

        assert leaves(world) == [f"/users/@me/guilds/{other.id}"]
        assert world.env.bot.get_guild(other.id) is None
        assert world.env.bot.get_guild(GUILD_ID) is not None  # listed: stays
        assert f"leaving server 'Elsewhere' ({other.id}): it is not in allowed_guilds" in caplog.text

    async def test_the_bot_leaves_unlisted_servers_at_start(self, world, settings, engine):
        world.env.inject_error("DELETE", "/users/@me/guilds/*", status=500, times=1)
        other = world.env.create_guild("Elsewhere")  # the first leave fails: it stays for now
        await world.env.settle()
        assert world.env.bot.get_guild(other.id) is not None

        await world.env.restart_bot(create_bot(settings, engine))

        assert world.env.bot.get_guild(other.id) is None
        assert world.env.bot.get_guild(GUILD_ID) is not None

    async def test_meanwhile_a_command_there_is_refused_politely(self, world):
        world.env.inject_error("DELETE", "/users/@me/guilds/*", status=500, times=1)
        other = world.env.create_guild("Elsewhere")
        channel = other.create_text_channel("general")
        member = other.add_member(world.env.create_user("stranger"))

        result = await member.slash(channel, "ask", question=TRUCKS)

        assert result.response.ephemeral and result.response.content == NOT_HERE_TEXT
        assert not result.response.embeds


async def test_without_a_list_the_bot_stays_and_says_so_at_start(world, settings, engine, caplog):
    other = world.env.create_guild("Elsewhere")
    await world.env.settle()
    with caplog.at_level(logging.WARNING):
        await world.env.restart_bot(create_bot(settings, engine))

    assert leaves(world) == [] and world.env.bot.get_guild(other.id) is not None
    assert "allowed_guilds is empty: any server that adds the bot can read the documents" in caplog.text
    assert "Public Bot is on" in caplog.text  # simcord's application is public


class TestDirectMessages:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, dev_guild_id=None, answer_in_dms=False)

    async def test_ask_in_dms_is_refused_when_answer_in_dms_is_off(self, world):
        result = await world.env.create_user("carol").slash("ask", question=TRUCKS)

        assert result.response.content == NO_DMS_TEXT and result.response.ephemeral


class TestReloadOwners:
    async def test_a_manager_who_is_not_an_owner_cannot_reload(self, world):
        world.env.bot.settings = with_settings(world.env.bot.settings, owner_ids=frozenset({world.bob.id}))

        result = await world.admin.slash(world.channel, "reload")

        assert result.response.ephemeral and result.response.content == NOT_OWNER_TEXT

    async def test_an_owner_with_manage_server_can_reload(self, world):
        result = await world.admin.slash(world.channel, "reload")

        assert result.response.content.startswith("Reloaded: 1 document")

    async def test_without_owner_ids_only_the_applications_owner_may_reload(self, world):
        world.env.bot.settings = with_settings(world.env.bot.settings, owner_ids=frozenset())

        result = await world.admin.slash(world.channel, "reload")  # simcord's app owner is the bot

        assert result.response.content == NOT_OWNER_TEXT

    async def test_reload_stays_hidden_from_members_without_manage_server(self, world):
        world.env.bot.settings = with_settings(world.env.bot.settings, owner_ids=frozenset({world.bob.id}))

        assert "reload" not in world.bob.available_commands(world.channel)
