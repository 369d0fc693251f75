"""HTML (`.html`, `.htm`): the main text of a documentation page, as blocks of its source.

Pages exported by Sphinx, MkDocs (Material) and rustdoc, or written by hand. Only the page's
main content is read (`<main>`, or `role="main"`, and within it its `<article>`s), without
navigation, headers, footers, sidebars, scripts, styles and forms (`html_clean.drop_kind`).
A prose block spans the inline content of its element, from the first character after the
opening tag to the last before the closing one (whitespace trimmed): inline tags stay in the
span and `clean` removes them, so a citation points at the source line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from .base import ADMONITION, CODE, HEADING, ITEM, LIST, PARAGRAPH, TABLE, Block, FormatError, Parsed
from .html_clean import clean_html, drop_kind
from .html_tree import BLOCK, Element, Text, parse_tree
from .text import trimmed

_WORD_RE = re.compile(r"\w")
_LANGUAGE_RE = re.compile(r"^(?:language|lang|highlight)-(.+)$")
_LISTS = frozenset({"ul", "ol", "dl", "menu"})


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm")
    binary = False

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        try:
            root = parse_tree(text[body_start:], body_start)
        except (AssertionError, ValueError, IndexError) as error:  # html.parser's own checks
            raise FormatError(f"not readable HTML ({error})") from None
        walker = _Walker(text)
        for region in content_regions(root):
            walker.children(region)
        return Parsed(tuple(walker.blocks), walker.skipped)

    def clean(self, raw: str, kind: str) -> str:
        return clean_html(raw, kind)


def content_regions(root: Element) -> list[Element]:
    """The page's main content: its `<main>`s (or role="main"), and within them its `<article>`s."""
    mains = _outermost(root, lambda e: e.tag == "main" or e.attrs.get("role") == "main")
    scopes = mains or [root]
    articles = [article for scope in scopes for article in _outermost(scope, lambda e: e.tag == "article")]
    return articles or scopes


def _outermost(element: Element, wanted: Callable[[Element], bool]) -> list[Element]:
    """The outermost descendants that are `wanted`, outside dropped elements."""
    found = []
    for child in element.children:
        if isinstance(child, Element) and drop_kind(child.tag, child.attrs) is None:
            found.extend([child] if wanted(child) else _outermost(child, wanted))
    return found


class _Walker:
    """Walks the content in source order, keeping the section path and the open containers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.skipped: Counter = Counter()
        self.sections: list[tuple[int, str]] = []  # (heading level, heading text)
        self.containers: list[int] = []  # indexes of the open LIST and ADMONITION blocks
        self.path: list[Element] = []  # the elements being walked, outermost first

    def emit(self, kind: str, start: int, end: int, **fields) -> int:
        section = tuple(text for _, text in self.sections)
        parent = self.containers[-1] if self.containers else None
        self.blocks.append(Block(kind, start, end, section, parent=parent, **fields))
        return len(self.blocks) - 1

    def walk(self, element: Element) -> None:
        reason = drop_kind(element.tag, element.attrs)
        if reason:
            self.skipped[reason] += 1
            return
        self.path.append(element)
        _HANDLERS.get(element.tag, _Walker.container)(self, element)
        self.path.pop()

    def container(self, element: Element) -> None:
        classes = element.classes
        if "admonition" in classes or (element.tag == "div" and "warning" in classes):
            self.admonition(element)
        else:
            self.children(element)

    def children(self, element: Element, skip: Element | None = None) -> None:
        """Runs of inline content become prose blocks; block children are walked."""
        start = end = -1
        for child in element.children:
            if isinstance(child, Text) or not (child.tag in BLOCK or child.has_block):
                if child is not skip and (
                    isinstance(child, Text) or drop_kind(child.tag, child.attrs) is None
                ):
                    start, end = (child.start if start < 0 else start), child.end
                continue
            self.prose(start, end)
            start = end = -1
            if child is not skip:
                self.walk(child)
        self.prose(start, end)

    def prose(self, start: int, end: int, kind: str | None = None) -> str:
        """Emits text[start:end] trimmed, if it has words; returns its clean text."""
        start, end = trimmed(self.text, start, end)
        clean = clean_html(self.text[start:end], PARAGRAPH) if end > start else ""
        if _WORD_RE.search(clean):
            if kind is None:
                in_list = self.containers and self.blocks[self.containers[-1]].kind == LIST
                kind = ITEM if in_list else PARAGRAPH
            self.emit(kind, start, end)
        return clean

    def heading(self, element: Element, level: int | None = None) -> None:
        """h1-h6 (or a Sphinx object signature, level 7 and deeper): a HEADING that opens a section."""
        start, end = _inline_span(element)
        level = level or int(element.tag[1])
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        text = self.prose(start, end, HEADING)
        if text:
            self.sections.append((level, text))

    def code(self, element: Element) -> None:
        target = _only_code_child(element) or element
        start, end = target.inner, target.inner_end
        while start < end and self.text[start] in "\r\n":
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end > start and clean_html(self.text[start:end], CODE).strip():
            self.emit(CODE, start, end, language=_language([target, *reversed(self.path)][:8]))

    def table(self, element: Element) -> None:
        if "highlighttable" in element.classes:  # Pygments' line numbers beside the code
            self.children(element)
            return
        rows = tuple(row for row in _rows(element, self.text) if any(row))
        if rows:
            self.emit(TABLE, element.start, element.end, rows=rows)

    def listing(self, element: Element) -> None:
        if element.tag == "dl" and any(_is_signature(c) for c in element.children):
            self.signatures(element)
            return
        self.containers.append(self.emit(LIST, element.start, element.end))
        self.children(element)
        if self.containers.pop() == len(self.blocks) - 1:
            self.blocks.pop()  # a list with no text (images, empty items): nothing to cite

    def signatures(self, element: Element) -> None:
        """Sphinx's object descriptions (`dl.py.class`...): each signature heads its description."""
        saved = list(self.sections)
        level = max([6] + [level for level, _ in saved]) + 1  # below every heading above it
        for child in element.children:
            if isinstance(child, Element) and _is_signature(child):
                self.sections = list(saved)
                self.heading(child, level)
            elif isinstance(child, Element):
                self.walk(child)
        self.sections = saved

    def admonition(self, element: Element) -> None:
        title_element = _title_element(element)
        title = (
            clean_html(self.text[title_element.inner : title_element.inner_end], PARAGRAPH)
            if title_element
            else ""
        )
        kinds = [c for c in element.attrs.get("class", "").split() if c != "admonition"]
        fallback = kinds[0].capitalize() if kinds else "Note"
        self.containers.append(self.emit(ADMONITION, element.start, element.end, title=title or fallback))
        self.children(element, skip=title_element)
        self.containers.pop()

    def details(self, element: Element) -> None:
        if "toggle" in element.classes:  # rustdoc's collapsible docs: not a note
            self.children(element)
        else:
            self.admonition(element)


