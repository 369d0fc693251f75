"""PDF (`.pdf`): the text layer, page by page, read with pdfminer.six.

`extract` makes the document's text: each page's text boxes (pdfminer's layout analysis:
lines grouped into paragraphs, columns read one after the other) separated by a blank line,
pages separated by a form feed, so the pipeline counts the page from the form feeds and the
line from the newlines. `parse` reads that text back: paragraphs are the blank-line separated
boxes; a single short line without final punctuation followed by more text is guessed to be a
heading; lines starting with a bullet or a number are list items; the running header and
footer repeated on most pages, and lone page numbers, are left out. `clean` joins words
hyphenated at a line end, drops soft hyphens and unmapped glyphs, and spells out ligatures.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from .base import FormatError, Parsed
from .pdf_text import CID_RE, clean_pdf, pdf_blocks

_WORD_RE = re.compile(r"\w")


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)
    binary = True

    def extract(self, data: bytes) -> str:
        """The text layer: pages separated by "\\f", text boxes within a page by a blank line."""
        pages = _page_texts(data)
        if not any(_WORD_RE.search(CID_RE.sub("", page)) for page in pages):
            raise FormatError("no text layer (a scanned PDF?)")
        return "\f".join(pages)

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        return pdf_blocks(text, body_start)

    def clean(self, raw: str, kind: str) -> str:
        return clean_pdf(raw)


def _page_texts(data: bytes) -> list[str]:
    """Each page's text boxes, in pdfminer's reading order, joined by blank lines."""
    from pdfminer.high_level import extract_pages  # imported when a PDF is read: ~0.1 s
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError

    _stop_reference_loops()
    with _quiet("pdfminer"):
        try:
            layouts = extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))
            return [
                "\n\n".join(box.rstrip("\n") for box in _boxes(layout)).replace("\f", "\n")
                for layout in layouts
            ]
        except PDFEncryptionError:
            raise FormatError("encrypted") from None
        except Exception as error:  # pdfminer raises many kinds of errors on broken files
            raise FormatError(f"not a readable PDF ({type(error).__name__}: {error})"[:200]) from None


def _stop_reference_loops() -> None:
    """Make pdfminer's object references end on a loop (a damaged file's "1 0 R" that leads
    back to itself), where its `resolve1` would follow them forever and hang the build.

    `PDFObjRef.resolve` follows the whole chain itself, once per object, and gives the
    default (as for a missing object) when the chain comes back to an object it has seen.
    """
    from pdfminer.pdftypes import PDFObjRef

    if getattr(PDFObjRef.resolve, "stops_loops", False):
        return
    one_step = PDFObjRef.resolve

    def resolve(self: PDFObjRef, default: object = None) -> object:
        seen = {self.objid}
        found = one_step(self, default)
        while isinstance(found, PDFObjRef):
            if found.objid in seen:
                return default
            seen.add(found.objid)
            found = one_step(found, default)
        return found

    resolve.stops_loops = True  # type: ignore[attr-defined]
    PDFObjRef.resolve = resolve  # type: ignore[method-assign]


def _boxes(container) -> Iterator[str]:
    """The text of the text boxes in a page, also those inside figures (form XObjects)."""
    from pdfminer.layout import LTFigure, LTTextBox

    for element in container:
        if isinstance(element, LTTextBox):
            text = element.get_text()
            if text.strip():
                yield text
        elif isinstance(element, LTFigure):
            yield from _boxes(element)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """The library's warnings about odd files muted for this call only (logging's setup untouched).

    Its module loggers have no level of their own, so raising their parent's level mutes
    them all; Python would print them on stderr when the application configured no logging.
    """
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
