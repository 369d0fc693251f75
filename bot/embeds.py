"""Pure formatting: retrieval results -> Discord embeds and text, within Discord's limits.

Nothing here talks to Discord, so every rule (escaping, bolding, shortening) is testable
without a connection. Document text is always shown through `markdown.render`: a document
cannot format the bot's message or plant a link in it, and its URLs stay whole.
"""

from __future__ import annotations

import discord

from retrieval import Answer, DocumentSummary, Engine, Result, Sentence, explain_lines

from .markdown import escape, render, whole_urls

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

ANSWER_COLOUR = discord.Colour.blurple()
INFO_COLOUR = discord.Colour.dark_grey()
ELLIPSIS = "…"

HELP_LINES = (
    "I answer questions from this server's documents by quoting the sentence that answers, "
    "with where it comes from (file, line, section, date).",
    "**/ask** `question` — ask; add `private: True` to see the answer alone.",
    "**@mention me** with a question — same answer, as a reply.",
    "**More answers** pages through the next best sentences; **Context** shows the sentences around one;",
    "**Why this answer?** shows what matched and why it was chosen.",
    "**/sources** — the documents I know. When they do not cover a question, I say so instead of guessing.",
)


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


def citation_text(sentence: Sentence) -> str:
    """`file.txt`, line 5, § Section, 2023-11-09 — escaped, for an embed field."""
    parts = [code(sentence.document), f"line {sentence.line}"]
    if sentence.section:
        parts.append(f"§ {escape(truncate(sentence.section, NAME_LIMIT))}")
    if sentence.date:
        parts.append(sentence.date)
    return truncate(", ".join(parts), FIELD_LIMIT)


def answer_embed(
    result: Result, index: int = 0, note: str = "", quote_limit: int = QUOTE_LIMIT
) -> discord.Embed:
    """One answer of a Result (the best by default), quoted and cited."""
    answer = result.answers[index]
    embed = discord.Embed(
        title=fit_markdown(" ".join(result.question.split()), TITLE_LIMIT, escape),
        description=quote(answer, quote_limit),
        colour=ANSWER_COLOUR,
    )
    embed.add_field(name="Source", value=citation_text(answer.sentence), inline=False)
    total = len(result.answers)
    footer = f"Best answer · 1 of {total}" if index == 0 else f"Answer {index + 1} of {total}"
    if is_shortened(embed.description or "", answer.sentence):
        footer += " · long sentence shortened; the source has it in full"
    if note:
        footer += f" · {note}"
    embed.set_footer(text=truncate(footer, FOOTER_LIMIT))
    return embed


def answer_text(result: Result, index: int = 0, note: str = "") -> str:
    """An answer as a plain message, for channels where the bot may not embed (2,000 characters)."""
    limit = QUOTE_LIMIT
    while True:
        embed = answer_embed(result, index, note, limit)
        text = (
            f"## {embed.title}\n{embed.description}\nSource: {embed.fields[0].value}\n-# {embed.footer.text}"
        )
        if len(text) <= MESSAGE_LIMIT:
            return text
        limit -= len(text) - MESSAGE_LIMIT


def no_answer_text(result: Result) -> str:
    """One friendly sentence, plus the question words no document mentions."""
    text = "The documents don't cover that, as far as I can tell — `/sources` lists what they do cover."
    if result.unknown_terms:
        unknown = escape(", ".join(result.unknown_terms))
        text += "\n" + truncate(f"The documents never mention: {unknown}", MESSAGE_LIMIT - len(text) - 1)
    return text


def context_embed(engine: Engine, answer: Answer) -> discord.Embed:
    """The answer in its paragraph: neighbours in plain text, the answer itself in bold."""
    passage = engine.passage(answer.sentence_id)
    budget = CONTEXT_LIMIT // len(passage.sentences)
    parts = []
    for n, sentence in enumerate(passage.sentences):
        if n == passage.focus:
            parts.append(fit_markdown(sentence.clean, budget, lambda t: render(t, [(0, len(t))])))
        else:
            parts.append(fit_markdown(sentence.clean, budget, escape))
    target = passage.sentence
    embed = discord.Embed(title="Context", description="> " + " ".join(parts), colour=INFO_COLOUR)
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


def sources_embed(engine: Engine) -> discord.Embed:
    """Each document with its type, what it gives to search and its date; what was left out."""
    lines = [f"{code(s.path)} — {document_text(s)}" for s in engine.summaries()]
    description = ""
    for number, line in enumerate(lines):
        rest = f"\n… and {len(lines) - number:,} more"
        if len(description) + len(line) + 1 + len(rest) > DESCRIPTION_LIMIT - 100:
            description += rest
            break
        description += ("\n" if description else "") + truncate(line, 300)
    embed = discord.Embed(title="Sources", description=description, colour=INFO_COLOUR)
    left_out = [escape(notice) for notice in engine.notices]
    if engine.skipped:
        left_out.append(f"{plural(len(engine.skipped), 'file')} skipped (unreadable, or nothing to search)")
    if left_out:
        embed.add_field(name="Not read", value=truncate("\n".join(left_out), FIELD_LIMIT), inline=False)
    footer = f"{plural(len(engine.documents), 'document')} · {plural(len(engine.sentences), 'passage')}"
    embed.set_footer(text=footer)
    return embed


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


def embed_text(embed: discord.Embed) -> str:
    """An embed as terminal text, in the same form the bot shows it on Discord."""
    lines = []
    if embed.title:
        lines.append(f"## {embed.title}")
    if embed.description:
        lines.append(embed.description)
    for f in embed.fields:
        lines.append(f"{f.name}: {f.value}")
    if embed.footer.text:
        lines.append(f"({embed.footer.text})")
    return "\n".join(lines)
