"""What the bot may do in a channel, and how many questions it takes there at once.

Before answering a mention the bot checks its permissions in the channel: without Send
Messages (Send Messages in Threads in a thread) it cannot answer at all, without Embed Links
it answers in plain text, without Read Message History it cannot reply to the message (it
sends the answer to the channel instead). Each channel's missing permissions are logged once,
by name, not once per message; the log says again when they change.

One busy channel must not starve the others: each channel ranks at most AT_ONCE questions at
a time (the rest wait their turn), and takes at most WAITING more mentions beyond those;
Discord lets a bot send about five messages per five seconds in one channel, so a longer
queue would only mean replies that come a minute late.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import discord

log = logging.getLogger(__name__)

AT_ONCE = 2
WAITING = 6


@dataclass(frozen=True)
class ChannelAccess:
    """The permissions answering a mention needs, as the bot has them in one channel."""

    send: bool = True
    embed_links: bool = True
    read_history: bool = True
    thread: bool = False

    @property
    def missing(self) -> tuple[str, ...]:
        if not self.send:  # Discord then denies Embed Links too: the one to grant is this
            return ("Send Messages in Threads" if self.thread else "Send Messages",)
        names = (
            ("Send Messages in Threads" if self.thread else "Send Messages", self.send),
            ("Embed Links", self.embed_links),
            ("Read Message History", self.read_history),
        )
        return tuple(name for name, granted in names if not granted)

    def consequence(self) -> str:
        if not self.send:
            return "mentions there get no answer"
        what = []
        if not self.embed_links:
            what.append("answers there are plain text")
        if not self.read_history:
            what.append("answers there are not replies")
        return " and ".join(what)


def access_in(channel: discord.abc.Messageable) -> ChannelAccess:
    """The bot's own permissions in a channel (a direct message allows everything)."""
    guild = getattr(channel, "guild", None)
    if guild is None or guild.me is None:
        return ChannelAccess()
    thread = isinstance(channel, discord.Thread)
    try:
        perms = channel.permissions_for(guild.me)  # type: ignore[union-attr]
    except discord.ClientException:  # a thread whose parent is not cached
        return ChannelAccess(thread=thread)
    send = perms.send_messages_in_threads if thread else perms.send_messages
    return ChannelAccess(send, perms.embed_links, perms.read_message_history, thread)


class PermissionLog:
    """One warning per channel naming what is missing (again only when that changes)."""

    def __init__(self) -> None:
        self._logged: dict[int, tuple[str, ...]] = {}

    def check(self, channel: discord.abc.Messageable) -> ChannelAccess:
        access = access_in(channel)
        channel_id = getattr(channel, "id", 0)
        if self._logged.get(channel_id, ()) != access.missing:
            if access.missing:
                log.warning(
                    "missing permission in channel #%s (%d): %s, so %s",
                    getattr(channel, "name", "?"),
                    channel_id,
                    ", ".join(access.missing),
                    access.consequence(),
                )
            else:
                log.info("permissions in channel %d are complete again", channel_id)
            self._logged[channel_id] = access.missing
        return access


class ChannelTurns:
    """Per channel: AT_ONCE questions at a time, and a bound on how many may wait."""

    def __init__(self, at_once: int = AT_ONCE, waiting: int = WAITING) -> None:
        self.at_once, self.waiting = at_once, waiting
        self._gates: dict[int, asyncio.Semaphore] = {}
        self._queued: dict[int, int] = {}

    def full(self, channel_id: int) -> bool:
        """Whether a mention there would wait longer than the bound allows."""
        return self._queued.get(channel_id, 0) >= self.at_once + self.waiting

    @asynccontextmanager
    async def turn(self, channel_id: int) -> AsyncIterator[None]:
        """Wait for this channel's turn (other channels are not held up)."""
        gate = self._gates.setdefault(channel_id, asyncio.Semaphore(self.at_once))
        self._queued[channel_id] = self._queued.get(channel_id, 0) + 1
        try:
            async with gate:
                yield
        finally:
            self._queued[channel_id] -= 1
            if not self._queued[channel_id]:
                del self._queued[channel_id], self._gates[channel_id]


@asynccontextmanager
async def typing(channel: discord.abc.Messageable) -> AsyncIterator[None]:
    """The typing indicator while the block runs, if Discord allows it (it is only a nicety)."""
    indicator = channel.typing()
    try:
        await indicator.__aenter__()
    except discord.HTTPException as exc:
        log.debug("no typing indicator in channel %s: %s", getattr(channel, "id", "?"), exc)
        indicator = None
    try:
        yield
    finally:
        if indicator is not None:
            await indicator.__aexit__(None, None, None)
