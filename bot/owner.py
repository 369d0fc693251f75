"""The server owner's commands: /unanswered and /stats (managers and owners), /forget (anyone).

They read the question log (bot/store.py) through `bot/report.py`, in a worker thread, and
reply only to the member who asked. /unanswered and /stats show one server's questions: the
server they are used in.
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from .embeds import plural
from .report import Report, build_report
from .report_embeds import log_off_text, stats_embed, unanswered_pages
from .schema import LogOff
from .views import send_pages

if TYPE_CHECKING:
    from .client import DocsBot

NOT_ALLOWED_TEXT = "Only members with Manage Server (or the bot's owners) can read the question log."
NO_LOG_TEXT = "I keep no log of questions (retention_days is 0), so there is nothing about you to delete."
Days = app_commands.Range[int, 1, 365]


def forget_text(questions: int, votes: int) -> str:
    if not questions and not votes:
        return "The question log holds nothing of yours."
    return (
        f"Deleted {plural(questions, 'question')} and {plural(votes, 'vote')} of yours from the question log."
    )


class OwnerCog(commands.Cog):
    def __init__(self, bot: DocsBot) -> None:
        self.bot = bot

    def may_read_log(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id in self.bot.settings.owner_ids:
            return True
        return interaction.guild is not None and interaction.permissions.manage_guild

    async def read_report(self, interaction: discord.Interaction, days: int) -> Report | None:
        """This server's report, after the guard and the defer; None when the reply says why not."""
        if not self.may_read_log(interaction):
            await interaction.response.send_message(NOT_ALLOWED_TEXT, ephemeral=True)
            return None
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = functools.partial(build_report, days=days, now=time.time(), guild_id=interaction.guild_id)
        try:
            return await self.bot.question_log.read(report)
        except LogOff as exc:
            await interaction.followup.send(log_off_text(str(exc)), ephemeral=True)
            return None

    @app_commands.command(
        name="unanswered", description="What the documents did not answer (server managers)"
    )
    @app_commands.describe(days="How many days back (default 30)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def unanswered(self, interaction: discord.Interaction, days: Days = 30) -> None:
        report = await self.read_report(interaction, days)
        if report is None:
            return
        pages = unanswered_pages(report)
        await send_pages(interaction, pages, self.bot.settings.button_timeout_seconds, None)

    @app_commands.command(
        name="stats", description="Questions per day, answered and helpful shares (server managers)"
    )
    @app_commands.describe(days="How many days back (default 30)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def stats(self, interaction: discord.Interaction, days: Days = 30) -> None:
        report = await self.read_report(interaction, days)
        if report is None:
            return
        embed = stats_embed(report, self.bot.settings.retention_days)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(name="forget", description="Delete your questions and votes from the question log")
    async def forget(self, interaction: discord.Interaction) -> None:
        if self.bot.settings.retention_days <= 0:
            await interaction.response.send_message(NO_LOG_TEXT, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            questions, votes = await self.bot.question_log.forget(interaction.user.id)
        except LogOff:
            text = "The question log is off right now, so I cannot delete anything; please try again later."
            await interaction.followup.send(text, ephemeral=True)
            return
        await interaction.followup.send(forget_text(questions, votes), ephemeral=True)
