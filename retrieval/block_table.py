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
        markers = self.item_markers(i, children)
        lines = []
        for child in children:
            if corpus.block_kinds.item(child) == LIST_KIND:
                lines.append(self.shown(child, depth + 1))
            elif child in markers:
                lines.append("  " * depth + markers[child] + self.shown(child, depth))
        return "\n".join(line for line in lines if line.strip())

    def item_markers(self, i: int, children: list[int]) -> dict[int, str]:
        """How each item block of list i starts its shown line: "- ", "1. " (numbered from the
        list's first marker, one per item the source starts, as lists render), or "  " (a
        further paragraph of the item above). The items are counted in the source between the
        item blocks, so an item that starts with code or an image still takes its number; a
        list with no markers at all (an rst field or definition list) is all "- "."""
        corpus = self.corpus
        text = self.documents[corpus.block_doc.item(i)].text
        items = [child for child in children if corpus.block_kinds.item(child) == ITEM_KIND]
        others = [
            (_own_start(text, corpus.block_starts.item(c)), corpus.block_ends.item(c))
            for c in children
            if corpus.block_kinds.item(c) != ITEM_KIND
        ]
        html = HTML_LIST.match(text, corpus.block_starts.item(i))
        parent = self.parent(i)
        nested = parent is not None and corpus.block_kinds.item(parent) == LIST_KIND
        after = corpus.block_starts.item(i)
        after = _own_start(text, after) if nested else after
        counts: list[int] = []
        found: list[str] = []
        for item in items:
            starts = _item_starts(text, after, corpus.block_starts.item(item), others, html is not None)
            counts.append(len(starts))
            found += starts
            after = corpus.block_ends.item(item)
        if not found:
            return dict.fromkeys(items, "- ")
        first = found[0]
        if html is not None:
            ordered = html.group(1).lower() == "ol"
            number = int(m.group(1)) if (m := HTML_OL_START.search(html.group())) else 1
            delimiter = "."
        else:
            match = ORDERED_MARKER.fullmatch(first)
            ordered = match is not None and (match.group(1).isdigit() or match.group(1) == "#")
            number = int(match.group(1)) if ordered and match.group(1).isdigit() else 1  # type: ignore[union-attr]
            delimiter = match.group(2) if match is not None else "."
        out, seen = {}, 0
        for item, count in zip(items, counts, strict=True):
            seen += count
            if count == 0:
                out[item] = "  " if seen else "- "  # a further paragraph (none above: a bullet)
            elif ordered:
                out[item] = f"{number + seen - 1}{delimiter} "
            elif (letter := ORDERED_MARKER.fullmatch(found[seen - 1])) is not None and html is None:
                out[item] = f"{letter.group(1)}{letter.group(2)} "  # a letter or roman numeral, as written
            else:
                out[item] = "- "
        return out

    @lru_cache(maxsize=64)  # noqa: B019 - the table lives as long as its engine
    def _positions(self, d: int) -> Positions:
        return Positions(self.documents[d].text, self._readers[d].binary)

    def __repr__(self) -> str:
        return f"BlockTable({len(self):,} blocks in {len(self.documents):,} documents)"


# A list item's marker in the source: a number or a letter, then "." or ")" (Markdown, rst).
ORDERED_MARKER = re.compile(r"\(?(\d{1,9}|#|[ivxlcdm]{1,8}|[IVXLCDM]{1,8}|[A-Za-z])([.)])")  # rst "#." too
# Where an item starts in Markdown, rst or PDF text: its marker, then a space or the line's end.
ITEM_MARKER = re.compile(rf"({ORDERED_MARKER.pattern}|[-*+•‣◦])(?=[ \t\r\n]|$)")
HTML_LIST = re.compile(r"<(ol|ul)\b[^>]*>", re.IGNORECASE)
HTML_LI = re.compile(r"<li\b", re.IGNORECASE)
HTML_OL_START = re.compile(r"(?<![-\w])start\s*=\s*[\"']?\s*(\d{1,9})", re.IGNORECASE)


def _item_starts(text: str, start: int, end: int, others: list[tuple[int, int]], html: bool) -> list[str]:
    """The item markers in text[start:end] ("1.", "-", "<li"), outside the spans of the
    list's other blocks (its sublists, code ...); a marker starts its line, or `start`."""
    if html:
        return [m.group() for m in HTML_LI.finditer(text, start, end) if not _inside(m.start(), others)]
    found = []
    for m in ITEM_MARKER.finditer(text, start, end):
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
        at_start = m.start() == start or not text[max(line_start, start) : m.start()].strip(" \t>")
        if at_start and not _inside(m.start(), others):
            found.append(m.group(1))
    return found


def _own_start(text: str, start: int) -> int:
    """Where a nested list that starts on its parent item's line ("1. - a") has its own first
    marker: the last of the markers at `start`."""
    pos = last = start
    while (match := ITEM_MARKER.match(text, pos)) is not None:
        last, pos = match.start(), match.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    return last


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


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
