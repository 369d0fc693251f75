"""Pure formatting: retrieval results -> Discord embeds and text, within Discord's limits.

Nothing here talks to Discord, so every rule (escaping, bolding, shortening) is testable
without a connection. Document text is always shown through `markdown.render`: a document
cannot format the bot's message or plant a link in it, and its URLs stay whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import discord

from retrieval import Answer, Engine, Result, Sentence, Snippet, explain_lines

from .blocks import Mark, Part, item_mark, shortened_note, show
from .markdown import can_bold, escape, render, whole_urls

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
MESSAGE_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
# Kept well below the limits: a quote longer than this is hard to read in a chat anyway.
QUOTE_LIMIT = 1500
CONTEXT_LIMIT = 3500
NAME_LIMIT = 200  # file names and section titles, so a citation always fits its field
LEAD_LIMIT = 500  # the sentence that leads into a code block, list or table
BLOCK_LIMIT = 1800  # a block under an answer: longer ones are cut (Context shows them whole)
BLOCK_LINES = 25
MIN_BLOCK = 200
BLOCK_UNITS = ("code", "table")  # units that are their own block: shown as the block, not quoted

ANSWER_COLOUR = discord.Colour.blurple()
INFO_COLOUR = discord.Colour.dark_grey()
ELLIPSIS = "…"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def code(name: str) -> str:
    """A file name as inline code (a backtick in the name would end it early)."""
    return "`" + truncate(name, NAME_LIMIT).replace("`", "'") + "`"


def truncate(text: str, limit: int) -> str:
    """Plain text cut to `limit` characters, visibly (ends with an ellipsis)."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return whole_urls(text, cut.rstrip(), ELLIPSIS) + ELLIPSIS


