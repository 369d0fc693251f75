"""Load a folder of UTF-8 `.txt` / `.md` files into Documents, skipping what is not text."""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import RetrievalError
from .models import Document, SkippedFile

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 50 * 1024 * 1024
# A leading metadata line: `date 2023-11-09` (or `Date: 2023-11-09`), possibly followed by
# text on the same line. Only a real calendar date counts.
DATE_RE = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}-\d{2})(?![\w-])[ \t]*(?:\r?\n)?", re.IGNORECASE)


@dataclass(frozen=True)
class LoadedFolder:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]


def find_files(folder: Path) -> list[Path]:
    """Every .txt/.md file below folder, in a stable (sorted) order, hidden folders left out."""
    files = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file():
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def decode(data: bytes) -> str | None:
    """Strict UTF-8 (BOM removed), or None when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SkippedFile(rel_path, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        return SkippedFile(rel_path, f"cannot be read ({exc.strerror or exc})")
    if b"\x00" in data:
        return SkippedFile(rel_path, "binary (contains NUL bytes)")
    text = decode(data)
    if text is None:
        return SkippedFile(rel_path, "not UTF-8 text")
    if not text.strip():
        return SkippedFile(rel_path, "empty")
    document = parse_document(rel_path, text, hashlib.sha256(data).hexdigest())
    if not text[document.body_start :].strip():
        return SkippedFile(rel_path, "only a metadata line, no text")
    return document


def load_folder(folder: str | Path) -> LoadedFolder:
    """Load every usable document under folder; unusable files are skipped with a warning."""
    root = Path(folder)
    if not root.exists():
        raise RetrievalError(f"documents folder not found: {root}")
    if not root.is_dir():
        raise RetrievalError(f"not a folder: {root}")
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    for path in find_files(root):
        rel_path = path.relative_to(root).as_posix()
        item = read_document(path, rel_path)
        if isinstance(item, SkippedFile):
            log.warning("skipped %s: %s", item.path, item.reason)
            skipped.append(item)
        else:
            documents.append(item)
    return LoadedFolder(tuple(documents), tuple(skipped))
