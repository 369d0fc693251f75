"""The corpus's blocks (code, lists, tables, paragraphs ...) as Snippets, made on access."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np

from .corpus import Corpus
from .document_arrays import BLOCK_KINDS, SECTION_SEPARATOR
from .formats import ADMONITION, CODE, ITEM, LIST
from .models import Document, Snippet
from .sentences import Positions, document_reader

LIST_KIND = BLOCK_KINDS.index(LIST)
ITEM_KIND = BLOCK_KINDS.index(ITEM)


class BlockTable(Sequence[Snippet]):
    """Every block of the corpus, in document order; `table[i]` is block i as a Snippet."""

    def __init__(self, documents: Sequence[Document], corpus: Corpus) -> None:
        self.documents = tuple(documents)
        self.corpus = corpus
        self._readers = [document_reader(d.path) for d in self.documents]
        self._introduced = introductions(corpus)
        order = np.argsort(corpus.block_parents, kind="stable")  # children of each block, in order
        self._child_order = order
        self._child_parents = corpus.block_parents[order]

    def __len__(self) -> int:
        return len(self.corpus.block_kinds)

    def __getitem__(self, i):  # type: ignore[override] - an int index only
        i = int(i)
        if not 0 <= i < len(self):
            raise IndexError("block index out of range")
        return self.snippet(i)

    def __iter__(self) -> Iterator[Snippet]:
        for i in range(len(self)):
            yield self.snippet(i)

    def kind(self, i: int) -> str:
        return BLOCK_KINDS[self.corpus.block_kinds.item(i)]

    def introduced_by(self, unit: int) -> int | None:
        """The block (code, list or table) that this unit, a sentence, leads into."""
        return self._introduced.get(unit)

    def of_unit(self, unit: int) -> int:
        return self.corpus.unit_blocks.item(unit)

    def parent(self, i: int) -> int | None:
        parent = self.corpus.block_parents.item(i)
        return None if parent < 0 else parent

    def outer_list(self, i: int) -> int | None:
        """The outermost list that block i (an item) is in, or None."""
        found = None
        parent = self.parent(i)
        while parent is not None and self.corpus.block_kinds.item(parent) == LIST_KIND:
            found, parent = parent, self.parent(parent)
        return found

    def children(self, i: int) -> list[int]:
        """The blocks directly inside block i (a list's items and nested lists), in order."""
        lo, hi = np.searchsorted(self._child_parents, [i, i + 1]).tolist()
        return self._child_order[lo:hi].tolist()

    def snippet(self, i: int) -> Snippet:
        corpus = self.corpus
        d = corpus.block_doc.item(i)
        document = self.documents[d]
        start, end = corpus.block_starts.item(i), corpus.block_ends.item(i)
        where = self._positions(d)
        section_id = corpus.block_section_ids.item(i)
        kind, label = self.kind(i), corpus.block_labels[i]
        lead = corpus.block_leads.item(i)
        return Snippet(
            kind=kind,
            document=document.path,
            text=document.text[start:end],
            shown=self.shown(i),
            start=start,
            end=end,
            line=where.line(start),
            end_line=where.line(max(start, end - 1)),
            page=where.page(start) if where.paged else None,
            language=label if kind == CODE else None,
            title=label if kind == ADMONITION else None,
            sections=() if section_id < 0 else tuple(corpus.sections[section_id].split(SECTION_SEPARATOR)),
            lead=None if lead < 0 else lead,
        )

    def shown(self, i: int, depth: int = 0) -> str:
        """Block i as a reader sees it: a list as "- item" or "1. item" lines (nested lists
        indented; a further paragraph of an item indented under it, with no marker)."""
        corpus = self.corpus
        if corpus.block_kinds.item(i) != LIST_KIND:
            d = corpus.block_doc.item(i)
            raw = self.documents[d].text[corpus.block_starts.item(i) : corpus.block_ends.item(i)]
            return self._readers[d].clean(raw, self.kind(i))
        children = self.children(i)
        items = [child for child in children if corpus.block_kinds.item(child) == ITEM_KIND]
        markers = dict(zip(items, item_markers(self.written_markers(i, items)), strict=True))
        lines = []
        for child in children:
            if corpus.block_kinds.item(child) == LIST_KIND:
                lines.append(self.shown(child, depth + 1))
            elif child in markers:
                lines.append("  " * depth + markers[child] + self.shown(child, depth))
        return "\n".join(line for line in lines if line.strip())

    def written_markers(self, i: int, items: list[int]) -> list[str]:
        """What each item of block i, a list, has before it in the source (see `marker`). An
        HTML `<li>` carries no number: an `<ol>` gives its items "1." on (from its `start`), a
        `<ul>` "-", and a further paragraph of the same `<li>` nothing."""
        corpus = self.corpus
        text = self.documents[corpus.block_doc.item(i)].text
        tag = HTML_LIST.match(text, corpus.block_starts.item(i))
        if tag is None:
            return [self.marker(item) for item in items]
        start = HTML_OL_START.search(tag.group())
        first = "-" if tag.group(1).lower() == "ul" else f"{int(start.group(1)) if start else 1}."
        written, after = [], corpus.block_starts.item(i)
        for item in items:
            new = HTML_LI.search(text, after, corpus.block_starts.item(item)) is not None
            written.append(first if new else "")
            after = corpus.block_ends.item(item)
        return written

    def marker(self, i: int) -> str:
        """What is written before block i (an item) on its line: "1.", "-", "" (a further
        paragraph of an item), or anything else (an rst field's ":")."""
        text = self.documents[self.corpus.block_doc.item(i)].text
        start = self.corpus.block_starts.item(i)
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        return text[line_start:start].strip(" \t>")

    @lru_cache(maxsize=64)  # noqa: B019 - the table lives as long as its engine
    def _positions(self, d: int) -> Positions:
        return Positions(self.documents[d].text, self._readers[d].binary)

    def __repr__(self) -> str:
        return f"BlockTable({len(self):,} blocks in {len(self.documents):,} documents)"


# A list item's marker in the source: a number or a letter, then "." or ")" (Markdown, rst).
ORDERED_MARKER = re.compile(r"\(?(\d{1,9}|[A-Za-z]|#)([.)])")  # rst's "#." numbers itself
HTML_LIST = re.compile(r"<(ol|ul)\b[^>]*>", re.IGNORECASE)
HTML_LI = re.compile(r"<li\b", re.IGNORECASE)
HTML_OL_START = re.compile(r"\bstart\s*=\s*[\"']?\s*(\d{1,9})", re.IGNORECASE)
BULLET_MARKER = re.compile(r"[-*+•‣◦](?:\s+\[[ xX]\])?")  # a task list's box goes with it


def item_markers(written: list[str]) -> list[str]:
    """How each item of a list starts its shown line, from what its source line has before it.

    A numbered list is numbered from its first item on, as Markdown renders "1. 1. 1." (and
    rst "#."); an item with nothing before it, in a list whose items have markers, is a
    further paragraph of the item above; anything else (an rst field, a definition) is "- ".
    """
    ordered = [ORDERED_MARKER.fullmatch(marker) for marker in written]
    first = next((m for m in ordered if m is not None), None)
    marked = any(m is not None or BULLET_MARKER.fullmatch(w) for m, w in zip(ordered, written, strict=True))
    number = None
    if first is not None and (first.group(1).isdigit() or first.group(1) == "#"):
        number = int(first.group(1)) if first.group(1).isdigit() else 1
    out = []
    for match, marker in zip(ordered, written, strict=True):
        if match is not None and number is not None:
            out.append(f"{number}{first.group(2)} ")  # type: ignore[union-attr]
            number += 1
        elif match is not None:
            out.append(f"{match.group(1)}{match.group(2)} ")
        elif marked and not marker:
            out.append("  ")
        else:
            out.append("- ")
    return out


def introductions(corpus: Corpus) -> dict[int, int]:
    """Unit -> the block (code, list, table) it introduces: every sentence of the paragraph
    right before the block ("There are four types of timeouts. These are:" leads into the list
    through both sentences)."""
    leads = corpus.block_leads
    introduced = np.flatnonzero(leads >= 0)
    if not len(introduced):
        return {}
    unit_blocks = corpus.unit_blocks
    lead_blocks = unit_blocks[leads[introduced]]
    # a block's units are contiguous: its first unit is where unit_blocks first reaches it
    firsts = np.searchsorted(unit_blocks, lead_blocks, side="left")
    lasts = np.searchsorted(unit_blocks, lead_blocks, side="right")
    out: dict[int, int] = {}
    for block, first, last in zip(introduced.tolist(), firsts.tolist(), lasts.tolist(), strict=True):
        out.update(dict.fromkeys(range(first, last), block))
    return out
