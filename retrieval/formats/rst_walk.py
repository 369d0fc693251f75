"""A docutils document tree as blocks, each placed exactly in the source.

Containers (LIST, ADMONITION) are added before what they contain and get their span once
their content is placed. Every leaf block is placed after the previous one (`_Walker.place`),
so blocks stay in source order even where docutils' line numbers are off.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace

from docutils import nodes

from .base import ADMONITION, CODE, HEADING, ITEM, LIST, PARAGRAPH, TABLE, Block
from .rst_directives import LINES, Generic, Highlight, Skipped
from .rst_source import SourceLines
from .text import fold_whitespace

LISTS = (nodes.bullet_list, nodes.enumerated_list, nodes.definition_list, nodes.field_list, nodes.option_list)
WRAPPERS = (
    nodes.block_quote,
    Generic,
    nodes.footnote,
    nodes.citation,
    nodes.container,
    nodes.compound,
    nodes.topic,
    nodes.sidebar,
    nodes.figure,
    nodes.legend,
)
NO_TEXT = (nodes.footnote_reference, nodes.citation_reference, nodes.system_message, Skipped, Highlight)
Section = tuple[str, ...]


def node_text(node: nodes.Node) -> str:
    """A node's text as docutils gives it (`astext`), without footnote references."""
    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, NO_TEXT):
        return ""
    return node.child_text_separator.join(node_text(child) for child in node.children)


def folded_text(*parts: nodes.Node, separator: str = " ") -> str:
    return fold_whitespace(separator.join(node_text(part) for part in parts))


def table_rows(table: nodes.table) -> tuple[tuple[str, ...], ...]:
    """A table's cells as plain text, header rows first."""
    rows = []
    for group in table.children:
        for part in group.children if isinstance(group, nodes.tgroup) else ():
            if isinstance(part, (nodes.thead, nodes.tbody)):
                rows.extend(tuple(folded_text(cell) for cell in row.children) for row in part.children)
    return tuple(rows)


def _option_text(option: nodes.option) -> str:
    """`-o FILE` as written: an option argument keeps its delimiter."""
    return "".join(part.get("delimiter", "") + part.astext() for part in option.children)


def _hint(node: nodes.Node, shift: int = 1) -> int | None:
    return node.line - shift if node.line else None


