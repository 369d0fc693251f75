"""Issue 11: an answer carries the code block, list or table it introduces (pure formatting).

Each rendered answer is read back through `discord_markdown.shown`, the model of how Discord
shows Markdown: a code block is a real fence with its language, shows the document's code
exactly, and nothing in it (backticks, links, mentions) can end it or render.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.blocks import ZWSP, form_of, list_line, show
from bot.embeds import (
    MESSAGE_LIMIT,
    answer_embed,
    answer_text,
    citation_text,
    no_answer_text,
    why_embed,
    within_limits,
)
from bot.markdown import can_bold, url_spans
from bot.passages import RELATED_TITLE, context_pages, related_embed, related_text
from retrieval import Answer, Engine, Passage, Result, Sentence, Snippet, answer_question
from retrieval.documents import parse_document

from .block_docs import (
    DOCS,
    EVIL_CODE,
    EXPLOIT,
    HTTP2,
    INSTALL,
    PRECEDENCE,
    RELATED,
    STEPS,
    TEAPOT,
    TIMEOUT,
    TYPO,
)
from .discord_markdown import shown


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_documents(tuple(parse_document(name, text) for name, text in DOCS.items()))


def ask(engine: Engine, question: str) -> Result:
    return answer_question(engine, question)


def read(markdown: str):
    """What a reader sees of a description (its "> " quote markers are the bot's own)."""
    seen = shown(markdown, quotes=True)
    assert seen.problems == [], markdown
    return seen


def code_of(seen) -> list[str]:
    """The code blocks a reader sees, as the text one would copy (zero-width spaces dropped)."""
    return [content.replace(ZWSP, "") for _, content in seen.code]


def test_a_lead_in_sentence_shows_the_python_code_after_it(engine):
    embed = answer_embed(ask(engine, TIMEOUT))

    quote, *fence = embed.description.split("\n")
    assert quote == "> You can **set** **timeouts** for an individual request:"
    assert fence == ["```python", "httpx.get('http://example.com', timeout=10.0)", "```"]
    assert read(embed.description).code == [("python", "httpx.get('http://example.com', timeout=10.0)")]
    assert embed.fields[0].value == "`timeouts.md`, line 3 (code: line 6), § Timeouts"
    assert embed.footer.text.startswith("Best answer · 1 of ")  # nothing shortened


def test_a_300_line_code_block_is_cut_at_a_line_with_a_visible_ellipsis(engine):
    result = ask(engine, INSTALL)
    embed = answer_embed(result)

    (code,) = code_of(read(embed.description))
    lines = code.split("\n")
    assert lines[:-1] == [step.strip() for step in STEPS[: len(lines) - 1]]  # whole lines only
    assert lines[-1] == f"… ({300 - len(lines) + 1} more lines)"
    assert "code shortened to 25 of 300 lines; Context shows it whole" in embed.footer.text
    assert embed.fields[0].value == "`install.md`, line 3 (code: lines 6–305), § Installing the widget"
    assert within_limits(embed)
    text = answer_text(result)
    assert len(text) <= MESSAGE_LIMIT and "more lines)\n```" in text


def test_the_context_of_a_300_line_code_block_shows_it_whole_over_pages(engine):
    pages = context_pages(engine, ask(engine, INSTALL).best)

    assert len(pages) > 1 and all(within_limits(page) for page in pages)
    assert pages[0].description.startswith(
        "> **To install the widget on a server, run this script:**\n```python"
    )
    code = []
    for number, page in enumerate(pages, start=1):
        (part,) = code_of(read(page.description))
        code += [line for line in part.split("\n") if not line.startswith("… (")]
        assert page.footer.text.startswith(f"Page {number} of {len(pages)} · code lines ")
    assert code == [step.strip() for step in STEPS]
    assert pages[-1].footer.text.endswith("of 300")


def test_a_list_item_shows_its_lead_in_and_its_whole_list_with_the_item_in_bold(engine):
    result = ask(engine, PRECEDENCE)
    embed = answer_embed(result)

    assert embed.description.split("\n") == [
        "> The settings are read from these places, in order:",
        "• From the environment variables.",
        "• **From the .env file.**",
        "• From the defaults in the code.",
    ]
    seen = read(embed.description)
    assert "".join(seen.text[i] for i in sorted(seen.bold)) == "From the .env file."
    context = context_pages(engine, result.best)[0].description.split("\n")
    assert context == [
        "> The settings are read from these places, in order:",
        *embed.description.split("\n")[1:],
    ]
    # The first line quoted (the lead-in) and the list's lines: all that is shown can be checked.
    assert embed.fields[0].value == "`settings.md`, line 3 (list: lines 5–7), § Configuration precedence"


def one_doc(text: str) -> Engine:
    return Engine.from_documents((parse_document("guide.md", text),))


def answer_lines(document: str, question: str, best: str) -> list[str]:
    """The lines of the answer to `question` from one Markdown document; its unit is `best`."""
    result = ask(one_doc(document), question)
    assert result.best.text == best
    return answer_embed(result).description.split("\n")


def test_only_the_answering_sentence_of_a_list_item_is_bold():
    lines = answer_lines(
        "# Setup\n\nAfter an upgrade:\n\n- Install the new widget package. Then restart the server.\n"
        "- Check the logs for errors.\n",
        "when do I restart the server?",
        "Then restart the server.",
    )

    assert lines == [
        "> After an upgrade:",
        "• Install the new widget package. **Then restart the server.**",
        "• Check the logs for errors.",
    ]


def test_a_numbered_list_shows_its_numbers_as_text_and_an_item_its_further_paragraph():
    lines = answer_lines(
        "# Deploy\n\nTo deploy:\n\n1. Build the image.\n\n   It takes a minute.\n1. Push the image.\n",
        "how do i push the image",
        "Push the image.",
    )

    assert lines == [
        "> To deploy:",
        "1\\. Build the image.",
        "    It takes a minute.",
        "2\\. **Push the image.**",
    ]
    seen = read("\n".join(lines))
    assert seen.text.split("\n")[1:] == [
        "1. Build the image.",
        "    It takes a minute.",
        "2. Push the image.",
    ]


def test_list_lines_show_bullets_numbers_letters_and_roman_numerals_as_written():
    lines = ["- a", "  - b", "1. c", "10) d", "a. e", "ii. f", "  More on f."]
    assert [list_line(line) for line in lines] == [
        "• a",
        "  ◦ b",
        "1\\. c",
        "10\\) d",
        "a. e",
        "ii. f",
        "    More on f.",
    ]


def test_an_item_that_is_only_a_url_and_a_full_stop_is_quoted_not_marked():
    lines = answer_lines(
        "# Downloads\n\nGet the installer:\n\n- https://example.com/download/widget-installer.\n"
        "- https://example.com/download/gadget-manual.\n",
        "widget installer download",
        "https://example.com/download/widget-installer.",
    )

    assert lines[:2] == ["> Get the installer:", "> https://example.com/download/widget-installer."]
    assert read("\n".join(lines)).bold == set()  # a bold "." alone would mark nothing visible


def test_the_context_of_an_item_far_down_a_long_list_quotes_it_on_the_first_page():
    items = "".join(f"- Step {n}: {'check the cable and the plug once more; ' * 6}done.\n" for n in range(40))
    engine = one_doc(f"# Support\n\nBefore calling:\n\n{items}- The refund portal closes on Friday.\n")
    result = ask(engine, "when does the refund portal close?")
    assert result.best.text == "The refund portal closes on Friday."

    embed = answer_embed(result)
    pages = context_pages(engine, result.best)

    quoted = "> The **refund** **portal** **closes** on Friday."
    assert embed.description.split("\n")[:2] == ["> Before calling:", quoted]  # not among its lines shown
    assert len(pages) > 1
    assert pages[0].description.split("\n")[:2] == ["> Before calling:", quoted]
    assert pages[-1].description.endswith("• **The refund portal closes on Friday.**")


def test_a_matched_code_block_is_cited_from_its_lead_in_sentence(engine):
    result = ask(engine, HTTP2)
    best = result.best
    assert best.sentence.kind == "code" and best.lead is not None
    embed = answer_embed(result)
    assert embed.description.startswith("> Make one and reuse it:\n```python\n")
    # Before: "line 6" alone, while the quote above the code is on line 3.
    assert embed.fields[0].value == "`client.md`, line 3 (code: line 6), § Clients"


def test_a_table_row_shows_the_table_aligned_in_a_fence(engine):
    embed = answer_embed(ask(engine, TEAPOT))

    seen = read(embed.description)
    assert embed.description.startswith("> **418** \\| the server is a teapot\n```\n")
    assert code_of(seen) == [
        "code | meaning\n"
        "-----+-----------------------\n"
        "200  | the request succeeded\n"
        "404  | the page was not found\n"
        "418  | the server is a teapot"
    ]
    assert embed.fields[0].value == "`settings.md`, line 15 (table: lines 11–15), § Status codes"


def test_code_with_fences_links_and_mentions_stays_inert(engine):
    result = ask(engine, EXPLOIT)
    title, _, rest = answer_text(result).partition("\n")  # a message: "## title", body, "Source: ..."
    body = rest.partition("\nSource: ")[0]

    for markdown in (
        answer_embed(result).description,
        body,
        context_pages(engine, result.best)[0].description,
    ):
        seen = read(markdown)
        assert code_of(seen) == [EVIL_CODE]  # one fence, ending where the bot ends it
        assert seen.code[0][0] == "markdown" and seen.links == []
        assert "`" + ZWSP + "`" + ZWSP + "`" in markdown
        bold = "".join(seen.text[i] for i in sorted(seen.bold))
        assert "click" not in bold and "bold" not in bold  # only the matched words are bold
    assert title == "## what does the exploit sample look like"


def test_related_passages_are_one_compact_embed_with_citations(engine):
    result = ask(engine, RELATED)
    assert not result.answered and result.related

    embed = related_embed(result)

    assert embed.title == RELATED_TITLE
    lines = embed.description.split("\n")
    assert lines[0] == "> To install the **widget** on a **server**, run this script:"
    assert lines[1] == "— `install.md`, line 3, § Installing the widget"
    assert len(lines) == 2 * len(result.related) <= 6
    assert embed.footer.text == "The documents never mention: baking, recipe"
    read("\n".join(lines[0::2]))  # the quotes (the citations hold the bot's own inline code)
    assert within_limits(embed) and len(related_text(result)) <= MESSAGE_LIMIT


def test_corrections_are_said_in_the_footer_and_the_no_answer_reply(engine):
    assert answer_embed(ask(engine, TYPO)).footer.text.endswith(" · read widgte as widget")

    nothing = Result(
        "how to valdiate?", (), ("valid",), ("valdiat",), "none", corrections=(("valdiate", "validate"),)
    )
    assert no_answer_text(nothing).splitlines()[1:] == [
        "The documents never mention: valdiat",
        "(Read valdiate as validate.)",
    ]


# Random blocks: whatever a document holds, the answer, its plain text and its Context pages
# stay within Discord's limits, the code cannot break out of its fence, and the pages hold the
# whole block.

PIECES = [*"ab `\\*_[]()<>@#:/.|-", "```", "http://x.io/a_b", "@everyone", "<@123>", "\u00e9", "\U0001f600"]
LINE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map(
    lambda parts: "".join(parts).strip() or "x"
)


@st.composite
def blocks(draw, kinds: tuple[str, ...] = ("code", "list", "table")) -> Snippet:
    kind = draw(st.sampled_from(kinds))
    lines = draw(st.lists(LINE, min_size=1, max_size=300))
    if draw(st.booleans()):  # a very long line
        lines[0] = (lines[0] + " ") * draw(st.integers(1, 400))
    if kind == "list":
        text = "\n".join(
            ("  " * draw(st.integers(0, 2)) if n else "") + "- " + line for n, line in enumerate(lines)
        )
    elif kind == "table":
        text = "\n".join(" | ".join(line.split(" ")[:3]) for line in lines)
    else:
        text = "\n".join(lines)
    language = draw(st.sampled_from(["python", "", "py thon", "c++", "a`b"]))
    return Snippet(kind, "doc.md", text, text, 0, len(text), 3, 3 + len(lines), language=language)


class OnePassage:
    """Just enough of an Engine for a Context: a sentence's passage is the sentence alone."""

    def __init__(self, sentence: Sentence) -> None:
        self.sentence = sentence

    def passage(self, sentence_id: int) -> Passage:
        return Passage((self.sentence,), 0)


def answer_with(snippet: Snippet, matched_is_block: bool) -> Answer:
    """An answer whose unit is the block itself (after a lead-in), or a sentence leading into it."""
    if matched_is_block:
        kind = "sentence" if snippet.kind == "list" else snippet.kind  # a list item
        sentence = Sentence("doc.md", snippet.text, snippet.shown, 0, snippet.end, 3, 2, kind=kind)
        lead = Sentence("doc.md", "Here: @everyone", "Here: @everyone", 0, 5, 1, 1)
        return Answer(sentence, 1.0, ("x",), 7, (), snippet, lead)
    text = "The options are **all** of [these](http://evil):"
    sentence = Sentence("doc.md", text, text, 1, 9, 2, 1)
    return Answer(sentence, 1.0, ("x",), 7, ((4, 11),), snippet)


def fenced_lines(snippet: Snippet) -> tuple[list[str], list[int]]:
    """A fenced block's lines, and which are too long for a page once shown (those are cut)."""
    form = form_of(snippet)
    return form.lines, [n for n, line in enumerate(form.lines) if len(form.line(line)) > 3000]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snippet=blocks(), matched_is_block=st.booleans(), question=st.text(min_size=3, max_size=300))
