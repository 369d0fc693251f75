"""/reload, the cooldown, and command sync at start-up."""

from __future__ import annotations

import shutil

import pytest

from bot.client import create_bot

from .conftest import SEEDS, TRUCKS, with_settings, write_docs

pytestmark = pytest.mark.asyncio

PICNIC = "date 2024-05-01 The summer picnic starts at noon by the lake.\n"


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), folder)
    return folder


@pytest.fixture
def settings(settings, docs):
    return with_settings(settings, documents=docs)


async def test_reload_is_hidden_from_members_and_shown_to_managers(world):
    assert "reload" not in world.alice.available_commands(world.channel)
    assert "reload" in world.admin.available_commands(world.channel)
    assert {"ask", "sources", "help"} <= set(world.alice.available_commands(world.channel))


async def test_reload_swaps_in_the_new_documents(world, docs):
    before = await world.alice.slash(world.channel, "ask", question="When does the summer picnic start?")
    assert before.response.content.startswith("The documents don't cover that")
    write_docs(docs, {"picnic.txt": PICNIC})
    (docs / "photo.pdf").write_bytes(b"%PDF-1.4")
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


async def test_answers_given_before_a_reload_keep_their_own_documents(world, docs):
    answer = await world.alice.slash(world.channel, "ask", question=TRUCKS)
    for path in docs.iterdir():
        path.unlink()
    write_docs(docs, {"picnic.txt": PICNIC})
    await world.admin.slash(world.channel, "reload")

    context = await world.alice.click(answer.response.message, label="Context")

    assert "54 trucks" in context.response.embeds[0].description


async def test_a_failed_reload_keeps_the_old_index_and_says_why(world, docs):
    for path in docs.iterdir():
        path.unlink()

    reloaded = await world.admin.slash(world.channel, "reload")

    assert reloaded.response.content.startswith("Reload failed: no documents to read in")
    assert "keep answering from the documents loaded before" in reloaded.response.content
    still = await world.alice.slash(world.channel, "ask", question=TRUCKS)
    assert "54 **trucks**" in still.response.embeds[0].description


class TestCooldown:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, cooldown_seconds=30)

    async def test_a_second_question_too_soon_is_told_when_to_retry(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)
        await world.env.advance_time(10)

        second = await world.alice.slash(world.channel, "ask", question=TRUCKS)

        assert second.response.ephemeral
        assert second.response.content == "You're asking quickly: try again in 20 s."

    async def test_the_cooldown_is_per_user_and_ends(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        other = await world.bob.slash(world.channel, "ask", question=TRUCKS)
        assert other.response.embeds
        await world.env.advance_time(31)
        again = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert again.response.embeds

    async def test_mentions_share_the_cooldown(self, world):
        await world.alice.slash(world.channel, "ask", question=TRUCKS)

        await world.alice.send(world.channel, f"{world.env.bot.user.mention} {TRUCKS}")

        assert world.channel.last_message.content.startswith("You're asking quickly: try again in 30 s")


class TestGlobalSync:
    @pytest.fixture
    def settings(self, settings):
        return with_settings(settings, dev_guild_id=None)

    async def test_without_a_dev_guild_commands_are_synced_globally(self, world):
        paths = [r.path for r in world.env.http_requests if r.method == "PUT"]
        assert len(paths) == 1 and paths[0].endswith("/commands") and "/guilds/" not in paths[0]
        result = await world.alice.slash(world.channel, "ask", question=TRUCKS)
        assert result.response.embeds


async def test_the_dev_guild_gets_the_commands_at_start_up(world):
    (sync,) = [r for r in world.env.http_requests if r.method == "PUT"]
    assert sync.path.endswith(f"/guilds/{world.guild.id}/commands")
    assert sorted(c["name"] for c in sync.json) == ["ask", "help", "reload", "sources"]


async def test_the_bot_starts_through_simcord_run(settings, engine):
    import simcord

    async with simcord.run(create_bot(settings, engine)) as env:
        assert env.bot.is_ready() and env.bot.get_cog("AskCog") is not None
