"""What the bot says about itself and its documents: /help, /sources (paged) and /reload's report."""

from __future__ import annotations

import discord

from retrieval import DocumentSummary, Engine

from .embeds import DESCRIPTION_LIMIT, FIELD_LIMIT, INFO_COLOUR, MESSAGE_LIMIT, code, plural, truncate
from .markdown import escape

HELP_LINES = (
    "I answer questions from this server's documents by quoting the sentence that answers, "
    "with where it comes from (file, line, section, date).",
    "**/ask** `question` — ask; add `private: True` to see the answer alone.",
    "**@mention me** with a question — same answer, as a reply.",
    "**More answers** pages through the next best sentences; **Context** shows the sentences around one "
    "(or the whole code block, list or table);",
    "**Why this answer?** shows what matched and why it was chosen.",
    "**/sources** — the documents I know. When they do not cover a question, I say so instead of guessing.",
)


# Block kinds as a document summary names them, in the order a reader expects.
BLOCK_NAMES = (
    ("paragraph", "paragraph"),
    ("heading", "heading"),
    ("list", "list"),
    ("item", "list item"),
    ("code", "code block"),
    ("table", "table"),
    ("admonition", "admonition"),
)


def document_text(summary: DocumentSummary) -> str:
    """ "markdown, 32 passages (5 paragraphs, 4 tables), 2024-03-01": how a file was read."""
    names = dict(BLOCK_NAMES)
    kinds = [k for k, _ in BLOCK_NAMES if summary.blocks.get(k)] + sorted(set(summary.blocks) - set(names))
    blocks = ", ".join(plural(summary.blocks[k], names.get(k, k)) for k in kinds if summary.blocks[k])
    text = f"{summary.format}, {plural(summary.units, 'passage')}" + (f" ({blocks})" if blocks else "")
    return text + (f", {summary.date}" if summary.date else "")


# Documents listed on one page of /sources (a page also stays within the embed's limit).
SOURCES_PER_PAGE = 20


def sources_pages(engine: Engine) -> list[discord.Embed]:
    """Each document with its type, what it gives to search and its date, a page at a time;
    the first page also says what was left out."""
    lines = [truncate(f"{code(s.path)} — {document_text(s)}", 300) for s in engine.summaries()]
    chunks = _pages_of(lines, SOURCES_PER_PAGE, DESCRIPTION_LIMIT - 100) or [[]]
    counts = f"{plural(len(engine.documents), 'document')} · {plural(len(engine.sentences), 'passage')}"
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title="Sources", description="\n".join(chunk), colour=INFO_COLOUR)
        embed.set_footer(text=counts if len(chunks) == 1 else f"Page {number} of {len(chunks)} · {counts}")
        pages.append(embed)
    left_out = [escape(notice) for notice in engine.notices]
    if engine.skipped:
        left_out.append(f"{plural(len(engine.skipped), 'file')} skipped (unreadable, or nothing to search)")
    if left_out:
        pages[0].add_field(name="Not read", value=truncate("\n".join(left_out), FIELD_LIMIT), inline=False)
    return pages


def _pages_of(lines: list[str], most: int, limit: int) -> list[list[str]]:
    """`lines` in order, at most `most` to a page and at most `limit` characters joined."""
    pages: list[list[str]] = []
    size = 0
    for line in lines:
        if not pages or len(pages[-1]) == most or size + 1 + len(line) > limit:
            pages.append([])
            size = -1
        pages[-1].append(line)
        size += 1 + len(line)
    return pages


def help_embed() -> discord.Embed:
    return discord.Embed(title="What I do", description="\n".join(HELP_LINES), colour=INFO_COLOUR)


def reload_text(engine: Engine) -> str:
    """What a reload found: documents, sentences, and every skipped file with its reason."""
    text = (
        f"Reloaded: {plural(len(engine.documents), 'document')}, {plural(len(engine.sentences), 'sentence')}."
    )
    if not engine.skipped:
        return text
    text += f"\nSkipped {plural(len(engine.skipped), 'file')}:"
    for number, skipped in enumerate(engine.skipped):
        line = f"\n- {code(skipped.path)}: {escape(skipped.reason)}"
        rest = f"\n… and {len(engine.skipped) - number:,} more"
        if len(text) + len(line) + len(rest) > MESSAGE_LIMIT:
            return text + rest
        text += line
    return text
