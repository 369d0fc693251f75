"""Document formats: one reader per format, each giving blocks with exact source offsets.

`reader_for(path)` picks the reader by the file's suffix (None: not a supported type).
"""

from __future__ import annotations

from .base import (
    ADMONITION,
    CODE,
    HEADING,
    ITEM,
    LIST,
    PARAGRAPH,
    PROSE,
    TABLE,
    Block,
    FormatError,
    Parsed,
    Reader,
)
from .html import HtmlReader
from .markdown import MarkdownReader
from .pdf import PdfReader
from .rst import RstReader
from .text import TextReader

READERS: tuple[Reader, ...] = (TextReader(), MarkdownReader(), RstReader(), HtmlReader(), PdfReader())
_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}
SUFFIXES = tuple(_BY_SUFFIX)


def reader_for(path: str) -> Reader | None:
    """The reader for a file name, by its (lowercase) suffix."""
    dot = path.rfind(".")
    return _BY_SUFFIX.get(path[dot:].lower()) if dot > path.rfind("/") else None


__all__ = [
    "ADMONITION",
    "CODE",
    "HEADING",
    "ITEM",
    "LIST",
    "PARAGRAPH",
    "PROSE",
    "READERS",
    "SUFFIXES",
    "TABLE",
    "Block",
    "FormatError",
    "Parsed",
    "Reader",
    "reader_for",
]
