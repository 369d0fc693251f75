"""The cog: /ask, mentions, /sources, /help, /reload.

A command body is guard clauses, one domain call, one reply. Ranking and reloading run in a
worker thread (`asyncio.to_thread`) so the event loop keeps answering Discord meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from retrieval import RetrievalError, answer_question

from .access import NOT_OWNER_TEXT, is_owner
from .config import open_engine
from .cooldown import Cooldown
from .embeds import answer_embed, help_embed, no_answer_text, reload_text, sources_embed
from .views import EXPIRED_TEXT, AnswerView, LiveViews, is_stale_click

if TYPE_CHECKING:  # the Bot adds this cog in its setup_hook: a runtime import would be a loop
    from .client import DocsBot

log = logging.getLogger(__name__)

MIN_QUESTION = 3
MAX_QUESTION = 300
MENTION_HINT = "Ask me a question after the mention, for example: `@me who backs Hezbollah?` (or use `/ask`)."


@dataclass(frozen=True)
class Reply:
    """What to send for one question: an answer embed with buttons, or a no-answer sentence."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: AnswerView | None = None

    @property
    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for send/reply (the Bot's AllowedMentions.none() applies to all)."""
        return {
            key: getattr(self, key) for key in ("content", "embed", "view") if getattr(self, key) is not None
        }


def wait_text(seconds: int) -> str:
    return f"You're asking quickly: try again in {seconds} s."


class AskCog(commands.Cog):
    def __init__(self, bot: DocsBot) -> None:
        self.bot = bot
        self.cooldown = Cooldown(bot.settings.cooldown_seconds)
        self.live = LiveViews()
        self.reload_lock = asyncio.Lock()

    async def answer(self, question: str, asker_id: int, source: str, private: bool = False) -> Reply:
        """Rank off the event loop, against the engine current when the question arrived."""
        engine = self.bot.engine
        started = time.perf_counter()
        result = await asyncio.to_thread(answer_question, engine, question, self.bot.settings.top_k)
        log.info(
            "question via %s: %d chars, %s, %d ms",
            source,
            len(question),
            "answered" if result.answered else "not answered",
            (time.perf_counter() - started) * 1000,
        )
        if not result.answered:
            return Reply(content=no_answer_text(result))
        timeout = self.bot.settings.button_timeout_seconds
        view = AnswerView(result, engine, asker_id, timeout, self.live, private)
        return Reply(embed=answer_embed(result), view=view)

    @app_commands.command(
        name="ask", description="Ask the documents a question: get the sentence that answers"
    )
    @app_commands.describe(question="Your question", private="Only you see the answer")
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, MIN_QUESTION, MAX_QUESTION],
        private: bool = False,
    ) -> None:
        if len(question.strip()) < MIN_QUESTION:
            await interaction.response.send_message("Please type a question.", ephemeral=True)
            return
        wait = self.cooldown.retry_after(interaction.user.id)
        if wait:
            await interaction.response.send_message(wait_text(wait), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=private, thinking=True)
        reply = await self.answer(question, interaction.user.id, "/ask", private)
        message = await interaction.followup.send(**reply.kwargs, ephemeral=private, wait=True)
        if reply.view is not None:
            reply.view.message, reply.view.interaction = message, interaction

    def mentioned_question(self, message: discord.Message) -> str | None:
        """The question of a message that mentions the bot where it listens, else None."""
        me = self.bot.user
        if me is None or message.author.bot or not any(u.id == me.id for u in message.mentions):
            return None
        channels = self.bot.settings.mention_channels
        if channels and not {message.channel.id, getattr(message.channel, "parent_id", None)} & channels:
            return None  # a thread counts as its parent channel
        mention = re.compile(rf"<@!?{me.id}>")
        if not mention.search(message.content):
            return None  # a reply that pings the bot is not a question to it
        return mention.sub(" ", message.content).strip()

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = self.mentioned_question(message)
        if question is None:
            return
        if len(question) < MIN_QUESTION:
            await self.reply(message, Reply(content=MENTION_HINT))
            return
        if len(question) > MAX_QUESTION:
            await self.reply(
                message, Reply(content=f"Please keep questions under {MAX_QUESTION} characters.")
            )
            return
        wait = self.cooldown.retry_after(message.author.id)
        if wait:
            await self.reply(message, Reply(content=wait_text(wait)))
            return
        async with message.channel.typing():
            reply = await self.answer(question, message.author.id, "mention")
        sent = await self.reply(message, reply)
        if reply.view is not None:
            reply.view.message = sent

    async def reply(self, message: discord.Message, reply: Reply) -> discord.Message | None:
        try:
            return await message.reply(**reply.kwargs, mention_author=False)
        except discord.HTTPException as exc:  # e.g. no permission to send in that channel
            log.warning("could not reply in channel %s: %s", message.channel.id, exc)
            if reply.view is not None:
                reply.view.stop()
            return None

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if is_stale_click(interaction, self.live):
            await interaction.response.send_message(EXPIRED_TEXT, ephemeral=True)

    @app_commands.command(name="sources", description="The documents I answer from")
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=sources_embed(self.bot.engine), ephemeral=True)

    @app_commands.command(name="help", description="What this bot does")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)

    @app_commands.command(name="reload", description="Re-read the documents folder (the bot's owners only)")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        if not await is_owner(self.bot, interaction.user):
            await interaction.response.send_message(NOT_OWNER_TEXT, ephemeral=True)
            return
        if self.reload_lock.locked():
            await interaction.response.send_message("A reload is already running.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.reload_lock:
            settings = self.bot.settings
            try:
                engine = await asyncio.to_thread(open_engine, settings)
            except RetrievalError as exc:
                log.warning("reload failed: %s", exc)
                await interaction.followup.send(
                    f"Reload failed: {exc}. I keep answering from the documents loaded before.",
                    ephemeral=True,
                )
                return
            self.bot.engine = engine
        log.info("reloaded %d documents, %d sentences", len(engine.documents), len(engine.sentences))
        await interaction.followup.send(reload_text(engine), ephemeral=True)


def command_names() -> list[str]:
    """The slash commands the cog provides (for `--check`), without a connection."""
    return [command.name for command in AskCog.__cog_app_commands__]