def test_any_block_fits_discord_and_cannot_break_out(snippet, matched_is_block, question):
    answer = answer_with(snippet, matched_is_block)
    result = Result(question, (answer,), ("x",), corrections=(("valdiate", "validate"),))

    embed = answer_embed(result)
    pages = context_pages(OnePassage(answer.sentence), answer)

    text = answer_text(result)
    assert within_limits(embed) and len(text) <= MESSAGE_LIMIT
    assert text.splitlines()[-1].startswith("-# Best answer")  # fitted whole, not cut off at 2,000
    assert all(within_limits(page) for page in pages)
    if snippet.kind == "list":
        return
    expected, long_lines = fenced_lines(snippet)
    for markdown in (embed.description, *(page.description for page in pages)):
        seen = shown(markdown, quotes=True)
        assert seen.problems == [] and len(seen.code) == 1, markdown
        assert all(text == target == "http://evil" for text, target in seen.links)  # the sentence's URL only
    shown_lines = []
    for page in pages:
        (content,) = code_of(shown(page.description, quotes=True))
        shown_lines += [
            line for line in content.split("\n") if not re.fullmatch(r"… \([\d,]+ more lines?\)", line)
        ]
    assert [line for n, line in enumerate(shown_lines) if n not in long_lines] == [
        line.replace(ZWSP, "") for n, line in enumerate(expected) if n not in long_lines
    ]
    assert all(expected[n].replace(ZWSP, "").startswith(shown_lines[n][:-1]) for n in long_lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snippet=blocks(kinds=("list",)), data=st.data())
