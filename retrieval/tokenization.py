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
# A word as `words` reads it, with "U.S." and "U.S.A." whole (they are one term, "usa").
SPAN_RE = re.compile(rf"{UNITED_STATES_RE.pattern}|{WORD_RE.pattern}")
QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "“": '"', "”": '"'})
_STEMMER = SnowballStemmer("english")
_STEMS: dict[str, str] = {}


def _marks_class() -> str:
    """A regex class of every combining mark of the Basic Multilingual Plane, as ranges."""
    marks = [i for i in range(0x300, 0x10000) if unicodedata.combining(chr(i))]
    ranges, start = [], marks[0]
    for previous, current in zip(marks, marks[1:] + [None], strict=True):
        if current != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = current
    return "[" + "".join(ranges) + "]"


# Combining marks, removed in one C-level pass (a character past the plane, rare in
# documents, is checked one by one instead).
MARKS_RE = re.compile(_marks_class())


def fold(text: str) -> str:
    """Lowercase with compatibility forms, accents and typographic quotes folded."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    if text.isascii():
        return text
    decomposed = MARKS_RE.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed or max(decomposed) <= "\uffff":
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def may_name_united_states(text: str) -> bool:
    """A cheap substring test: False means the text names no United States."""
    return "US" in text or "U.S" in text


def fold_for_terms(text: str) -> str:
    """`fold(text)` with "US", "U.S." and "U.S.A." written "usa": what `split_words` reads."""
    if may_name_united_states(text):
        return fold(UNITED_STATES_RE.sub("USA", text))
    return fold(text)


def split_words(folded: str) -> list[str]:
    """The words of a `fold_for_terms` text, possessive 's split off (`israel's` -> `israel`),
    `don't` kept whole."""
    out = []
    for word in WORD_RE.findall(folded):
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word)
    return out


# An identifier that joins words the way code does: CORSMiddleware, getElementById, http2.
JOINED_RE = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]|[A-Za-z][0-9]|[0-9][A-Za-z]")  # where words meet
ALNUM_RE = re.compile(r"[A-Za-z0-9]+")
DIGIT_RE = re.compile(r"[0-9]")
IDENTIFIER_PART_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
VERSION_RE = re.compile(r"\b([A-Za-z]+)/([0-9](?:\.[0-9])?)\b")  # HTTP/2, HTTP/1.1


def identifier_parts(text: str) -> list[str]:
    """The words inside identifiers, folded ("CORSMiddleware" -> cors, middleware; "http2" ->
    http), and versions written with a slash joined ("HTTP/2" -> http2), as people type them."""
    if text.isascii() and text.islower() and "/" not in text:
        return []  # no capital, no slash: nothing to split or join (most question words)
    out = []
    # Cheap tests first: lowercase text with no digit joins no words (most sentences).
    if (not text[1:].islower() or DIGIT_RE.search(text)) and JOINED_RE.search(text):
        for token in ALNUM_RE.findall(text):
            if JOINED_RE.search(token):
                parts = IDENTIFIER_PART_RE.findall(token)
                out += [p.lower() for p in parts if len(p) > 1 and len(parts) > 1]
    if "/" in text:
        out += [(name + version.replace(".", "")).lower() for name, version in VERSION_RE.findall(text)]
    return out


def words(text: str) -> list[str]:
    """Folded words; "US", "U.S." and "U.S.A." as "usa"; then the words inside identifiers."""
    return split_words(fold_for_terms(text)) + identifier_parts(text)


# Snowball gives "production" and "productive" one stem ("product"), and "relation" and
# "relative", "extension" and "extensive", "effect" and "effective": adjectives in -ive that
# mean something else than their noun. They keep a stem of their own (measured: no change on
# docs-dev, -0.0009 acc@1 on SQuAD dev; "turn off the docs in production" no longer finds
# "productive work").
ADJECTIVE_IVE = ("ive", "ives", "ively", "iveness", "ivity", "ivities")


def stem(word: str) -> str:
    cached = _STEMS.get(word)
    if cached is None:
        if len(word) <= 2:
            cached = word
        elif word.endswith(ADJECTIVE_IVE):
            cached = _STEMMER.stem(word) + "~ive"
        else:
            cached = _STEMMER.stem(word)
        _STEMS[word] = cached
    return cached


def without_stopwords(folded_words: Iterable[str]) -> list[str]:
    """Words minus stopwords, apostrophes dropped, unstemmed: what a user would recognise."""
    return [w.replace("'", "") for w in folded_words if w not in STOPWORDS]


def content_words(text: str) -> list[str]:
    """Folded words minus stopwords, unstemmed."""
    return without_stopwords(words(text))


def tokenize(text: str) -> list[str]:
    """Index terms of a text: folded, stopwords removed, stemmed."""
    return [stem(w) for w in content_words(text)]


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


def sentence_terms(clean: str, section: str | None) -> list[str]:
    """The terms a sentence is indexed under: its own, then its heading's that it lacks.

    A Markdown heading says what the sentences below it are about ("# Refund policy" over
    "You get your money back within 30 days."), so its words find them too.
    """
    return unit_terms(content_words(clean), section)


def unit_terms(
    own_words: list[str], section: str | None, sections: dict[str, list[str]] | None = None
) -> list[str]:
    """`sentence_terms` from the unit's content words, when the caller has them already.

    `sections`: a heading -> terms memo for the units of one document (headings repeat).
    """
    own = [stem(w) for w in own_words]
    return own + heading_terms(section, own, sections)


def heading_terms(
    section: str | None, own: list[str], sections: dict[str, list[str]] | None = None
) -> list[str]:
    """The heading's terms that the unit's own terms (`own`) lack; `sections` as in `unit_terms`."""
    if not section:
        return []
    heading = None if sections is None else sections.get(section)
    if heading is None:
        heading = list(dict.fromkeys(tokenize(section)))
        if sections is not None:
            sections[section] = heading
    have = set(own)
    return [t for t in heading if t not in have]
