"""Issue 11 on Discord (simcord: discord.py's real code paths): answers with their code block,
list or table, the Context of a long block paged, related passages with the vote buttons,
and the terminal session showing the same."""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest

from bot.blocks import ZWSP
from bot.client import create_bot
from bot.embeds import answer_embed, embed_text, within_limits
from bot.markdown import plain_text
from bot.passages import RELATED_TITLE, related_embed
from bot.store import FILE_NAME
from retrieval import Engine, answer_question

from .block_docs import DOCS, EXPLOIT, INSTALL, PRECEDENCE, RELATED, STEPS, TEAPOT, TIMEOUT
from .conftest import with_settings, write_docs
from .discord_markdown import shown
from .test_mentions import bot_messages, denied

pytestmark = pytest.mark.asyncio


@pytest.fixture
def settings(settings, tmp_path):
    return with_settings(settings, documents=write_docs(tmp_path / "docs", DOCS))


def labels(message) -> dict[str, bool]:
    """label -> disabled, for the buttons of a message."""
    return {c.label: c.disabled for row in message.components for c in row.children}


def code_lines(description: str) -> list[str]:
    """The lines of the one code block a reader sees, less a "… (N more lines)" line."""
    ((_, content),) = shown(description, quotes=True).code
    return [line for line in content.replace(ZWSP, "").split("\n") if not line.startswith("… (")]


async def test_ask_how_to_set_a_timeout_shows_the_fenced_python_block(world):
    result = await world.alice.slash(world.channel, "ask", question=TIMEOUT)

    (embed,) = result.response.embeds
    assert embed.description == (
        "> You can **set** **timeouts** for an individual request:\n"
        "```python\nhttpx.get('http://example.com', timeout=10.0)\n```"
    )
    assert embed.fields[0].value == "`timeouts.md`, line 3 (code: line 6), § Timeouts"


async def test_a_list_item_and_a_table_row_come_with_their_list_and_table(world):
    listed = await world.alice.slash(world.channel, "ask", question=PRECEDENCE)
    table = await world.alice.slash(world.channel, "ask", question=TEAPOT)

    assert listed.response.embeds[0].description.endswith(
        "• From the environment variables.\n• **From the .env file.**\n• From the defaults in the code."
    )
    assert "418  | the server is a teapot\n```" in table.response.embeds[0].description


async def test_a_300_line_block_is_cut_and_the_context_pages_through_it_whole(world):
    answer = await world.alice.slash(world.channel, "ask", question=INSTALL)
    (embed,) = answer.response.embeds
    assert code_lines(embed.description) == [step.strip() for step in STEPS[:25]]
    assert "… (275 more lines)\n```" in embed.description and "Context shows it whole" in embed.footer.text

    context = await world.bob.click(answer.response.message, label="Context")  # anyone may open it
    page = context.response.message
    assert page.flags.ephemeral and labels(page) == {"Previous": True, "Next": False}
    seen = code_lines(page.embeds[0].description)
    while not labels(page)["Next"]:
        page = (await world.bob.click(page, label="Next")).response.message
        assert within_limits(page.embeds[0])
        seen += code_lines(page.embeds[0].description)
    assert seen == [step.strip() for step in STEPS]
    assert labels(page) == {"Previous": False, "Next": True}
    assert page.embeds[0].footer.text.endswith("of 300")
    back = await world.bob.click(page, label="Previous")
    assert "Page 3 of 4" in back.response.message.embeds[0].footer.text


async def test_code_with_fences_links_and_mentions_pings_nobody_and_stays_in_its_fence(world):
    result = await world.alice.slash(world.channel, "ask", question=EXPLOIT)

    description = result.response.embeds[0].description
    seen = shown(description, quotes=True)
    assert seen.problems == [] and seen.links == [] and len(seen.code) == 1
    assert "`" + ZWSP + "`" + ZWSP + "`" in description
    (followup,) = world.requests("POST", "/webhooks/")
    assert followup.json["allowed_mentions"]["parse"] == []
    assert not world.stored(result.response.id).mention_everyone


