"""Markdown (`.md`): the text blocks of a Markdown file, and its inline syntax stripped.

Not a full CommonMark parser: enough that headings, list markers, emphasis, link targets,
code fences and front matter never become indexed words or noise in a displayed answer.
"""

from __future__ import annotations

import re

from .base import PARAGRAPH, Block, Parsed

HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
LIST_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
HTML_COMMENT_RE = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")

_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link -> its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference link -> its text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),  # html tags
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # inline code -> its content
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis *x*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # emphasis _x_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])"), r"\1"),  # backslash escapes
]
_LINE_PREFIX_RE = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?", re.M)
_SPACE_RE = re.compile(r"\s+")


def strip_inline(text: str) -> str:
    """Markdown inline syntax removed, line prefixes (quotes, list markers) dropped."""
    if "\r" in text:  # a lone CR ends a line too, but `^` in re.M only follows a \n
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_PREFIX_RE.sub("", text)
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    text = text.replace("|", " ")
    return _SPACE_RE.sub(" ", text).strip()


def _front_matter_end(lines: list[str]) -> int:
    """Number of lines taken by a leading YAML/TOML front matter block (0 if none)."""
    if not lines or lines[0].rstrip("\r\n") not in ("---", "+++"):
        return 0
    fence = lines[0].rstrip("\r\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == fence:
            return i + 1
    return 0


class MarkdownReader:
    name = "markdown"
    suffixes = (".md",)
    binary = False

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        return Parsed(tuple(markdown_blocks(text, body_start)))

    def clean(self, raw: str, kind: str) -> str:
        return strip_inline(raw)


def markdown_blocks(text: str, start: int = 0) -> list[Block]:
    """Split text[start:] into prose blocks; headings become sections, code is left out."""
    lines = text[start:].splitlines(keepends=True)
    blocks: list[Block] = []
    section: str | None = None
    fence: str | None = None
    block_start: int | None = None
    block_end = 0
    block_lines = 0
    pos = start

    def close() -> None:
        nonlocal block_start, block_lines
        if block_start is not None and text[block_start:block_end].strip():
            blocks.append(Block(PARAGRAPH, block_start, block_end, () if section is None else (section,)))
        block_start, block_lines = None, 0

    skip = _front_matter_end(lines)
    for i, raw in enumerate(lines):
        line_start, pos = pos, pos + len(raw)
        line = raw.rstrip("\r\n")
        content_end = line_start + len(line)
        if i < skip:
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        fence_match = FENCE_RE.match(line)
        if fence_match:
            close()
            fence = fence_match.group(1)[0] * 3
            continue
        if not line.strip():
            close()
            continue
        if SETEXT_RE.match(line) and block_lines == 1 and block_start is not None:
            section = strip_inline(text[block_start:block_end]) or section
            block_start, block_lines = None, 0
            continue
        if RULE_RE.match(line) or TABLE_RULE_RE.match(line) or HTML_COMMENT_RE.match(line):
            close()
            continue
        heading = HEADING_RE.match(line)
        if heading:
            close()
            section = strip_inline(heading.group(2) or "") or None
            continue
        list_item = LIST_RE.match(line)
        if list_item or line.lstrip().startswith("|"):
            close()
        if block_start is None:
            prefix = list_item or QUOTE_RE.match(line)
            block_start = line_start + (prefix.end() if prefix else len(line) - len(line.lstrip()))
        block_end = content_end
        block_lines += 1
    close()
    return blocks
