"""Issue 12, item 7: commands in one scope only, and a dev_guild_id the bot is not in."""

from __future__ import annotations

import pytest

from bot.client import command_names, create_bot
from bot.sync import StartupError

from .conftest import GUILD_ID, with_settings

pytestmark = pytest.mark.asyncio

ALL = sorted(command_names())


def puts(world) -> list[tuple[str, list]]:
    return [(r.path, r.json) for r in world.env.http_requests if r.method == "PUT"]


def registered(world) -> dict[str, list[str]]:
    """The command names Discord holds per scope ("global" or the server id)."""
    held = world.env.backend.commands
    scopes = {"global": held.get(None, {}), str(GUILD_ID): held.get(GUILD_ID, {})}
    return {scope: sorted(name for name, _type in commands) for scope, commands in scopes.items()}


async def test_switching_to_global_sync_removes_the_dev_guild_commands(world, settings, engine):
    assert registered(world)[str(GUILD_ID)] == ALL

    await world.env.restart_bot(create_bot(with_settings(settings, dev_guild_id=None), engine))

    assert registered(world) == {"global": ALL, str(GUILD_ID): []}
    assert world.alice.available_commands(world.channel).count("ask") == 1


async def test_switching_to_a_dev_guild_removes_the_global_commands(world, settings, engine):
    await world.env.restart_bot(create_bot(with_settings(settings, dev_guild_id=None), engine))
    assert registered(world)["global"] == ALL

    await world.env.restart_bot(create_bot(settings, engine))

    assert registered(world) == {"global": [], str(GUILD_ID): ALL}


async def test_an_unchanged_scope_is_not_rewritten(world, settings, engine):
    before = len(puts(world))

    await world.env.restart_bot(create_bot(settings, engine))

    assert len(puts(world)) == before + 1  # the dev guild's own sync, nothing else


async def test_a_dev_guild_the_bot_is_not_in_stops_the_start_with_one_clear_sentence(settings, engine):
    import simcord

    stranger = with_settings(settings, dev_guild_id=1300000000000000001)
    env = simcord.Env(create_bot(stranger, engine))
    # simcord registers commands anywhere; Discord answers 403 Missing Access for a server
    # the bot is not in (the loopback test runs this through the real process).
    path = "/applications/*/guilds/1300000000000000001/commands"
    env.inject_error("PUT", path, status=403, code=50001, message="Missing Access")
    try:
        with pytest.raises(StartupError) as caught:
            await env.start()
    finally:
        await env.shutdown()

    assert "cannot register the commands in dev_guild_id 1300000000000000001" in str(caught.value)
    assert "the bot is not in that server" in str(caught.value)
