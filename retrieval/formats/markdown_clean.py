"""Markdown source spans as plain text: inline syntax, code, tables.

`clean_inline` works on any sentence-sized piece of a prose span, so it cannot rely on a
parser seeing whole constructs: a sentence may end inside a link or an emphasis. It takes
code spans and backslash escapes out first (their content is literal), strips the rest with
regular expressions, drops what a cut left over, and puts the literal parts back.
Each step runs only when its marker character is present: most sentences need one search.
"""

from __future__ import annotations

import html
import re
import textwrap

from .text import fold_whitespace, trimmed

# Any character that may start inline syntax; a sentence without one is only folded.
MARKUP_RE = re.compile(r"[\\`*_\[\]<>&{~:]")
# The longest emphasis (code span: ten times) looked for: an opener without its closer costs
# this many steps, not the rest of the text (a long run of lone `**` took minutes).
SPAN, CODE_SPAN = "{1,400}", "{1,4000}"
LINE_BREAK_RE = re.compile(r"\r\n?")
QUOTE_MARKER_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)  # a line's blockquote markers
CODE_SPAN_RE = re.compile(r"(`+)(?!`)(." + CODE_SPAN + r"?)(?<!`)\1(?!`)", re.S)
ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
ESCAPED_BASE = 0xF0000  # escaped ASCII punctuation waits as a private-use character
STASHED_BASE = 0x100000  # and code spans as their index in the next private-use plane
STASHED_RE = re.compile("[\U00100000-\U0010fffd]")
UNESCAPE = {ESCAPED_BASE + n: chr(n) for n in range(128)}

COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)  # whole, or its end cut by a sentence end
COMMENT_TAIL_RE = re.compile(r"(?:(?!<!--).)*?-->", re.S)  # a comment whose start was cut
AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
TAG_RE = re.compile(r"<(?:/?([A-Za-z][\w:-]*)(?:\s[^<>]*)?/?>|[A-Za-z/][^<>]*$)")  # a tag, or one cut
TAG_TAIL_RE = re.compile(r"[^<>]*?\"\s*/?>")  # the end of a tag whose start a sentence split cut off
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i img kbd mark q s samp small span strike strong"
    " sub sup time tt u var del ins".split()
)
DESTINATION = r"\(\s*(?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]" + DESTINATION)
LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:" + DESTINATION + r"|\[[^\[\]]*\])")
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]:?")
STRAY_DESTINATION_RE = re.compile(r"\]" + DESTINATION)  # a link cut by a sentence end
ATTR = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]*))"
ATTR_LIST_RE = re.compile(r"\{:[^{}\n]*\}|\{[ \t]*" + ATTR + r"(?:[ \t]+" + ATTR + r")*[ \t]*\}")
EMOJI_RE = re.compile(r":(?<![\w:/]:)(?:[a-z][a-z0-9_+-]*|\+1|-1):(?![\w:])")
STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(." + SPAN + r"?)(?<=\S)\1", re.S)
STAR_RE = re.compile(r"\*(?<![\w*]\*)(?=\S)(." + SPAN + r"?)(?<=\S)\*(?![\w*])", re.S)
UNDERSCORE_RE = re.compile(r"_(?<![\w_]_)(?=\S)(." + SPAN + r"?)(?<=\S)_(?![\w_])", re.S)
# Markers a sentence end left unpaired (`"_**Netflix** is ...` cut before its `**_"`): a run
# that opens or closes (next to a word on one side only), or starts the text (`** We're`);
# not `snake_case`, not `2 * 3`.
STRAY_MARKERS_RE = re.compile(r"(?<![^\W_])[*_]+(?=[^\s*_])|(?<=[^\s*_])[*_]+(?![^\W_])|^[*_]+(?!\S)")
STRIKE_RE = re.compile(r"~~(?=\S)(." + SPAN + r"?)(?<=\S)~~", re.S)
TABLE_RULE_RE = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?")
CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
TEMPLATE_RE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)  # Jinja (mkdocs-macros)
# What is no text in block HTML: comments, tags, and the Jinja that generates them.
HTML_TOKEN_RE = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z][^<>]*>|<[!?][^<>]*>|" + TEMPLATE_RE.pattern, re.S)
WORD_RE = re.compile(r"[^\W_]")


