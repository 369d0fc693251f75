"""What every format reader gives: a document's blocks with exact source offsets.

A reader turns a document's text (decoded: `Document.text`) into `Block`s, in source order,
and says how a source span of a block reads as plain text (`clean`). The engine splits prose
blocks into sentences with Punkt, indexes sentences, code and tables as units, and cites
each by its offsets (lines and pages are counted from them), so every reader keeps these
invariants (`check_blocks` tests them):

- `0 <= body_start <= start < end <= len(text)`; blocks are in source order (by `start`; a
  container comes before what it contains);
- PARAGRAPH, ITEM and HEADING spans hold inline content only: no block syntax at their start
  or end (fence, list marker, quote marker, `#`, directive line, underline), whitespace
  trimmed. They may span several lines (continuation indentation and quote markers inside are
  fine: `clean` drops them);
- CODE spans are the code verbatim: fence lines, `.. code-block::` lines, the `::` paragraph
  end are outside the span; indented code keeps its indentation inside the span;
- TABLE spans cover the whole table source; `rows` holds its cells as plain text;
- LIST and ADMONITION are containers: their span covers all they contain, and their items
  and paragraphs follow them, pointing back with `parent`;
- nothing is emitted for front matter, comments, include lines, autodoc lines, navigation,
  scripts and the like; `Parsed.skipped` counts what was left out by kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"  # a list item's own prose (a nested list is blocks of its own)
LIST = "list"  # container: the whole list
CODE = "code"
TABLE = "table"
ADMONITION = "admonition"  # container: note / tip / warning ..., with its title
PROSE = frozenset({PARAGRAPH, ITEM})  # split into sentences
KINDS = frozenset({HEADING, PARAGRAPH, ITEM, LIST, CODE, TABLE, ADMONITION})


@dataclass(frozen=True)
class Block:
    """One block of a document: `text[start:end]` is its exact source."""

    kind: str
    start: int
    end: int
    section: tuple[str, ...] = ()  # the headings above it, outermost first, as plain text
    language: str | None = None  # CODE: the language named in the source ("" when none)
    title: str | None = None  # ADMONITION: its title ("Note" when the source gives none)
    parent: int | None = None  # ITEM: index of its LIST; inside an admonition: of the ADMONITION
    rows: tuple[tuple[str, ...], ...] = ()  # TABLE: the cells, header row first


@dataclass(frozen=True)
class Parsed:
    """A document's blocks, and what was left out (e.g. {"include": 3, "autodoc": 1})."""

    blocks: tuple[Block, ...]
    skipped: Counter = field(default_factory=Counter)


class FormatError(Exception):
    """A file this format cannot read (a PDF without a text layer...): the message says why."""


class Reader(Protocol):
    """A document format. Text formats read `Document.text` (decoded by `documents.py`)."""

    name: str  # "markdown", "rst", "html", "pdf", "text"
    suffixes: tuple[str, ...]  # lowercase, with the dot
    binary: bool  # True: `extract` makes the text from the file's bytes (PDF)

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        """The blocks of text[body_start:], with offsets into `text`."""
        ...

    # A binary format (`binary = True`) also has
    #     def extract(self, data: bytes) -> str
    # which makes the document's text from the file's bytes, the text `parse` then reads (PDF:
    # the text layer, pages separated by "\f", so a page is counted from the form feeds and a
    # line within it from the newlines); it raises FormatError when there is no text to read.

    def clean(self, raw: str, kind: str) -> str:
        """A source span of a block of this kind as plain text: what is indexed and shown.

        `raw` is a sentence of a prose block, or a whole CODE or TABLE block. Whitespace runs
        become one space (CODE keeps its lines and dedents them).
        """
        ...


def check_blocks(text: str, parsed: Parsed, body_start: int = 0) -> None:
    """Assert the invariants above (for the readers' tests)."""
    previous = body_start
    for number, block in enumerate(parsed.blocks):
        where = f"block {number} ({block.kind} {block.start}:{block.end})"
        assert block.kind in KINDS, where
        assert body_start <= block.start < block.end <= len(text), where
        assert block.start >= previous, f"{where} is out of order"
        previous = block.start
        raw = text[block.start : block.end]
        if block.kind in PROSE or block.kind == HEADING:
            assert raw == raw.strip(), f"{where} is not trimmed: {raw!r}"
        if block.parent is not None:
            parent = parsed.blocks[block.parent]
            assert block.parent < number and parent.kind in (LIST, ADMONITION), where
            assert parent.start <= block.start and block.end <= parent.end, f"{where} is outside its parent"
