"""The buttons under an answer (views.py): More answers, Context, Why this answer?, expiry."""

from __future__ import annotations

import pytest

from bot.client import create_bot
from bot.views import EXPIRED_TEXT, NOT_YOURS_TEXT

from .conftest import TRUCKS

pytestmark = pytest.mark.asyncio


async def ask(world, member=None, **options):
    result = await (member or world.alice).slash(world.channel, "ask", question=TRUCKS, **options)
    return result.response


def buttons(stored_message) -> dict[str, bool]:
    """label -> disabled, for the buttons of a stored message."""
    return {
        c["label"]: c.get("disabled", False) for row in stored_message.components for c in row["components"]
    }


def expired_and_voting(shown: dict[str, bool]) -> bool:
    """The answer's own buttons disabled; Helpful / Not helpful still enabled (votes never expire)."""
    return shown == {
        "More answers": True,
        "Context": True,
        "Why this answer?": True,
        "Helpful": False,
        "Not helpful": False,
    }


async def test_more_answers_pages_through_the_next_best_sentences(world, engine):
    from retrieval import answer_question

    expected = answer_question(engine, TRUCKS, top=5).answers
    answer = await ask(world)
    seen = [answer.embeds[0]]
    for _ in range(len(expected) - 1):
        clicked = await world.alice.click(answer.message, label="More answers")
        seen.append(clicked.response.embeds[0])

    for number, (embed, expected_answer) in enumerate(zip(seen, expected, strict=True), start=1):
        first_words = expected_answer.sentence.clean.split()[1]
        assert first_words in embed.description
        assert embed.fields[0].value.endswith(f"line {expected_answer.sentence.line}, 2023-11-09")
        assert f"{number} of 5" in embed.footer.text
    assert buttons(world.stored(answer.id))["More answers"] is True  # last page: nothing more
    assert buttons(world.stored(answer.id))["Context"] is False


async def test_only_the_asker_pages_others_are_told_politely(world):
    answer = await ask(world)

    clicked = await world.bob.click(answer.message, label="More answers")

    assert clicked.response.ephemeral and clicked.response.content == NOT_YOURS_TEXT
    assert "Best answer" in world.stored(answer.id).embeds[0]["footer"]["text"]


async def test_context_shows_the_neighbours_from_the_same_paragraph(world):
    answer = await ask(world)

    context = await world.bob.click(answer.message, label="Context")

    reply = context.response
    assert reply.ephemeral
    text = reply.embeds[0].description
    assert text.startswith("> In addition to the hostage negotiations")
    assert "**The United Nations has already facilitated the entry of 54 trucks" in text
    assert text.endswith("provide relief to the affected population.")
    assert "ground offensive" not in text  # the next paragraph is not context
    assert reply.embeds[0].fields[0].value.endswith("paragraph 3")


async def test_context_follows_the_page_shown(world):
    answer = await ask(world)
    await world.alice.click(answer.message, label="More answers")

    context = await world.alice.click(answer.message, label="Context")

    assert "**In addition to the hostage negotiations" in context.response.embeds[0].description


async def test_buttons_work_on_private_answers(world):
    answer = await ask(world, private=True)

    clicked = await world.alice.click(answer.message, label="More answers")

    assert "Answer 2 of 5" in clicked.response.embeds[0].footer.text


async def test_buttons_expire_politely(world):
    answer = await ask(world)
    timeout = world.env.bot.settings.button_timeout_seconds

    await world.env.advance_time(timeout - 5)
    clicked = await world.alice.click(answer.message, label="More answers")
    assert "Answer 2 of 5" in clicked.response.embeds[0].footer.text  # still working, near the end

    await world.env.advance_time(timeout + 1)
    stored = world.stored(answer.id)
    assert expired_and_voting(buttons(stored))
    assert stored.embeds[0]["footer"]["text"].endswith("buttons expired")
    assert "Answer 2 of 5" in stored.embeds[0]["footer"]["text"]


async def test_a_click_no_live_view_owns_gets_the_expired_reply(world, settings, engine):
    answer = await ask(world)
    await world.env.restart_bot(create_bot(settings, engine))  # the views lived in the old process

    clicked = await world.alice.click(answer.message, label="Context")

    assert clicked.response.ephemeral
    assert clicked.response.content == EXPIRED_TEXT


async def test_mention_replies_have_the_buttons_too(world):
    await world.alice.send(world.channel, f"{world.env.bot.user.mention} {TRUCKS}")
    reply = world.channel.last_message

    clicked = await world.alice.click(reply, label="More answers")

    assert "Answer 2 of 5" in clicked.response.embeds[0].footer.text


async def test_private_buttons_are_disabled_before_their_token_dies_despite_clicks(world):
    answer = await ask(world, private=True)
    timeout = world.env.bot.settings.button_timeout_seconds

    await world.env.advance_time(timeout - 5)
    await world.alice.click(answer.message, label="Context")  # restarts the view's timeout
    await world.env.advance_time(15 * 60 - (timeout - 5) + 1)  # the /ask token is dead now

    stored = world.stored(answer.id)
    assert expired_and_voting(buttons(stored))
    assert stored.embeds[0]["footer"]["text"].endswith("buttons expired")


async def test_paging_a_private_answer_renews_the_token_its_buttons_use(world):
    answer = await ask(world, private=True)
    timeout = world.env.bot.settings.button_timeout_seconds

    await world.env.advance_time(timeout - 5)
    await world.alice.click(answer.message, label="More answers")  # a fresh token edits it now
    await world.env.advance_time(15 * 60 - (timeout - 5) + 1)

    assert set(buttons(world.stored(answer.id)).values()) == {False}  # still live
    await world.env.advance_time(timeout)
    assert expired_and_voting(buttons(world.stored(answer.id)))


async def test_private_buttons_are_disabled_when_they_expire(world):
    answer = await ask(world, private=True)

    await world.env.advance_time(world.env.bot.settings.button_timeout_seconds + 1)

    stored = world.stored(answer.id)
    assert expired_and_voting(buttons(stored))
    assert stored.embeds[0]["footer"]["text"].endswith("buttons expired")


async def test_why_this_answer_explains_in_plain_lines_only_to_the_clicker(world):
    answer = await ask(world)

    why = await world.bob.click(answer.message, label="Why this answer?")

    reply = why.response
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed.title == "Why this answer?"
    lines = embed.description.splitlines()
    assert lines[0].startswith("Matched: aid (") and "trucks (" in lines[0]
    assert "a number is asked for and it has one (54)" in lines[1]
    assert lines[2].startswith("Answered: the sentence and its passage cover")
    assert "The documents never mention: entered." in lines[2]
    assert buttons(world.stored(answer.id))["Why this answer?"] is False


async def test_why_after_paging_says_it_explains_the_best_answer(world):
    answer = await ask(world)
    await world.alice.click(answer.message, label="More answers")

    why = await world.alice.click(answer.message, label="Why this answer?")

    first_line = why.response.embeds[0].description.splitlines()[0]
    assert first_line == "*This explains the best answer; answer 2 ranked below it.*"
