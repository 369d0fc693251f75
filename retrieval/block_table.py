"""The corpus's blocks (code, lists, tables, paragraphs ...) as Snippets, made on access."""

from __future__ import annotations

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
        """Block i as a reader sees it: a list as "- item" lines (nested lists indented)."""
        corpus = self.corpus
        if corpus.block_kinds.item(i) != LIST_KIND:
            d = corpus.block_doc.item(i)
            raw = self.documents[d].text[corpus.block_starts.item(i) : corpus.block_ends.item(i)]
            return self._readers[d].clean(raw, self.kind(i))
        lines = []
        for child in self.children(i):
            if corpus.block_kinds.item(child) == LIST_KIND:
                lines.append(self.shown(child, depth + 1))
            elif corpus.block_kinds.item(child) == ITEM_KIND:
                lines.append("  " * depth + "- " + self.shown(child, depth))
        return "\n".join(line for line in lines if line.strip())

    @lru_cache(maxsize=64)  # noqa: B019 - the table lives as long as its engine
    def _positions(self, d: int) -> Positions:
        return Positions(self.documents[d].text, self._readers[d].binary)

    def __repr__(self) -> str:
        return f"BlockTable({len(self):,} blocks in {len(self.documents):,} documents)"


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