def fit_markdown(text: str, limit: int, to_markdown) -> str:
    """to_markdown(text) shortened until it fits `limit` (escaping can lengthen it)."""
    rendered = to_markdown(text)
    size = len(text)
    while len(rendered) > limit and size > 1:
        size = min(size - 1, size * limit // len(rendered) - 2)
        rendered = to_markdown(truncate(text, max(size, 1)))
    return rendered


def quote(answer: Answer, limit: int = QUOTE_LIMIT) -> str:
    """The answer as a Markdown block quote, matched words bold, shortened visibly if long.

    `answer.text` is already whitespace-folded (the engine's `clean` text), and its
    `highlights` are spans in it; a shortened text keeps the spans that end before the cut.
    """
    text = answer.text

    def marked(shown: str) -> str:
        kept = len(shown) if shown == text else len(shown) - len(ELLIPSIS)
        return render(shown, [(start, end) for start, end in answer.highlights if end <= kept])

    return "> " + fit_markdown(text, limit - 2, marked)


def is_shortened(quoted: str, sentence: Sentence) -> bool:
    return quoted.endswith(ELLIPSIS) and not sentence.clean.rstrip().endswith(ELLIPSIS)


def quote_sentence(sentence: Sentence, limit: int) -> str:
    """A sentence other than the answer (a lead-in) as a block quote, without bold."""
    return "> " + fit_markdown(sentence.clean, limit - 2, escape)


def is_block_unit(answer: Answer) -> bool:
    """Whether the matched unit is itself the block shown (a code block or a table)."""
    return answer.block is not None and answer.sentence.kind in BLOCK_UNITS


def citation_text(sentence: Sentence, where: str | None = None) -> str:
    """`file.md`, line 8 (code: lines 11–16), § Section, 2023-11-09 — escaped, for an embed field.

    `where` replaces "line 8": an answer's `checked_lines()`, which names the line of its first
    quoted sentence and its block's lines.
    """
    where = where or f"line {sentence.line}"
    parts = [code(sentence.document)] + ([f"page {sentence.page}"] if sentence.page else []) + [where]
    if sentence.section:
        parts.append(f"§ {escape(truncate(sentence.section, NAME_LIMIT))}")
    if sentence.date:
        parts.append(sentence.date)
    return truncate(", ".join(parts), FIELD_LIMIT)


@dataclass(frozen=True)
class Shown:
    """An answer as Markdown: lead-in, quote and block, and what was shortened to fit."""

    markdown: str
    quote_cut: bool = False
    block: Part | None = None


def answering_item(answer: Answer) -> Mark | None:
    """Where its list shows the answer's sentence, when that sentence is in one of the list's
    items and can be seen in bold there (rather than quoted above the list and shown in it)."""
    block, sentence = answer.block, answer.sentence
    if block is None or block.kind != "list" or not block.start <= sentence.start < block.end:
        return None
    if not can_bold(sentence.clean):  # a URL is never bold: a mark on it alone would not show
        return None
    return item_mark(block, sentence.clean)


def show_answer(answer: Answer, size: int) -> Shown:
    """The answer's lead-in and sentence quoted, then its block, in about `size` characters.

    A list item's sentence is shown in bold in its list instead of quoted, when its line is
    among those shown of the list, whole.
    """
    lead = [quote_sentence(answer.lead, min(LEAD_LIMIT, size // 4))] if answer.lead is not None else []
    mark = answering_item(answer)
    if answer.block is not None and mark is not None:
        block = show_block(answer.block, lead, size, mark)
        if block.marked:
            return Shown("\n".join([*lead, block.markdown]), False, block)
    parts = list(lead)
    quote_cut = False
    if not is_block_unit(answer):
        parts.append(quote(answer, min(QUOTE_LIMIT, size // 2)))
        quote_cut = is_shortened(parts[-1], answer.sentence)
    if answer.block is None:
        return Shown("\n".join(parts), quote_cut)
    block = show_block(answer.block, parts, size)
    return Shown("\n".join([*parts, block.markdown]), quote_cut, block)


def show_block(block: Snippet, above: list[str], size: int, mark: Mark | None = None) -> Part:
    """The first lines of `block` that fit in `size` characters after the parts `above` it."""
    room = min(BLOCK_LIMIT, size - sum(len(part) + 1 for part in above))
    return show(block, max(room, MIN_BLOCK), BLOCK_LINES, mark=mark)


def read_as(result: Result) -> str:
    """ "read lenght as length, paramter as parameter" ("" without corrections)."""
    return ", ".join(f"{typed} as {meant}" for typed, meant in result.corrections)


def answer_embed(
    result: Result, index: int = 0, note: str = "", size: int = DESCRIPTION_LIMIT
) -> discord.Embed:
    """One answer of a Result (the best by default): quoted, with its block, and cited."""
    answer = result.answers[index]
    shown = show_answer(answer, size)
    embed = discord.Embed(
        title=fit_markdown(" ".join(result.question.split()), TITLE_LIMIT, escape),
        description=shown.markdown,
        colour=ANSWER_COLOUR,
    )
    embed.add_field(name="Source", value=citation_text(answer.sentence, answer.checked_lines()), inline=False)
    total = len(result.answers)
    notes = [f"Best answer · 1 of {total}" if index == 0 else f"Answer {index + 1} of {total}"]
    if shown.quote_cut:
        notes.append("long sentence shortened; the source has it in full")
    if answer.block is not None and shown.block is not None and shown.block.shortened:
        notes.append(shortened_note(answer.block.kind, shown.block))
    if result.corrections:
        notes.append("read " + read_as(result))
    if note:
        notes.append(note)
    embed.set_footer(text=truncate(" · ".join(notes), FOOTER_LIMIT))
    return embed


def answer_text(result: Result, index: int = 0, note: str = "") -> str:
    """An answer as a plain message, for channels where the bot may not embed (2,000 characters)."""
    size = MESSAGE_LIMIT
    while True:
        text = flat_text(answer_embed(result, index, note, size))
        if len(text) <= MESSAGE_LIMIT or size <= MIN_BLOCK:
            return text[:MESSAGE_LIMIT]  # a guard: the parts' own limits make it fit long before
        size -= len(text) - MESSAGE_LIMIT


def flat_text(embed: discord.Embed) -> str:
    """An embed as a Discord message: a title header, the description, its fields, a subtext footer."""
    return embed_text(embed, footer=lambda text: f"-# {escape(text)}")


def no_answer_text(result: Result) -> str:
    """One friendly sentence, plus the question words no document mentions and typos read."""
    text = "The documents don't cover that, as far as I can tell — `/sources` lists what they do cover."
    if result.unknown_terms:
        unknown = escape(", ".join(result.unknown_terms))
        text += "\n" + truncate(f"The documents never mention: {unknown}", MESSAGE_LIMIT - len(text) - 1)
    if result.corrections:
        text += "\n" + truncate(f"(Read {escape(read_as(result))}.)", MESSAGE_LIMIT - len(text) - 1)
    return text


def passage_markdown(engine: Engine, answer: Answer, limit: int = CONTEXT_LIMIT) -> str:
    """The answer in its paragraph: neighbours in plain text, the answer itself in bold."""
    passage = engine.passage(answer.sentence_id)
    budget = limit // len(passage.sentences)
    parts = []
    for n, sentence in enumerate(passage.sentences):
        if n == passage.focus:
            parts.append(fit_markdown(sentence.clean, budget, lambda t: render(t, [(0, len(t))])))
        else:
            parts.append(fit_markdown(sentence.clean, budget, escape))
    return "> " + " ".join(parts)


def context_embed(engine: Engine, answer: Answer) -> discord.Embed:
    """The answer in its paragraph (an answer without a block)."""
    target = engine.passage(answer.sentence_id).sentence
    embed = discord.Embed(title="Context", description=passage_markdown(engine, answer), colour=INFO_COLOUR)
    embed.add_field(
        name="Source", value=citation_text(target) + f", paragraph {target.paragraph}", inline=False
    )
    return embed


def why_embed(result: Result, index: int = 0) -> discord.Embed:
    """Why the best answer was chosen, in two or three plain lines (the engine's own record)."""
    lines = [fit_markdown(line, FIELD_LIMIT, escape) for line in explain_lines(result)]
    if index:
        lines.insert(0, f"*This explains the best answer; answer {index + 1} ranked below it.*")
    description = truncate("\n".join(lines), DESCRIPTION_LIMIT)
    return discord.Embed(title="Why this answer?", description=description, colour=INFO_COLOUR)


def within_limits(embed: discord.Embed) -> bool:
    """Whether Discord would accept this embed."""
    return (
        len(embed.title or "") <= TITLE_LIMIT
        and len(embed.description or "") <= DESCRIPTION_LIMIT
        and all(len(f.name or "") <= TITLE_LIMIT and len(f.value or "") <= FIELD_LIMIT for f in embed.fields)
        and len(embed.footer.text or "") <= FOOTER_LIMIT
        and len(embed.fields) <= 25
        and len(embed) <= EMBED_TOTAL_LIMIT
    )


def embed_text(embed: discord.Embed, footer: Callable[[str], str] = lambda text: f"({text})") -> str:
    """An embed as text, in the same form the bot shows it on Discord: for a terminal, or (with
    a subtext `footer`) as a message where the bot may not embed."""
    lines = []
    if embed.title:
        lines.append(f"## {embed.title}")
    if embed.description:
        lines.append(embed.description)
    for f in embed.fields:
        lines.append(f"{f.name}: {f.value}")
    if embed.footer.text:
        lines.append(footer(embed.footer.text))
    return "\n".join(lines)
