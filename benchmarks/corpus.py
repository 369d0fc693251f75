"""A deterministic synthetic corpus with realistic word statistics, and questions about it.

Words follow a Zipf-Mandelbrot law over a pronounceable vocabulary (so the stemmer does real
work), mixed with English stopwords at about the rate of real prose; sentence lengths are
log-normal; sentences form paragraphs, paragraphs form documents of a few thousand sentences.
Questions take 2-5 content words of a random sentence (so most have a real answer), and one
in ten adds a word no document has.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no will "
    "what who how where"
).split()
ONSETS = [
    "",
    "b",
    "br",
    "c",
    "ch",
    "cl",
    "d",
    "dr",
    "f",
    "fl",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "pl",
    "pr",
    "r",
    "s",
    "sh",
    "sl",
    "st",
    "t",
    "th",
    "tr",
    "v",
    "w",
    "z",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"]
CODAS = ["", "n", "r", "s", "t", "l", "m", "nd", "rt", "st", "ck", "ng"]
SUFFIXES = ["", "", "", "s", "ed", "ing", "ly", "tion", "ness", "er", "al", "ment"]


def vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """`size` distinct pronounceable words, 1-3 syllables, with English-like suffixes."""
    seen: set[str] = set(FUNCTION_WORDS)
    words: list[str] = []
    while len(words) < size:
        n = int(rng.integers(1, 4))
        syllables = [
            ONSETS[rng.integers(len(ONSETS))]
            + VOWELS[rng.integers(len(VOWELS))]
            + CODAS[rng.integers(len(CODAS))]
            for _ in range(n)
        ]
        word = "".join(syllables) + SUFFIXES[rng.integers(len(SUFFIXES))]
        if len(word) > 2 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_probabilities(size: int, exponent: float = 1.07, shift: float = 2.7) -> np.ndarray:
    p = 1.0 / (np.arange(size) + 1 + shift) ** exponent
    return p / p.sum()


def sentences(n: int, seed: int = 7, vocab_size: int | None = None) -> list[str]:
    """n sentences: capitalised, ending with a full stop, ~15 words of which ~40% function words."""
    rng = np.random.default_rng(seed)
    vocab_size = vocab_size or min(200_000, max(2_000, n // 5))
    vocab = np.array(vocabulary(vocab_size, rng), dtype=object)
    lengths = np.clip(np.round(rng.lognormal(2.6, 0.45, n)), 3, 60).astype(np.int64)
    total = int(lengths.sum())
    content = vocab[rng.choice(vocab_size, size=total, p=zipf_probabilities(vocab_size))]
    function = np.array(FUNCTION_WORDS, dtype=object)[rng.integers(len(FUNCTION_WORDS), size=total)]
    tokens = np.where(rng.random(total) < 0.4, function, content)
    out = []
    pos = 0
    for length in lengths.tolist():
        words = tokens[pos : pos + length].tolist()
        pos += length
        out.append(" ".join(words).capitalize() + ".")
    return out


def write_folder(folder: Path, texts: list[str], per_document: int = 2_000, per_paragraph: int = 6) -> int:
    """Write sentences into .txt documents (paragraphs separated by blank lines); returns files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    for files, start in enumerate(range(0, len(texts), per_document), start=1):
        chunk = texts[start : start + per_document]
        paragraphs = [" ".join(chunk[i : i + per_paragraph]) for i in range(0, len(chunk), per_paragraph)]
        (folder / f"doc{files:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return files


def questions(texts: list[str], count: int, seed: int = 11) -> list[str]:
    """Questions made of 2-5 content words of random sentences; one in ten has an unknown word."""
    rng = np.random.default_rng(seed)
    function = set(FUNCTION_WORDS)
    out = []
    for i in range(count):
        sentence = texts[int(rng.integers(len(texts)))]
        words = [w for w in sentence.rstrip(".").lower().split() if w not in function]
        if not words:
            words = ["nothing"]
        k = min(len(words), int(rng.integers(2, 6)))
        chosen = [words[j] for j in sorted(rng.choice(len(words), size=k, replace=False).tolist())]
        if i % 10 == 9:
            chosen.append("zzyzxq")
        out.append("What about " + " ".join(chosen) + "?")
    return out
