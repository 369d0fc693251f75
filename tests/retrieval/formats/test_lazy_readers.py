"""A format's parser is imported when a document of that format is read, not before."""

import subprocess
import sys
from pathlib import Path

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
