import codecs
import logging
import os

import pytest

from retrieval.documents import load_folder
from retrieval.errors import RetrievalError
from retrieval.file_filter import FileFilter
from tests.conftest import SEEDS


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_seed_date_becomes_metadata_not_text():
    (document,) = load_folder(SEEDS).documents
    assert document.date == "2023-11-09"
    assert document.text[document.body_start :].startswith("As tensions continue")


def test_bom_is_removed_and_date_line_parsed(tmp_path):
    write(tmp_path / "a.txt", "\ufeffdate 2024-01-02\nHello there.".encode())
    (document,) = load_folder(tmp_path).documents
    assert document.date == "2024-01-02"
    assert not document.text.startswith("\ufeff")
    assert document.text[document.body_start :] == "Hello there."


@pytest.mark.parametrize(
    "first_line, date",
    [
        ("date 2024-01-02", "2024-01-02"),
        ("Date: 2024-01-02", "2024-01-02"),
        ("date 2024-13-45", None),  # not a calendar date: left as text
        ("date 2024-1-5", None),
    ],
)
def test_only_a_real_date_line_is_metadata(tmp_path, first_line, date):
    write(tmp_path / "a.txt", f"{first_line}\nThe text.".encode())
    (document,) = load_folder(tmp_path).documents
    assert document.date == date
    assert document.text[document.body_start :].startswith("The text." if date else first_line)


def test_a_date_later_in_the_text_is_not_metadata(tmp_path):
    write(tmp_path / "a.txt", b"The meeting: date 2024-01-02 was set.")
    (document,) = load_folder(tmp_path).documents
    assert document.date is None and document.body_start == 0


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("binary.txt", b"\x00\x01\x02binary", "binary (contains NUL bytes)"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("dateonly.txt", b"date 2024-01-02\n", "only a metadata line, no text"),
    ],
)
def test_unusable_files_are_skipped_with_one_warning(tmp_path, caplog, name, data, reason):
    write(tmp_path / "good.txt", b"A usable sentence.")
    write(tmp_path / name, data)
    with caplog.at_level(logging.WARNING):
        loaded = load_folder(tmp_path)
    assert [d.path for d in loaded.documents] == ["good.txt"]
    assert [(s.path, s.reason) for s in loaded.skipped] == [(name, reason)]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"skipped {name}: {reason}"]


def test_folders_are_read_recursively_in_a_stable_order(tmp_path):
    write(tmp_path / "b.txt", b"Bee.")
    write(tmp_path / "sub" / "a.md", b"Ay.")
    write(tmp_path / "a.txt", b"Ay too.")
    write(tmp_path / "notes.png", b"Not a supported suffix.")
    write(tmp_path / ".git" / "x.txt", b"Hidden folder.")
    paths = [d.path for d in load_folder(tmp_path).documents]
    assert paths == ["a.txt", "b.txt", "sub/a.md"]


def test_missing_folder_and_file_instead_of_folder_are_clear_errors(tmp_path):
    with pytest.raises(RetrievalError, match="not found"):
        load_folder(tmp_path / "nope")
    file = write(tmp_path / "f.txt", b"x")
    with pytest.raises(RetrievalError, match="not a folder"):
        load_folder(file)


def test_documents_carry_a_content_hash(tmp_path):
    write(tmp_path / "a.txt", b"Same text.")
    write(tmp_path / "b.txt", b"Same text.")
    write(tmp_path / "c.txt", b"Other text.")
    a, b, c = load_folder(tmp_path).documents
    assert a.content_hash == b.content_hash != c.content_hash
    assert len(a.content_hash) == 64


@pytest.mark.parametrize("cache", [False, True])
def test_a_markdown_file_without_sentences_is_reported_as_skipped(tmp_path, caplog, cache):
    from retrieval import Engine
    from retrieval.engine import NO_SENTENCES

    docs = tmp_path / "docs"
    write(docs / "good.txt", b"A usable sentence.")
    write(docs / "empty.md", b"# Only a heading\n\n<!-- and a comment -->\n")
    cache_dir = tmp_path / "cache" if cache else None
    Engine.from_folder(docs, cache_dir=cache_dir)  # a cold start, then (with a cache) a warm one
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        engine = Engine.from_folder(docs, cache_dir=cache_dir)
    assert [(s.path, s.reason) for s in engine.skipped] == [("empty.md", NO_SENTENCES)]
    assert engine.sentence_counts() == {"empty.md": 0, "good.txt": 1}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"skipped empty.md: {NO_SENTENCES}"]


