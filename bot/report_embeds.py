"""Pure formatting of a Report for Discord: the /stats embed and the /unanswered pages."""

from __future__ import annotations

import discord

from .embeds import FIELD_LIMIT, INFO_COLOUR, code, escape, plural, truncate
from .report import OUTCOME_NAMES, Group, Report

PAGE_SIZE = 10  # groups per /unanswered page
QUESTION_LIMIT = 200
PER_DAY_SHOWN = 14


def share(part: float | None) -> str:
    return "–" if part is None else f"{part:.0%}"


def when(timestamp: float) -> str:
    """A Discord timestamp: every member sees it in their own time zone and language."""
    return f"<t:{int(timestamp)}:R>"


def log_off_text(reason: str) -> str:
    return (
        f"The question log is off ({truncate(reason, 300)}), so there is nothing to show. "
        "Questions are still answered; the bot's own log says more."
    )


def outcomes_line(report: Report) -> str:
    parts = [f"{report.outcomes[k]:,} {name}" for k, name in OUTCOME_NAMES.items() if report.outcomes.get(k)]
    return f"**{plural(report.questions, 'question')}**" + (": " + ", ".join(parts) if parts else "")


def stats_embed(report: Report, retention_days: int) -> discord.Embed:
    """Questions per day, answered and helpful shares, the slowest answers, the top documents."""
    votes = (
        f"{report.helpful:,} of {plural(report.votes, 'vote')} ({share(report.helpful_share)})"
        if report.votes
        else "no votes yet"
    )
    description = (
        f"{outcomes_line(report)}.\nAnswered: {share(report.answered_share)} of the questions. "
        f"Helpful: {votes}."
    )
    embed = discord.Embed(
        title=f"Questions, last {plural(report.days, 'day')}", description=description, colour=INFO_COLOUR
    )
    shown = report.per_day[:PER_DAY_SHOWN]
    if report.questions:
        peak = max(shown) or 1  # the questions may all be older than the days shown
        bars = [
            f"{ago:>2} d ago {count:>5,} {'█' * round(20 * count / peak)}" for ago, count in enumerate(shown)
        ]
        embed.add_field(
            name="Per day (0 d ago: the last 24 hours)",
            value="```\n" + "\n".join(bars) + "\n```",
            inline=False,
        )
    if report.slowest:
        lines = [f"{ms:,.0f} ms — {escape(truncate(q, 120))}" for ms, q, _outcome in report.slowest]
        embed.add_field(name="Slowest answers", value=truncate("\n".join(lines), FIELD_LIMIT), inline=False)
    if report.top_documents:
        lines = [f"{code(doc)} — {plural(n, 'answer')}" for doc, n in report.top_documents]
        embed.add_field(
            name="Top documents cited", value=truncate("\n".join(lines), FIELD_LIMIT), inline=False
        )
    embed.set_footer(
        text=f"Question log: on, questions kept {plural(retention_days, 'day')} · /unanswered for the gaps"
    )
    return embed


def group_line(group: Group) -> str:
    how = ", ".join(f"{name} {count}" for name, count in group.reasons())
    question = escape(truncate(" ".join(group.question.split()), QUESTION_LIMIT))
    return f"**{group.count}×** {question} — {how}, last {when(group.last_asked)}"


def unanswered_pages(report: Report) -> list[discord.Embed]:
    """The groups, most asked first, PAGE_SIZE to a page; one page saying so when there are none."""
    title = f"Unanswered, last {plural(report.days, 'day')}"
    if not report.groups:
        text = "Nothing went unanswered: every question got an answer nobody voted down."
        return [discord.Embed(title=title, description=text, colour=INFO_COLOUR)]
    chunks = [report.groups[i : i + PAGE_SIZE] for i in range(0, len(report.groups), PAGE_SIZE)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        embed = discord.Embed(title=title, description="\n".join(map(group_line, chunk)), colour=INFO_COLOUR)
        embed.set_footer(
            text=f"Page {number} of {len(chunks)} · {plural(len(report.groups), 'group')} of questions "
            "with the same content words · no answer, related passages only, or voted not helpful"
        )
        pages.append(embed)
    return pages