class Walker:
    def __init__(self, source: SourceLines) -> None:
        self.source = source
        self.blocks: list[Block] = []
        self.texts: list[str | None] = []  # docutils' text of each prose and heading block
        self.skipped: Counter = Counter()
        self.line = 0  # the line the last leaf block ends on
        self.end = 0  # its end offset: the next leaf starts at or after it
        self.language = ""  # of `::` blocks, set by `.. highlight::`
        self.lost = 0  # nodes not found in the source (the tests expect none)

    def children(self, node: nodes.Element, section: Section, parent: int | None) -> None:
        for child in node.children:
            self.visit(child, section, parent)

    def visit(self, node: nodes.Node, section: Section, parent: int | None) -> None:
        if isinstance(node, nodes.section):
            self.section(node, section)
        elif isinstance(node, nodes.paragraph):
            self.prose(node, PARAGRAPH, section, parent)
        elif isinstance(node, LISTS):
            self.list(node, section, parent)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            self.code(node, section, parent)
        elif isinstance(node, nodes.table):
            self.table(node, section, parent)
        elif isinstance(node, nodes.admonition):
            self.admonition(node, section, parent)
        elif isinstance(node, nodes.line_block):
            self.line_block(node, section, parent)
        elif isinstance(node, Skipped):
            self.skipped.update([node["kind"]] if node["kind"] else [])
        elif isinstance(node, Highlight):
            self.language = node["language"]
        elif isinstance(node, WRAPPERS):
            self.children(node, section, parent)

    def add(self, block: Block, text: str | None, last_line: int | None = None) -> int:
        self.blocks.append(block)
        self.texts.append(text)
        if last_line is not None:
            self.line, self.end = last_line, block.end
        return len(self.blocks) - 1

    def place(self, rawsource: str, hint: int | None) -> tuple[int, int, int, int] | None:
        """(start, end, first line, last line) of a node's text, after the last placed block."""
        floor = self.line
        while (found := self.source.span(rawsource, hint, floor)) is not None:
            start, end, last = found
            first = self.line_of(start)
            if start >= self.end:
                return start, end, first, last
            floor, hint = first + 1, None
        self.lost += 1
        return None

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.source.starts, offset) - 1

    def section(self, node: nodes.section, section: Section) -> None:
        title = node.next_node(nodes.title)
        name = folded_text(title) if title is not None else ""
        if title is not None and (placed := self.place(title.rawsource, _hint(title, 2))):
            start, end, _, last = placed
            self.add(Block(HEADING, start, end, section), name, last)
        self.children(node, section + (name,) if name else section, None)

    def prose(self, node: nodes.paragraph, kind: str, section: Section, parent: int | None) -> None:
        placed = self.place(node.rawsource, _hint(node))
        if placed is None:
            return
        start, end, _, last = placed
        end = self.marker_end(start, end)
        if end > start:
            self.add(Block(kind, start, end, section, parent=parent), folded_text(node), last)

    def marker_end(self, start: int, end: int) -> int:
        """The end of a paragraph's text: "Text::" reads "Text:", "Text ::" reads "Text"."""
        raw = self.source.text[start:end]
        if not raw.endswith("::") or raw.endswith("\\::"):
            return end
        return start + len(raw[:-2].rstrip()) if raw[-3:-2].isspace() else end - 1

    def code(self, node: nodes.FixedTextElement, section: Section, parent: int | None) -> None:
        hint = node[LINES][0] if LINES in node else _hint(node)
        placed = self.place(node.rawsource, hint)
        if placed is None:
            return
        start, end, first, last = placed
        if not self.source.text[self.source.starts[first] : start].strip():
            start = self.source.starts[first]  # its indentation is part of the code
        language = node.get("language")
        if language is None:
            language = "pycon" if isinstance(node, nodes.doctest_block) else self.language
        self.add(Block(CODE, start, end, section, language=language, parent=parent), None, last)

    def table(self, node: nodes.table, section: Section, parent: int | None) -> None:
        source = self.source
        if LINES in node:
            first, last = node[LINES]
            line = source.lines[first] if 0 <= first < len(source) else ""
            start = source.starts[first] + line.find("..") if ".." in line else None
        else:
            floor = self.line + 1 if self.end else 0  # a table starts below the last block
            first = source.table_start(_hint(node), floor)
            last = source.table_end(first) if first is not None else None
            start = source.content_start(first) if first is not None else None
        if start is None or start < self.end or last >= len(source):
            self.lost += 1
            return
        rows = table_rows(node)
        self.add(Block(TABLE, start, source.content_end(last), section, parent=parent, rows=rows), None, last)

    def open(self, kind: str, section: Section, parent: int | None, title: str | None = None) -> int:
        """A container, placed once its content is (`close`)."""
        start = self.blocks[-1].start if self.blocks else 0
        return self.add(Block(kind, start, start + 1, section, title=title, parent=parent), None)

    def close(self, index: int, first: int | None = None, last: int | None = None) -> None:
        """A container's span: its own lines (an admonition's) and all it contains."""
        inside = self.blocks[index + 1 :]
        source = self.source
        starts = [block.start for block in inside[:1]]
        ends = [block.end for block in inside]
        if first is not None and 0 <= first <= (last or 0) < len(source) and ".." in source.lines[first]:
            starts.append(source.starts[first] + source.lines[first].find(".."))
            ends.append(source.content_end(last))
        elif inside:  # a list: from its first item's marker, the first character of its line
            starts[0] = source.content_start(self.line_of(starts[0]))
        if not ends:
            del self.blocks[index], self.texts[index]
            return
        before = self.blocks[index - 1].start if index else 0
        start = max(min(starts), before)
        self.blocks[index] = replace(self.blocks[index], start=start, end=max(ends + [start + 1]))

    def admonition(self, node: nodes.admonition, section: Section, parent: int | None) -> None:
        index = self.open(ADMONITION, section, parent, title=node["title"])
        self.children(node, section, index)
        self.close(index, *node.get(LINES, (None, None)))

    def list(self, node: nodes.Element, section: Section, parent: int | None) -> None:
        if isinstance(node, nodes.field_list) and not self.blocks and isinstance(node.parent, nodes.document):
            return  # file-wide metadata (`:orphan:`), as Sphinx reads a leading field list
        index = self.open(LIST, section, parent)
        for item in node.children:
            if isinstance(item, nodes.definition_list_item):
                self.definition(item, section, index)
            elif isinstance(item, nodes.field):
                self.field(item, section, index)
            elif isinstance(item, nodes.option_list_item):
                self.option(item, section, index)
            else:
                self.item_body(item.children, section, index)
        self.close(index)

    def item_body(self, children: list[nodes.Node], section: Section, index: int) -> None:
        """A list item's content: its first paragraph is the ITEM, the rest blocks of their own."""
        for number, child in enumerate(children):
            if number == 0 and isinstance(child, nodes.paragraph):
                self.prose(child, ITEM, section, index)
            else:
                self.visit(child, section, index)

    def definition(self, item: nodes.definition_list_item, section: Section, index: int) -> None:
        """The term (with its classifiers) is the ITEM; the definition's blocks follow."""
        heads = [child for child in item.children if isinstance(child, (nodes.term, nodes.classifier))]
        term = heads[0] if heads else None
        if term is not None and (placed := self.place(term.rawsource, _hint(term))):
            start, end, _, last = placed
            text = folded_text(*heads, separator=" : ")
            self.add(Block(ITEM, start, end, section, parent=index), text, last)
        for child in item.children:
            if isinstance(child, nodes.definition):
                self.children(child, section, index)

    def field(self, field: nodes.field, section: Section, index: int) -> None:
        """`:name: text` is the ITEM "name: text" (its first paragraph); the rest follows."""
        name, body = field.children[0], field.children[1]
        i = self.source.find_start(f":{name.rawsource}:", _hint(field), self.line)
        if i is None or not name.rawsource.strip():
            return self.children(body, section, index)
        start = self.source.content_start(i) + 1
        end, text, last, rest = start + len(name.rawsource), folded_text(name), i, body.children
        placed = self.place(rest[0].rawsource, i) if rest and isinstance(rest[0], nodes.paragraph) else None
        if placed is not None and placed[0] > start:  # its text after its name, not a line above
            end, last, rest = self.marker_end(start, placed[1]), placed[3], rest[1:]
            text = fold_whitespace(f"{text}: {node_text(field.children[1][0])}")
        if start >= self.end:
            self.add(Block(ITEM, start, end, section, parent=index), text, last)
        for child in rest:
            self.visit(child, section, index)

    def option(self, item: nodes.option_list_item, section: Section, index: int) -> None:
        """`-a, --all  Text` is the ITEM (options and the description's first paragraph)."""
        group, description = item.children[0], item.children[-1]
        rest = description.children
        if not (rest and isinstance(rest[0], nodes.paragraph)):
            return self.children(description, section, index)
        placed = self.place(rest[0].rawsource, _hint(rest[0]))
        if placed is None:
            return self.children(description, section, index)
        _, end, first, last = placed
        option = group.next_node(nodes.option_string)
        i = self.source.find_start(option.astext() if option else "", first, max(first - 3, self.line))
        i = first if i is None or i > first else i
        start = max(self.source.content_start(i), self.end)
        options = ", ".join(_option_text(child) for child in group.children)
        text = fold_whitespace(f"{options} {node_text(rest[0])}")
        self.add(Block(ITEM, start, end, section, parent=index), text, last)
        for child in rest[1:]:
            self.visit(child, section, index)

    def line_block(self, node: nodes.line_block, section: Section, parent: int | None) -> None:
        """Each line of a line block (`| text`) is a paragraph: its `|` is no text."""
        for line in node.findall(nodes.line):
            if line.rawsource.strip() and (placed := self.place(line.rawsource, _hint(line))):
                start, end, _, last = placed
                self.add(Block(PARAGRAPH, start, end, section, parent=parent), folded_text(line), last)
