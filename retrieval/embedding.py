"""Static sentence embeddings: the shipped model2vec distillation of all-MiniLM-L6-v2.

A static model is a table of one vector per token: a text's vector is the mean of its tokens'
rows, L2-normalised. No torch and no model2vec at run time, only numpy and `tokenizers`; the
files are in retrieval/model/ (README.md there says where they come from).

`encode` reproduces `model2vec.StaticModel.encode` (model2vec 0.10.0) on these files: the text
cut to `max_length * median token length` characters, WordPiece ids without special tokens,
truncated to `max_length` tokens, unknown-token ids dropped, the mean of the rows (summed in
float32), divided by (norm + 1e-32). A text with no known token (the empty string, only
whitespace) gets the zero vector, as in model2vec. The table stays in its stored dtype (int8
for the shipped model, whose rows share one scale that neither stores: normalising cancels it);
for a float16 table model2vec rounds its output to float16 and this module does not
(tests/retrieval/test_embedding.py compares with model2vec's own vectors).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
# Texts encoded per step: bounds the temporary (tokens x dim) array of a large batch.
BATCH_SIZE = 1024


@dataclass(frozen=True)
class ModelInfo:
    """What config.json says about the shipped files (the ones encoding depends on)."""

    dim: int
    max_length: int | None
    normalize: bool


class StaticEmbedder:
    """Token table + tokenizer; `encode` maps texts to float32 rows of unit length.

    The embedder owns the tokenizer it is given: it sets its truncation and padding.
    """

    def __init__(
        self, vectors: np.ndarray, tokenizer: Tokenizer, max_length: int | None = 512, normalize: bool = True
    ) -> None:
        if vectors.ndim != 2 or vectors.shape[0] != tokenizer.get_vocab_size(with_added_tokens=True):
            raise ValueError(f"{vectors.shape} vectors for {tokenizer.get_vocab_size(True)} tokens")
        self.vectors = np.ascontiguousarray(vectors)
        self.max_length = max_length
        self.normalize = normalize
        self.tokenizer = _prepared(tokenizer, max_length)  # in place: no second copy in memory
        self.unk_id = _unknown_id(self.tokenizer)
        tokens = self.tokenizer.get_vocab(with_added_tokens=True)
        # model2vec cuts each text to this many characters before tokenizing.
        self.max_chars = None if max_length is None else max_length * int(np.median([len(t) for t in tokens]))

    @classmethod
    def load(cls, path: Path | str = MODEL_DIR) -> StaticEmbedder:
        """Read embeddings.npy, tokenizer.json and config.json from a model folder."""
        folder = Path(path)
        info = read_info(folder)
        vectors = np.load(folder / "embeddings.npy", allow_pickle=False)
        if vectors.shape[1] != info.dim:
            raise ValueError(f"{folder}: {vectors.shape[1]}-dimensional embeddings, config says {info.dim}")
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        return cls(vectors, tokenizer, max_length=info.max_length, normalize=info.normalize)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dim) float32 array: one unit-length row per text (zeros if no token)."""
        if isinstance(texts, str):
            raise TypeError("encode takes a sequence of texts; use encode_one for a single text")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH_SIZE):
            batch = texts[start : start + BATCH_SIZE]
            out[start : start + len(batch)] = self._mean_rows(self.token_ids(batch))
        if self.normalize:
            out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-32
        return out

    def encode_one(self, text: str) -> np.ndarray:
        """The (dim,) float32 vector of one text."""
        return self.encode([text])[0]

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Each text's token ids as model2vec looks them up (no special, no unknown tokens)."""
        if self.max_chars is not None:
            texts = [text[: self.max_chars] for text in texts]
        encodings = self.tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        if self.unk_id is None:
            return [e.ids for e in encodings]
        return [[i for i in e.ids if i != self.unk_id] for e in encodings]

    def _mean_rows(self, ids: list[list[int]]) -> np.ndarray:
        """The mean of each id list's rows (zeros for an empty list).

        Texts of equal token count share one (texts, count, dim) gather, as in model2vec:
        numpy then sums each text's rows in one vectorised pass.
        """
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, row in enumerate(ids):
            if row:
                by_length[len(row)].append(i)
        for length, rows in by_length.items():
            matrix = np.array([ids[i] for i in rows], dtype=np.int64)
            out[rows] = self.vectors[matrix].sum(axis=1, dtype=np.float32) / np.float32(length)
        return out


class EmbedderLoader:
    """Loads a StaticEmbedder on first call and keeps it: the caller holds one per process.

    Thread-safe, so a bot's executor threads can share one loader.
    """

    def __init__(self, path: Path | str = MODEL_DIR) -> None:
        self.path = Path(path)
        self._embedder: StaticEmbedder | None = None
        self._lock = threading.Lock()

    def __call__(self) -> StaticEmbedder:
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = StaticEmbedder.load(self.path)
        return self._embedder

    @property
    def loaded(self) -> bool:
        return self._embedder is not None


def read_info(folder: Path) -> ModelInfo:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return ModelInfo(
        dim=int(config["dim"]), max_length=config["max_length"], normalize=bool(config["normalize"])
    )


def _prepared(tokenizer: Tokenizer, max_length: int | None) -> Tokenizer:
    """The tokenizer set to truncate to max_length tokens and never pad (as model2vec sets it)."""
    tokenizer.no_padding()
    if max_length is None:
        tokenizer.no_truncation()
    else:
        tokenizer.enable_truncation(max_length)
    return tokenizer


def _unknown_id(tokenizer: Tokenizer) -> int | None:
    """The id model2vec drops: the model's unknown token (WordPiece, BPE, word level) or unk_id."""
    if hasattr(tokenizer.model, "unk_token"):
        token = tokenizer.model.unk_token
        return None if token is None else tokenizer.token_to_id(token)
    return json.loads(tokenizer.to_str())["model"].get("unk_id")