async def test_no_answer_but_close_gets_related_passages_and_the_vote_buttons(world, caplog):
    with caplog.at_level(logging.INFO, logger="bot"):
        result = await world.alice.slash(world.channel, "ask", question=RELATED)
    assert f"question via /ask: {len(RELATED)} chars, not answered, related passages shown, " in caplog.text

    (embed,) = result.response.embeds
    assert embed.title == RELATED_TITLE
    assert embed.description.startswith(
        "> To install the **widget** on a **server**, run this script:\n— `install.md`"
    )
    assert labels(result.response.message) == {"Helpful": False, "Not helpful": False}
    vote = await world.bob.click(result.response.message, label="Not helpful")
    assert vote.response.content.startswith("Thanks: noted as not helpful.")
    question_log = world.env.bot.question_log
    await asyncio.to_thread(question_log.flush)
    with sqlite3.connect(world.env.bot.settings.data_dir / FILE_NAME) as conn:
        rows = conn.execute(
            "SELECT q.outcome, v.helpful FROM questions q JOIN votes v ON v.question_id = q.id"
        )
        assert rows.fetchall() == [("related", 0)]


async def test_related_passages_by_mention_without_embed_links_are_plain_text(world):
    plain = denied(world, "plain", embed_links=True)

    await world.alice.send(plain, f"{world.env.bot.user.mention} {RELATED}")

    (reply,) = bot_messages(world, plain)
    assert not reply.embeds and reply.content.startswith(f"## {RELATED_TITLE}\n> To install the **widget**")
    assert "\n-# The documents never mention: baking, recipe" in reply.content
    assert labels(reply) == {"Helpful": False, "Not helpful": False}


async def test_a_long_block_by_mention_without_embed_links_fits_a_message(world):
    plain = denied(world, "plain", embed_links=True)

    await world.alice.send(plain, f"{world.env.bot.user.mention} {INSTALL}")

    (reply,) = bot_messages(world, plain)
    assert len(reply.content) <= 2000 and "more lines)\n```\nSource: `install.md`" in reply.content
    assert not reply.embeds


async def test_the_local_session_shows_the_same_blocks_and_related_passages(run, tmp_path, settings):
    engine = Engine.from_folder(settings.documents)
    stdin = f"{TIMEOUT}\n{RELATED}\n{INSTALL}\ncontext\n"

    proc = run(["bot.local", "--docs", str(settings.documents)], tmp_path, stdin=stdin)

    out = proc.stdout
    assert out.startswith(plain_text(embed_text(answer_embed(answer_question(engine, TIMEOUT)))) + "\n\n")
    assert plain_text(embed_text(related_embed(answer_question(engine, RELATED)))) + "\n\n" in out
    assert "```python\nhttpx.get('http://example.com', timeout=10.0)\n```" in out
    pages = out.split("## Context\n")[1:]  # the Context's pages, one after another
    assert len(pages) == 4 and pages[0].startswith(
        "> **To install the widget on a server, run this script:**"
    )
    assert "(Page 4 of 4 · code lines " in pages[3]


async def test_the_context_pages_expire_with_the_other_buttons(world):
    answer = await world.alice.slash(world.channel, "ask", question=INSTALL)
    context = await world.alice.click(answer.response.message, label="Context")
    page = context.response.message

    await world.env.advance_time(world.env.bot.settings.button_timeout_seconds + 1)

    stored = world.env.backend.get_message(page.channel.id, page.id)
    assert [(c["label"], c.get("disabled")) for row in stored.components for c in row["components"]] == [
        ("Previous", True),
        ("Next", True),
    ]


async def test_a_page_click_after_a_restart_is_told_the_buttons_expired(world, settings, engine):
    answer = await world.alice.slash(world.channel, "ask", question=INSTALL)
    page = (await world.alice.click(answer.response.message, label="Context")).response.message
    await asyncio.to_thread(world.env.bot.question_log.close)
    await world.env.restart_bot(create_bot(settings, engine))

    stale = await world.alice.click(page, label="Next")

    assert stale.response.ephemeral and "expired" in stale.response.content