def test_any_list_item_that_answers_is_shown_once_in_bold_or_quoted_above_its_list(snippet, data):
    lines = snippet.shown.splitlines()
    n = data.draw(st.integers(0, len(lines) - 1))
    item = lines[n].lstrip().removeprefix("- ")
    start = snippet.text.index(lines[n]) + lines[n].index(item)
    sentence = Sentence("doc.md", item, item, start, start + len(item), 3 + n, 2)
    lead = Sentence("doc.md", "Here:", "Here:", 0, 5, 1, 1)
    answer = Answer(sentence, 1.0, ("x",), 7, (), snippet, lead)
    result = Result("which one?", (answer,), ("x",))

    embed = answer_embed(result)
    seen = read(embed.description)

    assert within_limits(embed) and len(answer_text(result)) <= MESSAGE_LIMIT
    pages = context_pages(OnePassage(sentence), answer)
    assert all(within_limits(page) for page in pages) and all(read(page.description) for page in pages)
    bold = "".join(seen.text[i] for i in sorted(seen.bold) if not seen.text[i].isspace())
    urls = {i for a, b in url_spans(item) for i in range(a, b)}  # never bold, by design
    boldable = "".join(c for i, c in enumerate(item) if i not in urls and not c.isspace())
    unique = sum(item in line for line in lines) == 1
    if embed.description.split("\n")[1].startswith("> "):
        # Quoted above its list: its line not found once, not among those shown whole (a short
        # first line always is), or nothing in it that shows bold. Nothing is bold then.
        assert bold == ""
        assert not (unique and can_bold(item) and n == 0 and len(lines[0]) < 500)
    else:  # marked in its list, not quoted a second time
        assert unique and can_bold(item) and bold == boldable


