"""HTML source as a tree of elements with exact offsets, built with the standard library.

`html.parser.HTMLParser` reports the line and column of every tag and text run (`getpos`),
never fails on broken markup, and needs no dependency; this module adds the end tags that
HTML leaves implicit (`<p>`, `<li>`, `<td>` ...), so each element knows where its content
starts and ends in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Elements that end a paragraph and are never part of a run of inline content.
BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html "
    "li main menu nav ol p pre section summary table tbody td tfoot th thead title tr ul "
    "noscript script style template".split()
)
_SCOPE = frozenset("html table td th caption button object template marquee applet".split())
# start tag -> (the open element it closes, with all inside it; elements that stop the search)
_IMPLIED = {
    "li": ({"li"}, _SCOPE | {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, _SCOPE | {"dl"}),
    "dd": ({"dt", "dd"}, _SCOPE | {"dl"}),
    "tr": ({"tr"}, {"table", "html"}),
    "td": ({"td", "th"}, {"tr", "table", "html"}),
    "th": ({"td", "th"}, {"tr", "table", "html"}),
    "thead": ({"thead", "tbody", "tfoot"}, {"table", "html"}),
    "tbody": ({"thead", "tbody", "tfoot"}, {"table", "html"}),
    "tfoot": ({"thead", "tbody", "tfoot"}, {"table", "html"}),
    "option": ({"option"}, {"select", "html"}),
}
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# <li> among them: a <li> inside a <p> is broken HTML; browsers close the <p> too.
_CLOSES_P = BLOCK - {"body", "html", "head", "title", "noscript", "script", "style", "template"}


@dataclass(eq=False)
class Element:
    """An element: source[start:inner] is its start tag, source[inner_end:end] its end tag."""

    tag: str
    attrs: dict[str, str]
    start: int
    inner: int
    inner_end: int = -1
    end: int = -1
    children: list[Element | Text] = field(default_factory=list)
    has_block: bool = False  # a block element somewhere inside

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())


@dataclass(frozen=True)
class Text:
    """A run of non-blank text between tags: source[start:end], entities still escaped."""

    start: int
    end: int


class _Builder(HTMLParser):
    def __init__(self, text: str, base: int) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.base = base
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.root = Element("#root", {}, base, base, base + len(text), base + len(text))
        self.stack = [self.root]

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pos = self.here()
        tag_text = self.get_starttag_text() or ""
        self._close_implied(tag, pos)
        element = Element(
            tag, {k: v or "" for k, v in attrs}, self.base + pos, self.base + pos + len(tag_text)
        )
        self.stack[-1].children.append(element)
        if tag in VOID:
            element.inner_end = element.end = element.inner
        else:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <div/> read as an empty element (XHTML), not as an open one
            self._pop_to(len(self.stack) - 1, self.stack[-1].inner)

    def handle_endtag(self, tag: str) -> None:
        pos = self.here()
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                close = self.text.find(">", pos)
                self._pop_to(
                    depth, self.base + pos, self.base + (close + 1 if close >= 0 else len(self.text))
                )
                return
            if tag == "p" and self.stack[depth].tag in _SCOPE:
                return  # a stray </p> (browsers add an empty paragraph: nothing to read)

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack[-1].tag not in ("script", "style"):
            pos = self.here()
            end = self.text.find("<", pos + 1)
            self.stack[-1].children.append(
                Text(self.base + pos, self.base + (len(self.text) if end < 0 else end))
            )

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """`<![CDATA[...]]>` and `<![if ...]>`: skipped (the standard one raises on odd ones)."""
        end = self.rawdata.find("]]>", i) if self.rawdata.startswith("<![CDATA[", i) else -1
        if end >= 0:
            return end + 3
        close = self.rawdata.find(">", i)
        return close + 1 if close >= 0 else len(self.rawdata)

    def _close_implied(self, tag: str, pos: int) -> None:
        if tag in _IMPLIED:
            closes, stops = _IMPLIED[tag]
            self._close_open(closes, stops, pos)
        if tag in _CLOSES_P:
            self._close_open({"p"}, _SCOPE, pos)
        if tag in _HEADINGS and self.stack[-1].tag in _HEADINGS:
            self._pop_to(len(self.stack) - 1, self.base + pos)

    def _close_open(
        self, tags: set[str] | frozenset[str], stops: set[str] | frozenset[str], pos: int
    ) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in tags:
                self._pop_to(depth, self.base + pos)
                return
            if self.stack[depth].tag in stops:
                return

    def _pop_to(self, depth: int, inner_end: int, end: int | None = None) -> None:
        """Close stack[depth:]: the innermost ones end where stack[depth] ends."""
        while len(self.stack) > depth:
            element = self.stack.pop()
            element.inner_end = inner_end
            element.end = inner_end if end is None or len(self.stack) > depth else end
            if element.tag in BLOCK or element.has_block:
                self.stack[-1].has_block = True

    def finish(self) -> Element:
        self.close()
        self._pop_to(1, self.base + len(self.text))
        return self.root


def parse_tree(text: str, base: int = 0) -> Element:
    """The element tree of `text` (offsets shifted by `base`), under a `#root` element."""
    builder = _Builder(text, base)
    builder.feed(text)
    return builder.finish()
