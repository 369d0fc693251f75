"""Weak evidence: units that mention a topic without answering about it.

Each unit gets flags at build time (kept in the index, so a question only reads them):
- POINTER: a sentence that sends the reader elsewhere ("See the Timeouts section.",
  "Read the deployment guide for more.");
- FRAGMENT: a sentence of fewer than five words (whitespace-separated) ("From the .env file.", "Parameters:");
- CHANGELOG: a unit of a changelog or release notes (its file or one of its headings is
  named like one): it names every feature once, in passing.
And one that is no weakness, kept here to be read at no cost when the engine starts: PRONOUN,
a sentence that opens with "It", "He", "This" and so borrows its subject from the one before.
The rerank lowers flagged units (`AnswerPolicy`'s weights, tuned on docs-dev's dev half).
"""

from __future__ import annotations

import re

POINTER = 1
FRAGMENT = 2
CHANGELOG = 4
PRONOUN = 8  # not weak evidence: it opens with "It", "He", "This" ... (surroundings.py reads it)

# Words that, opening a sentence, point back at the previous sentence's subject.
PRONOUN_OPENERS = frozenset("""it its he his she her they their them this these those such there""".split())
FIRST_WORD_RE = re.compile(r"[^\W_]+")

POINTER_RE = re.compile(
    r"^(?:\W*)(?:see|read|refer to|check(?: out)?|visit|consult|go to|head (?:over )?to|learn more|"
    r"for (?:more|details|further|an? (?:example|overview))|more (?:info|information|details|on this))\b",
    re.IGNORECASE,
)
POINTER_WORDS = 25  # a longer sentence that opens with "See" usually says something itself
CHANGELOG_RE = re.compile(
    r"change ?log|changes|release[ _-]?notes|releases|history|what'?s[ _-]new|news|migration",
    re.IGNORECASE,
)


def unit_flags(clean: str, kind: str, path: str, sections: tuple[str, ...], memo: dict | None = None) -> int:
    """The weak-evidence flags of one unit (`memo`: a document's section -> changelog or not)."""
    flags = PRONOUN if opens_with_pronoun(clean) else 0
    if kind == "sentence":
        words = len(clean.split())
        if words < 5:
            flags |= FRAGMENT
        if words <= POINTER_WORDS and POINTER_RE.match(clean):
            flags |= POINTER
    if memo is None:
        changelog = in_changelog(path, sections)
    else:
        changelog = memo.get(sections)
        if changelog is None:
            changelog = memo[sections] = in_changelog(path, sections)
    return flags | CHANGELOG if changelog else flags


def opens_with_pronoun(text: str) -> bool:
    match = FIRST_WORD_RE.search(text)
    return bool(match) and match.group(0).lower() in PRONOUN_OPENERS


def in_changelog(path: str, sections: tuple[str, ...]) -> bool:
    """Whether a file (by its name) or a heading above the unit is a changelog's."""
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return bool(CHANGELOG_RE.fullmatch(name.strip())) or any(
        CHANGELOG_RE.fullmatch(title.strip()) for title in sections
    )
