"""The buttons under an answer: More answers (pages), Context and Why this answer? (ephemeral).

A Context too long for one embed (a long code block) comes with Previous / Next buttons
(`PageView`).

A view keeps its state on `self`: the Result it pages through and the Engine that produced
it, so a reload meanwhile does not change what the buttons show. Views time out; on timeout
the buttons are disabled and the footer says so. A click on buttons no live view owns (after
a restart, or a failed edit) gets a polite "expired" reply (`is_stale_click`).
"""

from __future__ import annotations

import logging
import secrets
import time
import weakref
from typing import Any

import discord

from retrieval import Engine, Result

from .embeds import answer_embed, answer_text, why_embed
from .feedback import is_vote_button, vote_button
from .passages import context_pages

log = logging.getLogger(__name__)

CUSTOM_ID_PREFIX = "docsbot:"
EXPIRED_TEXT = "These buttons have expired. Ask again with `/ask` (or mention me) for fresh ones."
NOT_YOURS_TEXT = "Only the person who asked can page through these answers; ask with `/ask` to get your own."
TOKEN_SECONDS = 15 * 60  # an interaction token can edit its message this long
TOKEN_MARGIN = 60  # a private answer's buttons are disabled this long before its token dies


class LiveViews:
    """The answer views that are still listening, by nonce (weak: a finished view is gone)."""

    def __init__(self) -> None:
        self._views: weakref.WeakValueDictionary[str, discord.ui.View] = weakref.WeakValueDictionary()

    def add(self, nonce: str, view: discord.ui.View) -> None:
        self._views[nonce] = view

    def discard(self, nonce: str) -> None:
        self._views.pop(nonce, None)

    def owns(self, custom_id: str) -> bool:
        """Whether a live view handles this custom id (so the fallback must stay quiet)."""
        nonce = custom_id.removeprefix(CUSTOM_ID_PREFIX).partition(":")[2]
        view = self._views.get(nonce)
        return view is not None and not view.is_finished()


