"""Document text as Discord Markdown that shows exactly that text, with chosen words in bold.

Whoever writes a document must not be able to format the bot's message: no masked link
(`[text](url)` works in embed descriptions and fields), no `<...>` syntax (mentions, channels,
roles, emoji, timestamps, slash commands, `<url>`), no header, subtext (`-#`), quote or list
at the start of a line, no bold, italics, underline, strike-through, spoiler or code. Every
character that could start such syntax gets a backslash, and only those: Discord drops a
backslash in front of punctuation and shows it in front of anything else, so nothing else
is escaped (no stray backslashes).

A URL in the text stays a working link to exactly that URL: never escaped (`\\_` would change
it) and never bolded inside (one exception: a URL with ">" in it followed by more text cannot
be delimited, and is shown as text). Discord's autolinker ends a bare URL only at whitespace or `<`
(less some trailing punctuation), so a URL followed by anything else in the output (an escaped
character, a bold marker, an ellipsis) is written `<URL>`, which ends where it should and
shows the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

# Discord's autolinker, as discord.py's escape_markdown models it: a scheme, then anything but
# whitespace and "<", not ending in punctuation that usually closes a sentence.
BARE_URL = re.compile(r"(?:https?|steam)://[^\s<]+[^<.,:;\"')\]\s]")
# `<https://...>` in a document: the URL is the part inside the angle brackets.
ANGLED_URL = re.compile(r"<((?:https?|steam)://[^\s<>]+)>")
# A scheme that starts no URL of the text ("http://a<" is too short to be one) would start one
# once the bot adds a backslash after it ("http://a\\<"): its ":" is escaped to keep it text,
# as is every scheme's in a URL shown as text.
SCHEME = re.compile(r"(?:https?|steam)(?=://)")

# Escaped wherever they are: formatting (bold, italics, underline, strike, spoiler, code),
# masked links, every `<...>` syntax, and the backslash itself.
ALWAYS = frozenset("\\*_~|`[<")
# At the start of a line (after spaces): headers, subtext (-#), quotes, lists ("-", "+",
# "1." or "1)"; "*" is escaped anyway). The marker character is escaped.
LINE_START = re.compile(r"^[ \t]*(?:([#>+\-])|\d+([.)]))", re.MULTILINE)
BOLD = "**"


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where Discord would see a link in `text` (the URL only, without angle brackets)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for angled in [*ANGLED_URL.finditer(text), None]:
        stop = angled.start() if angled else len(text)
        spans += [(pos + m.start(), pos + m.end()) for m in BARE_URL.finditer(text[pos:stop])]
        if angled:
            spans.append(angled.span(1))
            pos = angled.end()
    return spans


def can_bold(text: str) -> bool:
    """Whether `text` in bold is seen to be: it has a letter or digit outside its URLs (never
    bold), not only punctuation."""
    in_urls = {i for start, end in url_spans(text) for i in range(start, end)}
    return any(c.isalnum() and i not in in_urls for i, c in enumerate(text))


def escape(text: str) -> str:
    """Markdown that Discord shows as exactly `text`; URLs in it stay working links (but for
    one with ">" in it, followed by more text: shown as text)."""
    return render(text, ())


def render(text: str, bold: Sequence[tuple[int, int]]) -> str:
    """Markdown showing `text` with the characters of `bold` (sorted, disjoint) in bold.

    Bold never reaches into a URL, and a bold run never starts or ends with whitespace.
    """
    urls = url_spans(text)
    marked = _line_markers(text) | _false_schemes(text, urls)
    pieces = list(_pieces(len(text), urls, list(_bold_runs(text, bold, urls))))
    out = []
    for start, end, kind in pieces:
        if kind == "url":
            out.append(text[start:end])
            continue
        plain = _escaped(text, start, end, marked)
        out.append(f"{BOLD}{plain}{BOLD}" if kind == "bold" else plain)
    return _delimit_urls(out, [kind for _, _, kind in pieces])


def _escaped(text: str, start: int, end: int, marked: set[int]) -> str:
    """text[start:end] with a backslash before each character that could start syntax."""
    return "".join("\\" + text[i] if text[i] in ALWAYS or i in marked else text[i] for i in range(start, end))


def _line_markers(text: str) -> set[int]:
    """Positions of the characters that would make a line a header, quote or list."""
    return {m.start(1) if m.group(1) else m.start(2) for m in LINE_START.finditer(text)}


def _false_schemes(text: str, urls: list[tuple[int, int]]) -> set[int]:
    """Positions of the ":" of each scheme in `text` that does not start one of its URLs."""
    starts = {start for start, _ in urls}
    return {m.end() for m in SCHEME.finditer(text) if m.start() not in starts}


def _bold_runs(
    text: str, bold: Sequence[tuple[int, int]], urls: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The bold spans less any URL, each trimmed of whitespace at both ends."""
    for start, end in bold:
        pos = start
        for a, b in [(a, b) for a, b in urls if a < end and b > start] + [(end, end)]:
            lo, hi = pos, max(pos, min(a, end))
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
            if lo < hi:
                yield lo, hi
            pos = max(pos, b)


def _pieces(
    length: int, urls: list[tuple[int, int]], runs: list[tuple[int, int]]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) covering 0..length in order; kind is "url", "bold" or "plain"."""
    pos = 0
    for start, end, kind in sorted([(a, b, "url") for a, b in urls] + [(a, b, "bold") for a, b in runs]):
        if start > pos:
            yield pos, start, "plain"
        yield start, end, kind
        pos = end
    if pos < length:
        yield pos, length, "plain"


def _delimit_urls(out: list[str], kinds: list[str]) -> str:
    """Join the pieces; a URL that the next piece would lengthen is written `<URL>`."""
    for n, kind in enumerate(kinds):
        url = out[n]
        after = "".join(out[n + 1 :])
        if kind != "url" or not after or after[0].isspace():
            continue
        match = BARE_URL.match(url + after)
        if match is not None and match.end() != len(url):
            # A URL with ">" in it cannot be delimited: shown as text, not as a link.
            out[n] = f"<{url}>" if ">" not in url else _as_text(url)
    return "".join(out)


def _as_text(url: str) -> str:
    """A URL escaped as text: its characters like any text's, and every scheme's ":"."""
    return _escaped(url, 0, len(url), {m.end() for m in SCHEME.finditer(url)})


def whole_urls(text: str, kept: str, suffix: str) -> str:
    """`kept` (a prefix of `text`) shortened so that `kept + suffix` cuts no URL of `text`."""
    whole = set(url_spans(text))
    while kept:
        cut = [span for span in url_spans(kept + suffix) if span not in whole]
        if not cut:
            break
        kept = text[: cut[0][0]].rstrip()
    return kept


# For a terminal: a code block, a URL (never escaped), a code span (shown as it is), an escaped
# character, a URL the bot delimited with angle brackets.
_TERMINAL = re.compile(
    rf"(```.*?```|{BARE_URL.pattern}|`[^`\n]*`)|\\([!-/:-@\[-`{{-~])|{ANGLED_URL.pattern}", re.DOTALL
)
_ZWSP_IN_BACKTICKS = re.compile("(?<=`)\u200b(?=`)")


def plain_text(markdown: str) -> str:
    """The bot's Markdown as a terminal shows it: the escapes and URL brackets Discord hides
    are dropped, code is shown as the document has it; bold markers stay (a terminal has no bold).
    """

    def one(match: re.Match[str]) -> str:
        code, escaped, url = match.groups()
        if code is not None:
            return _ZWSP_IN_BACKTICKS.sub("", code)
        return escaped if escaped is not None else url

    return _TERMINAL.sub(one, markdown)