def test_windows_1252_and_utf16_files_are_read(tmp_path, caplog):
    write(tmp_path / "notepad.txt", "Caf\u00e9 costs \u20ac5.".encode("utf-16"))  # with a BOM
    write(tmp_path / "big-endian.md", codecs.BOM_UTF16_BE + "Big end \u00fc.".encode("utf-16-be"))
    write(tmp_path / "windows.txt", "Caf\u00e9 costs \u20ac5 \u2013 \u201cquoted\u201d.".encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        loaded = load_folder(tmp_path)
    texts = {d.path: d.text for d in loaded.documents}
    assert texts == {
        "big-endian.md": "Big end \u00fc.",
        "notepad.txt": "Caf\u00e9 costs \u20ac5.",
        "windows.txt": "Caf\u00e9 costs \u20ac5 \u2013 \u201cquoted\u201d.",
    }
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["windows.txt: not UTF-8: read as Windows-1252"]


def test_files_of_other_types_are_summed_up_in_one_line(tmp_path, caplog):
    write(tmp_path / "a.txt", b"Text.")
    for name in ("x.png", "y.png", "sub/z.PNG", "report.docx", "Makefile"):
        write(tmp_path / name, b"\x89 not text")
    with caplog.at_level(logging.WARNING):
        loaded = load_folder(tmp_path)
    notice = "skipped 5 files of unsupported types: .png x3, (no suffix) x1, .docx x1"
    assert loaded.notices == (notice,)
    assert [r.getMessage() for r in caplog.records] == [notice]


def test_a_folder_of_only_unsupported_files_says_what_it_found(tmp_path):
    from retrieval import Engine

    write(tmp_path / "a.png", b"\x89PNG")
    write(tmp_path / "b.docx", b"PK")
    with pytest.raises(
        RetrievalError, match=r"no documents to read in .*unsupported types: .docx x1, .png x1"
    ):
        Engine.from_folder(tmp_path)


def test_links_are_read_once_and_loops_are_reported(tmp_path, caplog):
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    write(docs / "guide" / "a.md", b"Real file.")
    write(outside / "b.txt", b"Linked from outside.")
    (docs / "alias.md").symlink_to(docs / "guide" / "a.md")
    (docs / "guide" / "loop").symlink_to(docs)
    (docs / "external").symlink_to(outside)
    (docs / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    with caplog.at_level(logging.WARNING):
        loaded = load_folder(docs)
    assert [d.path for d in loaded.documents] == ["external/b.txt", "guide/a.md"]
    assert loaded.notices == (
        "could not read 2 folders: broken.txt (a broken or looping link); "
        "guide/loop (a link loop: it points to a folder above it)",
    )


def test_an_unreadable_folder_is_reported_and_the_rest_read(tmp_path, monkeypatch):
    write(tmp_path / "ok.txt", b"Readable.")
    write(tmp_path / "private" / "secret.txt", b"Hidden.")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    loaded = load_folder(tmp_path)
    assert [d.path for d in loaded.documents] == ["ok.txt"]
    assert loaded.notices == ("could not read 1 folder: private (Permission denied)",)


@pytest.mark.parametrize(
    "include, exclude, expected",
    [
        ((), (), ["CHANGELOG.md", "docs/guide.md", "docs/release-notes.md", "docs/zh/guide.md", "notes.txt"]),
        ((), ("CHANGELOG.md", "release-notes*"), ["docs/guide.md", "docs/zh/guide.md", "notes.txt"]),
        ((), ("docs/zh",), ["CHANGELOG.md", "docs/guide.md", "docs/release-notes.md", "notes.txt"]),
        (("docs/**",), ("zh",), ["docs/guide.md", "docs/release-notes.md"]),
        (("*.txt",), (), ["notes.txt"]),
    ],
)
def test_include_and_exclude_patterns(tmp_path, include, exclude, expected):
    for name in ("CHANGELOG.md", "notes.txt", "docs/guide.md", "docs/release-notes.md", "docs/zh/guide.md"):
        write(tmp_path / name, b"Some text.")
    loaded = load_folder(tmp_path, FileFilter(include, exclude))
    assert [d.path for d in loaded.documents] == expected
