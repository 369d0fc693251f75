"""The cog: /ask, mentions, the no-answer reply, /reload, through simcord (discord.py's real code paths)."""

from __future__ import annotations

import shutil

import discord
import pytest

from retrieval import Engine, answer_question

from .conftest import SEEDS, TRUCKS, with_settings, write_docs

pytestmark = pytest.mark.asyncio

PICNIC = "date 2024-05-01 The summer picnic starts at noon by the lake.\n"


def only_embed(message) -> discord.Embed:
    (embed,) = message.embeds
    return embed


async def test_ask_quotes_the_trucks_sentence_with_its_citation(world):
    result = await world.alice.slash(world.channel, "ask", question=TRUCKS)

    embed = only_embed(result.response)
    assert "54 **trucks** carrying crucial **aid** from Egypt" in embed.description
    assert embed.description.startswith("> The United Nations")
    (source,) = embed.fields
    assert source.value == "`000_1cbf31eff85d1e18.txt`, line 5, 2023-11-09"
    assert embed.title == TRUCKS
    assert not result.response.ephemeral


async def test_ask_defers_before_ranking(world):
    await world.alice.slash(world.channel, "ask", question=TRUCKS)

    (callback,) = world.requests("POST", "/callback")
    assert callback.json["type"] == discord.InteractionResponseType.deferred_channel_message.value
    (followup,) = world.requests("POST", "/webhooks/")
    assert followup.json["embeds"]


async def test_private_ask_is_ephemeral(world):
    result = await world.alice.slash(world.channel, "ask", question=TRUCKS, private=True)

    assert result.response.ephemeral
    assert "54 **trucks**" in only_embed(result.response).description


async def test_off_topic_question_gets_the_no_answer_reply(world):
    result = await world.alice.slash(world.channel, "ask", question="How do I bake sourdough bread?")

    reply = result.response
    assert not reply.embeds
    assert reply.components == []
    assert reply.content.startswith("The documents don't cover that")
    assert "/sources" in reply.content
    assert "The documents never mention: bake, sourdough, bread" in reply.content


async def test_the_question_length_is_bounded_by_discord(world):
    from simcord import OptionError

    with pytest.raises(OptionError):
        await world.alice.slash(world.channel, "ask", question="x" * 301)


@pytest.mark.simcord(approved_intents=discord.Intents.default())
async def test_a_mention_gets_the_answer_as_a_reply_without_privileged_intents(world):
    bot = world.env.bot
    asked = await world.alice.send(world.channel, f"{bot.user.mention} who backs Hezbollah?")

    reply = world.channel.last_message
    assert reply.author.id == bot.user.id
    assert reply.reference is not None and reply.reference.message_id == asked.id
    embed = only_embed(reply)
    assert "group **backed** by Iran" in embed.description
    assert "**Hezbollah**" in embed.description
    assert embed.fields[0].value.startswith("`000_1cbf31eff85d1e18.txt`, line 9")
    assert not bot.intents.message_content and not bot.intents.members and not bot.intents.presences


async def test_messages_that_do_not_mention_the_bot_are_ignored(world):
    await world.alice.send(world.channel, "who backs Hezbollah?")

    assert world.channel.last_message.author.id == world.alice.id
    assert not world.requests("POST", "/messages")


async def test_an_empty_mention_gets_a_hint(world):
    await world.alice.send(world.channel, world.env.bot.user.mention)

    assert "Ask me a question after the mention" in world.channel.last_message.content


@pytest.mark.parametrize("listed, answered", [("general", True), ("other", False), (None, True)])
async def test_mentions_are_answered_only_in_the_configured_channels(world, listed, answered):
    bot = world.env.bot
    other = world.guild.create_text_channel("other")
    wanted = {"general": world.channel.id, "other": other.id, None: None}[listed]
    bot.settings = with_settings(bot.settings, mention_channels=frozenset({wanted} if wanted else ()))

    await world.alice.send(world.channel, f"{bot.user.mention} who backs Hezbollah?")

    assert (world.channel.last_message.author.id == bot.user.id) is answered


async def test_sources_lists_documents_with_sentence_counts_and_dates(world):
    result = await world.alice.slash(world.channel, "sources")

    embed = only_embed(result.response)
    assert embed.description == "`000_1cbf31eff85d1e18.txt` — text, 16 passages (6 paragraphs), 2023-11-09"
    assert result.response.ephemeral
    assert embed.footer.text == "1 document · 16 passages" and not result.response.message.components


async def test_sources_pages_through_a_folder_too_long_for_one_embed(world, tmp_path):
    docs = tmp_path / "many"
    docs.mkdir()
    for i in range(45):
        (docs / f"guide{i:02}.md").write_text(f"# Guide {i}\n\nThe widget number {i} is blue.\n")
    world.env.bot.engine = Engine.from_folder(docs)

    reply = await world.alice.slash(world.channel, "sources")
    pages = [reply.response.embeds[0]]
    for _ in range(2):
        pages.append((await world.alice.click(reply.response.message, label="Next")).response.embeds[0])

    listed = [line.split(" — ")[0] for page in pages for line in page.description.splitlines()]
    assert listed == [f"`guide{i:02}.md`" for i in range(45)]
    assert [page.footer.text.split(" · ")[0] for page in pages] == [
        "Page 1 of 3",
        "Page 2 of 3",
        "Page 3 of 3",
    ]
    assert pages[2].footer.text == "Page 3 of 3 · 45 documents · 45 passages"
    assert reply.response.ephemeral


