"""Nothing the bot sends can ping anyone, and Discord's size limits are never exceeded."""

from __future__ import annotations

import discord
import pytest

from bot.embeds import DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, within_limits

from .conftest import with_settings, write_docs

pytestmark = pytest.mark.asyncio

LONG_WORDS = " ".join(f"filler{i}" for i in range(700))
LONG_SENTENCE = f"The zeppelin manifest lists {LONG_WORDS} and ends here."
DOCS = {
    "pings.txt": "date 2024-01-02 Party @everyone: the picnic starts at noon in the park.\n\n"
    "Ask @here or <@&123456789012345678> about the zeppelin *schedule* and `_tickets_`.\n",
    "long.txt": LONG_SENTENCE + "\n",
}


@pytest.fixture
def settings(settings, tmp_path):
    return with_settings(settings, documents=write_docs(tmp_path / "docs", DOCS))


def sent_payloads(world) -> list[dict]:
    """Every message body the bot sent or edited (channel messages, interaction replies, followups)."""
    return [
        r.json.get("data", r.json) if "/callback" in r.path else r.json
        for r in world.env.http_requests
        if r.method in ("POST", "PATCH") and isinstance(r.json, dict) and "/typing" not in r.path
    ]


def assert_pings_nobody(payloads: list[dict]) -> None:
    bodies = [p for p in payloads if p.get("content") or p.get("embeds")]
    assert bodies, "the bot sent nothing"
    for body in bodies:
        mentions = body.get("allowed_mentions")
        assert mentions is not None and mentions["parse"] == [], body
        assert not mentions.get("roles") and not mentions.get("users") and not mentions.get("replied_user")


async def test_a_document_with_everyone_pings_nobody(world):
    result = await world.alice.slash(world.channel, "ask", question="When does the picnic start?")

    assert "@everyone" in result.response.embeds[0].description
    assert_pings_nobody(sent_payloads(world))
    assert not world.stored(result.response.id).mention_everyone


async def test_a_question_with_everyone_and_a_role_pings_nobody(world):
    bot = world.env.bot
    await world.alice.send(
        world.channel, f"{bot.user.mention} @everyone @here <@&123456789012345678> when is the picnic?"
    )
    await world.alice.slash(world.channel, "ask", question="@everyone when does the zeppelin bake?")

    payloads = sent_payloads(world)
    assert any("@everyone" in (p.get("embeds") or [{}])[0].get("title", "") for p in payloads)
    assert_pings_nobody(payloads)
    reply = world.channel.last_message
    assert not reply.mention_everyone and not reply.role_mentions


async def test_quoted_markdown_is_escaped(world):
    result = await world.alice.slash(world.channel, "ask", question="Who knows the zeppelin schedule?")

    description = result.response.embeds[0].description
    assert r"\*" in description and r"\`" in description and r"\_tickets\_" in description


async def test_a_5000_character_sentence_is_shortened_visibly_and_accepted(world):
    assert len(LONG_SENTENCE) > 5000
    result = await world.alice.slash(world.channel, "ask", question="What does the zeppelin manifest list?")

    embed = result.response.embeds[0]
    assert embed.description.startswith("> The **zeppelin** **manifest** **lists** filler0")
    assert embed.description.endswith("…")
    assert len(embed.description) <= DESCRIPTION_LIMIT and len(embed) <= EMBED_TOTAL_LIMIT
    assert "shortened" in embed.footer.text
    assert within_limits(embed)

    context = await world.alice.click(result.response.message, label="Context")
    assert within_limits(context.response.embeds[0])
    assert context.response.embeds[0].description.endswith("…**")


async def test_a_mention_question_over_the_limit_is_refused_politely(world):
    bot = world.env.bot
    await world.alice.send(world.channel, f"{bot.user.mention} " + "why " * 100)

    assert world.channel.last_message.content == "Please keep questions under 300 characters."


async def test_the_bot_default_is_no_pings_too(simcord_bot):
    assert simcord_bot.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()
