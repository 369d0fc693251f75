"""The Bot: dependencies come in through the constructor; setup_hook adds the cog and syncs."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from retrieval import Engine

from .access import GuildGate, allowed_here, refusal
from .ask import AskCog
from .config import Settings
from .feedback import VoteButton
from .inflight import InFlight
from .mentions import MentionCog
from .owner import OwnerCog
from .store import QuestionLog
from .sync import LeftoverCommands, sync_commands
from .views import send_politely

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    """Servers and their channels, and messages (for mentions and DMs); nothing privileged.

    Discord delivers the content of messages that mention the bot, and of DMs, without the
    message-content intent. No typing, reactions, voice, members or presences.
    """
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


class ErrorTree(app_commands.CommandTree):
    """Unexpected command errors: logged with context, and one polite sentence to the user."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("/%s failed", name, exc_info=error)
        await send_politely(interaction, "Sorry, something went wrong on my side. Please try again.")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Commands answer only in the allowed servers (and in DMs when answer_in_dms is on);
        /forget and /help work everywhere (deleting one's data must never be refused)."""
        name = interaction.command.name if interaction.command else ""
        if name in ("forget", "help") or allowed_here(self.client, interaction.guild_id):
            return True
        await send_politely(interaction, refusal(interaction.guild_id))
        return False


class DocsBot(commands.Bot):
    """Holds the current Engine; a reload replaces `engine` whole (it is immutable)."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        # The bot never joins voice: the "voice will NOT be supported" warnings are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: there are no prefix commands
            help_command=None,
            intents=intents(),
            tree_cls=ErrorTree,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.settings = settings
        self.engine = engine
        self.inflight = InFlight()  # the questions being answered, for a clean shutdown
        self.stopping = asyncio.Event()  # set on SIGTERM/SIGINT: no new questions
        self.question_log = QuestionLog.off("not started yet")

    async def setup_hook(self) -> None:
        days = self.settings.retention_days
        self.question_log = await asyncio.to_thread(QuestionLog.open, self.settings.data_dir, days)
        self.add_dynamic_items(VoteButton)  # votes on any answer ever sent, across restarts
        asker = AskCog(self)
        await self.add_cog(asker)
        await self.add_cog(MentionCog(self, asker))
        await self.add_cog(OwnerCog(self))
        await self.add_cog(GuildGate(self))
        await self.add_cog(LeftoverCommands(self))
        if self.application_id:
            log.info("invite URL: %s", invite_url(self.application_id))
        await sync_commands(self)

    async def close(self) -> None:
        await super().close()
        await asyncio.to_thread(self.question_log.close)  # writes the rows still queued

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: mentions are handled by the cog's listener."""

    async def on_ready(self) -> None:
        log.info("connected as %s to %d servers", self.user, len(self.guilds))


PERMISSIONS = discord.Permissions(
    send_messages=True, send_messages_in_threads=True, embed_links=True, read_message_history=True
)


def invite_url(application_id: int) -> str:
    """The URL that adds the bot to a server with the scopes and permissions it needs."""
    return discord.utils.oauth_url(
        application_id, permissions=PERMISSIONS, scopes=("bot", "applications.commands")
    )


def command_names() -> list[str]:
    """The slash commands of every cog (for `--check`), without a connection."""
    return [command.name for cog in (AskCog, OwnerCog) for command in cog.__cog_app_commands__]


def create_bot(settings: Settings, engine: Engine) -> DocsBot:
    return DocsBot(settings, engine)