def clean_inline(raw: str) -> str:
    """A prose or heading span (or any piece of one) as plain text, whitespace folded."""
    if not MARKUP_RE.search(raw):
        return fold_whitespace(raw)
    text = LINE_BREAK_RE.sub("\n", raw) if "\r" in raw else raw
    if ">" in text:
        text = QUOTE_MARKER_RE.sub(" ", text)
    stashed: list[str] = []
    if "`" in text:
        text = CODE_SPAN_RE.sub(lambda m: stash(stashed, m[2]), text).replace("`", "")
    escaped = "\\" in text
    if escaped:
        text = ESCAPE_RE.sub(lambda m: chr(ESCAPED_BASE + ord(m[1])), text)
    text = strip_markup(text)
    if "&" in text:
        text = html.unescape(text)
    if escaped:
        text = text.translate(UNESCAPE)
    if stashed:
        text = STASHED_RE.sub(lambda m: stashed[ord(m[0]) - STASHED_BASE], text)
    return fold_whitespace(text)


def stash(stashed: list[str], code: str) -> str:
    """Keep a code span's content aside; a placeholder holds its place."""
    stashed.append(code)
    return chr(STASHED_BASE + len(stashed) - 1)


def strip_markup(text: str) -> str:
    """HTML, links, attribute lists, emoji and emphasis removed, their text kept."""
    if "-->" in text and (tail := COMMENT_TAIL_RE.match(text)):
        text = text[tail.end() :]
    if ">" in text and (tail := TAG_TAIL_RE.match(text)):
        text = text[tail.end() :]
    if "<" in text:
        if "<!--" in text:
            text = COMMENT_RE.sub("", text)
        text = AUTOLINK_RE.sub(r"\1", text)
        text = TAG_RE.sub(tag_replacement, text)
    if "[" in text or "]" in text:
        text = IMAGE_RE.sub(r"\1", text)
        text = FOOTNOTE_REF_RE.sub("", text)
        text = LINK_RE.sub(r"\1", text)
        text = STRAY_DESTINATION_RE.sub("", text)
    if "{" in text:
        text = ATTR_LIST_RE.sub("", text)
        if "{%" in text or "{{" in text or "{#" in text:
            text = TEMPLATE_RE.sub("", text)
    if ":" in text:
        text = EMOJI_RE.sub("", text)
    if "*" in text or "_" in text:
        text = strip_emphasis(text)
    if "~" in text:
        text = STRIKE_RE.sub(r"\1", text)
    return text


def strip_emphasis(text: str) -> str:
    """Strong and emphasis markers removed, and those a sentence end left unpaired."""
    if "**" in text or "__" in text:
        text = STRONG_RE.sub(r"\2", text)
    if "*" in text:
        text = STAR_RE.sub(r"\1", text)
    if "_" in text:
        text = UNDERSCORE_RE.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = STRAY_MARKERS_RE.sub("", text)
    return text


def tag_replacement(match: re.Match) -> str:
    """An inline tag goes without a trace; a block tag (<br>, <p>, <td>) leaves a space."""
    name = match[1]
    return "" if name is None or name.lower() in INLINE_TAGS else " "


def clean_code(raw: str) -> str:
    """A code block's lines, dedented, trailing whitespace and blank ends removed."""
    lines = [line.rstrip() for line in LINE_BREAK_RE.sub("\n", raw).split("\n")]
    return textwrap.dedent("\n".join(lines)).strip("\n")


def table_rows(raw: str) -> list[list[str]]:
    """A GFM table's cells as plain text, row by row (the delimiter row left out)."""
    rows = []
    for line in LINE_BREAK_RE.sub("\n", raw).split("\n"):
        line = QUOTE_MARKER_RE.sub("", line).strip()
        if not line or TABLE_RULE_RE.fullmatch(line):
            continue
        if line.startswith("|"):
            line = line[1:]
        if line.endswith("|") and not line.endswith("\\|"):
            line = line[:-1]
        rows.append([clean_inline(cell.replace("\\|", "|")) for cell in CELL_SPLIT_RE.split(line)])
    return rows


def clean_table(raw: str) -> str:
    """A table as text: one row per line, cells separated by " | "."""
    return "\n".join(" | ".join(row) for row in table_rows(raw))


def html_text_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """From the first to the last character outside tags in text[start:end] (None: no words)."""
    first = last = None
    words = False
    pos = start
    for match in [*HTML_TOKEN_RE.finditer(text, start, end), None]:
        gap_end = match.start() if match else end
        gap_start, gap_stop = trimmed(text, pos, gap_end)
        if gap_stop > gap_start:
            first = gap_start if first is None else first
            last = gap_stop
            words = words or bool(WORD_RE.search(html.unescape(text[gap_start:gap_stop])))
        pos = match.end() if match else end
    return (first, last) if words and first is not None and last is not None else None
