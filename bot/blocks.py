"""A document's code block, list or table as Discord shows it, cut to fit at line boundaries.

Code and tables go in a fenced code block. Nothing inside a fence is Markdown: no link,
mention, header, URL or formatting renders there, so the document's text is shown as it is,
without escapes. Discord ends a code block at the first ``` whatever the opening fence's
length (a longer fence would not help), so every run of backticks in the text is broken with
a zero-width space: it looks the same and cannot close the fence. A table's cells are aligned
in columns, which the fence's monospace font keeps (Discord renders no Markdown tables, and
cells in plain text would not line up). A list is shown as "•" lines, its text escaped like
any quote (a numbered list keeps its numbers).

A block too long for the room it has is cut after a whole line, with a last "… (N more
lines)" line, so a reader sees that it goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from retrieval import Snippet

from .markdown import escape, render, whole_urls

FENCE = "```"
ZWSP = "\u200b"
# What Discord's code block rule reads as a language name (anything else would be code).
LANGUAGE = re.compile(r"[A-Za-z0-9_+\-.#]{1,32}")
BACKTICK_PAIR = re.compile(r"`(?=`)")
# A Markdown table's delimiter row ("| --- | :-: |"): its table has a header row.
DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
# How a list's `shown` line starts an item: "- " (bullet) or "1. ", "a) " (numbered).
ITEM_MARKER = re.compile(r"- |(\d{1,9}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8}|[A-Za-z])[.)] ")
TABLE_WIDTH = 80  # wider tables are shown row by row, unaligned: padding would only wrap more
ELLIPSIS = "…"


@dataclass(frozen=True)
class Part:
    """Some lines of a block as Markdown: lines [first, first + count) of `total`."""

    markdown: str
    first: int
    count: int
    total: int
    marked: bool = False  # whether it shows the Mark it was given, in bold

    @property
    def shortened(self) -> bool:
        return self.first > 0 or self.first + self.count < self.total


def language_of(snippet: Snippet) -> str:
    """The code's language as a fence can carry it ("" when none or unusable)."""
    words = (snippet.language or "").split()
    return words[0] if words and LANGUAGE.fullmatch(words[0]) else ""


def defused(line: str) -> str:
    """A line of code that cannot end a fence: backtick runs broken by zero-width spaces."""
    return BACKTICK_PAIR.sub("`" + ZWSP, line)


def fence(lines: list[str], language: str = "") -> str:
    """Lines (already defused) as a fenced code block.

    Without a language the fence is followed by a bare newline: Discord would otherwise read a
    first line such as `ls` as the language name.
    """
    return f"{FENCE}{language}\n" + "\n".join(lines) + f"\n{FENCE}"


def table_lines(snippet: Snippet) -> list[str]:
    """A table's rows with their cells aligned in columns, a rule under a Markdown header."""
    rows = [row.split(" | ") for row in snippet.shown.splitlines()]
    if len({len(row) for row in rows}) != 1:  # ragged rows, or a "|" inside a cell: as they are
        return snippet.shown.splitlines()
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    if sum(widths) + 3 * len(widths) > TABLE_WIDTH:
        return snippet.shown.splitlines()
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    source = snippet.text.splitlines()
    if len(rows) > 1 and len(source) > 1 and "-" in source[1] and DELIMITER_ROW.fullmatch(source[1]):
        lines.insert(1, "-+-".join("-" * width for width in widths))
    return lines


def list_line(line: str, strong: str = "") -> str:
    """One line of a list's `shown` text ("- item" or "1. item", nested items indented) as a
    bullet or numbered line, with `strong` (the sentence that answers, if it is on this line)
    in bold. The number is escaped: Discord would renumber a list of its own."""
    text = line.lstrip(" ")
    depth = (len(line) - len(text)) // 2
    marker = ITEM_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
    at = text.find(strong) if strong else -1
    shown = render(text, [(at, at + len(strong))]) if at >= 0 else escape(text)
    if marker is None:
        return "  " * (depth + 1) + shown  # a further paragraph of an item, or a wrapped line
    if marker.group() == "- ":
        return "  " * depth + ("•" if depth == 0 else "◦") + " " + shown
    return "  " * depth + escape(marker.group().rstrip()) + " " + shown


@dataclass(frozen=True)
class Mark:
    """The sentence of a list that answers: the shown line that holds it, and its text."""

    line: int
    text: str


