"""Registering the slash commands at start-up, in one scope only.

With `dev_guild_id` the commands are registered in that server (they appear at once), and
any global ones left from an earlier global start are removed; without it they are
registered globally, and any left in a server from an earlier `dev_guild_id` start are
removed once the bot knows its servers. Otherwise Discord shows every command twice there.
A `dev_guild_id` the bot is not in stops the start with one clear line.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

if TYPE_CHECKING:
    from .client import DocsBot

log = logging.getLogger(__name__)

MAX_SERVERS_CHECKED = 50  # servers looked at for leftover commands, at start, in global mode


class StartupError(Exception):
    """A problem found while starting that the owner must fix; the message says how."""


async def sync_commands(bot: DocsBot) -> None:
    tree, guild_id = bot.tree, bot.settings.dev_guild_id
    if not guild_id:
        synced = await tree.sync()
        log.info("synced %d global commands (they can take a while to appear)", len(synced))
        return
    guild = discord.Object(id=guild_id)
    tree.copy_global_to(guild=guild)
    try:
        synced = await tree.sync(guild=guild)
    except (discord.Forbidden, discord.NotFound) as exc:
        raise StartupError(
            f"cannot register the commands in dev_guild_id {guild_id} ({exc.status}: {exc.text}): "
            "the bot is not in that server. Invite it there with the invite URL logged above, "
            "or set dev_guild_id to a server it is in (or remove it to register globally)"
        ) from None
    log.info("synced %d commands to the dev guild %s", len(synced), guild_id)
    await clear_commands(bot, None)


async def clear_commands(bot: DocsBot, guild: discord.abc.Snowflake | None) -> None:
    """Remove the commands registered in the other scope, if any (a failure is one log line)."""
    where = f"server {guild.id}" if guild else "the global scope"
    try:
        if not await bot.tree.fetch_commands(guild=guild):
            return
        if guild is None:
            await bot.http.bulk_upsert_global_commands(bot.application_id, [])
        else:
            await bot.http.bulk_upsert_guild_commands(bot.application_id, guild.id, [])
    except discord.HTTPException as exc:
        log.warning("could not check for leftover commands in %s: %s", where, exc)
        return
    log.info("removed the commands left in %s by an earlier start (they would show twice)", where)


class LeftoverCommands(commands.Cog):
    """In global mode: remove the commands an earlier dev_guild_id start left in servers."""

    def __init__(self, bot: DocsBot) -> None:
        self.bot = bot
        self.done = False

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.done or self.bot.settings.dev_guild_id:
            return
        self.done = True
        guilds = self.bot.guilds
        if len(guilds) > MAX_SERVERS_CHECKED:
            log.info("not checking %d servers for leftover dev_guild_id commands", len(guilds))
            return
        for guild in guilds:
            await clear_commands(self.bot, guild)
