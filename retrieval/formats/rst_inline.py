"""reStructuredText inline markup read as Sphinx shows it, on raw source text.

`clean_inline` works on any piece of a prose block's source (Punkt splits the raw span, so a
sentence may start or end inside a construct) and gives what docutils' text of the whole
block would be: roles as their text (`role_text`, shared with the parser), literals,
emphasis, references and substitutions as their text, footnote references dropped,
backslash escapes resolved, whitespace folded. The start and end rules of inline markup
(what may come before and after it) are docutils' own, with its punctuation classes. Markup
left without its other half (a sentence split inside it, or a typo docutils would show as
is) is dropped, so no backtick or role name reaches what is shown.
"""

from __future__ import annotations

import re

from docutils.utils.punctuation_chars import closers, closing_delimiters, delimiters, match_chars, openers

from .text import fold_whitespace

SIMPLENAME = r"(?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*"  # docutils' reference and role names
START = rf"(?<![^\s{openers}{delimiters}])"  # start of text, or whitespace or an opener before
END = rf"(?=$|[\s{closing_delimiters}{delimiters}{closers}])"
_TEXT = r"(?![\s`])(?:[^`\\]|\\[\s\S])*?(?<!\s)"  # interpreted text: no space inside its ends
_SPAN = r"(?:[^\\]|\\[\s\S])*?(?<!\s)"  # emphasis, strong: up to the first valid end-string
INLINE_RE = re.compile(
    "|".join(
        [
            r"(?P<ESC>\\(?P<esc>[ \t]*(?:\r\n|\r|\n)|[\s\S]|$))",  # docutils strips a line's end first
            rf"(?P<LIT>{START}``(?P<lit>(?!\s)[\s\S]+?(?<!\s))``{END})",
            rf"(?P<TARGET>{START}_`(?P<target>{_TEXT})`{END})",
            rf"(?P<ROLE>{START}(?::(?P<r1>{SIMPLENAME}):)?`(?P<it>{_TEXT})`"
            rf"(?::(?P<r2>{SIMPLENAME}):)?(?P<ref>__?)?{END})",
            rf"(?P<STRONG>{START}\*\*(?P<strong>(?!\s){_SPAN})\*\*{END})",
            rf"(?P<EM>{START}\*(?P<em>(?![\s*]){_SPAN})\*{END})",
            rf"(?P<SUB>{START}\|(?P<sub>(?![\s|])[^|]*?(?<!\s))\|(?:__?)?{END})",
            rf"(?P<NOTE>\s*{START}\[(?:[0-9]+|\#(?:{SIMPLENAME})?|\*)\]_{END})",  # docutils trims the space
            rf"(?P<CITE>{START}\[{SIMPLENAME}\]_{END})",
            rf"(?P<REF>{START}(?P<word>{SIMPLENAME})__?{END})",
        ]
    )
)
# What a sentence split inside a construct leaves of it (its other half is in another sentence),
# and markup docutils finds no end for: removed from the text between constructs.
STRAY_RE = re.compile(rf"\s*<[^<>`\s]*>`(?:__?)?|(?::{SIMPLENAME}:)?(?:`+|\*\*)(?=\S)|(?<=\S)(?:`+|\*\*)")
START_LENGTHS = {"LIT": 2, "TARGET": 2, "ROLE": 1, "STRONG": 2, "EM": 1, "SUB": 1}
MARKUP_HINT_RE = re.compile(r"[`*|\\\[]|_(?!\w)")
EMBEDDED_RE = re.compile(r"(?:^|\s+)<(?!\s)([^<>]+?)(?<!\s)>$")  # `text <target>`_
EXPLICIT_TITLE_RE = re.compile(r"^(.+?)\s*(?<!\\)<([^<]*?)>$", re.S)  # Sphinx's, with \ for its \x00
UNESCAPE_RE = re.compile(r"\\(\s)|\\([\s\S])")
ABBREVIATION_RE = re.compile(r"\((.*)\)$", re.S)
# Roles whose text is shown as written (Sphinx reads no `title <target>` or `~` in them).
PLAIN_ROLES = frozenset(
    "code literal math kbd samp file emphasis strong sub subscript sup superscript title-reference"
    " title t guilabel menuselection command program dfn regexp mimetype makevar raw manpage".split()
)
NAME_ROLES = frozenset("ref doc download numref term keyword option envvar token".split())
LANGUAGES = {"python3": "python", "py3": "python", "py": "python", "none": "", "ipython3": "ipython"}


