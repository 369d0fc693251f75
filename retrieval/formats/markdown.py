"""Markdown (`.md`, `.markdown`) as MkDocs, Material and pymdown projects write it.

markdown-it-py parses the blocks (CommonMark, GFM tables; `markdown_rules` adds the MkDocs
syntax); each block token carries its source line range, and the reader narrows that range
to the block's exact characters. `markdown_clean` turns a span into plain text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .base import ADMONITION, CODE, HEADING, ITEM, LIST, PARAGRAPH, TABLE, Block, FormatError, Parsed
from .markdown_clean import ATTR_LIST_RE, clean_code, clean_inline, clean_table, html_text_span
from .markdown_rules import SNIPPET_RE, front_matter_lines, line_table, markdown_parser

HEADING_ATTRS_RE = re.compile(r"[ \t]*(?:" + ATTR_LIST_RE.pattern + r")[ \t]*$")
ATX_TEXT_RE = re.compile(r"#[ \t]+(.*?\S)(?:[ \t]+#+)?[ \t]*$")
TASK_RE = re.compile(r"\[[ xX]\][ \t]+(?=\S)")
FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\]:[ \t]*(?=\S)")  # a footnote definition's label
# A paragraph of images only (badges, screenshots), each possibly a link: no prose.
IMAGES_RE = re.compile(r"(?:\[?!\[[^\[\]]*\]\([^()\s]*(?:[ \t]+\"[^\"]*\")?\)(?:\]\([^()\s]*\))?\s*)+")
LANGUAGE_RE = re.compile(r"[{ \t.]*([\w+#.-]*)")
UNREAD_HTML = ("<!--", "<script", "<style", "<pre", "<textarea", "<?", "<![cdata[")
# Containers a block can be inside; the reader tracks them to give `parent` and ITEM.
OPENERS = {
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "list_item_open": "item",
    "blockquote_open": "quote",
    "admonition_open": "admonition",
    "pymdown_open": "admonition",
    "tab_open": "admonition",
}
CLOSERS = frozenset(name.replace("_open", "_close") for name in OPENERS)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one markdown-it parser (it keeps no state between documents)."""
    return markdown_parser()


class MarkdownReader:
    name = "markdown"
    suffixes = (".md", ".markdown")
    binary = False

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        try:
            return read_markdown(text, body_start)
        except Exception as exc:  # a parser bug must not stop a folder from loading
            raise FormatError(f"cannot read this Markdown ({type(exc).__name__}: {exc})") from exc

    def clean(self, raw: str, kind: str) -> str:
        if kind == CODE:
            return clean_code(raw)
        if kind == TABLE:
            return clean_table(raw)
        return clean_inline(raw)


def read_markdown(text: str, body_start: int = 0) -> Parsed:
    """The blocks of text[body_start:] (front matter left out), with offsets into text."""
    starts, ends = line_table(text, body_start)
    first = front_matter_lines(text, starts, ends)
    walker = BlockWalker(text, starts[first:], ends[first:])
    if first:
        walker.skipped["front_matter"] += 1
    walker.walk(parser().parse(text[starts[first] :]) if first < len(starts) else [])
    return Parsed(tuple(walker.blocks), walker.skipped)