class AnswerView(discord.ui.View):
    """Buttons under one answer. The asker pages; anyone may open the Context."""

    def __init__(
        self,
        result: Result,
        engine: Engine,
        asker_id: int,
        timeout: float,
        live: LiveViews,
        private: bool = False,
        row_id: int | None = None,  # the question's row in the question log: Helpful / Not helpful
    ):
        super().__init__(timeout=timeout)
        self.private = private
        # The latest interaction whose original response is this message: a private answer can
        # only be edited through an interaction token, and a token lives 15 minutes.
        self.interaction: discord.Interaction | None = None
        self.token_deadline = float("inf")  # time.monotonic() after which it can no longer edit
        self.configured_timeout = timeout
        self.result = result
        self.engine = engine
        self.asker_id = asker_id
        self.index = 0
        self.message: discord.Message | discord.WebhookMessage | None = None
        self.plain = False  # sent as text: the bot may not embed in that channel
        self.live = live
        self.nonce = secrets.token_hex(8)
        self.more_answers.custom_id = f"{CUSTOM_ID_PREFIX}more:{self.nonce}"
        self.context.custom_id = f"{CUSTOM_ID_PREFIX}context:{self.nonce}"
        self.why.custom_id = f"{CUSTOM_ID_PREFIX}why:{self.nonce}"
        self.more_answers.disabled = len(result.answers) < 2
        if row_id is not None:
            self.add_item(vote_button(True, row_id)).add_item(vote_button(False, row_id))
        live.add(self.nonce, self)

    def keep(self, interaction: discord.Interaction) -> None:
        """Edit this message through `interaction` from now on (its token lives 15 minutes)."""
        self.interaction = interaction
        self.token_deadline = time.monotonic() + TOKEN_SECONDS - TOKEN_MARGIN
        self.cap_timeout()

    def cap_timeout(self) -> None:
        """A private answer expires while its token can still disable the buttons.

        A click restarts the view's timeout, but a click that opens Context or Why answers
        with a new message, so the token that can edit this one stays the old one.
        """
        if self.private:
            left = self.token_deadline - time.monotonic()
            self.timeout = max(1.0, min(self.configured_timeout, left))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        self.cap_timeout()  # before discord.py restarts the timeout for this click
        return True

    @discord.ui.button(label="More answers", style=discord.ButtonStyle.primary)
    async def more_answers(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        if interaction.user.id != self.asker_id:
            await interaction.response.send_message(NOT_YOURS_TEXT, ephemeral=True)
            return
        self.keep(interaction)
        self.index = min(self.index + 1, len(self.result.answers) - 1)
        button.disabled = self.index >= len(self.result.answers) - 1
        await interaction.response.edit_message(**self.page(), view=self)

    @discord.ui.button(label="Context", style=discord.ButtonStyle.secondary)
    async def context(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        pages = context_pages(self.engine, self.result.answers[self.index])
        await send_pages(interaction, pages, self.configured_timeout, self.live)

    @discord.ui.button(label="Why this answer?", style=discord.ButtonStyle.secondary)
    async def why(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_message(embed=why_embed(self.result, self.index), ephemeral=True)

    async def on_timeout(self) -> None:
        self.live.discard(self.nonce)
        for item in self.children:
            if isinstance(item, discord.ui.Button) and not is_vote_button(item):  # votes never expire
                item.disabled = True
        page = self.page(note="buttons expired")
        try:
            if self.private and self.interaction is not None:
                await self.interaction.edit_original_response(**page, view=self)
            elif not self.private and self.message is not None:
                # Through the channel with the bot's own token, which does not expire.
                message = self.message.channel.get_partial_message(self.message.id)
                await message.edit(**page, view=self)
        except discord.HTTPException as exc:  # deleted message, expired token: a later click says so
            log.debug("could not disable the buttons of an expired answer: %s", exc)

    def page(self, note: str = "") -> dict[str, Any]:
        """The answer shown now, as an embed or (where the bot may not embed) as text."""
        if self.plain:
            return {"content": answer_text(self.result, self.index, note), "embed": None}
        return {"embed": answer_embed(self.result, self.index, note)}

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: Any) -> None:
        log.exception("button %r failed", getattr(item, "label", item), exc_info=error)
        await send_politely(interaction, "Sorry, that button failed on my side. Please ask again.")


class PageView(discord.ui.View):
    """Previous / Next through ephemeral pages: a Context (a block too long for one embed),
    /unanswered's groups or /sources' documents.

    The message is ephemeral, so only an interaction token can edit it: the latest click's,
    which lives 15 minutes, longer than the longest button timeout (840 s). With `live` (the
    answer's views), its buttons carry the bot's custom ids and a stale click is answered.
    """

    def __init__(self, pages: list[discord.Embed], timeout: float, live: LiveViews | None) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.index = 0
        self.interaction: discord.Interaction | None = None
        self.live = live
        self.nonce = secrets.token_hex(8)
        if live is not None:
            self.previous.custom_id = f"{CUSTOM_ID_PREFIX}previous:{self.nonce}"
            self.next.custom_id = f"{CUSTOM_ID_PREFIX}next:{self.nonce}"
            live.add(self.nonce, self)
        self.turn(0)

    def turn(self, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self.show(interaction, self.index - 1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self.show(interaction, self.index + 1)

    async def show(self, interaction: discord.Interaction, index: int) -> None:
        self.turn(index)
        self.interaction = interaction
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    async def on_timeout(self) -> None:
        if self.live is not None:
            self.live.discard(self.nonce)
        self.previous.disabled = self.next.disabled = True
        try:
            if self.interaction is not None:
                await self.interaction.edit_original_response(view=self)
        except discord.HTTPException as exc:  # dismissed, or the token expired
            log.debug("could not disable the page buttons: %s", exc)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: Any) -> None:
        log.exception("page button %r failed", getattr(item, "label", item), exc_info=error)
        await send_politely(interaction, "Sorry, that button failed on my side. Please try again.")


async def send_pages(
    interaction: discord.Interaction, pages: list[discord.Embed], timeout: float, live: LiveViews | None
) -> None:
    """Ephemeral pages: one embed, or the first with Previous / Next buttons."""
    send = interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
    if len(pages) == 1:
        await send(embed=pages[0], ephemeral=True)
        return
    view = PageView(pages, timeout, live)
    view.interaction = interaction
    await send(embed=pages[0], view=view, ephemeral=True)


async def send_politely(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral sentence, whether or not the interaction was already answered."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not tell the user about an error: %s", exc)


def is_stale_click(interaction: discord.Interaction, live: LiveViews) -> bool:
    """A click on one of our buttons that no live view will answer."""
    if interaction.type is not discord.InteractionType.component:
        return False
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    return custom_id.startswith(CUSTOM_ID_PREFIX) and not live.owns(custom_id)