def test_the_why_button_says_when_an_answer_was_found_by_its_meaning(engine):
    from retrieval.models import Choice, Decision, Explanation, QuestionTerm

    found = ask(engine, TIMEOUT)
    chosen = Choice(
        "timeouts.md",
        3,
        ("timeout",),
        {"timeout": 2.5},
        2.5,
        {"meaning": 1.08},
        3.6,
        similarity=0.71,
        by_meaning=True,
    )
    decision = Decision(
        True,
        "coverage",
        0.5,
        0.5,
        0.5,
        0.5,
        passage_similarity=0.71,
        meaning_threshold=0.56,
        meaning_coverage=0.3,
    )
    explanation = Explanation(
        (QuestionTerm("timeout", "timeout", 2.0),), (), decision, chosen, (("timout", "timeout"),)
    )
    result = Result(
        found.question,
        found.answers,
        found.terms,
        explanation=explanation,
        corrections=(("timout", "timeout"),),
    )

    first, bonus, decided = why_embed(result).description.split("\n")

    assert first.startswith(
        "Read timout as timeout. Found by its meaning (similarity 0.71) more than by words. Matched: timeout"
    )
    assert "+1.08 as it is close in meaning to the question" in bonus
    assert "when the passage's meaning is close enough (0.71, needs 0.56)" in decided


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    snippets=st.lists(blocks(), min_size=1, max_size=4), units=st.lists(st.booleans(), min_size=4, max_size=4)
)
def test_any_related_passages_fit_one_compact_embed_and_message(snippets, units):
    related = tuple(answer_with(snippet, unit) for snippet, unit in zip(snippets, units, strict=False))
    result = Result("q?", (), ("q",), ("zeppelin",) * 40, "weak", related=related)

    embed = related_embed(result)
    text = related_text(result)

    assert within_limits(embed) and len(embed.description) <= 1500
    assert len(text) <= MESSAGE_LIMIT and text.splitlines()[-1].startswith("-# The documents never mention")
    assert embed.description.count("\n— `doc.md`") == min(len(related), 3)


