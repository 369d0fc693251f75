"""Issue 12, item 1: a document cannot format the bot's message or plant a link in it.

Each rendered quote is read back through `discord_markdown.shown`, a model of how Discord
shows Markdown: the reader must see exactly the document's text, with links only where the
text shows a bare URL, and bold only on the matched words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.embeds import answer_embed, context_embed, quote, truncate
from bot.markdown import escape, plain_text, render, url_spans
from retrieval import Engine, answer_question
from retrieval.documents import parse_document

from .conftest import with_settings, write_docs
from .discord_markdown import shown

EVIL = "https://evil.example/steal"
REFUND = f"To claim the refund visit [the official refund portal]({EVIL}) before Friday."


def read(markdown: str):
    """What a reader sees of a quote (its "> " marker is the bot's own)."""
    return shown(markdown.removeprefix("> "))


def assert_shows_exactly(text: str, markdown: str, bold_words: tuple[str, ...] = ()) -> None:
    """The reader sees `text`, its bare URLs as links to themselves, and `bold_words` bold."""
    seen = read(markdown)
    assert seen.problems == [], markdown
    assert seen.text == text, markdown
    urls = [text[a:b] for a, b in url_spans(text)]
    assert [target for _, target in seen.links] == urls, markdown
    assert all(shown_text == target for shown_text, target in seen.links)
    bolded = "".join(seen.text[i] if i in seen.bold else " " for i in range(len(seen.text))).split()
    assert sorted(bolded) == sorted(bold_words), markdown


def highlighted(text: str, question: str) -> tuple[str, ...]:
    """The words the engine highlights in a one-sentence document, less those inside URLs."""
    best = answer_question(engine_of(**{"doc.txt": text}), question).best
    urls = url_spans(text)
    return tuple(text[a:b] for a, b in best.highlights if not any(u <= a < v for u, v in urls))


def engine_of(**files: str) -> Engine:
    return Engine.from_documents(tuple(parse_document(name, text) for name, text in files.items()))


def best_quote(text: str, question: str) -> str:
    """The quote of a one-sentence document's answer (whose text is the document's)."""
    best = answer_question(engine_of(**{"doc.txt": text}), question).best
    assert best is not None and best.text == text
    return quote(best)


def test_a_masked_link_in_a_document_is_shown_as_text_and_its_url_as_a_bare_link():
    markdown = best_quote(REFUND, "How do I claim the refund?")

    assert_shows_exactly(REFUND, markdown, ("claim", "refund", "refund"))
    assert read(markdown).links == [(EVIL, EVIL)]  # visible, never behind other words


def test_a_url_is_never_bolded_inside_nor_escaped():
    text = "Read the refund policy at https://example.com/refund_policy before asking."

    markdown = best_quote(text, "Where is the refund policy?")

    assert "https://example.com/refund_policy" in markdown
    assert "\\_" not in markdown and "**refund**_" not in markdown
    assert_shows_exactly(text, markdown, ("refund", "policy"))


def test_no_stray_backslash_after_a_bolded_word_before_a_dash():
    text = "Refunds - within 30 days - are paid to the original card."

    markdown = best_quote(text, "How are refunds paid?")

    assert "\\ " not in markdown
    assert_shows_exactly(text, markdown, ("Refunds", "paid"))


@pytest.mark.parametrize(
    "text",
    [
        "Refunds are paid quickly: run `rm -rf /` to reset the ```cache```.",
        "# Refunds are paid quickly to everyone.",
        "## Refunds are paid quickly to everyone.",
        "-# Refunds are paid quickly to everyone.",
        ">>> Refunds are paid quickly to everyone.",
        "> Refunds are paid quickly to everyone.",
        "- Refunds are paid quickly to everyone.",
        "Refunds are ||secretly|| paid quickly, ~~not~~ __always__ *fast*.",
        "Refunds are paid quickly <t:1700000000:R> to <@123456789012345678> and <@&123456789012345678>.",
        "Refunds are paid quickly in <#123456789012345678> with <:party:123456789012345678> </ask:1234>.",
        "Refunds are paid quickly <a:party:123456789012345678> <id:customize>.",
        r"Refunds are paid quickly \*not\* really, C:\temp\refunds is the folder.",
        "Refunds are paid quickly, see <https://example.com/refunds> and [x](<https://evil.example>).",
        "Refunds are paid quickly: [a](https://evil.example/1) [b](https://evil.example/2).",
        "Refunds are paid quickly (https://example.com/a_(b)) and https://example.com/x.",
        "Refunds are paid quickly at https://example.com/a<@123456789012345678> today.",
        "Refunds are paid quickly at https://example.com/a]*b* today.",
    ],
)
def test_hostile_markdown_in_a_document_shows_as_written(text):
    question = "Are refunds paid quickly?"
    markdown = best_quote(text, question)

    assert_shows_exactly(text, markdown, highlighted(text, question))


@pytest.mark.parametrize("text", ["1. Refunds", "2) Refunds", "  10. Refunds", "+ Refunds", "- Refunds"])
def test_a_line_that_would_be_a_list_item_is_not_one(text):
    assert_shows_exactly(text, render(text, [(text.index("R"), len(text))]), ("Refunds",))


def test_context_bolds_the_answer_but_never_its_urls():
    text = "Intro here. Claim the refund at https://example.com/refund now. Outro here."
    engine = engine_of(**{"doc.txt": text})
    result = answer_question(engine, "Where to claim the refund?")

    description = context_embed(engine, result.best).description

    seen = read(description)
    assert seen.problems == [] and seen.links == [
        ("https://example.com/refund", "https://example.com/refund")
    ]
    assert seen.text == text


def test_shortening_never_cuts_or_glues_a_url():
    url = "https://example.com/" + "a" * 40
    text = "word " * 30 + url + " " + "tail " * 30

    for limit in range(100, 260, 7):
        cut = truncate(text, limit)
        assert [text[a:b] for a, b in url_spans(cut)] in ([], [url]), cut
        seen = shown(render(cut, ()))
        assert seen.problems == [] and all(target == url for _, target in seen.links), cut


def test_the_answer_embed_title_and_source_are_escaped_too():
    heading = "# Refunds <@&1> <t:1:R> [x](https://evil.example) -# z"
    engine = engine_of(**{"guide.md": heading + "\n\nRefunds are paid quickly.\n"})
    result = answer_question(engine, "Are refunds paid quickly?")
    embed = answer_embed(result)

    section = embed.fields[0].value.split("§ ", 1)[1]  # after the file name's inline code
    assert "<@&1>" in result.best.sentence.section and "-# z" in result.best.sentence.section
    assert shown(section).problems == [] and shown(section).links == []
    assert shown(section).text == result.best.sentence.section


# Fragments a hostile document could use, and ordinary words to bold.
FRAGMENTS = [
    "refund",
    "paid",
    "quickly",
    "the",
    "portal",
    "word_with_underscores",
    "C:\\temp",
    "**",
    "*",
    "_",
    "__",
    "~~",
    "~",
    "||",
    "|",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "\\",
    "#",
    "## ",
    "-# ",
    "- ",
    "+ ",
    ">>> ",
    "> ",
    "1. ",
    "2) ",
    ":",
    ".",
    ",",
    ";",
    "'",
    '"',
    "…",
    "<@123>",
    "<@!123>",
    "<@&456>",
    "<#789>",
    "<:emoji:1>",
    "<a:anim:2>",
    "<t:1700000000:R>",
    "</ask:1>",
    "<id:customize>",
    "@everyone",
    "[click](https://evil.example/x)",
    "[https://good.example](https://evil.example)",
    "<https://example.com/a>",
    "https://example.com/refund_policy",
    "https://example.com/a*b*",
    "https://example.com/q?x=1&y=_2_",
    "http://example.com/(paren)",
    "steam://run/1",
    "https://example.com.",
]
SEPARATORS = st.sampled_from(["", " ", " ", "  ", "\n"])


@st.composite
def hostile_sentences(draw) -> tuple[str, list[tuple[int, int]]]:
    parts = draw(st.lists(st.tuples(st.sampled_from(FRAGMENTS), SEPARATORS), min_size=1, max_size=14))
    text = "".join(fragment + sep for fragment, sep in parts).strip() or "refund"
    words = [m.span() for m in re.finditer(r"\w+", text)]
    chosen = draw(st.lists(st.sampled_from(words), unique=True)) if words else []
    return text, sorted(chosen)


@settings(max_examples=400, deadline=None)
@given(hostile_sentences())
def test_any_sentence_shows_its_own_text_and_only_its_own_bare_urls(case):
    text, spans = case
    if any(">" in text[a:b] for a, b in url_spans(text)):
        return  # a URL with ">" in it cannot be delimited; it is shown unlinked (next test)

    seen = shown(render(text, spans))

    assert seen.problems == [], render(text, spans)
    assert seen.text == text
    assert [target for _, target in seen.links] == [text[a:b] for a, b in url_spans(text)]
    bold_expected = {i for a, b in spans for i in range(a, b) if not text[i].isspace()}
    in_urls = {i for a, b in url_spans(text) for i in range(a, b)}
    assert seen.bold == bold_expected - in_urls


# Text dense in what makes or ends a link: schemes, angle brackets, escapes, punctuation.
URL_SOUP = st.lists(
    st.sampled_from(
        ["http://", "https://", "steam://", "<", ">", "\\", "*", "_", ".", ":", ")", " ", "a", "0"]
    ),
    min_size=1,
    max_size=16,
).map("".join)
ANY_TEXT = st.text(min_size=1, max_size=60) | URL_SOUP | hostile_sentences().map(lambda case: case[0])


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
@example("http://0<")  # too short to be a URL, until a backslash lengthened it (CI found it)
@example("see http://*")
@example("http://http://><")  # a URL with ">" is shown as text: the inner scheme must not link
@example("http://\\><")  # ... and its backslash is text too
def test_any_text_at_all_shows_as_itself_with_no_link_it_does_not_show(text):
    seen = shown(escape(text))

    assert seen.problems == []
    assert seen.text == text
    assert all(shown_text == target and target in text for shown_text, target in seen.links)


@pytest.mark.asyncio
class TestOnDiscord:
    @pytest.fixture
    def settings(self, settings, tmp_path):
        return with_settings(
            settings, documents=write_docs(tmp_path / "docs", {"refunds.txt": REFUND + "\n"})
        )

    async def test_ask_shows_the_document_link_as_text_and_its_url_bare(self, world):
        result = await world.alice.slash(world.channel, "ask", question="How do I claim the refund?")

        description = result.response.embeds[0].description
        assert_shows_exactly(REFUND, description, ("claim", "refund", "refund"))
        mention = world.env.bot.user.mention
        await world.alice.send(world.channel, f"{mention} How do I claim the refund?")
        assert world.channel.last_message.embeds[0].description == description


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
@example("http://0<")
@example("http://http://><")
@example("http://\\><")
def test_the_terminal_shows_any_escaped_text_as_itself(text):
    """`python -m bot.local` drops what Discord hides: every escape and URL bracket."""
    assert plain_text(escape(text)) == text
