"""How common an English word is: Zipf frequencies (from wordfreq), shipped as a small list.

Zipf 7 is "the", 5 a word seen every day ("stuff", "email"), 3 a rarer one ("swagger"), and a
word under 2.5 ("graphql", "nginx") is not in the list (0.0). The no-answer rule weighs a
question word the documents lack by it, and spelling leaves common words alone.
`scripts/make_word_frequencies.py` makes the list; its data is CC BY-SA 4.0.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

WORDS_FILE = Path(__file__).resolve().parent / "data" / "english_words.txt.gz"


@cache  # read-only data, like the stopword list: read once per process
def english_frequencies() -> Mapping[str, float]:
    """Word -> Zipf frequency, for the alphabetic English words of Zipf 2.5 and above."""
    table: dict[str, float] = {}
    with gzip.open(WORDS_FILE, "rt", encoding="ascii") as lines:
        for line in lines:
            if not line.startswith("#"):
                word, zipf = line.split()
                table[word] = float(zipf)
    return MappingProxyType(table)


def zipf_frequency(word: str) -> float:
    """How common a (folded) word is in English; 0.0 for a rare word or a name."""
    return english_frequencies().get(word, 0.0)
