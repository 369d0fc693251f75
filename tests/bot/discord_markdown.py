"""A small model of how Discord shows Markdown, for checking what the bot sends.

Discord's client parses messages and embed text with a fork of simple-markdown: at each
position the first rule that matches wins. The rules modelled here are the ones a document
could abuse: backslash escapes (a backslash before punctuation is dropped, before anything
else it is shown), `<url>` autolinks and bare URLs (the regex discord.py's escape_markdown
uses), masked links `[text](url)`, the `<...>` syntaxes (user, role, channel, emoji,
timestamp, slash command, guild navigation), inline formatting characters, the constructs
that count only at the start of a line (headers, subtext, quotes, lists), and fenced code
blocks (simple-markdown's `codeBlock` rule as Discord configures it: a fence ends at the first
``` whatever its length, and nothing inside is Markdown).

`shown(markdown)` returns what a reader sees: the text, the links with their targets, which
characters are bold, and every construct a document should never produce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPE = re.compile(r"\\([^0-9A-Za-z\s])")
AUTOLINK = re.compile(r"<([^: >]+:/[^ >]+)>")
BARE_URL = re.compile(r"(?:https?|steam)://[^\s<]+[^<.,:;\"')\]\s]")
MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
ANGLE_SYNTAX = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFRs])?|/[^>:\n]+:\d+|id:\w+)>")
LINE_SYNTAX = re.compile(r"#{1,3} |-# |>>> |> |[-*+] |\d+[.)] ")
FORMATTING = ("__", "~~", "||", "`", "*", "_")
CODE_BLOCK = re.compile(r"```(?:([a-z0-9_+\-.#]+?)\n)?\n*([^\n][\s\S]*?)\n*```", re.IGNORECASE)


@dataclass
class Shown:
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (shown text, target)
    bold: set[int] = field(default_factory=set)  # indexes into text
    problems: list[str] = field(default_factory=list)
    code: list[tuple[str, str]] = field(default_factory=list)  # (language, content) of code blocks


def shown(markdown: str, *, line_start: bool = True, quotes: bool = False) -> Shown:
    """What Discord shows for `markdown` (a message, or a description after its "> ").

    With `quotes`, a "> " at the start of a line is the bot's own quote marker (not shown).
    """
    out = Shown()
    bold = False
    i = 0
    while i < len(markdown):
        if line_start and quotes and markdown.startswith("> ", i):
            i += 2
        if line_start and (m := LINE_SYNTAX.match(markdown, i)):
            out.problems.append(f"line-start syntax {m.group()!r}")
        line_start = markdown[i] == "\n"
        i, bold = _step(markdown, i, bold, out)
    if bold:
        out.problems.append("unclosed bold")
    return out


def _step(s: str, i: int, bold: bool, out: Shown) -> tuple[int, bool]:
    """Read one token at s[i]: add what it shows to `out`; the next position and bold state."""
    if m := CODE_BLOCK.match(s, i):
        out.code.append((m.group(1) or "", m.group(2)))
        _add(out, m.group(2), False)
        return m.end(), bold
    if s.startswith("**", i):
        return i + 2, not bold
    if m := ESCAPE.match(s, i):
        _add(out, m.group(1), bold)
        return m.end(), bold
    for pattern, name in ((ANGLE_SYNTAX, "mention-like syntax"), (MASKED_LINK, "masked link")):
        if m := pattern.match(s, i):
            out.problems.append(f"{name} {m.group()!r}")
            _add(out, m.group(), bold)
            return m.end(), bold
    if (m := AUTOLINK.match(s, i)) or (m := BARE_URL.match(s, i)):
        url = m.group(1) if m.re is AUTOLINK else m.group()
        if bold:
            out.problems.append(f"bold link {url!r}")
        out.links.append((url, url))
        _add(out, url, False)
        return m.end(), bold
    for marker in FORMATTING:
        if s.startswith(marker, i):
            out.problems.append(f"formatting {marker!r} at {i}")
            return i + len(marker), bold
    _add(out, s[i], bold)
    return i + 1, bold


def _add(out: Shown, text: str, bold: bool) -> None:
    if bold:
        out.bold.update(range(len(out.text), len(out.text) + len(text)))
    out.text += text
