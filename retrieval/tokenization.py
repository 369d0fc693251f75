"""Text -> index terms, the same way for questions and sentences.

Lowercase, Unicode folding (NFKC, accents and curly quotes), word split, stopwords, Snowball
stemming. Stems are cached per distinct word: at scale most words repeat.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from nltk.stem.snowball import SnowballStemmer

from .stopwords import STOPWORDS

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# "US" would fold to the stopword "us", and "U.S." to the letters u and s: all three forms
# of the country become the one term "usa", in questions and sentences alike. Not "U.S.S.R."
# or "U.S.Navy", and not "US" next to another capitalised word ("CONTACT US", "US ARMY"):
# there it is as likely the pronoun shouted.
UNITED_STATES_RE = re.compile(
    r"\bU\.S\.(?:A\.?)?(?![A-Za-z])|\bU\.S\b(?!\.)|\bUSA\b|(?<![A-Z] )\bUS\b(?! [A-Z]{2})"
)
QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "“": '"', "”": '"'})
_STEMMER = SnowballStemmer("english")
_STEMS: dict[str, str] = {}


def fold(text: str) -> str:
    """Lowercase with compatibility forms, accents and typographic quotes folded."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_for_terms(text: str, folded: str | None = None) -> str:
    """`fold(text)` with "US", "U.S." and "U.S.A." written "usa": what `words` reads.

    `folded`: `fold(text)`, when the caller already has it (returned as is when the text
    names no United States).
    """
    if "US" in text or "U.S" in text:  # a substring test first: most texts have neither
        return fold(UNITED_STATES_RE.sub("USA", text))
    return fold(text) if folded is None else folded


def words(text: str, *, folded: str | None = None) -> list[str]:
    """Folded words, possessive 's split off (`israel's` -> `israel`), `don't` kept whole,
    and "US", "U.S." and "U.S.A." as "usa".

    `folded`: `fold_for_terms(text)`, when the caller already has it (a question is folded once).
    """
    out = []
    for word in WORD_RE.findall(fold_for_terms(text) if folded is None else folded):
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word)
    return out


def stem(word: str) -> str:
    cached = _STEMS.get(word)
    if cached is None:
        cached = _STEMS[word] = _STEMMER.stem(word) if len(word) > 2 else word
    return cached


def content_words(text: str, *, folded: str | None = None) -> list[str]:
    """Folded words minus stopwords, unstemmed: what a user would recognise."""
    return [w.replace("'", "") for w in words(text, folded=folded) if w not in STOPWORDS]


# A word as `words` reads it, with "U.S." and "U.S.A." whole (they are one term, "usa").
SPAN_RE = re.compile(rf"{UNITED_STATES_RE.pattern}|{WORD_RE.pattern}")


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` indexed under one of `terms` (stems)."""
    wanted = set(terms)
    if not wanted:
        return []
    return [
        match.span()
        for match in SPAN_RE.finditer(text)
        if any(stem(w.replace("'", "")) in wanted for w in words(match.group()))
    ]


def tokenize(text: str) -> list[str]:
    """Index terms of a text: folded, stopwords removed, stemmed."""
    return [stem(w) for w in content_words(text)]
