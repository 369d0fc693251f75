"""Question words the documents never use, matched to the closest word they do use (typos).

"valdiate" -> "validate", "paramter" -> "parameter": one edit (a swap counts as one) for a
word of 5 to 7 letters, two for 8 or more, and for a word of 4 letters a swap only ("jsno" ->
"json", but not "cors" -> "core": at that length one edit makes another word too often).
Only words that are not common English are corrected ("stash" is a real word the documents
lack, not a typo), and only to a word of the documents with the same first letter. Ties go
to the word more units contain, then to the alphabet: the same question reads the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .english import zipf_frequency
from .index import Index
from .stopwords import STOPWORDS
from .tokenization import stem

MIN_LENGTH = 4
COMMON_ZIPF = 3.0  # a word at least this common in English is a word, not a typo


def edits_allowed(word: str) -> int:
    return 0 if len(word) < MIN_LENGTH else 1 if len(word) < 8 else 2


class Speller:
    """The documents' own words, grouped by first letter and length for quick lookups."""

    def __init__(self, words: Sequence[str], index: Index) -> None:
        self.index = index
        self._groups: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in words:
            if len(word) >= MIN_LENGTH - 1 and word.isalpha() and word not in STOPWORDS:
                self._groups[(word[0], len(word))].append(word)

    def correct(self, word: str) -> str | None:
        """The documents' word closest to `word`, or None (too short, common, or nothing near)."""
        edits = edits_allowed(word)
        if not edits or not word.isalpha() or zipf_frequency(word) >= COMMON_ZIPF:
            return None
        candidates = [
            w
            for size in range(len(word) - edits, len(word) + edits + 1)
            for w in self._groups.get((word[0], size), ())
        ]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=edits, limit=None)
        if len(word) == MIN_LENGTH:
            found = [hit for hit in found if sorted(hit[0]) == sorted(word)]  # a swap only
        if not found:
            return None
        return min(found, key=lambda hit: (hit[1], -self._units_with(hit[0]), hit[0]))[0]

    def _units_with(self, word: str) -> int:
        term_id = self.index.vocabulary.get(stem(word))
        return 0 if term_id is None else int(self.index.df[term_id])
