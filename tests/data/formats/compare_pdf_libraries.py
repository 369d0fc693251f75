"""Compares pypdf and pdfminer.six on real PDFs (not run by the tests; README.md has the figures).

    /work/.venvs/pdf/bin/pip install pypdf pdfminer.six   # a throwaway venv; poppler-utils for pdftotext
    /work/.venvs/pdf/bin/python tests/data/formats/compare_pdf_libraries.py /tmp/pdfs/*.pdf

Words are compared with poppler's `pdftotext` (reading order mode) as the reference: precision
and recall of the multiset of words, and "order", difflib's ratio of the first 3,000 words.
"""

from __future__ import annotations

import difflib
import logging
import re
import subprocess
import sys
import time
from collections import Counter

import pypdf
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer

WORD = re.compile(r"[A-Za-z]+")


def reference(path: str) -> str:
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout


def with_pypdf(path: str, mode: str) -> list[str]:
    return [page.extract_text(extraction_mode=mode) for page in pypdf.PdfReader(path).pages]


def with_pdfminer(path: str) -> list[str]:
    return [
        "".join(box.get_text() for box in page if isinstance(box, LTTextContainer))
        for page in extract_pages(path, laparams=LAParams())
    ]


def score(ref: str, got: str) -> tuple[float, float, float]:
    ref_words = [w.lower() for w in WORD.findall(ref)]
    got_words = [w.lower() for w in WORD.findall(got)]
    common = sum((Counter(ref_words) & Counter(got_words)).values())
    order = difflib.SequenceMatcher(None, ref_words[:3000], got_words[:3000], autojunk=False).ratio()
    return common / max(len(got_words), 1), common / max(len(ref_words), 1), order


def main(paths: list[str]) -> None:
    logging.disable(logging.CRITICAL)
    extractors = {
        "pypdf": lambda p: with_pypdf(p, "plain"),
        "pypdf layout": lambda p: with_pypdf(p, "layout"),
        "pdfminer.six": with_pdfminer,
    }
    for path in paths:
        ref = reference(path)
        print(f"{path}: {ref.count(chr(12))} pages")
        for name, extract in extractors.items():
            start = time.perf_counter()
            pages = extract(path)
            per_page = (time.perf_counter() - start) / len(pages) * 1000
            text = "\f".join(pages)
            precision, recall, order = score(ref, text)
            ligatures = len(re.findall("[\ufb00-\ufb06]", text))
            hyphens = len(re.findall(r"[a-z]-\n[a-z]", text))
            print(
                f"  {name:13} {per_page:6.1f} ms/page  words: precision {precision:.3f} recall {recall:.3f}"
                f"  order {order:.3f}  ligature chars {ligatures}  hyphenated line ends {hyphens}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
