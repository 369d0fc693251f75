"""What kind of answer a question expects, and whether a sentence offers one.

"How many / how much" want a number, "when / what year" a date, "who" a name, "where" a
place; "how much did it cost" wants an amount of money ($, dollars...) and "what percentage"
a share (%, percent), not just any number. A sentence offers a candidate only with such a
word that is not one of the question's own words: a sentence that merely repeats the
question adds nothing.
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
REASON = "reason"  # "why ...": a sentence that gives one ("because", "due to" ...)
MONEY = "sum of money"
PERCENT = "percentage"
MEASURE = "measure"

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

MONEY_WORDS = r"money|cost|costs|price|paid|pay|spent|spend|worth|budget|revenue|salary|earn|earned|funding"
# (cue words, pattern, kind), checked in order: the first pattern that matches the folded
# question decides. Every pattern begins with one of its cue words (a test checks), so while
# none of them is in the question its regex cannot match and is not run.
WHAT = frozenset({"what", "which"})
HOW = frozenset({"how"})
QUESTION_PATTERNS = (
    (WHAT, re.compile(r"\b(?:what|which) (?:year|years|century|decade|date|day|month|era)\b"), DATE),
    (frozenset({"when"}), re.compile(r"\bwhen\b"), DATE),
    (HOW, re.compile(rf"\bhow much\b(?! time\b).*\b(?:{MONEY_WORDS})\b"), MONEY),
    (WHAT, re.compile(r"\b(?:what|which) (?:percentage|percent|proportion)\b"), PERCENT),
    (HOW, re.compile(r"\bhow many (?:percent|per cent)\b"), PERCENT),
    (HOW, re.compile(r"\bhow (?:long|far|old|high|tall|fast|deep|wide|heavy)\b"), MEASURE),
    (HOW, re.compile(r"\bhow (?:many|much|often|large|big)\b"), NUMBER),
    (WHAT, re.compile(r"\b(?:what|which) (?:number|amount|size)\b"), NUMBER),  # percentages: above
    (frozenset({"who"}), re.compile(r"\bwho(?:m|se)?\b"), PERSON),
    (frozenset({"why"}), re.compile(r"\bwhy\b"), REASON),
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
CURRENCY_SIGNS = frozenset("$£€¥")
CURRENCY_AFTER_RE = re.compile(
    r"\s*(?:(?:hundred|thousand|million|billion|trillion)\s+)?(?:dollars?|pounds?|euros?|yen|francs?|marks?|guineas?)\b",
    re.IGNORECASE,
)
MEASURE_AFTER_RE = re.compile(
    r"[\s-]*(?:(?:hundred|thousand|million|billion)\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|"
    r"decades?|centuries|century|km|kilometres?|kilometers?|miles?|metres?|meters?|m|cm|mm|ft|feet|foot|inch(?:es)?|"
    r"yards?|kg|kilograms?|tonnes?|tons?|pounds?|lb|mph|km/h|acres?|hectares?|sq)\b",
    re.IGNORECASE,
)
PERCENT_AFTER_RE = re.compile(r"\s*(?:%|per\s?cent\b)", re.IGNORECASE)
DIGIT_RE = re.compile(r"\d")
YEAR_RE = re.compile(r"^(?:1[0-9]{3}|20[0-9]{2})s?$|^[0-9]{1,4}(?:st|nd|rd|th)?$")


UNIT_KINDS = frozenset({MONEY, PERCENT, MEASURE})


def expected_type(folded: str, units: bool = True) -> str | None:
    """NUMBER, DATE, PERSON, PLACE, NAME, MONEY, PERCENT, MEASURE, or None when the form
    does not say. `folded`: the question as `fold` gives it. `units=False`: any number will do
    (MONEY, PERCENT, MEASURE become NUMBER).
    """
    present = {cue for cue in CUE_WORDS if cue in folded}
    for cues, pattern, kind in QUESTION_PATTERNS:
        if not cues.isdisjoint(present) and pattern.search(folded):
            return NUMBER if kind in UNIT_KINDS and not units else kind
    return None


def _is_number(token: str, folded: str) -> bool:
    return bool(DIGIT_RE.search(token)) or folded in NUMBER_WORDS


def _is_date(token: str, folded: str) -> bool:
    return bool(YEAR_RE.match(folded)) or folded in MONTHS or folded in DATE_WORDS


def _is_name(token: str, folded: str, first: bool) -> bool:
    return not first and token[:1].isupper() and folded not in STOPWORDS and folded not in MONTHS


# Words that give a reason: a sentence with one answers a "why" question.
REASON_WORDS = frozenset(
    "because due since therefore hence thus otherwise reason reasons cause causes".split()
)
SPECIAL_WORDS = NUMBER_WORDS | MONTHS | DATE_WORDS | REASON_WORDS
KIND_BITS = {NUMBER: 1, DATE: 2, PERSON: 4, PLACE: 4, NAME: 4, MONEY: 8, PERCENT: 16, MEASURE: 32, REASON: 64}

TypedWord = tuple[str, str, str, int]  # (as written, folded, stem, kind bits)


def typed_words(text: str) -> tuple[TypedWord, ...]:
    """The words of a text that could answer some kind of question, with their kinds.

    Depends on the text only, so it can be computed once per sentence and cached.
    """
    out = []
    for position, match in enumerate(TOKEN_RE.finditer(text)):
        token = match[0]
        head = token[0]
        if not (head.isdigit() or head.isupper() or token.lower() in SPECIAL_WORDS):
            continue  # a lowercase word that is no number or date word: the common case, cheap
        folded = fold(token).rstrip(".,")
        bits = (
            (_is_number(token, folded) and KIND_BITS[NUMBER])
            | (_is_date(token, folded) and KIND_BITS[DATE])
            | (_is_name(token, folded, position == 0) and KIND_BITS[PERSON])
            | (folded in REASON_WORDS and KIND_BITS[REASON])
        )
        if bits & KIND_BITS[NUMBER]:
            bits |= _unit_bits(text, match.start(), match.end())
        if bits:
            out.append((token, folded, stem(folded), bits))
    return tuple(out)


def _unit_bits(text: str, start: int, end: int) -> int:
    """MONEY for a number with a currency ("$40", "40 million dollars"), MEASURE for one with a
    unit ("10 years", "300-foot"), PERCENT for "47%"."""
    bits = 0
    if start and text[start - 1] in CURRENCY_SIGNS or CURRENCY_AFTER_RE.match(text, end):
        bits |= KIND_BITS[MONEY]
    if MEASURE_AFTER_RE.match(text, end):
        bits |= KIND_BITS[MEASURE]
    if PERCENT_AFTER_RE.match(text, end):
        bits |= KIND_BITS[PERCENT]
    return bits


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


def question_word_set(folded: str) -> frozenset[str]:
    """The folded question's words and their stems: what `candidates` leaves out."""
    words = {w.strip(".,") for w in TOKEN_RE.findall(folded)}
    return frozenset(words | {stem(w) for w in words})
