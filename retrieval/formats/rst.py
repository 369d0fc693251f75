"""reStructuredText (`.rst`, `.rest`) as Sphinx projects write it, read with docutils.

docutils parses (set up in `rst_docutils`: Sphinx roles and directives handled without Sphinx,
nothing printed); the document tree becomes blocks whose offsets are found back in the source
(`rst_source`); `clean` reads a raw piece of a block as Sphinx shows it (`rst_inline`).
Kept: headings (any underline style), paragraphs, bullet / enumerated / definition / field /
option lists, admonitions (note ... versionadded, with their titles), code (`code-block`,
`::`, doctest), tables (grid, simple, list-table, csv-table). Left out: comments, targets,
substitution definitions, images, toctree and the like; autodoc directives and includes are
counted in `Parsed.skipped`.
"""

from __future__ import annotations

import textwrap

from docutils import nodes

from .base import CODE, TABLE, FormatError, Parsed
from .rst_docutils import parse_doctree
from .rst_inline import clean_inline
from .rst_source import SourceLines
from .rst_walk import Walker, table_rows
from .text import fold_whitespace


class RstReader:
    name = "rst"
    suffixes = (".rst", ".rest")
    binary = False

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        walker = read_blocks(text, body_start)
        return Parsed(tuple(walker.blocks), walker.skipped)

    def clean(self, raw: str, kind: str) -> str:
        if kind == CODE:
            return code_text(raw)
        if kind == TABLE:
            return table_text(raw)
        return clean_inline(raw)


def read_blocks(text: str, body_start: int = 0) -> Walker:
    """text[body_start:] read: its `blocks`, docutils' own `texts` of them, what was `skipped`."""
    if text.startswith("\ufeff", body_start):  # a byte order mark is no text
        body_start += 1
    walker = Walker(SourceLines(text, body_start))
    walker.children(parse_doctree(text[body_start:]), (), None)
    return walker


def table_text(raw: str) -> str:
    """A table's source as its rows, one a line, cells joined by " | "."""
    lines = raw.splitlines()
    if not raw.startswith("..") and len(lines) > 1:  # a bare table: its first line lost its indent
        lines[1:] = textwrap.dedent("\n".join(lines[1:])).split("\n")
    try:
        table = next(parse_doctree("\n".join(lines)).findall(nodes.table), None)
    except FormatError:
        table = None
    if table is None:
        return fold_whitespace(raw)
    return "\n".join(" | ".join(row) for row in table_rows(table))


def code_text(raw: str) -> str:
    """Code as written, its common indentation removed (the span starts at its first line's start)."""
    lines = raw.splitlines()
    lines = [line.expandtabs() if "\t" in line[: len(line) - len(line.lstrip())] else line for line in lines]
    return textwrap.dedent("\n".join(lines))