_HANDLERS: dict[str, Callable[[_Walker, Element], None]] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), _Walker.heading),
    **dict.fromkeys(_LISTS, _Walker.listing),
    "pre": _Walker.code,
    "table": _Walker.table,
    "details": _Walker.details,
}


def _inline_span(element: Element) -> tuple[int, int]:
    """From the first to the last text or kept inline element inside (blocks inside flattened)."""
    start = end = -1
    for child in element.children:
        if isinstance(child, Element) and drop_kind(child.tag, child.attrs) is not None:
            continue
        if isinstance(child, Element) and child.has_block:
            inner = _inline_span(child)
            child_start, child_end = inner if inner[0] >= 0 else (-1, -1)
        else:
            child_start, child_end = child.start, child.end
        if child_start >= 0:
            start, end = (child_start if start < 0 else start), child_end
    return start, end


def _only_code_child(pre: Element) -> Element | None:
    """The `<code>` inside `<pre>` when it holds all of the code (empty Pygments spans aside)."""
    content = [c for c in pre.children if isinstance(c, Text) or c.inner_end > c.inner or c.tag == "br"]
    return (
        content[0]
        if len(content) == 1 and isinstance(content[0], Element) and content[0].tag == "code"
        else None
    )


def _language(elements: list[Element]) -> str:
    """The language named in the classes of the code, the `<pre>` or its wrappers ("" if none)."""
    for element in elements:
        classes = element.attrs.get("class", "").split()
        for name in classes:
            match = _LANGUAGE_RE.match(name)
            if match:
                return "" if match.group(1) == "default" else match.group(1)
        if "sourceCode" in classes and len(classes) > 1:  # pandoc: class="sourceCode python"
            return next(c for c in classes if c != "sourceCode")
        if "rust" in classes:  # rustdoc
            return "rust"
    return ""


def _rows(table: Element, text: str) -> list[tuple[str, ...]]:
    """The cells of a table's rows (rows of nested tables stay inside their cell)."""
    rows = []
    for child in table.children:
        if isinstance(child, Element) and child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child, text))
        elif isinstance(child, Element) and child.tag == "tr":
            cells = [c for c in child.children if isinstance(c, Element) and c.tag in ("td", "th")]
            rows.append(tuple(clean_html(text[c.inner : c.inner_end], PARAGRAPH) for c in cells))
    return rows


def _is_signature(element: Element | Text) -> bool:
    return isinstance(element, Element) and element.tag == "dt" and "sig" in element.classes


def _title_element(element: Element) -> Element | None:
    for child in element.children:
        if isinstance(child, Element):
            if child.tag == "summary" or "admonition-title" in child.classes:
                return child
    return None
