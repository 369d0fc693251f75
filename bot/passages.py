"""The Context of an answer with a block (the whole block, in pages), and related passages.

Pure formatting, like `embeds.py`: no Discord connection. A Context page is one embed, within
Discord's limits; a block too long for one is split at line boundaries over several pages,
which the Context button pages through (`views.PageView`).
"""

from __future__ import annotations

import discord

from retrieval import Answer, Engine, Result

from .blocks import Part, pages, show, units
from .embeds import (
    CONTEXT_LIMIT,
    INFO_COLOUR,
    MESSAGE_LIMIT,
    answering_item,
    citation_text,
    context_embed,
    flat_text,
    is_block_unit,
    passage_markdown,
    quote,
    quote_sentence,
    read_as,
    truncate,
)

INTRO_LIMIT = 1200  # what comes before the block on its first page
RELATED_TITLE = "No direct answer. These may help:"
RELATED_LIMIT = 3  # passages offered
RELATED_QUOTE = 200  # characters of each quote
RELATED_LINES = 3  # lines of a code block or table offered as a related passage


def context_pages(engine: Engine, answer: Answer) -> list[discord.Embed]:
    """What the Context button shows: the paragraph around a sentence, or the whole block.

    An answer with a block gets its lead-in (for a sentence that leads into the block: the
    sentence in its paragraph) and then the whole block, over as many pages as it needs.
    """
    if answer.block is None:
        return [context_embed(engine, answer)]
    block = answer.block
    mark = answering_item(answer)
    if mark is None and answer.sentence.kind == "sentence" and answer.lead is None:
        intro = passage_markdown(engine, answer, INTRO_LIMIT)
    else:
        intro = intro_of(answer, quoted=mark is None)
    parts = pages(block, CONTEXT_LIMIT, first_room(intro), mark)
    if mark is not None and not parts[0].marked:  # the first page must show the answer too
        intro = intro_of(answer)
        parts = pages(block, CONTEXT_LIMIT, first_room(intro), mark)
    source = citation_text(answer.sentence, answer.checked_lines())
    embeds = []
    for number, part in enumerate(parts, start=1):
        description = f"{intro}\n{part.markdown}" if number == 1 and intro else part.markdown
        embed = discord.Embed(title="Context", description=description, colour=INFO_COLOUR)
        embed.add_field(name="Source", value=source, inline=False)
        if len(parts) > 1:
            embed.set_footer(text=f"Page {number} of {len(parts)} · {page_lines(block.kind, part)}")
        embeds.append(embed)
    return embeds


def page_lines(kind: str, part: Part) -> str:
    """ "code lines 80–158 of 300" (what a page of a block holds)."""
    if not part.count:
        return f"the {kind} starts on the next page"
    return f"{kind} {units(kind)} {part.first + 1:,}–{part.first + part.count:,} of {part.total:,}"


def first_room(intro: str) -> int:
    """The room a block has on the first page of a Context, after its `intro`."""
    return CONTEXT_LIMIT - len(intro) - 1 if intro else CONTEXT_LIMIT


def intro_of(answer: Answer, quoted: bool = True) -> str:
    """The lead-in and (unless the unit is the block itself, or not `quoted`: a list item
    marked in bold in its list on the first page) the matched sentence, quoted."""
    parts = [quote_sentence(answer.lead, INTRO_LIMIT // 2)] if answer.lead is not None else []
    if quoted and not is_block_unit(answer):
        parts.append(quote(answer, INTRO_LIMIT // 2))
    return "\n".join(parts)


def related_markdown(answer: Answer, limit: int) -> str:
    """A related passage in short: its quote, or the first lines of a code block or table."""
    if not is_block_unit(answer) or answer.block is None:
        return quote(answer, limit)
    lead = [quote_sentence(answer.lead, limit // 2)] if answer.lead is not None else []
    return "\n".join([*lead, show(answer.block, limit, RELATED_LINES).markdown])


def related_embed(result: Result, limit: int = RELATED_QUOTE) -> discord.Embed:
    """No answer, but close passages: each in short with its citation, in one compact embed."""
    lines = []
    for answer in result.related[:RELATED_LIMIT]:
        lines.append(related_markdown(answer, limit))
        lines.append(
            "— " + citation_text(answer.sentence, answer.checked_lines() if is_block_unit(answer) else None)
        )
    embed = discord.Embed(title=RELATED_TITLE, description="\n".join(lines), colour=INFO_COLOUR)
    notes = []
    if result.unknown_terms:
        notes.append("The documents never mention: " + ", ".join(result.unknown_terms))
    if result.corrections:
        notes.append("read " + read_as(result))
    if notes:
        embed.set_footer(text=truncate(" · ".join(notes), 300))
    return embed


def related_text(result: Result) -> str:
    """The related passages as a plain message (2,000 characters)."""
    limit = RELATED_QUOTE
    while True:
        text = flat_text(related_embed(result, limit))
        if len(text) <= MESSAGE_LIMIT or limit <= 40:
            return text[:MESSAGE_LIMIT]
        limit -= (len(text) - MESSAGE_LIMIT) // RELATED_LIMIT + 1
