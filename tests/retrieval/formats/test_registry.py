"""Which reader reads which file, and a format's parser imported only when it is needed."""

import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.formats import reader_for
from retrieval.formats.html import HtmlReader
from retrieval.formats.markdown import MarkdownReader
from retrieval.formats.pdf import PdfReader
from retrieval.formats.rst import RstReader
from retrieval.formats.text import TextReader


@pytest.mark.parametrize(
    ("paths", "name", "cls", "binary"),
    [
        (("notes.txt", "NOTES.TXT"), "text", TextReader, False),
        (("docs/index.md", "README.MARKDOWN"), "markdown", MarkdownReader, False),
        (("docs/intro.rst", "docs/INTRO.REST"), "rst", RstReader, False),
        (("docs/page.html", "DOCS/PAGE.HTM"), "html", HtmlReader, False),
        (("manuals/Widget.PDF",), "pdf", PdfReader, True),
    ],
)
def test_a_reader_per_suffix_in_any_case(paths, name, cls, binary):
    for path in paths:
        reader = reader_for(path)
        assert reader is not None and reader.name == name and reader.binary == binary
        assert isinstance(getattr(reader, "reader", reader), cls)  # lazily imported ones proxy it


@pytest.mark.parametrize("path", ["Makefile", "docs.d/notes", "image.png", "archive.tar.gz"])
def test_other_files_have_no_reader(path):
    assert reader_for(path) is None


HEAVY = ("docutils", "markdown_it", "pdfminer")


def modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_loading_plain_text_imports_no_parser(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("The cache lives in the home folder.\n", encoding="utf-8")
    loaded = modules_after(
        f"from retrieval import Engine\nEngine.from_folder({str(tmp_path)!r}, semantic='off')"
    )
    assert "retrieval" in loaded
    assert not loaded & set(HEAVY)


def test_a_markdown_file_imports_markdown_it_only(tmp_path: Path):
    (tmp_path / "guide.md").write_text("# Cache\n\nThe cache lives in the home folder.\n", encoding="utf-8")
    loaded = modules_after(
        f"from retrieval import Engine\nEngine.from_folder({str(tmp_path)!r}, semantic='off')"
    )
    assert "markdown_it" in loaded
    assert not loaded & {"docutils", "pdfminer"}
