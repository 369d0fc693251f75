import logging

import pytest

from retrieval.documents import load_folder
from retrieval.errors import RetrievalError
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
        ("latin1.txt", "café au lait".encode("latin-1"), "not UTF-8 text"),
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
    write(tmp_path / "notes.rst", b"Not a supported suffix.")
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
    write(docs / "empty.md", b"# Only a heading\n\n```\ncode()\n```\n")
    cache_dir = tmp_path / "cache" if cache else None
    Engine.from_folder(docs, cache_dir=cache_dir)  # a cold start, then (with a cache) a warm one
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        engine = Engine.from_folder(docs, cache_dir=cache_dir)
    assert [(s.path, s.reason) for s in engine.skipped] == [("empty.md", NO_SENTENCES)]
    assert engine.sentence_counts() == {"empty.md": 0, "good.txt": 1}
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"skipped empty.md: {NO_SENTENCES}"]
