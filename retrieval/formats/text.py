"""Plain text (`.txt`): paragraphs are runs of lines between blank lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import PARAGRAPH, Block, Parsed

# Line breaks as editors count them: \r\n (Windows), \n (Unix) and a lone \r (classic Mac).
LINE_BREAK = r"(?:\r\n|\r(?!\n)|\n)"  # the lookahead: \r\n is never two breaks
PARAGRAPH_BREAK_RE = re.compile(rf"{LINE_BREAK}[ \t\f\v]*{LINE_BREAK}")


def fold_whitespace(text: str) -> str:
    """Runs of whitespace as one space, none at the ends."""
    if single_spaced(text):
        return text  # most sentences: nothing to fold, so no split and join
    return " ".join(text.split())  # str.split: same whitespace as \s


def single_spaced(text: str) -> bool:
    """Whether text's only whitespace is single spaces between words (folding keeps it as is).

    Every whitespace character other than the space is non-printable (a test checks all of
    Unicode), so `isprintable` rules out tabs, newlines and the like in one pass.
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


class TextReader:
    name = "text"
    suffixes = (".txt",)
    binary = False

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        return Parsed(tuple(Block(PARAGRAPH, s, e) for s, e in paragraph_spans(text, body_start, len(text))))

    def clean(self, raw: str, kind: str) -> str:
        return fold_whitespace(raw)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without its leading and trailing whitespace (start >= end: blank)."""
    chunk = text[start:end]
    return start + len(chunk) - len(chunk.lstrip()), end - len(chunk) + len(chunk.rstrip())


def paragraph_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The blank-line separated spans of text[start:end], whitespace trimmed."""
    for match in [*PARAGRAPH_BREAK_RE.finditer(text, start, end), None]:
        stop = match.start() if match else end
        first, last = trimmed(text, start, stop)
        if last > first:
            yield first, last
        start = match.end() if match else end
