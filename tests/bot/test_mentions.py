"""Issue 12, items 2-4 and 8: mentions on a real server.

Missing permissions (a clear log line per channel, a plain-text answer without Embed Links),
an engine error (one polite sentence), no channel spam (hints and warnings once per window,
a member's latest question answered when their window ends), the bot's role as a mention,
and direct messages.
"""

from __future__ import annotations

import asyncio

import discord
import pytest
from simcord.builders import ChannelHandle

import bot.client
from bot.channels import ChannelTurns
from bot.client import create_bot
from bot.mentions import DM_HINT, MENTION_HINT, ROLE_HINT, SORRY_TEXT

from .conftest import TRUCKS, with_settings

pytestmark = pytest.mark.asyncio

HEZBOLLAH = "who backs Hezbollah?"


def bot_messages(world, channel=None) -> list[discord.Message]:
    me = world.env.bot.user.id
    return [m for m in (channel or world.channel).history() if m.author.id == me]


def denied(world, name: str, **denials: bool) -> ChannelHandle:
    """A channel where the bot lacks the given permissions (an overwrite on the bot itself)."""
    deny = discord.PermissionOverwrite(**{perm: False for perm in denials})
    return world.guild.create_text_channel(name, overwrites={world.guild.me: deny})


def thread_in(world, channel: ChannelHandle) -> ChannelHandle:
    thread = world.env.backend.create_thread(channel.id, "questions", world.alice.id)
    return ChannelHandle(world.env, world.guild, thread)


class TestPermissions:
    async def test_without_send_messages_nothing_fails_and_the_log_says_why_once(self, world, caplog):
        quiet = denied(world, "announcements", send_messages=True)
        mention = world.env.bot.user.mention

        for _ in range(3):
            await world.alice.send(quiet, f"{mention} {HEZBOLLAH}")

        assert bot_messages(world, quiet) == [] and world.env.errors == []
        assert not [r for r in world.env.http_requests if r.method == "POST" and str(quiet.id) in r.path]
        warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert warnings == [
            f"missing permission in channel #announcements ({quiet.id}): Send Messages, "
            "so mentions there get no answer"
        ]

    async def test_in_a_thread_it_is_send_messages_in_threads_that_counts(self, world, caplog):
        parent = denied(world, "forum-ish", send_messages_in_threads=True)
        thread = thread_in(world, parent)

        await world.alice.send(thread, f"{world.env.bot.user.mention} {HEZBOLLAH}")

        assert bot_messages(world, thread) == [] and world.env.errors == []
        assert "Send Messages in Threads, so mentions there get no answer" in caplog.text

    async def test_a_thread_where_it_may_speak_gets_the_answer(self, world):
        thread = thread_in(world, world.channel)

        await world.alice.send(thread, f"{world.env.bot.user.mention} {HEZBOLLAH}")

        (reply,) = bot_messages(world, thread)
        assert "**backed** by Iran" in reply.embeds[0].description

    async def test_without_embed_links_the_answer_is_plain_text_and_pages(self, world, caplog):
        plain = denied(world, "plain", embed_links=True)

        await world.alice.send(plain, f"{world.env.bot.user.mention} {TRUCKS}")

        (reply,) = bot_messages(world, plain)
        assert not reply.embeds
        assert reply.content.startswith(f"## {TRUCKS}\n> The United Nations")
        assert (
            "54 **trucks**" in reply.content
            and "\nSource: `000_1cbf31eff85d1e18.txt`, line 5" in reply.content
        )
        assert len(reply.content) <= 2000
        clicked = await world.alice.click(reply, label="More answers")
        assert "Answer 2 of 5" in clicked.response.message.content and not clicked.response.message.embeds
        assert "Embed Links, so answers there are plain text" in caplog.text

    async def test_without_read_message_history_it_answers_without_a_reply(self, world, caplog):
        unread = denied(world, "unread", read_message_history=True)

        await world.alice.send(unread, f"{world.env.bot.user.mention} {HEZBOLLAH}")

        (answer,) = bot_messages(world, unread)
        assert answer.reference is None and answer.embeds
        assert "Read Message History, so answers there are not replies" in caplog.text


async def test_an_engine_error_on_a_mention_is_one_polite_sentence(world, monkeypatch, caplog):
    import bot.ask

    def broken(*args, **kwargs):
        raise RuntimeError("index corrupted")

    monkeypatch.setattr(bot.ask, "answer_question", broken)
    await world.alice.send(world.channel, f"{world.env.bot.user.mention} {HEZBOLLAH}")

    assert world.channel.last_message.content == SORRY_TEXT
    assert any(r.levelname == "ERROR" and "a mention in channel" in r.getMessage() for r in caplog.records)
    assert "index corrupted" in caplog.text