def unescape(text: str) -> str:
    """Backslash escapes resolved as docutils does: an escaped space or newline is nothing."""
    return UNESCAPE_RE.sub(lambda m: m.group(2) or "", text) if "\\" in text else text


def role_text(role: str, text: str) -> str:
    """An interpreted text's display text, as Sphinx shows it (without `()` after functions).

    `text` is the source between the backticks. `title <target>` shows the title; `~a.b.C`
    shows `C`; `!x` shows `x`; `.x` shows `x`; `:pep:` and `:rfc:` get their prefix; `:abbr:`
    drops its explanation; unknown roles read like cross-references.
    """
    name = role.lower().rpartition(":")[2]
    if name in PLAIN_ROLES:
        return unescape(text)
    if name == "abbr":
        match = ABBREVIATION_RE.search(text)
        return unescape(text[: match.start()].strip() if match else text)
    match = EXPLICIT_TITLE_RE.match(text)
    if match:
        return unescape(match.group(1))
    if name in ("pep", "rfc"):
        return f"{name.upper()} {unescape(text)}"
    title = text[1:] if text.startswith("!") else text
    if name in NAME_ROLES:
        return unescape(title)
    title = title.lstrip(".")
    if title.startswith("~"):
        title = title[1:].rsplit(".", 1)[-1]
    return unescape(title)


def reference_text(text: str) -> str:
    """A phrase reference's display text: `text <url>`_ shows text, `<url>`_ the url."""
    match = EMBEDDED_RE.search(text)
    if not match:
        return unescape(text)
    shown = text[: match.start()]
    return unescape(shown) if shown.strip() else unescape(match.group(1).removesuffix("_"))


def language_name(argument: str) -> str:
    """A code block's language as named in the source, `python3` read as `python`."""
    name = argument.strip().lower()
    return LANGUAGES.get(name, name)


def _inline_text(match: re.Match) -> str:
    kind = match.lastgroup
    if kind == "ESC":
        esc = match.group("esc")
        return "" if esc.isspace() else esc  # "" also for a backslash ending the text
    if kind == "LIT":
        return match.group("lit")
    if kind == "ROLE":
        text = match.group("it")
        if match.group("ref"):
            return reference_text(text)
        return role_text(match.group("r1") or match.group("r2") or "", text)
    if kind in ("NOTE", "CITE"):
        return ""
    group = {"TARGET": "target", "STRONG": "strong", "EM": "em", "SUB": "sub", "REF": "word"}[kind]
    return unescape(match.group(group))


def _quoted(match: re.Match) -> bool:
    """docutils' quote rule: `(*)` and `"*"` are no markup (a start-string between a pair)."""
    length = START_LENGTHS.get(match.lastgroup, 0)
    start, string = match.start(), match.string
    if not length or start == 0 or match.group("r1") or start + length >= len(string):
        return False
    return match_chars(string[start - 1], string[start + length])


def clean_inline(raw: str) -> str:
    """A piece of a prose block's source as plain text (see the module docstring)."""
    if not MARKUP_HINT_RE.search(raw):
        return fold_whitespace(raw)
    pieces, rest, position = [], raw, 0
    while match := INLINE_RE.search(rest, position):
        if _quoted(match):
            position = match.start() + 1
            continue
        pieces += _unmatched(rest[: match.start()]), _inline_text(match)
        rest, position = rest[match.end() :], 0  # as docutils: what follows a construct starts anew
    pieces.append(_unmatched(rest))
    return fold_whitespace("".join(pieces))


def _unmatched(text: str) -> str:
    return STRAY_RE.sub("", text) if "`" in text or "**" in text else text
