"""Who may use the bot where: the servers it stays in, direct messages, who may /reload.

The documents are one community's own. With `allowed_guilds` set, the bot leaves any other
server, at start and as soon as it is added, with one log line each, and answers nothing
there meanwhile. With it empty, any server that adds the bot can read the documents through
it: the log says so at start (and `--check` warns), as it does when "Public Bot" is on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

if TYPE_CHECKING:
    from .client import DocsBot

log = logging.getLogger(__name__)

NOT_HERE_TEXT = "I only answer in the servers my owner has allowed."
NO_DMS_TEXT = "I don't answer direct messages: ask me in the server."
NOT_OWNER_TEXT = "Only the bot's owners can reload the documents (`owner_ids` in its config)."


def allowed_here(bot: DocsBot, guild_id: int | None) -> bool:
    """Whether the bot answers in this server (None: a direct message)."""
    settings = bot.settings
    if guild_id is None:
        return settings.answer_in_dms
    return not settings.allowed_guilds or guild_id in settings.allowed_guilds


def refusal(guild_id: int | None) -> str:
    return NO_DMS_TEXT if guild_id is None else NOT_HERE_TEXT


async def is_owner(bot: DocsBot, user: discord.abc.User) -> bool:
    """One of `owner_ids`; with none configured, the application's owner (or team)."""
    owners = bot.settings.owner_ids
    return user.id in owners if owners else await bot.is_owner(user)


class GuildGate(commands.Cog):
    """Leaves the servers not in `allowed_guilds`; warns when anyone can add the bot."""

    def __init__(self, bot: DocsBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        allowed = self.bot.settings.allowed_guilds
        if not allowed:
            log.warning(
                "allowed_guilds is empty: any server that adds the bot can read the documents "
                "through it (set allowed_guilds in the config)"
            )
        application = self.bot.application
        if application is not None and application.bot_public:
            log.warning(
                "Public Bot is on: anyone with the invite link can add the bot to a server "
                "(turn it off on the Bot page of the developer portal)"
            )
        for guild in list(self.bot.guilds):
            await self.leave_unless_allowed(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.leave_unless_allowed(guild)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.leave_unless_allowed(guild)  # a server announced again (at start, after an outage)

    async def leave_unless_allowed(self, guild: discord.Guild) -> None:
        if allowed_here(self.bot, guild.id):
            return
        log.warning("leaving server %r (%d): it is not in allowed_guilds", guild.name, guild.id)
        try:
            await guild.leave()
        except discord.HTTPException as exc:
            log.warning("could not leave server %d: %s", guild.id, exc)
