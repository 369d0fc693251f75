"""Makes the small PDFs of the PDF reader's tests (not run by the tests: the PDFs are committed).

    python -m venv /tmp/venv-fpdf && /tmp/venv-fpdf/bin/pip install fpdf2==2.8.9 cryptography
    /tmp/venv-fpdf/bin/python tests/data/formats/make_pdfs.py tests/data/formats

Every line is placed by hand (no automatic wrapping), so the text layer holds exactly these
lines: a hyphenated line end ("exam-" / "ple"), a ligature character (U+FB01), a soft hyphen,
a running header and footer on every page, a list. Fonts: DejaVu Sans (Debian's fonts-dejavu-core).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import EncryptionMethod

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

PAGES = [
    [
        ("h", "1 Getting started"),
        (
            "p",
            [
                "Widget is a small tool that keeps a folder in sync with a server. This manual",
                "explains how to install it and how to set its options.",
            ],
        ),
        (
            "p",
            [
                "Each sync sends only the changed parts of a file. For exam-",
                "ple, a one-line edit to a large log sends a few bytes.",
            ],
        ),
        ("h", "Configuration files"),
        (
            "p",
            [
                "The con\ufb01guration lives in widget.toml, next to the folder it",
                "describes. Settings in the \ufb01le override the built-in defaults.",
            ],
        ),
    ],
    [
        ("h", "2 Installation"),
        (
            "p",
            [
                "Install Widget with pip install widget. It needs Python 3.11 or later and",
                "works on Linux, macOS and Windows.",
            ],
        ),
        (
            "p",
            [
                "On a server without internet access, download the wheel on another machine",
                "and copy it over; pip installs it from the local \ufb01le.",
            ],
        ),
        (
            "p",
            [
                "A proxy is used when HTTPS_PROXY is set. Self-signed certi\u00adficates need",
                "the --ca-bundle option.",
            ],
        ),
    ],
    [
        ("h", "3 Options"),
        ("p", ["The options most people change are:"]),
        (
            "l",
            [
                "\u2022 interval: seconds between two syncs (default 60);",
                "\u2022 exclude: glob patterns of files to leave alone;",
                "\u2022 retries: how often a failed upload is tried again.",
            ],
        ),
        ("p", ["To reset every option, delete widget.toml and run widget init again."]),
        ("l", ["1. Stop the service.", "2. Edit widget.toml.", "3. Start the service again."]),
    ],
]


def manual(path: Path) -> None:
    pdf = FPDF(format=(148, 210))
    pdf.set_compression(True)
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_auto_page_break(False)
    for number, blocks in enumerate(PAGES, start=1):
        pdf.add_page()
        pdf.set_font("DejaVu", "", 7)
        pdf.text(12, 10, "Widget Manual")
        pdf.text(12, 200, f"Page {number} of {len(PAGES)}")
        y = 24.0
        for kind, lines in blocks:
            if kind == "h":
                pdf.set_font("DejaVu", "", 11)
                pdf.text(12, y, lines)
                y += 9
                continue
            pdf.set_font("DejaVu", "", 8)
            for line in lines:
                pdf.text(12 if kind == "p" else 16, y, line)
                y += 4.2
            y += 4
    pdf.output(str(path))


def image_only(path: Path) -> None:
    """A 'scanned' page: drawn shapes and no text at all."""
    pdf = FPDF(format=(105, 148))
    pdf.add_page()
    for i in range(8):
        pdf.rect(10, 10 + i * 8, 60 + i * 3, 4, style="F")
    pdf.output(str(path))


def encrypted(path: Path, user_password: str) -> None:
    pdf = FPDF(format=(105, 148))
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    pdf.text(10, 20, "Secret text behind a password." if user_password else "Readable by anyone.")
    pdf.set_encryption(
        owner_password="owner", user_password=user_password, encryption_method=EncryptionMethod.AES_128
    )
    pdf.output(str(path))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    manual(out / "manual.pdf")
    image_only(out / "scanned.pdf")
    encrypted(out / "encrypted.pdf", "secret")
    encrypted(out / "owner_only.pdf", "")
