"""The blocks of a PDF's extracted text (pages split by form feeds), and its spans as plain text.

The text layer has no markup: paragraphs, headings and lists are guesses from the layout the
extraction kept (a blank line between text boxes), kept simple on purpose.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .base import HEADING, ITEM, LIST, PARAGRAPH, Block, Parsed
from .text import fold_whitespace, paragraph_spans, trimmed

CID_RE = re.compile(r"\(cid:\d+\)")  # pdfminer's spelling of a glyph mapped to no character
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# "exam-\nple" -> "example" (a letter, a hyphen or soft hyphen at the line end, a lowercase letter)
_HYPHEN_BREAK_RE = re.compile(r"([^\W\d_])[-\u00ad][ \t]*(?:\r\n|\r|\n)[ \t]*([a-z])")
_LINE_RE = re.compile(r"[^\r\n]+")
_MARKER_RE = re.compile(
    r"(?:[\u2022\u25e6\u25aa\u2023\u25cf\u25cb\u25a0\u25a1\u2013\u2014*-]|\d{1,3}[.)])[ \t]+(?=\S)"
)
_PAGE_NUMBER_RE = re.compile(r"[\W_]*(?:\d{1,4}|[ivxlcdm]{1,7})[\W_]*", re.I)
_WORD_RE = re.compile(r"\w")
_EDGE = 3  # running headers and footers: among the first and last 3 paragraphs of a page


def clean_pdf(raw: str) -> str:
    """Hyphenated line ends joined, soft hyphens and unmapped glyphs dropped, ligatures spelled out."""
    if "\n" in raw or "\r" in raw:
        raw = _HYPHEN_BREAK_RE.sub(r"\1\2", raw)
    raw = raw.replace("\u00ad", "").translate(_LIGATURES)
    return fold_whitespace(CID_RE.sub("", raw) if "(cid:" in raw else raw)


@dataclass(frozen=True)
class _Segment:
    kind: str  # PARAGRAPH or ITEM
    start: int
    end: int
    marker: int  # ITEM: where its bullet or number starts
    page: int
    lines: int


def pdf_blocks(text: str, body_start: int = 0) -> Parsed:
    """Paragraphs, guessed headings and list items of every page; running headers left out."""
    pages = _paragraphs_by_page(text, body_start)
    running = _running_lines(text, pages)
    skipped: Counter = Counter()
    segments = []
    for number, paragraphs in enumerate(pages):
        for index, (start, end) in enumerate(paragraphs):
            raw = text[start:end]
            if _PAGE_NUMBER_RE.fullmatch(raw):
                skipped["page number"] += 1
            elif _is_edge(index, len(paragraphs)) and _key(raw) in running:
                skipped["page header"] += 1
            else:
                segments.extend(_segments(text, start, end, number))
    kept = [s for s in _rejoined(text, segments) if _WORD_RE.search(clean_pdf(text[s.start : s.end]))]
    return Parsed(tuple(_blocks(text, kept)), skipped)


def _paragraphs_by_page(text: str, body_start: int) -> list[list[tuple[int, int]]]:
    pages, start = [], body_start
    while True:
        end = text.find("\f", start)
        pages.append(list(paragraph_spans(text, start, len(text) if end < 0 else end)))
        if end < 0:
            return pages
        start = end + 1


def _key(raw: str) -> str:
    return re.sub(r"\d+", "#", fold_whitespace(raw))


def _is_edge(index: int, count: int) -> bool:
    return index < _EDGE or index >= count - _EDGE


def _running_lines(text: str, pages: list[list[tuple[int, int]]]) -> set[str]:
    """Texts (numbers aside) at the top or bottom of at least 3 pages and half of them."""
    counts: Counter = Counter()
    for paragraphs in pages:
        edges = paragraphs[:_EDGE] + paragraphs[-_EDGE:]
        counts.update({_key(text[start:end]) for start, end in edges})
    return {key for key, n in counts.items() if n >= 3 and 2 * n >= len(pages)}


def _segments(text: str, start: int, end: int, page: int) -> list[_Segment]:
    """A paragraph's lines: those starting with a bullet or number open list items."""
    segments: list[_Segment] = []
    for line in _LINE_RE.finditer(text, start, end):
        first, last = trimmed(text, line.start(), line.end())
        if first >= last:
            continue
        marker = _MARKER_RE.match(text, first, last)
        if marker:
            segments.append(_Segment(ITEM, marker.end(), last, first, page, 1))
        elif segments:
            previous = segments[-1]
            segments[-1] = _Segment(
                previous.kind, previous.start, last, previous.marker, page, previous.lines + 1
            )
        else:
            segments.append(_Segment(PARAGRAPH, first, last, first, page, 1))
    return segments


def _rejoined(text: str, segments: list[_Segment]) -> list[_Segment]:
    """A paragraph the layout analysis cut in two (the next part starts in lowercase after no
    sentence end, on the same page) read as one."""
    joined: list[_Segment] = []
    for segment in segments:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and segment.kind == PARAGRAPH
            and previous.page == segment.page
            and text[previous.end - 1] not in ".!?:"
            and text[segment.start].islower()
        ):
            lines = previous.lines + segment.lines
            joined[-1] = _Segment(
                previous.kind, previous.start, segment.end, previous.marker, segment.page, lines
            )
        else:
            joined.append(segment)
    return joined


def _blocks(text: str, segments: list[_Segment]) -> list[Block]:
    blocks: list[Block] = []
    section: tuple[str, ...] = ()
    i = 0
    while i < len(segments):
        segment = segments[i]
        if segment.kind == ITEM:
            j = i
            while j < len(segments) and segments[j].kind == ITEM and segments[j].page == segment.page:
                j += 1
            parent = len(blocks)
            blocks.append(Block(LIST, segment.marker, segments[j - 1].end, section))
            blocks.extend(Block(ITEM, s.start, s.end, section, parent=parent) for s in segments[i:j])
            i = j
            continue
        raw = text[segment.start : segment.end]
        if segment.lines == 1 and i + 1 < len(segments) and _looks_like_heading(raw):
            blocks.append(Block(HEADING, segment.start, segment.end))
            section = (clean_pdf(raw),)
        else:
            blocks.append(Block(PARAGRAPH, segment.start, segment.end, section))
        i += 1
    return blocks


def _looks_like_heading(line: str) -> bool:
    """A short line that starts like a title and does not end like a sentence."""
    words = line.split()
    return (
        len(line) <= 80
        and len(words) <= 12
        and (line[0].isupper() or line[0].isdigit())
        and line[-1] not in ".,;:!?"
        and any(c.isalpha() for c in line)
    )