def item_mark(snippet: Snippet, text: str) -> Mark | None:
    """Where a list shows `text` (a sentence of one of its items); None unless exactly one of
    its lines does."""
    found = [n for n, line in enumerate(snippet.shown.splitlines()) if text in line]
    return Mark(found[0], text) if len(found) == 1 else None


@dataclass(frozen=True)
class Form:
    """How a block's lines are shown: its source lines, each line's Markdown, the wrapping."""

    lines: list[str]
    line: Callable[[str], str]
    wrap: Callable[[list[str]], str]
    marked: Callable[[str, str], str]  # a line with this text in bold (lists only; else as any)


def form_of(snippet: Snippet) -> Form:
    if snippet.kind == "list":
        return Form(snippet.shown.splitlines(), list_line, "\n".join, list_line)
    if snippet.kind == "table":
        return Form(table_lines(snippet), defused, fence, unmarked)
    language = language_of(snippet)
    return Form(snippet.shown.splitlines(), defused, lambda lines: fence(lines, language), unmarked)


def unmarked(line: str, _text: str) -> str:
    """A line of code or of a table, which nothing marks (an answer in one is the block)."""
    return defused(line)


def units(kind: str) -> str:
    """What a block counts in: a list's items, the lines of code or of a table."""
    return "items" if kind == "list" else "lines"


def more_line(left: int, snippet: Snippet) -> str:
    return f"{ELLIPSIS} ({left:,} more {units(snippet.kind)[: -1 if left == 1 else None]})"


def shortened_note(kind: str, part: Part) -> str:
    """The footer note of an answer whose block was cut."""
    return f"{kind} shortened to {part.count} of {part.total:,} {units(kind)}; Context shows it whole"


def show(
    snippet: Snippet,
    limit: int,
    max_lines: int | None = None,
    first: int = 0,
    whole: bool = False,
    mark: Mark | None = None,
) -> Part:
    """Lines of the block from `first` on, as many as fit `limit` characters (and `max_lines`),
    with the `mark` in bold (a list's answering sentence) if its line is among them whole.

    At least one line is shown: a line longer than the room is itself cut, with an ellipsis
    (with `whole`, none is then shown: the line is left whole for a roomier page).
    """
    form = form_of(snippet)
    total = len(form.lines)
    room = limit - len(form.wrap([])) - len(more_line(total, snippet)) - 1
    if max_lines and total - first == max_lines + 1:
        max_lines += 1  # the one line left rather than a "… (1 more line)" line
    taken: list[str] = []
    marked = False
    for n, line in enumerate(form.lines[first : first + max_lines if max_lines else None], start=first):
        bold = mark.text if mark is not None and n == mark.line else None
        shown = form.line(line) if bold is None else form.marked(line, bold)
        if len(shown) + 1 > room:
            break
        taken.append(shown)
        room -= len(shown) + 1
        marked = marked or bold is not None
    if not taken and first < total and not whole:
        taken = [cut_line(form.lines[first], form.line, max(room, 1))]  # a cut line is not marked
    left = total - first - len(taken)
    markdown = form.wrap([*taken, more_line(left, snippet)] if left else taken)
    return Part(markdown, first, len(taken), total, marked)


def cut_line(line: str, shown: Callable[[str], str], room: int) -> str:
    """One line's Markdown cut to `room` characters, visibly, never inside a URL."""
    size = room
    while True:
        kept = whole_urls(line, line[: max(0, size - 1)].rstrip(), ELLIPSIS)
        out = shown(kept + ELLIPSIS)
        if len(out) <= room or size <= 1:
            return out
        size -= max(1, len(out) - room)


def pages(
    snippet: Snippet, limit: int, first_limit: int | None = None, mark: Mark | None = None
) -> list[Part]:
    """The whole block in parts of at most `limit` characters (`first_limit` for the first),
    the `mark` in bold.

    A first line too long for a smaller first part starts the second part whole instead.
    """
    roomier = first_limit is not None and first_limit < limit
    parts = [show(snippet, first_limit if first_limit is not None else limit, whole=roomier, mark=mark)]
    while parts[-1].first + parts[-1].count < parts[-1].total:
        parts.append(show(snippet, limit, first=parts[-1].first + parts[-1].count, mark=mark))
    return parts
