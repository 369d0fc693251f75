"""Document formats: one reader per format, each giving blocks with exact source offsets.

`reader_for(path)` picks the reader by the file's suffix (None: not a supported type). A
reader's module (and its parser: docutils, markdown-it, pdfminer) is imported the first time
a document of its format is read: a folder of Markdown never pays for docutils.
"""

from __future__ import annotations

from importlib import import_module

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
from .text import TextReader


class LazyReader:
    """A reader whose module is imported on first use (its name and suffixes are known)."""

    def __init__(self, module: str, cls: str, name: str, suffixes: tuple[str, ...], binary: bool) -> None:
        self.module, self.cls = module, cls
        self.name, self.suffixes, self.binary = name, suffixes, binary
        self._reader: Reader | None = None

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            self._reader = getattr(import_module(self.module, __package__), self.cls)()
        return self._reader

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        return self.reader.parse(text, body_start)

    def clean(self, raw: str, kind: str) -> str:
        return self.reader.clean(raw, kind)

    def extract(self, data: bytes) -> str:
        return self.reader.extract(data)  # type: ignore[attr-defined]


READERS: tuple[Reader, ...] = (
    TextReader(),
    LazyReader(".markdown", "MarkdownReader", "markdown", (".md", ".markdown"), False),
    LazyReader(".rst", "RstReader", "rst", (".rst", ".rest"), False),
    LazyReader(".html", "HtmlReader", "html", (".html", ".htm"), False),
    LazyReader(".pdf", "PdfReader", "pdf", (".pdf",), True),
)
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