def test_a_line_too_long_for_the_first_context_page_starts_the_next_page_whole():
    line = "x = '" + "y" * 3000 + "'"
    block = Snippet("code", "doc.md", line, line, 10, 10 + len(line), 3, 3, language="python")
    lead = Sentence("doc.md", "Set it:", "Set it: " + "word " * 200, 0, 7, 1, 1)
    answer = Answer(
        Sentence("doc.md", line, line, 10, 10 + len(line), 3, 2, kind="code"), 1.0, ("x",), 1, (), block, lead
    )

    first, second = context_pages(OnePassage(answer.sentence), answer)

    assert first.footer.text == "Page 1 of 2 · the code starts on the next page"
    assert (
        code_of(read(second.description)) == [line]
        and second.footer.text == "Page 2 of 2 · code lines 1–1 of 1"
    )
    assert within_limits(first) and within_limits(second)


def test_a_pdf_citation_names_its_page():
    sentence = Sentence(
        "manual.pdf", "Press the red button.", "Press the red button.", 0, 21, 12, 4, "Safety", page=3
    )

    assert citation_text(sentence) == "`manual.pdf`, page 3, line 12, § Safety"


def test_a_block_one_line_over_the_line_limit_is_shown_whole():
    text = "\n".join(f"line_{n} = {n}" for n in range(4))
    block = Snippet("code", "doc.md", text, text, 0, len(text), 3, 6, language="python")

    assert show(block, 1000, max_lines=3).markdown == f"```python\n{text}\n```"
    assert show(block, 1000, max_lines=2).markdown.endswith("line_1 = 1\n… (2 more lines)\n```")
