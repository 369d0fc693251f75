"""A table's rows as units of their own, with exact source spans.

A question about one row ("which converter is for scheduled events?") should find that row,
not a whole table whose length BM25 holds against it. The reader gives the table's span and
its cells by row; here the rows are found in the source: a line per row (Markdown, simple
tables), or the lines between border lines (grid tables). When the source does not line up
with the reader's rows (HTML tables), the table stays one unit.
"""

from __future__ import annotations

import re

from .formats import PARAGRAPH, Block, Reader
from .formats.text import trimmed

BORDER_RE = re.compile(r"^[\s+\-=|:]*$")  # +----+, |----|, ====  ====, |:---|---:|
LINE_RE = re.compile(r"[^\r\n]+")


def row_spans(text: str, block: Block) -> list[tuple[int, int]] | None:
    """The source span of each row of a table, or None when the rows cannot be told apart."""
    if not block.rows:
        return None
    lines = [(m.start(), m.end()) for m in LINE_RE.finditer(text, block.start, block.end)]
    content = [not BORDER_RE.fullmatch(text[start:end]) for start, end in lines]
    one_per_line = [span for span, keep in zip(lines, content, strict=True) if keep]
    if len(one_per_line) == len(block.rows):
        return [trimmed(text, start, end) for start, end in one_per_line]
    groups = _between_borders(lines, content)
    if len(groups) == len(block.rows):
        return [trimmed(text, start, end) for start, end in groups]
    return None


def _between_borders(lines: list[tuple[int, int]], content: list[bool]) -> list[tuple[int, int]]:
    """Runs of content lines, each run from its first line's start to its last line's end."""
    groups: list[tuple[int, int]] = []
    run_start = None
    for (start, end), keep in zip(lines, content, strict=True):
        if keep and run_start is None:
            run_start = start
        if keep:
            run_end = end
        elif run_start is not None:
            groups.append((run_start, run_end))
            run_start = None
    if run_start is not None:
        groups.append((run_start, run_end))
    return groups


def row_text(reader: Reader, raw: str) -> str:
    """A row's source as its cells' text, "a | b", whatever the table syntax."""
    cells = []
    for line in raw.splitlines():
        if BORDER_RE.fullmatch(line):
            continue
        for cell in line.strip().strip("|").split("|"):
            shown = reader.clean(cell, PARAGRAPH)
            if shown:
                cells.append(shown)
    return " | ".join(cells)
