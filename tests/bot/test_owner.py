"""/unanswered, /stats and /forget through simcord, on real SQLite files."""

from __future__ import annotations

import asyncio
import re
import time

import discord
import pytest

from bot.asked import Asked
from bot.client import create_bot
from bot.owner import NOT_ALLOWED_TEXT
from bot.store import DAY, FILE_NAME

from .conftest import GUILD_ID, TRUCKS, with_settings
from .test_store import read_only

pytestmark = pytest.mark.asyncio

BREAD = ("How do I bake sourdough bread?", "how do I BAKE bread, sourdough", "Bake sourdough bread: how?")
PICNIC = "When is the summer picnic?"


async def ask(world, member, question: str):
    return (await member.slash(world.channel, "ask", question=question)).response


async def command(world, member, name: str, **options):
    return (await member.slash(world.channel, name, **options)).response


def labels(message) -> dict[str, bool]:
    """label -> disabled, for the buttons of a message (objects or payload dicts)."""
    rows = [getattr(row, "children", None) or row["components"] for row in message.components]
    return {
        getattr(b, "label", None) or b["label"]: bool(getattr(b, "disabled", None) or b.get("disabled"))
        for row in rows
        for b in row
    }


async def allow(world, name: str, *members) -> None:
    """A server admin allows the command for these members in Server Settings -> Integrations."""
    commands = await world.env.bot.tree.fetch_commands(guild=discord.Object(GUILD_ID))
    (found,) = [c for c in commands if c.name == name]
    world.guild.set_command_permissions(found, dict.fromkeys(members, True))


async def test_unanswered_groups_the_same_question_most_asked_first(world):
    for n, question in enumerate(BREAD):
        await ask(world, (world.alice, world.bob)[n % 2], question)
    await ask(world, world.alice, PICNIC)
    answered = await ask(world, world.alice, TRUCKS)
    await world.alice.click(answered.message, label="Not helpful")
    await world.bob.click(answered.message, label="Not helpful")
    helped = await ask(world, world.bob, "Who backs Hezbollah?")
    await world.bob.click(helped.message, label="Helpful")

    reply = await command(world, world.admin, "unanswered")

    assert reply.ephemeral
    lines = reply.embeds[0].description.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(
        r"**3×** Bake sourdough bread: how? — no answer 3, last <t:"
    )  # the latest wording
    assert lines[1].startswith(f"**1×** {TRUCKS} — not helpful 1, last <t:")
    assert lines[2].startswith(f"**1×** {PICNIC} — no answer 1, last <t:")
    assert "Page 1 of 1" in reply.embeds[0].footer.text and not reply.components


async def test_unanswered_pages_through_many_groups(world):
    for word in "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split():
        await ask(world, world.alice, f"What does the {word} widget do?")

    first = await command(world, world.admin, "unanswered")
    assert len(first.embeds[0].description.splitlines()) == 10
    assert labels(first) == {"Previous": True, "Next": False}
    second = await world.admin.click(first.message, label="Next")

    page = second.response.embeds[0]
    assert "Page 2 of 2" in page.footer.text and len(page.description.splitlines()) == 2
    assert labels(second.response) == {"Previous": False, "Next": True}


async def test_unanswered_shows_only_this_servers_questions_and_the_days_asked_for(world):
    question_log = world.env.bot.question_log
    question_log.record(Asked(PICNIC, 5, guild_id=GUILD_ID + 1, channel_id=6))  # another server
    question_log.clock = lambda: time.time() - 8 * DAY
    question_log.record(Asked(PICNIC, 5, guild_id=GUILD_ID, channel_id=6))  # 8 days ago
    question_log.clock = time.time
    await ask(world, world.alice, BREAD[0])

    reply = await command(world, world.admin, "unanswered", days=7)

    assert reply.embeds[0].title == "Unanswered, last 7 days"
    assert reply.embeds[0].description.startswith(f"**1×** {BREAD[0]}")


