"""Load a folder into Documents: which files, their encodings, and what was left out and why.

Every file with a reader (`formats.reader_for`) is read; text formats are decoded (UTF-8 with
or without BOM, UTF-16 with a BOM, else Windows-1252 with a warning), binary ones (PDF) give
their text through their reader. Files of other types, unreadable folders and link loops are
summed up in one line each; a file reached twice through links is read once.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import RetrievalError
from .file_filter import FileFilter
from .formats import FormatError, Reader, reader_for
from .models import Document, SkippedFile

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
# A leading metadata line: `date 2023-11-09` (or `Date: 2023-11-09`), possibly followed by
# text on the same line. Only a real calendar date counts.
DATE_RE = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}-\d{2})(?![\w-])[ \t]*(?:\r?\n)?", re.IGNORECASE)
CP1252_NOTE = "not UTF-8: read as Windows-1252"


@dataclass(frozen=True)
class LoadedFolder:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]  # files of a supported type that could not be used
    notices: tuple[str, ...] = ()  # one line each: unsupported types, unreadable folders, loops


@dataclass(frozen=True)
class FoundFiles:
    files: list[tuple[str, Path]]  # (relative path, path), sorted, each file once
    unsupported: Counter  # suffix -> how many files of that type
    problems: list[str]  # folders that could not be read, link loops


def find_files(folder: Path, file_filter: FileFilter | None = None) -> FoundFiles:
    """Every supported file below folder in a stable (sorted) order; hidden entries left out.

    A link to a file or folder inside the folder is not followed (the target is read under its
    own path); a link that points to a folder above it is a loop, reported; links leading
    outside are followed, each folder once.
    """
    walk = _Walk(folder.resolve(), file_filter or FileFilter())
    walk.visit(folder, "")
    return FoundFiles(_once_each(sorted(walk.found)), walk.unsupported, sorted(walk.problems))


class _Walk:
    def __init__(self, root: Path, file_filter: FileFilter) -> None:
        self.root, self.file_filter = root, file_filter
        self.found: list[tuple[str, Path]] = []
        self.unsupported: Counter = Counter()
        self.problems: list[str] = []
        self.seen: set[tuple[int, int]] = set()

    def visit(self, path: Path, rel: str) -> None:
        identity = _identity(path)
        if identity in self.seen:
            return  # reached again through a link from outside: read once
        self.seen.add(identity)
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(f"{rel or '.'} ({exc.strerror or exc})")
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self.entry(entry, f"{rel}/{entry.name}" if rel else entry.name)

    def entry(self, entry: os.DirEntry, rel: str) -> None:
        if entry.is_symlink() and self.inside(entry, rel):
            return
        if _is_dir(entry):
            self.visit(Path(entry.path), rel)
        elif not self.file_filter.wanted(rel):
            return
        elif reader_for(rel) is None:
            self.unsupported[Path(entry.name).suffix.lower() or "(no suffix)"] += 1
        else:
            self.found.append((rel, Path(entry.path)))

    def inside(self, link: os.DirEntry, rel: str) -> bool:
        """Whether a link points inside the folder (a loop when it points above itself)."""
        try:
            target = Path(link.path).resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop resolve cannot end
            self.problems.append(f"{rel} (a broken or looping link)")
            return True
        if not target.is_relative_to(self.root):
            return False
        if Path(link.path).parent.resolve().is_relative_to(target) and target.is_dir():
            self.problems.append(f"{rel} (a link loop: it points to a folder above it)")
        return True


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows links
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, hash(str(path)))
    return (stat.st_dev, stat.st_ino)


def _once_each(found: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Each file once (the first path in sorted order), however many links reach it."""
    seen: set[tuple[int, int]] = set()
    out = []
    for rel, path in found:
        identity = _identity(path)
        if identity not in seen:
            seen.add(identity)
            out.append((rel, path))
    return out


def decode(data: bytes) -> tuple[str, str | None] | None:
    """The text, and a note when it was not UTF-8; None for binary data.

    UTF-8 (a BOM removed), UTF-16 with a BOM, else Windows-1252 (which never fails).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # errors="replace": the five bytes Windows-1252 leaves unassigned become U+FFFD (one byte,
    # one character, like every other byte of this encoding)
    return data.decode("cp1252", errors="replace"), CP1252_NOTE


def is_real_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_document(rel_path: str, text: str, content_hash: str = "") -> Document:
    """Build a Document, taking a leading `date YYYY-MM-DD` out of the body."""
    match = DATE_RE.match(text)
    if match and is_real_date(match.group(1)):
        date, body_start = match.group(1), match.end()
    else:
        date, body_start = None, 0
    return Document(rel_path, text, date, body_start, content_hash)


def read_document(path: Path, rel_path: str) -> Document | SkippedFile:
    reader = reader_for(rel_path)
    assert reader is not None, rel_path  # find_files keeps only files with a reader
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SkippedFile(rel_path, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        return SkippedFile(rel_path, f"cannot be read ({exc.strerror or exc})")
    text = _text_of(reader, rel_path, data)
    if isinstance(text, SkippedFile):
        return text
    if not text.strip():
        return SkippedFile(rel_path, "empty")
    document = parse_document(rel_path, text, hashlib.sha256(data).hexdigest())
    if not text[document.body_start :].strip():
        return SkippedFile(rel_path, "only a metadata line, no text")
    return document


def _text_of(reader: Reader, rel_path: str, data: bytes) -> str | SkippedFile:
    if reader.binary:
        try:
            return reader.extract(data)  # type: ignore[attr-defined]
        except FormatError as exc:
            return SkippedFile(rel_path, str(exc))
    decoded = decode(data)
    if decoded is None:
        return SkippedFile(rel_path, "binary (contains NUL bytes)")
    text, note = decoded
    if note:
        log.warning("%s: %s", rel_path, note)
    return text


def load_folder(folder: str | Path, file_filter: FileFilter | None = None) -> LoadedFolder:
    """Load every usable document under folder; unusable files are skipped with a warning."""
    root = Path(folder)
    if not root.exists():
        raise RetrievalError(f"documents folder not found: {root}")
    if not root.is_dir():
        raise RetrievalError(f"not a folder: {root}")
    found = find_files(root, file_filter)
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    for rel_path, path in found.files:
        item = read_document(path, rel_path)
        if isinstance(item, SkippedFile):
            log.warning("skipped %s: %s", item.path, item.reason)
            skipped.append(item)
        else:
            documents.append(item)
    notices = tuple(n for n in (unsupported_notice(found.unsupported), problems_notice(found.problems)) if n)
    for notice in notices:
        log.warning("%s", notice)
    return LoadedFolder(tuple(documents), tuple(skipped), notices)


def unsupported_notice(unsupported: Counter) -> str:
    """ "skipped 12 files of unsupported types: .png x10, .docx x2" (empty when none)."""
    if not unsupported:
        return ""
    total = sum(unsupported.values())
    kinds = ", ".join(
        f"{suffix} x{count}" for suffix, count in sorted(unsupported.items(), key=lambda i: (-i[1], i[0]))
    )
    return f"skipped {total} file{'s' if total != 1 else ''} of unsupported types: {kinds}"


def problems_notice(problems: list[str]) -> str:
    if not problems:
        return ""
    shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
    return f"could not read {len(problems)} folder{'s' if len(problems) != 1 else ''}: {shown}"