class TestNoSpam:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, cooldown_seconds=5)

    @pytest.mark.simcord(settle_timeout=1)  # the 5 s wait stays parked until advance_time
    async def test_ten_quick_mentions_get_one_answer_one_warning_and_the_last_answered_later(self, world):
        mention = world.env.bot.user.mention
        asked = [await world.alice.send(world.channel, f"{mention} {TRUCKS}" + "?" * n) for n in range(10)]

        first, warning = bot_messages(world)
        assert first.embeds and first.reference.message_id == asked[0].id
        assert warning.content == "You're asking quickly: I'll answer your latest question in 5 s."
        await world.env.advance_time(5)

        *_, later = bot_messages(world)
        assert len(bot_messages(world)) == 3
        assert later.embeds and later.reference.message_id == asked[-1].id

    async def test_ten_bare_mentions_get_one_hint(self, world):
        for _ in range(10):
            await world.alice.send(world.channel, world.env.bot.user.mention)

        assert [m.content for m in bot_messages(world)] == [MENTION_HINT]

    async def test_ten_long_mentions_get_one_reply(self, world):
        for _ in range(10):
            await world.alice.send(world.channel, f"{world.env.bot.user.mention} " + "why " * 100)

        assert [m.content for m in bot_messages(world)] == ["Please keep questions under 300 characters."]

    async def test_the_hint_comes_again_after_its_window(self, world):
        await world.alice.send(world.channel, world.env.bot.user.mention)
        await world.env.advance_time(31)
        await world.alice.send(world.channel, world.env.bot.user.mention)

        assert [m.content for m in bot_messages(world)] == [MENTION_HINT, MENTION_HINT]


async def test_a_busy_channel_takes_a_bounded_number_and_does_not_hold_up_the_others():
    turns = ChannelTurns(at_once=2, waiting=1)
    release = asyncio.Event()
    order: list[str] = []

    async def question(channel: int, name: str) -> None:
        async with turns.turn(channel):
            order.append(name)
            if channel == 1:
                await release.wait()

    busy = [asyncio.create_task(question(1, f"busy{n}")) for n in range(3)]
    await asyncio.sleep(0)
    assert turns.full(1) and not turns.full(2)
    await question(2, "other")  # not behind the busy channel's queue
    release.set()
    await asyncio.gather(*busy)

    assert order == ["busy0", "busy1", "other", "busy2"]
    assert not turns.full(1)


async def test_the_bots_role_counts_as_a_mention(world):
    role = next(r for r in world.guild.me.roles if r.managed)

    await world.alice.send(world.channel, f"<@&{role.id}> {HEZBOLLAH}")

    # Without the message-content intent Discord does not show the bot a message that
    # mentions only its role: the bot says so instead of staying silent.
    assert world.channel.last_message.content == ROLE_HINT


class TestRoleMentionWithContent:
    @pytest.fixture
    def simcord_bot(self, settings, engine, monkeypatch):
        monkeypatch.setattr(
            bot.client,
            "intents",
            lambda: discord.Intents(guilds=True, guild_messages=True, message_content=True),
        )
        return create_bot(settings, engine)

    @pytest.mark.simcord(approved_intents=discord.Intents.all())
    async def test_a_role_mention_with_its_text_is_answered(self, world):
        role = next(r for r in world.guild.me.roles if r.managed)

        await world.alice.send(world.channel, f"<@&{role.id}> {HEZBOLLAH}")

        assert "**backed** by Iran" in world.channel.last_message.embeds[0].description


async def test_a_direct_message_is_a_question(world):
    carol = world.env.create_user("carol")

    await carol.send_dm(HEZBOLLAH)

    reply = carol.dm_channel.last_message
    assert reply.author.id == world.env.bot.user.id
    assert "**backed** by Iran" in reply.embeds[0].description


async def test_an_empty_direct_message_gets_the_dm_hint(world):
    carol = world.env.create_user("carol")

    await carol.send_dm(world.env.bot.user.mention)

    assert carol.dm_channel.last_message.content == DM_HINT


async def test_direct_messages_are_ignored_when_answer_in_dms_is_off(world):
    world.env.bot.settings = with_settings(world.env.bot.settings, answer_in_dms=False)
    carol = world.env.create_user("carol")

    await carol.send_dm(HEZBOLLAH)

    assert carol.dm_channel.last_message.author.id == carol.id


class RateLimitedMessage:
    """A message whose replies Discord rate-limits `refusals` times (after discord.py's own retries)."""

    def __init__(self, refusals: int) -> None:
        self.refusals, self.calls = refusals, 0
        self.channel = type("Channel", (), {"id": 7})()

    async def reply(self, **kwargs):
        self.calls += 1
        if self.calls <= self.refusals:
            response = type("Response", (), {"status": 429, "reason": "Too Many Requests"})()
            raise discord.HTTPException(response, {"message": "You are being rate limited.", "code": 0})
        return "sent"


async def test_a_reply_rate_limited_in_a_busy_channel_is_sent_again_not_lost(monkeypatch):
    from bot.ask import Reply
    from bot.channels import ChannelAccess
    from bot.mentions import RATE_LIMIT_ATTEMPTS, MentionCog

    waits: list[float] = []

    async def no_wait(seconds):
        waits.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", no_wait)
    message = RateLimitedMessage(refusals=2)
    sent = await MentionCog.deliver(None, message, Reply(content="the answer"), ChannelAccess())
    assert sent == "sent" and message.calls == 3 and waits == [1, 2]
    hopeless = RateLimitedMessage(refusals=99)
    assert await MentionCog.deliver(None, hopeless, Reply(content="the answer"), ChannelAccess()) is None
    assert hopeless.calls == RATE_LIMIT_ATTEMPTS
