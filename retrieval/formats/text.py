"""Plain text (`.txt`): paragraphs are runs of lines between blank lines."""

from __future__ import annotations

import re

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
        blocks = []
        pos = body_start
        for match in PARAGRAPH_BREAK_RE.finditer(text, body_start):
            blocks.append(_trimmed(text, pos, match.start()))
            pos = match.end()
        blocks.append(_trimmed(text, pos, len(text)))
        return Parsed(tuple(b for b in blocks if b is not None))

    def clean(self, raw: str, kind: str) -> str:
        return fold_whitespace(raw)


def _trimmed(text: str, start: int, end: int) -> Block | None:
    chunk = text[start:end]
    if not chunk.strip():
        return None
    lead, trail = len(chunk) - len(chunk.lstrip()), len(chunk) - len(chunk.rstrip())
    return Block(PARAGRAPH, start + lead, end - trail)