async def test_help_says_what_it_does(world):
    result = await world.alice.slash(world.channel, "help")

    text = only_embed(result.response).description
    assert "/ask" in text and "/sources" in text and "quoting the sentence" in text
    assert len(text.splitlines()) <= 6


async def test_ranking_runs_off_the_event_loop(world, monkeypatch):
    import threading

    import bot.ask

    threads = []

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return answer_question(*args, **kwargs)

    monkeypatch.setattr(bot.ask, "answer_question", recording)
    result = await world.alice.slash(world.channel, "ask", question=TRUCKS)

    assert result.response.embeds
    assert threads and threads[0] is not threading.main_thread()


async def test_an_unexpected_failure_is_one_polite_sentence_and_logged(world, monkeypatch, caplog):
    import bot.ask

    def broken(*args, **kwargs):
        raise RuntimeError("index corrupted")

    monkeypatch.setattr(bot.ask, "answer_question", broken)
    result = await world.alice.slash(world.channel, "ask", question=TRUCKS)

    assert result.response.content == "Sorry, something went wrong on my side. Please try again."
    (error,) = world.env.errors
    assert "index corrupted" in str(error.__cause__ or error)
    assert any(r.levelname == "ERROR" and "/ask failed" in r.getMessage() for r in caplog.records)


async def test_a_mention_the_documents_do_not_cover_gets_the_no_answer_reply(world):
    await world.alice.send(world.channel, f"{world.env.bot.user.mention} how do I bake sourdough?")

    reply = world.channel.last_message
    assert reply.author.id == world.env.bot.user.id and not reply.embeds and not reply.components
    assert reply.content.startswith("The documents don't cover that")
    assert reply.content.endswith("The documents never mention: bake, sourdough")


async def test_a_reply_to_the_bot_without_a_mention_in_the_text_is_not_a_question(world):
    bot = world.env.bot
    await world.alice.send(world.channel, f"{bot.user.mention} who backs Hezbollah?")
    answer = world.channel.last_message

    thanks = await world.alice.send(world.channel, "thanks!", reply_to=answer)

    assert world.channel.last_message.id == thanks.id


class TestReload:
    @pytest.fixture
    def docs(self, tmp_path):
        folder = tmp_path / "docs"
        folder.mkdir()
        shutil.copy(next(SEEDS.glob("*.txt")), folder)
        return folder

    @pytest.fixture
    def settings(self, settings, docs):
        return with_settings(settings, documents=docs)

    async def test_reload_is_hidden_from_members_and_shown_to_managers(self, world):
        assert "reload" not in world.alice.available_commands(world.channel)
        assert "reload" in world.admin.available_commands(world.channel)
        assert {"ask", "sources", "help"} <= set(world.alice.available_commands(world.channel))

    async def test_reload_swaps_in_the_new_documents(self, world, docs):
        before = await world.alice.slash(world.channel, "ask", question="When does the summer picnic start?")
        assert before.response.content.startswith("The documents don't cover that")
        write_docs(docs, {"picnic.txt": PICNIC})
        (docs / "photo.png").write_bytes(b"\x89PNG")
        (docs / "broken.txt").write_bytes(b"\xff\xfe\x00binary")

        reloaded = await world.admin.slash(world.channel, "reload")

        report = reloaded.response
        assert report.ephemeral
        assert report.content.startswith("Reloaded: 2 documents, 17 sentences.")
        assert "Skipped 1 file:" in report.content and "`broken.txt`:" in report.content
        after = await world.alice.slash(world.channel, "ask", question="When does the summer picnic start?")
        embed = after.response.embeds[0]
        assert "**picnic** **starts** at noon" in embed.description
        assert embed.fields[0].value == "`picnic.txt`, line 1, 2024-05-01"

    async def test_answers_given_before_a_reload_keep_their_own_documents(self, world, docs):
        answer = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        for path in docs.iterdir():
            path.unlink()
        write_docs(docs, {"picnic.txt": PICNIC})
        await world.admin.slash(world.channel, "reload")

        context = await world.alice.click(answer.response.message, label="Context")

        assert "54 trucks" in context.response.embeds[0].description

    async def test_a_failed_reload_keeps_the_old_index_and_says_why(self, world, docs):
        for path in docs.iterdir():
            path.unlink()

        reloaded = await world.admin.slash(world.channel, "reload")

        assert reloaded.response.content.startswith("Reload failed: no documents to read in")
        assert "keep answering from the documents loaded before" in reloaded.response.content
        still = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert "54 **trucks**" in still.response.embeds[0].description
