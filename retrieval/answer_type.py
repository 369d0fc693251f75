"""What kind of answer a question expects, and whether a sentence offers one.

"How many / how much" want a number, "when / what year" a date, "who" a name, "where" a
place. A sentence offers a candidate only with a number, date or name that is not one of the
question's own words: a sentence that merely repeats the question adds nothing.
"""

from __future__ import annotations

import re

from .stopwords import STOPWORDS
from .tokenization import fold, stem

NUMBER = "number"
DATE = "date"
PERSON = "person"
PLACE = "place"
NAME = "name"  # "which team", "what company": a proper name of some kind

NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion dozen
    dozens half quarter third twice double triple percent""".split()
)
MONTHS = frozenset(
    """january february march april may june july august september october november december
    spring summer autumn winter""".split()
)
DATE_WORDS = frozenset(
    """century centuries decade decades bc bce ad ce today yesterday monday tuesday wednesday
    thursday friday saturday sunday""".split()
)

# (cue words, pattern, kind), checked in order: the first pattern that matches the folded
# question decides. Every pattern begins with one of its cue words (a test checks), so while
# none of them is in the question its regex cannot match and is not run.
WHAT = frozenset({"what", "which"})
QUESTION_PATTERNS = (
    (WHAT, re.compile(r"\b(?:what|which) (?:year|years|century|decade|date|day|month|era)\b"), DATE),
    (frozenset({"when"}), re.compile(r"\bwhen\b"), DATE),
    (
        frozenset({"how"}),
        re.compile(r"\bhow (?:many|much|long|far|old|large|big|high|tall|fast|often|deep|wide)\b"),
        NUMBER,
    ),
    (WHAT, re.compile(r"\b(?:what|which) (?:percentage|percent|number|amount|proportion|size)\b"), NUMBER),
    (frozenset({"who"}), re.compile(r"\bwho(?:m|se)?\b"), PERSON),
    (WHAT, re.compile(r"\b(?:what|which) (?:person|man|woman|president|king|queen|author|leader)\b"), PERSON),
    (frozenset({"where"}), re.compile(r"\bwhere\b"), PLACE),
    (
        WHAT,
        re.compile(
            r"\b(?:what|which) (?:city|country|state|place|region|location|"
            r"continent|town|area|island|river|county|province|nation)\b"
        ),
        PLACE,
    ),
    (
        WHAT,
        re.compile(
            r"^(?:which|what) (?!(?:is|are|was|were|do|does|did|has|have|had|can|could|would|will|"
            r"kind|type|types|sort|form|part|percentage)\b)[a-z]+\b"
        ),
        NAME,
    ),
)
CUE_WORDS = frozenset().union(*(cues for cues, _, _ in QUESTION_PATTERNS))

TOKEN_RE = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")
DIGIT_RE = re.compile(r"\d")
YEAR_RE = re.compile(r"^(?:1[0-9]{3}|20[0-9]{2})s?$|^[0-9]{1,4}(?:st|nd|rd|th)?$")


def expected_type(question: str, *, folded: str | None = None) -> str | None:
    """NUMBER, DATE, PERSON, PLACE, or None when the question's form does not say.

    `folded`: `fold(question)`, when the caller already has it.
    """
    folded = fold(question) if folded is None else folded
    present = {cue for cue in CUE_WORDS if cue in folded}
    for cues, pattern, kind in QUESTION_PATTERNS:
        if not cues.isdisjoint(present) and pattern.search(folded):
            return kind
    return None


def _is_number(token: str, folded: str) -> bool:
    return bool(DIGIT_RE.search(token)) or folded in NUMBER_WORDS


def _is_date(token: str, folded: str) -> bool:
    return bool(YEAR_RE.match(folded)) or folded in MONTHS or folded in DATE_WORDS


def _is_name(token: str, folded: str, first: bool) -> bool:
    return not first and token[:1].isupper() and folded not in STOPWORDS and folded not in MONTHS


SPECIAL_WORDS = NUMBER_WORDS | MONTHS | DATE_WORDS
KIND_BITS = {NUMBER: 1, DATE: 2, PERSON: 4, PLACE: 4, NAME: 4}

TypedWord = tuple[str, str, str, int]  # (as written, folded, stem, kind bits)


def typed_words(text: str) -> tuple[TypedWord, ...]:
    """The words of a text that could answer some kind of question, with their kinds.

    Depends on the text only, so it can be computed once per sentence and cached.
    """
    out = []
    for position, token in enumerate(TOKEN_RE.findall(text)):
        head = token[0]
        if not (head.isdigit() or head.isupper() or token.lower() in SPECIAL_WORDS):
            continue  # a lowercase word that is no number or date word: the common case, cheap
        folded = fold(token).rstrip(".,")
        bits = (
            (_is_number(token, folded) and KIND_BITS[NUMBER])
            | (_is_date(token, folded) and KIND_BITS[DATE])
            | (_is_name(token, folded, position == 0) and KIND_BITS[PERSON])
        )
        if bits:
            out.append((token, folded, stem(folded), bits))
    return tuple(out)


def candidates(
    text: str | tuple[TypedWord, ...], kind: str | None, question_words: frozenset[str]
) -> list[str]:
    """Words of text that could answer a question of this kind and are not the question's own.

    `text` is a sentence or its `typed_words`; `question_words` holds the question's folded
    words and their stems (`question_word_set`).
    """
    if kind is None:
        return []
    bit = KIND_BITS[kind]
    words = typed_words(text) if isinstance(text, str) else text
    return [
        token
        for token, folded, stemmed, bits in words
        if bits & bit and folded not in question_words and stemmed not in question_words
    ]


def question_word_set(question: str, *, folded: str | None = None) -> frozenset[str]:
    """The question's folded words and their stems: what `candidates` leaves out.

    `folded`: `fold(question)`, when the caller already has it.
    """
    words = {w.strip(".,") for w in TOKEN_RE.findall(fold(question) if folded is None else folded)}
    return frozenset(words | {stem(w) for w in words})
