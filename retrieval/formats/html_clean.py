"""What an HTML page leaves out, and an HTML source span as plain text.

`drop_kind` says which elements are not document text (navigation, scripts, forms, the
permalink anchors and sidebars of Sphinx, MkDocs Material and rustdoc). `clean_html` reads a
span of the source (a sentence, a heading, a whole `<pre>` or `<table>`): tags go, entities
are unescaped, dropped elements go with their content.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from html import unescape

from .base import CODE, TABLE
from .html_tree import BLOCK, VOID
from .text import fold_whitespace

# Left out with their content; the value is the kind counted in `Parsed.skipped`.
DROP_TAGS = {
    **dict.fromkeys(("nav", "header", "footer", "aside"), "navigation"),
    **dict.fromkeys(("script", "noscript", "template"), "script"),
    "style": "style",
    "head": "metadata",
    **dict.fromkeys(("svg", "math", "img", "iframe", "object", "embed", "canvas", "video", "audio"), "media"),
    **dict.fromkeys(("form", "button", "input", "select", "textarea", "label", "dialog"), "form"),
}
DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
# docutils puts footnotes, topics and rst sidebars in <aside>: document text, kept.
KEPT_ASIDES = frozenset({"footnote", "footnote-list", "topic", "sidebar"})
DROP_CLASSES = {
    # Sphinx: sidebar, toctree link lists, permalinks, [source] links, line numbers
    **dict.fromkeys(("sphinxsidebar", "toctree-wrapper"), "navigation"),
    **dict.fromkeys(("headerlink", "viewcode-link", "linenos", "linenodiv"), "anchor"),
    # MkDocs Material: header, tabs, sidebars (navigation, table of contents), footer
    **dict.fromkeys(("md-header", "md-tabs", "md-sidebar", "md-footer", "md-search"), "navigation"),
    # rustdoc: breadcrumbs, "Source" links, section anchors, "Expand description" toggles
    **dict.fromkeys(("rustdoc-breadcrumbs", "sub-heading", "rightside", "out-of-band"), "navigation"),
    **dict.fromkeys(("anchor", "doc-anchor", "hideme"), "anchor"),
}
# rustdoc's auto-trait and blanket impls: the same boilerplate on every type's page.
DROP_IDS = {
    "synthetic-implementations": "boilerplate",
    "synthetic-implementations-list": "boilerplate",
    "blanket-implementations": "boilerplate",
    "blanket-implementations-list": "boilerplate",
}

_TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*(?:>|\Z)"
    r"|<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)(?:>|\Z)"
    r"|</?[A-Za-z][^>]*(?:>|\Z)",
    re.S,
)
_CLASS_RE = re.compile(r"""\b(class|role|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def drop_kind(tag: str, attrs: dict[str, str]) -> str | None:
    """Why an element is left out (a kind for `Parsed.skipped`), None when it is text."""
    if tag in DROP_TAGS and not (tag == "aside" and KEPT_ASIDES & set(attrs.get("class", "").split())):
        return DROP_TAGS[tag]
    if attrs.get("role") in DROP_ROLES:
        return "navigation"
    if "id" in attrs and attrs["id"] in DROP_IDS:
        return DROP_IDS[attrs["id"]]
    for name in attrs.get("class", "").split():
        if name in DROP_CLASSES:
            return DROP_CLASSES[name]
    return None


def clean_html(raw: str, kind: str) -> str:
    """A source span as plain text: CODE keeps its lines, TABLE reads `a | b; c | d`."""
    if kind == CODE:
        return _clean_code(raw)
    if kind == TABLE:
        return _clean_table(raw)
    if "<" not in raw and "&" not in raw and ">" not in raw:
        return fold_whitespace(raw)
    parts = [text if text else " " for text, tag, _ in _pieces(raw) if text or tag in _SPACED]
    return fold_whitespace("".join(parts))


_SPACED = frozenset(BLOCK | {"br"})


def _clean_code(raw: str) -> str:
    text = "".join("\n" if tag == "br" else text for text, tag, _ in _pieces(raw))
    lines = textwrap.dedent(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _clean_table(raw: str) -> str:
    rows: list[list[str]] = [[]]
    depth = 0  # of nested tables: their rows stay inside their cell
    for text, tag, closing in _pieces(raw):
        depth += (-1 if closing else 1) if tag == "table" else 0
        if tag in ("tr", "caption") and not closing and depth <= 1:
            rows.append([])
        elif tag in ("td", "th") and not closing and depth <= 1:
            rows[-1].append("")
        elif text or tag in _SPACED:
            rows[-1] = rows[-1] or [""]
            rows[-1][-1] += text or " "
    cells = [[fold_whitespace(cell) for cell in row] for row in rows]
    return "; ".join(" | ".join(c for c in row if c) for row in cells if any(row))


def _pieces(raw: str) -> Iterator[tuple[str, str, bool]]:
    """(text, "", False) for text (unescaped), ("", tag, closing) for tags; dropped content skipped."""
    raw = _drop_cut_tag(raw)
    pos, skip, depth = 0, "", 0
    for match in _TOKEN_RE.finditer(raw):
        if not skip and match.start() > pos:
            yield unescape(raw[pos : match.start()]), "", False
        pos = match.end()
        name = (match.group(2) or "").lower()
        if not name:
            continue  # comment, declaration, processing instruction
        closing, empty = match.group(1) == "/", (match.group(3) or "").rstrip().endswith("/")
        if skip:
            if name == skip and not empty:
                depth += -1 if closing else 1
                skip = "" if depth == 0 else skip
            continue
        if not closing and not empty and name not in VOID and drop_kind(name, _attributes(match.group(3))):
            skip, depth = name, 1
            continue
        yield "", name, closing
    if not skip and pos < len(raw):
        yield unescape(raw[pos:]), "", False


def _attributes(text: str | None) -> dict[str, str]:
    """The class, role and id of a start tag (all that `drop_kind` looks at)."""
    if not text or not ("class" in text or "role" in text or "id" in text):
        return {}
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _CLASS_RE.finditer(text)
    }


def _drop_cut_tag(raw: str) -> str:
    """A sentence that starts inside a tag (Punkt split an attribute value): the cut tag's tail dropped."""
    close = raw.find(">")
    if close < 0 or 0 <= raw.find("<") < close:
        return raw
    head = raw[:close].rstrip(" /")
    if head.endswith(('"', "'", "--")) or '="' in head or "='" in head:
        return raw[close + 1 :]
    return raw
