"""The cog: /ask, /sources, /help, /reload (mentions and DMs: `mentions.py`).

A command body is guard clauses, one domain call, one reply. Ranking and reloading run in a
worker thread (`asyncio.to_thread`) so the event loop keeps answering Discord meanwhile.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from retrieval import Engine, Result, RetrievalError, answer_question

from .about import help_embed, reload_text, sources_pages
from .access import NOT_OWNER_TEXT, is_owner
from .asked import LOGGED, Asked, asked_in, outcome_of, privacy_text
from .channels import ChannelTurns
from .config import open_engine
from .cooldown import HOLD_SECONDS, Cooldown
from .embeds import answer_embed, answer_text, no_answer_text
from .feedback import vote_view
from .inflight import RESTART_TEXT
from .passages import related_embed, related_text
from .views import EXPIRED_TEXT, AnswerView, LiveViews, is_stale_click, send_pages, send_politely

if TYPE_CHECKING:  # the Bot adds this cog in its setup_hook: a runtime import would be a loop
    from .client import DocsBot

log = logging.getLogger(__name__)

MIN_QUESTION = 3
MAX_QUESTION = 300


@dataclass(frozen=True)
class Reply:
    """What to send for one question: an embed with buttons (an answer, or related passages),
    or a no-answer sentence. `text` is the embed as a plain message, where the bot may not embed."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    text: Callable[[], str] | None = None  # made only where it is sent

    @property
    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for send/reply (the Bot's AllowedMentions.none() applies to all)."""
        return {
            key: getattr(self, key) for key in ("content", "embed", "view") if getattr(self, key) is not None
        }

    def as_text(self) -> dict[str, Any]:
        """The same reply as a plain message, its buttons kept (More answers then pages text)."""
        if self.embed is None or self.text is None:
            return self.kwargs
        if isinstance(self.view, AnswerView):
            self.view.plain = True
        return {"content": self.text()} | ({"view": self.view} if self.view is not None else {})


def wait_text(seconds: int) -> str:
    return f"You're asking quickly: try again in {seconds} s."


class AskCog(commands.Cog):
    def __init__(self, bot: DocsBot) -> None:
        self.bot = bot
        self.cooldown = Cooldown(bot.settings.cooldown_seconds)
        self.live = LiveViews()
        self.reload_lock = asyncio.Lock()
        self.turns = ChannelTurns()  # shared with mentions: one busy channel cannot starve the rest
        self.waiting: set[int] = set()  # members whose /ask waits for their cooldown to end

    async def answer(self, asked: Asked, source: str, private: bool = False) -> Reply:
        """Rank off the event loop, against the engine current when the question arrived."""
        engine, question = self.bot.engine, asked.question
        started = time.perf_counter()
        try:
            result = await asyncio.to_thread(answer_question, engine, question, self.bot.settings.top_k)
        except Exception:
            self.cooldown.refund(asked.user_id)  # no answer: the asker need not wait for it
            raise
        milliseconds = (time.perf_counter() - started) * 1000
        log.info(
            "question via %s: %d chars, %s, %d ms",
            source,
            len(question),
            LOGGED[outcome_of(result)],
            milliseconds,
        )
        row_id = self.bot.question_log.record(asked, result, milliseconds)  # queued: no disk here
        return self.reply(result, engine, asked.user_id, private, row_id)

    def reply(
        self, result: Result, engine: Engine, asker_id: int, private: bool, row_id: int | None
    ) -> Reply:
        """An answer with its buttons; else related passages (with the vote buttons); else a sentence."""
        timeout = self.bot.settings.button_timeout_seconds
        if result.answered:
            view = AnswerView(result, engine, asker_id, timeout, self.live, private, row_id)
            return Reply(embed=answer_embed(result), view=view, text=functools.partial(answer_text, result))
        if result.related:
            votes = vote_view(row_id, timeout) if row_id is not None else None
            return Reply(
                embed=related_embed(result), view=votes, text=functools.partial(related_text, result)
            )
        return Reply(content=no_answer_text(result))

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
            self.bot.question_log.record(asked_in(interaction, question))  # refused input
            await interaction.response.send_message("Please type a question.", ephemeral=True)
            return
        if self.bot.stopping.is_set():
            await interaction.response.send_message(RESTART_TEXT, ephemeral=True)
            return
        uid = interaction.user.id
        wait = self.cooldown.retry_after(uid)
        if wait > HOLD_SECONDS or (wait and uid in self.waiting):
            await interaction.response.send_message(wait_text(wait), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=private, thinking=True)
        with self.bot.inflight.track(functools.partial(send_politely, interaction, RESTART_TEXT)):
            if wait:  # too soon: the question keeps its place until the asker's window ends
                await self.wait_turn(uid)
            async with self.turns.turn(interaction.channel_id or 0):
                reply = await self.answer(asked_in(interaction, question), "/ask", private)
            message = await interaction.followup.send(**reply.kwargs, ephemeral=private, wait=True)
        if isinstance(reply.view, AnswerView):
            reply.view.message = message
            reply.view.keep(interaction)

    async def wait_turn(self, user_id: int) -> None:
        self.waiting.add(user_id)
        try:
            await self.cooldown.wait_turn(user_id)
        finally:
            self.waiting.discard(user_id)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if is_stale_click(interaction, self.live):
            await interaction.response.send_message(EXPIRED_TEXT, ephemeral=True)

    @app_commands.command(name="sources", description="The documents I answer from")
    async def sources(self, interaction: discord.Interaction) -> None:
        pages = sources_pages(self.bot.engine)
        await send_pages(interaction, pages, self.bot.settings.button_timeout_seconds, None)

    @app_commands.command(name="help", description="What this bot does")
    async def help(self, interaction: discord.Interaction) -> None:
        embed = help_embed().add_field(name="Privacy", value=privacy_text(self.bot.settings), inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

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
