"""Nothing the bot sends can ping anyone, and Discord's size limits are never exceeded."""

from __future__ import annotations

import discord
import pytest

from bot.client import create_bot
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


class TestNoReplyCanPing:
    """Every kind of reply carries the Bot's one default, AllowedMentions.none().

    Mentions in documents, file names, folder names and questions reach answers, hints,
    button replies, errors, /sources and /reload; discord.py merges the default into each
    payload it builds, which `env.http_requests` shows.
    """

    PINGS = "@everyone @here <@123> <@&123456789012345678>"

    @pytest.fixture
    def settings(self, settings, tmp_path):
        docs = write_docs(tmp_path / f"docs {self.PINGS}", DOCS)
        (docs / f"{self.PINGS}.txt").write_bytes(b"\x00 binary")  # listed by /reload
        return with_settings(settings, documents=docs, cooldown_seconds=30)

    async def test_answers_and_hints(self, world):
        question = f"{self.PINGS} <@{world.bob.id}> when does the picnic start?"
        await world.alice.slash(world.channel, "ask", question=question)
        await world.alice.slash(world.channel, "ask", question=question)  # too soon: waits its turn
        await world.alice.slash(world.channel, "ask", question=question)  # one waits already: told
        await world.bob.slash(world.channel, "ask", question=f"{self.PINGS} how to bake sourdough?")
        await world.admin.slash(world.channel, "ask", question="   ?")
        await world.env.advance_time(31)
        mention = world.env.bot.user.mention
        await world.alice.send(world.channel, f"{mention} {question}")
        await world.bob.send(world.channel, f"{mention} ?")
        await world.bob.send(world.channel, f"{mention} {self.PINGS} " + "why " * 100)

        assert_no_reply_can_ping(
            world,
            "picnic",
            "try again in",
            "don't cover that",
            "Please type",
            "Ask me a question",
            "under 300",
        )

    async def test_buttons(self, world, monkeypatch, settings, engine):
        import bot.views

        question = f"{self.PINGS} when is the picnic?"
        answer = await world.alice.slash(world.channel, "ask", question=question)
        message = answer.response.message
        await world.bob.click(message, label="More answers")
        for label in ("More answers", "Context", "Why this answer?"):
            await world.alice.click(message, label=label)
        monkeypatch.setattr(bot.views, "why_embed", failing)
        await world.alice.click(message, label="Why this answer?")
        assert len(world.env.errors) == 1
        await world.env.advance_time(world.env.bot.settings.button_timeout_seconds + 1)  # disabled
        later = await world.alice.slash(world.channel, "ask", question=question)
        await world.env.restart_bot(create_bot(settings, engine))  # its view lived in the old process
        await world.alice.click(later.response.message, label="Context")

        assert_no_reply_can_ping(
            world,
            "Context",
            "Why this answer?",
            "Only the person",
            "that button failed",
            "buttons expired",
            "expired.",
        )

    async def test_commands_and_errors(self, world, monkeypatch):
        import bot.ask

        await world.alice.slash(world.channel, "sources")
        await world.alice.slash(world.channel, "help")
        await world.admin.slash(world.channel, "reload")
        async with world.env.bot.get_cog("AskCog").reload_lock:
            await world.admin.slash(world.channel, "reload")
        for path in world.env.bot.settings.documents.iterdir():
            path.unlink()
        await world.admin.slash(world.channel, "reload")
        monkeypatch.setattr(bot.ask, "answer_question", failing)
        await world.bob.slash(world.channel, "ask", question=f"{self.PINGS} when is the picnic?")
        assert len(world.env.errors) == 1

        assert_no_reply_can_ping(
            world, "Sources", "What I do", "Reloaded:", "already running", "Reload failed:", "went wrong"
        )


def failing(*args, **kwargs):
    raise RuntimeError("broken on purpose")


def assert_no_reply_can_ping(world, *expected: str) -> None:
    """Each expected text was sent, and no payload the bot sent lets Discord ping anyone.

    Discord finds mentions only in `content`; discord.py omits allowed_mentions from a channel
    message edit that leaves the content alone (the buttons' expiry), so such an edit passes.
    """
    sent = [
        (r.method, r.json.get("data", r.json) if "/callback" in r.path else r.json)
        for r in world.env.http_requests
        if r.method in ("POST", "PATCH") and isinstance(r.json, dict) and "/typing" not in r.path
    ]
    texts = " ".join(str(body) for _, body in sent)
    assert [text for text in expected if text not in texts] == []
    assert "@everyone" in texts
    for method, body in sent:
        if not (body.get("content") or body.get("embeds")):
            continue  # a defer, or a command sync
        if method == "PATCH" and "content" not in body:
            assert "allowed_mentions" not in body or body["allowed_mentions"]["parse"] == [], body
            continue
        assert body.get("allowed_mentions", {}).get("parse") == [], body
        assert not {"users", "roles", "replied_user"} & {k for k, v in body["allowed_mentions"].items() if v}
    for message in world.channel.history():
        if message.author.id == world.env.bot.user.id:
            assert not (message.mention_everyone or message.mentions or message.role_mentions), message