async def test_members_cannot_read_the_log_and_owners_can(world, settings, engine):
    await asyncio.to_thread(world.env.bot.question_log.close)
    await world.env.restart_bot(
        create_bot(with_settings(settings, owner_ids=frozenset({world.bob.id})), engine)
    )
    await allow(world, "stats", world.alice, world.bob)  # an admin shows /stats to both...

    refused = await command(world, world.alice, "stats")  # ...but only managers and owners read it
    owner = await command(world, world.bob, "stats")

    assert refused.ephemeral and refused.content == NOT_ALLOWED_TEXT
    assert owner.ephemeral and owner.embeds[0].title == "Questions, last 30 days"


async def test_stats_counts_outcomes_votes_documents_and_days(world):
    answered = await ask(world, world.alice, TRUCKS)
    await world.bob.click(answered.message, label="Helpful")
    await world.alice.click(answered.message, label="Not helpful")
    await ask(world, world.bob, "Who backs Hezbollah?")
    await ask(world, world.bob, BREAD[0])
    await world.alice.slash(world.channel, "ask", question="   ?  ")

    embed = (await command(world, world.admin, "stats")).embeds[0]

    assert embed.description == (
        "**4 questions**: 2 answered, 1 no answer, 1 refused input.\n"
        "Answered: 67% of the questions. Helpful: 1 of 2 votes (50%)."
    )
    fields = {f.name: f.value for f in embed.fields}
    assert re.search(r"^ 0 d ago +4 █+$", fields["Per day (0 d ago: the last 24 hours)"], re.M)
    assert fields["Top documents cited"] == "`000_1cbf31eff85d1e18.txt` — 2 answers"
    assert len(fields["Slowest answers"].splitlines()) == 3  # refused input is not an answer
    assert embed.footer.text.startswith("Question log: on, questions kept 90 days")


async def test_forget_deletes_only_the_askers_rows_and_says_how_many(world):
    answered = await ask(world, world.alice, TRUCKS)
    await ask(world, world.alice, BREAD[0])
    await ask(world, world.bob, PICNIC)
    await world.alice.click(answered.message, label="Helpful")

    reply = await command(world, world.alice, "forget")
    again = await command(world, world.alice, "forget")

    assert (
        reply.ephemeral and reply.content == "Deleted 2 questions and 1 vote of yours from the question log."
    )
    assert again.content == "The question log holds nothing of yours."
    stats = (await command(world, world.admin, "stats")).embeds[0]
    assert stats.description.startswith("**1 question**: 1 no answer.")


async def test_help_says_what_is_stored_and_for_how_long(world):
    embed = (await command(world, world.alice, "help")).embeds[0]

    (privacy,) = [f.value for f in embed.fields if f.name == "Privacy"]
    assert "for 90 days" in privacy and "never your Discord id" in privacy and "**/forget**" in privacy


class TestWithABrokenFile:
    @pytest.fixture(params=["corrupt", "read-only"])
    def settings(self, request, settings):
        path = settings.data_dir / FILE_NAME
        settings.data_dir.mkdir()
        path.write_bytes(b"not a database " * 100 if request.param == "corrupt" else b"")
        return settings

    @pytest.fixture
    def simcord_bot(self, request, settings, engine):
        if "read-only" not in request.node.callspec.id:
            yield create_bot(settings, engine)
            return
        from bot.store import QuestionLog

        QuestionLog.open(settings.data_dir, 90).close()  # a sound file, then made read-only
        with read_only(settings.data_dir / FILE_NAME):
            yield create_bot(settings, engine)

    async def test_the_bot_answers_anyway_and_stats_says_the_log_is_off(self, world):
        answer = await ask(world, world.alice, TRUCKS)
        stats = await command(world, world.admin, "stats")
        forget = await command(world, world.alice, "forget")

        assert "54 **trucks**" in answer.embeds[0].description
        assert list(labels(answer))[-1] == "Why this answer?"  # no vote buttons
        assert stats.content.startswith("The question log is off (")
        assert "Questions are still answered" in stats.content
        assert forget.content.startswith("The question log is off right now")
