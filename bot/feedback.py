"""Helpful / Not helpful under every answer: votes that still count after a restart.

The buttons' custom ids carry the answer's row id in the question log
(`docsbot-vote:helpful:123`), and `VoteButton`, a discord.py `DynamicItem` the bot registers
once at start-up, handles any click whose id matches: no live view is needed, so votes still
record after a restart or after More answers and Context have expired.

The buttons under an answer are plain Buttons with those ids, not `VoteButton` instances: a
View holding a DynamicItem unregisters that DynamicItem class from the whole bot when it
stops (discord.py's `ViewStore.remove_view`), so the first answer whose buttons expired would
turn voting off for every other answer.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

log = logging.getLogger(__name__)

VOTE_PREFIX = "docsbot-vote:"
TEMPLATE = re.compile(VOTE_PREFIX + r"(?P<kind>helpful|unhelpful):(?P<row>[0-9]{1,19})")
LABELS = {True: "Helpful", False: "Not helpful"}
THANKS = {
    True: "Thanks: noted as helpful.",
    False: "Thanks: noted as not helpful. The server's managers see such answers in `/unanswered`.",
}
CHANGE = " One vote per member: click the other button to change yours."
LOG_OFF_TEXT = "Thanks, but votes are not recorded right now: the question log is off."


def custom_id(helpful: bool, row_id: int) -> str:
    return f"{VOTE_PREFIX}{'helpful' if helpful else 'unhelpful'}:{row_id}"


def vote_button(helpful: bool, row_id: int) -> discord.ui.Button:
    return discord.ui.Button(
        label=LABELS[helpful], style=discord.ButtonStyle.secondary, custom_id=custom_id(helpful, row_id)
    )


def vote_view(row_id: int, timeout: float) -> discord.ui.View:
    """Only Helpful / Not helpful, as under related passages (`VoteButton` records the clicks)."""
    view = discord.ui.View(timeout=timeout)
    return view.add_item(vote_button(True, row_id)).add_item(vote_button(False, row_id))


def is_vote_button(item: discord.ui.Item) -> bool:
    return str(getattr(item, "custom_id", "") or "").startswith(VOTE_PREFIX)


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=TEMPLATE):
    """A click on Helpful or Not helpful, on any answer the bot ever sent."""

    def __init__(self, helpful: bool, row_id: int) -> None:
        super().__init__(vote_button(helpful, row_id))
        self.helpful = helpful
        self.row_id = row_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> VoteButton:
        return cls(match["kind"] == "helpful", int(match["row"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        question_log = interaction.client.question_log
        recorded = question_log.vote(self.row_id, interaction.user.id, self.helpful)
        text = THANKS[self.helpful] + CHANGE if recorded else LOG_OFF_TEXT
        await interaction.response.send_message(text, ephemeral=True)
