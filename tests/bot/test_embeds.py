"""Pure formatting, no Discord connection: bold, escaping, shortening, limits, lists."""

from __future__ import annotations

import pytest

from bot.about import reload_text, sources_pages
from bot.embeds import (
    DESCRIPTION_LIMIT,
    MESSAGE_LIMIT,
    answer_embed,
    embed_text,
    no_answer_text,
    quote,
    within_limits,
)
from retrieval import Engine, Result, SkippedFile, answer_question
from retrieval.documents import parse_document

from .conftest import TRUCKS


def engine_of(**files: str) -> Engine:
    return Engine.from_documents(tuple(parse_document(name, text) for name, text in files.items()))


def highlight(text: str, question: str) -> str:
    """The quote of a one-sentence document's answer to `question`, without the quote marker."""
    result = answer_question(engine_of(**{"one.txt": text}), question)
    return quote(result.best).removeprefix("> ")


def test_matched_words_are_bold_in_any_inflection():
    assert highlight("Trucks carried aid; a truck's aid.", "truck aid?") == (
        "**Trucks** carried **aid**; a **truck's** **aid**."
    )


def test_the_united_states_is_bold_in_every_form():
    assert highlight("The U.S. and the US, not us or USB.", "the USA?") == (
        "The **U.S.** and the **US**, not us or USB."
    )


def test_markdown_in_a_quote_is_escaped_and_cannot_break_out():
    text = "Use *stars*, __under__, `code`, ||spoiler|| and [link](http://x) in **Markdown**."

    rendered = highlight(text, "markdown?")

    assert rendered.count("**") == 2 and "**Markdown**" in rendered
    for raw in ("*stars*", "__under__", "`code`", "||spoiler||"):
        assert raw not in rendered
    assert r"\*stars\*" in rendered and r"\`code\`" in rendered


@pytest.mark.parametrize("char", ["x", "*", "_"])
def test_a_5000_character_sentence_fits_every_limit_even_when_escaping_doubles_it(char):
    words = " ".join((char * 9) for _ in range(500)) + " end"
    engine = engine_of(**{"big.txt": f"The needle {words}."})
    result = answer_question(engine, "where is the needle?")

    embed = answer_embed(result)

    assert len(embed.description) <= DESCRIPTION_LIMIT and within_limits(embed)
    assert embed.description.endswith("…") and "shortened" in embed.footer.text
    assert len(quote(result.best, limit=DESCRIPTION_LIMIT)) <= DESCRIPTION_LIMIT


def test_an_answer_embed_cites_document_line_section_and_date():
    engine = engine_of(**{"guide.md": "date 2024-03-01\n# Setup\n\nInstall the *widget* first.\n"})
    result = answer_question(engine, "what to install first?")

    embed = answer_embed(result)

    assert embed.fields[0].value == "`guide.md`, line 4, § Setup, 2024-03-01"
    assert embed.description == "> **Install** the widget **first**."


def test_no_answer_is_one_friendly_sentence_and_the_unknown_words():
    result = Result("how to bake sourdough?", (), ("bake", "sourdough"), ("bake", "sourdough"), "none")

    text = no_answer_text(result)

    first, second = text.splitlines()
    assert (
        first == "The documents don't cover that, as far as I can tell — `/sources` lists what they do cover."
    )
    assert second == "The documents never mention: bake, sourdough"
    assert no_answer_text(Result("q", (), ("x",), (), "weak")) == first


def test_context_stays_inside_the_paragraph(seed_engine):
    result = answer_question(seed_engine, TRUCKS)

    neighbours = seed_engine.passage(result.best.sentence_id).sentences

    assert [s.paragraph for s in neighbours] == [3, 3, 3]
    assert result.best.sentence in neighbours


def test_sources_pages_through_every_document_and_reload_reports_stay_within_discord_limits():
    engine = engine_of(**{f"doc{i:04}.txt": f"date 2024-01-01 Sentence number {i} here." for i in range(400)})
    engine = Engine(
        engine.folder,
        engine.documents,
        tuple(SkippedFile(f"bad{i}.txt", "not UTF-8 text") for i in range(300)),
        engine.sentences,
        engine.index,
    )

    pages = sources_pages(engine)
    report = reload_text(engine)

    assert len(pages) == 20 and all(within_limits(page) for page in pages)
    listed = [line for page in pages for line in page.description.splitlines()]
    assert listed == [f"`doc{i:04}.txt` — text, 1 passage (1 paragraph), 2024-01-01" for i in range(400)]
    assert [page.footer.text for page in pages[::19]] == [
        "Page 1 of 20 · 400 documents · 400 passages",
        "Page 20 of 20 · 400 documents · 400 passages",
    ]
    assert [(field.name, field.value) for field in pages[0].fields] == [
        ("Not read", "300 files skipped (unreadable, or nothing to search)")
    ]
    assert all(not page.fields for page in pages[1:])
    assert len(report) <= MESSAGE_LIMIT and report.startswith("Reloaded: 400 documents, 400 sentences.")
    assert "- `bad0.txt`: not UTF-8 text" in report and report.endswith("more")


def test_the_terminal_rendering_has_the_same_parts_as_the_embed(seed_engine):
    embed = answer_embed(answer_question(seed_engine, TRUCKS))

    text = embed_text(embed)

    assert text.splitlines() == [
        f"## {TRUCKS}",
        embed.description,
        f"Source: {embed.fields[0].value}",
        f"({embed.footer.text})",
    ]


def test_huge_file_names_and_sections_still_make_a_valid_citation():
    name = "n" * 600 + ".md"
    engine = engine_of(**{name: "# " + "Section " * 200 + "\n\nThe needle is here.\n"})

    embed = answer_embed(answer_question(engine, "where is the needle?"))

    assert within_limits(embed)
    value = embed.fields[0].value
    assert value.startswith("`nnn") and value.count("`") == 2 and "line 3" in value