class BlockWalker:
    """Token stream -> Blocks: spans narrowed from line maps, sections, containers."""

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends
        self.blocks: list[Block] = []
        self.skipped: Counter = Counter()
        self.headings: list[tuple[int, str]] = []  # (level, plain text), outermost first
        self.section: tuple[str, ...] = ()  # the headings' texts
        # per open container: (the parent of blocks inside it: the index of the nearest LIST or
        # ADMONITION, kind of the prose directly inside)
        self.open: list[tuple[int | None, str]] = []
        self.item_start = False  # the next paragraph opens a list item (task marker?)

    def walk(self, tokens: list[Token]) -> None:
        index, count = 0, len(tokens)
        while index < count:  # paragraphs and closings first: most tokens are one of them
            kind = tokens[index].type
            if kind == "paragraph_open":
                self.paragraph(tokens[index], tokens[index + 1])
                index += 3
            elif kind in CLOSERS:
                self.open.pop()
                index += 1
            else:
                index = self.step(tokens, index)

    def step(self, tokens: list[Token], index: int) -> int:
        """Handle the token at index; the index of the next token to handle."""
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            self.heading(token, tokens[index + 1])
            return index + 3
        if kind in OPENERS:
            self.enter(token, OPENERS[kind])
        elif kind in ("fence", "code_block"):
            self.code(token)
        elif kind == "table_open":
            return self.table(tokens, index)
        elif kind == "html_block":
            self.html(token)
        elif kind == "admonition_title_open":
            return index + 3  # the title is the ADMONITION's `title`
        elif kind == "skip":
            self.skipped[token.meta["kind"]] += 1
        return index + 1

    # -- where a block is --------------------------------------------------------------

    def add(self, kind: str, start: int, end: int, **fields: object) -> int | None:
        """Append a block (none when its span is empty); its index."""
        if end <= start:
            return None
        parent = self.open[-1][0] if self.open else None
        self.blocks.append(Block(kind, start, end, self.section, parent=parent, **fields))  # type: ignore[arg-type]
        return len(self.blocks) - 1

    def prose_kind(self) -> str:
        """ITEM inside a list item (the nearest container), PARAGRAPH elsewhere."""
        return self.open[-1][1] if self.open else PARAGRAPH

    def line(self, number: int) -> str:
        return self.text[self.starts[number] : self.ends[number]]

    def line_end(self, number: int) -> int:
        """Where line `number`'s text ends, trailing whitespace left out."""
        return self.starts[number] + len(self.line(number).rstrip())

    def container_span(self, first: int, after: int) -> tuple[int, int]:
        """From the first line's marker to the end of the last non-blank line before `after`."""
        line = self.line(first)
        start = self.starts[first] + len(line) - len(line.lstrip(" \t>"))
        for number in range(min(after, len(self.starts)) - 1, first - 1, -1):
            if self.line(number).strip(" \t>"):
                return start, self.line_end(number)
        return start, start

    def prose_span(self, first: int, last: int, content: str) -> tuple[int, int]:
        """The span of inline `content` on lines first..last (markers and indentation out)."""
        head = content.partition("\n")[0].rstrip()
        line = self.text[self.starts[first] : self.ends[first]].rstrip()
        if head and line.endswith(head):
            start = self.starts[first] + len(line) - len(head)
        else:  # tabs expanded or NUL replaced by the parser: the line's text after its markers
            start = self.starts[first] + len(line) - len(line.lstrip(" \t>"))
        if last == first:
            return start, self.starts[first] + len(line)
        return start, self.line_end(last)

    # -- blocks ------------------------------------------------------------------------

    def enter(self, token: Token, container: str) -> None:
        index = None
        first, after = token.map or (0, 0)
        if container == "list":
            index = self.add(LIST, *self.container_span(first, after))
        elif container == "admonition":
            title = admonition_title(token)
            if title is not None:
                index = self.add(ADMONITION, *self.container_span(first, after), title=title)
        self.item_start = container == "item"
        prose = ITEM if container == "item" else self.prose_kind() if container == "list" else PARAGRAPH
        if index is None:
            index = self.open[-1][0] if self.open else None
        self.open.append((index, prose))

    def paragraph(self, token: Token, inline: Token) -> None:
        first, after = token.map or (0, 0)
        start, end = self.prose_span(first, after - 1, inline.content)
        if self.item_start:
            self.item_start = False
            if task := TASK_RE.match(self.text, start, end):
                start = task.end()
        if end <= start:
            return
        if self.text[start] in "{[!" and self.not_prose(start, end):
            return
        if self.text.startswith("[^", start) and (label := FOOTNOTE_RE.match(self.text, start, end)):
            start = label.end()
        self.add(self.prose_kind(), start, end)

    def not_prose(self, start: int, end: int) -> bool:
        """Whether a paragraph is only an attribute list or only images (counted)."""
        if HEADING_ATTRS_RE.fullmatch(self.text, start, end):
            return True
        if IMAGES_RE.fullmatch(self.text, start, end):
            self.skipped["image"] += 1
            return True
        return False

    def heading(self, token: Token, inline: Token) -> None:
        first, after = token.map or (0, 0)
        if token.markup.startswith("#"):
            span = self.atx_span(first, inline.content)
        else:  # setext: the content lines, then the underline
            span = self.prose_span(first, after - 2, inline.content)
        start, end = span or (0, 0)
        if attrs := HEADING_ATTRS_RE.search(self.text, start, end):
            end = attrs.start()
        level = int(token.tag[1])
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.section = tuple(name for _, name in self.headings)
        self.add(HEADING, start, end)  # its section: the headings above it
        if name := clean_inline(self.text[start:end]) if span else "":
            self.headings.append((level, name))
            self.section += (name,)

    def atx_span(self, number: int, content: str) -> tuple[int, int] | None:
        """Where an ATX heading's text is on its line (the `#`s and closing `#`s out)."""
        line = self.line(number)
        found = line.find(content, line.find("#") + 1) if content else -1
        if found >= 0:
            start = self.starts[number] + found
            return start, start + len(content)
        if content and (match := ATX_TEXT_RE.search(line)):  # NUL replaced by the parser
            return self.starts[number] + match.start(1), self.starts[number] + match.end(1)
        return None

    def code(self, token: Token) -> None:
        first, after = token.map or (0, 0)
        if token.type == "fence":
            first, after = first + 1, first + 1 + token.content.count("\n")
        lines = [n for n in range(first, min(after, len(self.starts))) if self.line(n).strip()]
        if not lines:
            return
        if all(SNIPPET_RE.match(self.line(n).strip()) for n in lines):
            self.skipped["include"] += 1  # code pulled in from a file: `--8<-- "x.py"`
            return
        found = LANGUAGE_RE.match(token.info)
        attribute = token.info[found.end() : found.end() + 1] == "="  # type: ignore[union-attr]
        language = "" if attribute else found[1].lower()  # type: ignore[index]
        self.add(CODE, self.starts[lines[0]], self.line_end(lines[-1]), language=language)

    def table(self, tokens: list[Token], index: int) -> int:
        """A TABLE with its cells; the index after its `table_close`."""
        rows: list[tuple[str, ...]] = []
        span = self.container_span(*(tokens[index].map or (0, 0)))
        index += 1
        while index < len(tokens) and tokens[index].type != "table_close":
            if tokens[index].type == "tr_open":
                rows.append(())
            elif tokens[index].type == "inline" and rows:
                rows[-1] += (clean_inline(tokens[index].content),)
            index += 1
        self.add(TABLE, *span, rows=tuple(rows))
        return index + 1

    def html(self, token: Token) -> None:
        """Block HTML: its text (outside the tags) as prose; comments, scripts... skipped."""
        first, after = token.map or (0, 0)
        head = token.content.lstrip()[:9].lower()
        span = None
        if not head.startswith(UNREAD_HTML):
            span = html_text_span(self.text, *self.container_span(first, after))
        if span is None:
            self.skipped["comment" if head.startswith("<!--") else "html"] += 1
        else:
            self.add(self.prose_kind(), *span)


def admonition_title(token: Token) -> str | None:
    """An admonition's or tab's title as plain text (its kind when it has none); None: a
    pymdown block that is no admonition (`/// html`)."""
    if token.type == "tab_open":
        return clean_inline(token.meta["title"]) or "Tab"
    if token.type == "pymdown_open":
        name, title = token.meta["name"], token.meta["title"]
        if name in ("html", "caption"):
            return None
    else:
        name, title = token.meta.get("tag", ""), token.content
    return clean_inline(title.strip().strip('"')) or name.title() or "Note"
