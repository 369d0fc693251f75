"""Questions asked by mentioning the bot (its user or its role), or in a direct message.

Every reply goes to a public channel, so the bot is careful not to spam it: the hints and
warnings are said once per window per member, a member who asks again too soon gets one
warning and their latest question is answered when their window ends, and a channel takes a
bounded number of questions at once (`channels.ChannelTurns`). Before answering, the bot
checks its permissions in the channel (`channels.PermissionLog`), and any failure is one log
line and, where the bot can still speak, one polite sentence.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from .access import allowed_here
from .ask import MAX_QUESTION, MIN_QUESTION, Reply, wait_text
from .asked import asked_in
from .channels import ChannelAccess, PermissionLog, typing
from .cooldown import HOLD_SECONDS, Notices
from .inflight import RESTART_TEXT
from .views import AnswerView

if TYPE_CHECKING:
    from .ask import AskCog
    from .client import DocsBot

log = logging.getLogger(__name__)
RATE_LIMIT_ATTEMPTS = 4  # sends of one reply that Discord rate-limits (each after discord.py's own retries)

MENTION_HINT = "Ask me a question after the mention, for example: `@me who backs Hezbollah?` (or use `/ask`)."
DM_HINT = "Ask me a question, for example: `who backs Hezbollah?`"
ROLE_HINT = (
    "Discord did not show me that message: mention me by my name rather than my role "
    "(pick me, not the role, in the @ list), or use `/ask`."
)
SORRY_TEXT = "Sorry, something went wrong on my side. Please try again."
BUSY_TEXT = "Lots of questions here at once: I answer a few at a time. Ask again in a moment, or use `/ask`."
NOTICE_SECONDS = 30  # the same hint or warning at most once in this long per member


def too_long_text(limit: int) -> str:
    return f"Please keep questions under {limit} characters."


def held_text(seconds: int) -> str:
    return f"You're asking quickly: I'll answer your latest question in {seconds} s."


def own_role(guild: discord.Guild, me: discord.abc.User) -> discord.Role | None:
    """The role Discord made for the bot when it was added (its "managed" role)."""
    role = guild.self_role
    if role is None and guild.me is not None:
        role = next((r for r in guild.me.roles if r.managed and not r.is_premium_subscriber()), None)
    return role


def question_of(bot: DocsBot, message: discord.Message) -> str | None:
    """The question of a message to the bot, "" when it has none, None when not for the bot."""
    me = bot.user
    if me is None or message.author.bot or message.author.id == me.id:
        return None
    names = re.compile(rf"<@!?{me.id}>")
    if message.guild is None:
        return names.sub(" ", message.content).strip() if bot.settings.answer_in_dms else None
    if not allowed_here(bot, message.guild.id):
        return None  # a server not in allowed_guilds, which the bot is leaving
    role = own_role(message.guild, me)
    by_role = role is not None and role in message.role_mentions
    by_name = any(u.id == me.id for u in message.mentions) and names.search(message.content)
    if not (by_name or by_role):
        return None  # a reply that only pings the bot is not a question to it
    listening = bot.settings.mention_channels
    if listening and not {message.channel.id, getattr(message.channel, "parent_id", None)} & listening:
        return None  # a thread counts as its parent channel
    text = names.sub(" ", message.content)
    return re.sub(rf"<@&{role.id}>", " ", text).strip() if role is not None else text.strip()


def hint_for(message: discord.Message) -> str:
    if message.guild is None:
        return DM_HINT
    return ROLE_HINT if not message.content and message.role_mentions else MENTION_HINT


class MentionCog(commands.Cog):
    def __init__(self, bot: DocsBot, asker: AskCog) -> None:
        self.bot, self.asker = bot, asker
        self.cooldown, self.turns = asker.cooldown, asker.turns
        self.permissions = PermissionLog()
        self.notices = Notices()
        self.held: dict[int, tuple[discord.Message, str]] = {}

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = question_of(self.bot, message)
        if question is None or self.bot.stopping.is_set():
            return
        access = self.permissions.check(message.channel)
        if not access.send:
            return  # logged once for the channel; nobody there can be told
        with self.bot.inflight.track(self.apology(message, access)):
            await self.handle(message, question, access)

    async def handle(self, message: discord.Message, question: str, access: ChannelAccess) -> None:
        if not MIN_QUESTION <= len(question) <= MAX_QUESTION:
            self.bot.question_log.record(asked_in(message, question))  # refused input
        if len(question) < MIN_QUESTION:
            hint = hint_for(message)
            await self.notice(message, access, "hint", hint)
        elif len(question) > MAX_QUESTION:
            await self.notice(message, access, "long", too_long_text(MAX_QUESTION))
        elif wait := self.cooldown.retry_after(message.author.id):
            await self.hold(message, question, access, wait)
        else:
            await self.answer(message, question, access)

    async def notice(self, message: discord.Message, access: ChannelAccess, kind: str, text: str) -> None:
        """A hint or warning, at most once per window per member (the rest stay quiet)."""
        window = max(NOTICE_SECONDS, self.bot.settings.cooldown_seconds)
        if self.notices.first(kind, message.author.id, window):
            await self.deliver(message, Reply(content=text), access)

    async def hold(self, message: discord.Message, question: str, access: ChannelAccess, wait: int) -> None:
        """Too soon: one warning, then the member's latest question is answered when it may be."""
        uid = message.author.id
        if wait > HOLD_SECONDS:
            await self.notice(message, access, "wait", wait_text(wait))
            return
        waiting = uid in self.held
        self.held[uid] = (message, question)
        if waiting:
            return  # the member's waiting turn takes this latest question instead
        await self.notice(message, access, "wait", held_text(wait))
        try:
            await self.cooldown.wait_turn(uid)
        finally:
            message, question = self.held.pop(uid)
        await self.answer(message, question, self.permissions.check(message.channel))

    async def answer(self, message: discord.Message, question: str, access: ChannelAccess) -> None:
        uid, channel_id = message.author.id, message.channel.id
        if self.turns.full(channel_id):
            log.info("channel %d is full: a mention there was not answered", channel_id)
            self.cooldown.refund(uid)
            if self.notices.first("busy", channel_id, NOTICE_SECONDS):
                await self.deliver(message, Reply(content=BUSY_TEXT), access)
            return
        async with self.turns.turn(channel_id), typing(message.channel):
            reply = await self.rank(message, question)
        sent = await self.deliver(message, reply or Reply(content=SORRY_TEXT), access)
        if sent is None or reply is None:
            self.cooldown.refund(uid)  # no answer: the member need not wait for it
        elif isinstance(reply.view, AnswerView):
            reply.view.message = sent

    async def rank(self, message: discord.Message, question: str) -> Reply | None:
        """The reply to a question; None when answering failed (logged)."""
        try:
            return await self.asker.answer(asked_in(message, question), "mention")
        except Exception:
            log.exception("a mention in channel %d failed", message.channel.id)
            return None

    def apology(self, message: discord.Message, access: ChannelAccess):
        async def say_sorry() -> None:
            await self.deliver(message, Reply(content=RESTART_TEXT), access)

        return say_sorry

    async def deliver(
        self, message: discord.Message, reply: Reply, access: ChannelAccess
    ) -> discord.Message | None:
        """A reply (sent to the channel without Read Message History; text without Embed Links)."""
        kwargs = reply.kwargs if access.embed_links else reply.as_text()
        for attempt in range(1, RATE_LIMIT_ATTEMPTS + 1):
            try:
                if access.read_history:
                    return await message.reply(**kwargs, mention_author=False)
                return await message.channel.send(**kwargs)
            except discord.HTTPException as exc:
                if exc.status == 429 and attempt < RATE_LIMIT_ATTEMPTS:
                    # discord.py already retried; replies that queued at the same instant can
                    # keep colliding in a busy channel: wait a little longer, then try again
                    await asyncio.sleep(attempt)
                    continue
                log.warning("could not answer in channel %d: %s", message.channel.id, exc)
                if reply.view is not None:
                    reply.view.stop()
                return None
        return None
