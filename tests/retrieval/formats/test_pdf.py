"""The PDF reader: the text layer page by page, guessed blocks, clean text, clear errors."""

from __future__ import annotations

import io
import logging
import random
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.formats.base import HEADING, ITEM, LIST, PARAGRAPH, PROSE, FormatError, check_blocks
from retrieval.formats.pdf import PdfReader
from retrieval.sentences import sentence_spans

DATA = Path(__file__).resolve().parents[2] / "data" / "formats"
READER = PdfReader()


def pdf(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(scope="module")
def manual() -> str:
    return READER.extract(pdf("manual.pdf"))


def test_extract_gives_pages_separated_by_form_feeds(manual):
    pages = manual.split("\f")
    assert len(pages) == 3
    assert pages[0].startswith("Widget Manual\n\n1 Getting started\n\nWidget is a small tool")
    assert "For exam-\nple, a one-line edit" in pages[0]  # the source keeps the hyphenated line end
    assert "con\ufb01guration" in pages[0] and "certi\u00adficates" in pages[1]
    assert pages[2].endswith("3. Start the service again.\n\nPage 3 of 3")


def test_manual_blocks(manual):
    parsed = READER.parse(manual)
    check_blocks(manual, parsed)
    rows = [
        (
            b.kind,
            READER.clean(manual[b.start : b.end], b.kind),
            b.section,
            b.parent,
            manual.count("\f", 0, b.start) + 1,
        )
        for b in parsed.blocks
    ]
    started, config, install, options = (
        ("1 Getting started",),
        ("Configuration files",),
        ("2 Installation",),
        ("3 Options",),
    )
    assert rows == [
        (HEADING, "1 Getting started", (), None, 1),
        (
            PARAGRAPH,
            "Widget is a small tool that keeps a folder in sync with a server. This manual explains how to "
            "install it and how to set its options.",
            started,
            None,
            1,
        ),
        (
            PARAGRAPH,
            "Each sync sends only the changed parts of a file. For example, a one-line edit to a large log "
            "sends a few bytes.",
            started,
            None,
            1,
        ),
        (HEADING, "Configuration files", (), None, 1),
        (
            PARAGRAPH,
            "The configuration lives in widget.toml, next to the folder it describes. Settings in the file "
            "override the built-in defaults.",
            config,
            None,
            1,
        ),
        (HEADING, "2 Installation", (), None, 2),
        (
            PARAGRAPH,
            "Install Widget with pip install widget. It needs Python 3.11 or later and works on Linux, macOS "
            "and Windows.",
            install,
            None,
            2,
        ),
        (
            PARAGRAPH,
            "On a server without internet access, download the wheel on another machine and copy it over; "
            "pip installs it from the local file.",
            install,
            None,
            2,
        ),
        (
            PARAGRAPH,
            "A proxy is used when HTTPS_PROXY is set. Self-signed certificates need the --ca-bundle option.",
            install,
            None,
            2,
        ),
        (HEADING, "3 Options", (), None, 3),
        (PARAGRAPH, "The options most people change are:", options, None, 3),
        (
            LIST,
            "• interval: seconds between two syncs (default 60); • exclude: glob patterns of files to leave "
            "alone; • retries: how often a failed upload is tried again.",
            options,
            None,
            3,
        ),
        (ITEM, "interval: seconds between two syncs (default 60);", options, 11, 3),
        (ITEM, "exclude: glob patterns of files to leave alone;", options, 11, 3),
        (ITEM, "retries: how often a failed upload is tried again.", options, 11, 3),
        (PARAGRAPH, "To reset every option, delete widget.toml and run widget init again.", options, None, 3),
        (LIST, "1. Stop the service. 2. Edit widget.toml. 3. Start the service again.", options, None, 3),
        (ITEM, "Stop the service.", options, 16, 3),
        (ITEM, "Edit widget.toml.", options, 16, 3),
        (ITEM, "Start the service again.", options, 16, 3),
    ]
    assert parsed.skipped == {"page header": 6}  # "Widget Manual" and "Page N of 3" on each page
    assert (
        manual[parsed.blocks[2].start : parsed.blocks[2].end].count("exam-\nple") == 1
    )  # the span is the source


def test_no_soft_hyphens_ligatures_or_unmapped_glyphs_in_clean_text(manual):
    parsed = READER.parse(manual)
    units = [
        READER.clean(manual[s:e], b.kind)
        for b in parsed.blocks
        if b.kind in PROSE
        for s, e in sentence_spans(manual, b.start, b.end)
    ]
    units += [READER.clean(manual[b.start : b.end], b.kind) for b in parsed.blocks]
    assert len(units) > 30
    for text in units:
        assert not re.search("[\u00ad\ufb00-\ufb06\f]|\\(cid:|-\n| {2}", text), text
        assert text == text.strip()


def test_clean():
    assert (
        READER.clean("For exam-\nple, the con\ufb01g and e\ufb00ect", PARAGRAPH)
        == "For example, the config and effect"
    )
    assert (
        READER.clean("certi\u00adficate and certi\u00ad\r\nficate", PARAGRAPH)
        == "certificate and certificate"
    )
    assert (
        READER.clean("pages 2-\n3 and see-\nAlso", PARAGRAPH) == "pages 2- 3 and see- Also"
    )  # not a word break
    assert READER.clean("a(cid:12)b  c\n d", PARAGRAPH) == "ab c d"


def test_no_text_layer():
    with pytest.raises(FormatError, match=r"^no text layer \(a scanned PDF\?\)$"):
        READER.extract(pdf("scanned.pdf"))


def test_encrypted_unless_the_empty_password_opens_it():
    with pytest.raises(FormatError, match="^encrypted$"):
        READER.extract(pdf("encrypted.pdf"))
    assert READER.extract(pdf("owner_only.pdf")) == "Readable by anyone."  # AES-128, owner password only


@pytest.mark.parametrize("data", [b"", b"garbage", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj << /Type /Catalog"])
def test_not_a_pdf(data, capfd):
    with pytest.raises(FormatError, match=r"^not a readable PDF \(.+\)$"):
        READER.extract(data)
    assert capfd.readouterr() == ("", "")


def test_truncated_and_damaged_files_raise_format_error_quietly(capfd):
    """pdfminer logs "Data-loss while decompressing corrupted data" and the like: never shown."""
    data = pdf("manual.pdf")
    variants = [data[:cut] for cut in range(0, len(data), len(data) // 25)]
    rng = random.Random(3)
    for _ in range(40):
        damaged = bytearray(data)
        for _ in range(10):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        variants.append(bytes(damaged))
    for variant in variants:
        try:
            READER.extract(variant)
        except FormatError:
            pass
    assert capfd.readouterr() == ("", "")


LOOPING = b"%PDF-1.4\n1 0 obj\n2 0 R\nendobj\n2 0 obj\n1 0 R\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_a_damaged_file_whose_references_loop_is_skipped_not_a_hang(tmp_path):
    # make fuzz found it: pdfminer followed "1 0 R" -> "2 0 R" -> "1 0 R" forever, which hung
    # the whole build. A child process, so that a hang fails the test instead of the run.
    (tmp_path / "loop.pdf").write_bytes(LOOPING)
    (tmp_path / "notes.txt").write_text("The widget is blue.\n", encoding="utf-8")
    code = (
        "import sys; from retrieval import Engine; e = Engine.from_folder(sys.argv[1]); "
        "print([d.path for d in e.documents], [(s.path, s.reason) for s in e.skipped])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['notes.txt'] [('loop.pdf', 'no text layer (a scanned PDF?)')]"


def test_logging_setup_is_left_as_it_was():
    logger = logging.getLogger("pdfminer")
    before = logger.level
    with pytest.raises(FormatError):
        READER.extract(b"%PDF-1.4 broken")
    READER.extract(pdf("manual.pdf"))
    assert logger.level == before and not logger.disabled


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_files_give_text_or_format_error(data):
    original = bytearray(pdf("manual.pdf"))
    for _ in range(data.draw(st.integers(1, 20))):
        original[data.draw(st.integers(0, len(original) - 1))] = data.draw(st.integers(0, 255))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            text = READER.extract(bytes(original))
        except FormatError:
            text = ""
        check_blocks(text, READER.parse(text))
    assert (out.getvalue(), err.getvalue()) == ("", "")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "\f",
                "\n",
                "\n\n",
                " ",
                "• ",
                "1. ",
                "-",
                "exam-\nple",
                "Title",
                "word.",
                "\u00ad",
                "\ufb01",
                "\r\n",
                "7",
                "(cid:3)",
            ]
        ),
        max_size=40,
    )
)
def test_any_extracted_text_parses(pieces):
    text = "".join(pieces)
    parsed = READER.parse(text)
    check_blocks(text, parsed)
    for block in parsed.blocks:
        assert "\f" not in text[block.start : block.end]  # a block never spans pages
        READER.clean(text[block.start : block.end], block.kind)
