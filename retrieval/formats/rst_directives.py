"""The directives of Sphinx sources, as classes of our own (docutils' registry is never used).

Admonitions (note ... versionadded, seealso, admonition) become `nodes.admonition` with their
title; code directives `nodes.literal_block` with their language; tables are docutils' own;
autodoc, navigation and includes become `Skipped` (counted or not); any other directive is
`Generic`: its content parsed as reStructuredText, its arguments dropped. Nodes made here carry
their 0-based source lines (`LINES`), which docutils does not give reliably.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.parsers.rst.directives import images, misc, tables, unchanged

from .rst_inline import language_name

LINES = "rst_lines"  # node attribute: (first, last) 0-based source lines of a directive
AUTODOC_NAMES = frozenset({"attributetable", "automodapi", "autoprogram", "autosummary"})
SILENT_NAMES = frozenset(
    "toctree currentmodule module py:module py:currentmodule contents index include literalinclude"
    " raw role default-role default-domain meta title sectnum section-numbering header footer"
    " target-notes image tabularcolumns math graphviz digraph graph plantuml mermaid rubric"
    " sectionauthor moduleauthor codeauthor testsetup testcleanup".split()
)
ADMONITION_TITLES = {
    "versionadded": "New in version {}",
    "versionchanged": "Changed in version {}",
    "deprecated": "Deprecated since version {}",
    "versionremoved": "Removed in version {}",
    "seealso": "See also",
}
PLAIN_ADMONITIONS = frozenset("note warning tip important hint caution danger error attention todo".split())
CODE_NAMES = {
    "code-block": None,
    "code": None,
    "sourcecode": None,
    "parsed-literal": None,
    "testcode": "python",
    "doctest": "pycon",
    "testoutput": "",
    "ipython": "ipython",
}
INCLUDE_NAMES = frozenset({"include", "literalinclude"})


class Skipped(nodes.Element):
    """A directive left out: `kind` says how it is counted ("" for not at all)."""


class Highlight(nodes.Element):
    """`.. highlight:: lang`: the language of the `::` blocks that follow."""


class Generic(nodes.Element):
    """An unknown directive: its content, parsed as reStructuredText (its arguments are dropped)."""


class _AnyOptions(dict):
    """Accepts every option, so Sphinx options (`:linenos:`, `:caption:`) are no errors."""

    def __missing__(self, key: str):
        return unchanged

    def __bool__(self) -> bool:
        return True  # docutils looks for option lines only when a directive has options


def _lines(directive: Directive) -> tuple[int, int]:
    """The 0-based source lines of a directive: its first line to its last non-blank one."""
    first = directive.lineno - 1
    return first, first + len(directive.block_text.rstrip().splitlines()) - 1


class _Lenient(Directive):
    """Any arguments (one string), any options, any content: nothing is a markup error."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    has_content = True


class _Admonition(_Lenient):
    optional_arguments = 0  # the text on the directive's line is content

    def run(self) -> list[nodes.Node]:
        node = nodes.admonition(title=self.title(), **{LINES: _lines(self)})
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]

    def title(self) -> str:
        return self.name.capitalize()


class _TitledAdmonition(_Admonition):
    """`.. admonition:: Title`: the title is markup, read like any inline text."""

    required_arguments = 1

    def title(self) -> str:
        nodes_, _ = self.state.inline_text(self.arguments[0], self.lineno)
        return " ".join("".join(n.astext() for n in nodes_).split())


class _VersionAdmonition(_Admonition):
    """`.. versionadded:: 2.0 [text]` and the like (Sphinx): text after the version is a paragraph."""

    optional_arguments = 2
    text_argument = 1

    def run(self) -> list[nodes.Node]:
        result = super().run()
        if len(self.arguments) > self.text_argument:
            text = self.arguments[self.text_argument]
            inline, _ = self.state.inline_text(text, self.lineno)
            paragraph = nodes.paragraph(text, "", *inline)
            paragraph.line = self.lineno
            result[0].insert(0, paragraph)
        return result

    def title(self) -> str:
        return ADMONITION_TITLES[self.name].format(self.arguments[0] if self.arguments else "").strip()


class _SeeAlso(_VersionAdmonition):
    """`.. seealso:: text` (Sphinx): the text on its line is a paragraph."""

    optional_arguments = 1
    text_argument = 0


class _Code(_Lenient):
    default_language: str | None = None  # None: the argument names it

    def run(self) -> list[nodes.Node]:
        offsets = [self.content.offset(i) for i, line in enumerate(self.content) if line.strip()]
        if not offsets:
            return []
        language = self.default_language
        if language is None:
            language = language_name(self.arguments[0] if self.arguments else "")
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text, language=language, **{LINES: (offsets[0], offsets[-1])})]


class _Generic(_Lenient):

    def run(self) -> list[nodes.Node]:
        node = Generic()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _Skip(_Lenient):

    def run(self) -> list[nodes.Node]:
        name = self.name
        kind = "autodoc" if name.startswith("auto") or name in AUTODOC_NAMES else ""
        return [Skipped(kind="include" if name in INCLUDE_NAMES else kind)]


class _Highlight(_Skip):
    def run(self) -> list[nodes.Node]:
        return [Highlight(language=language_name(self.arguments[0] if self.arguments else ""))]


def _table_directive(base: type[Directive]) -> type[Directive]:
    """A docutils table directive whose table remembers the directive's source lines."""

    def run(self) -> list[nodes.Node]:
        result = base.run(self)
        for node in result:
            if isinstance(node, nodes.table):
                node[LINES] = _lines(self)
        return result

    return type(base.__name__, (base,), {"run": run})


_TABLES = {
    "table": _table_directive(tables.RSTTable),
    "list-table": _table_directive(tables.ListTable),
    "csv-table": _table_directive(tables.CSVTable),
}
_CODES = {
    name: _Code if language is None else type("_Code", (_Code,), {"default_language": language})
    for name, language in CODE_NAMES.items()
}
_SUBSTITUTIONS = {"replace": misc.Replace, "unicode": misc.Unicode, "date": misc.Date, "image": images.Image}


def directive_class(name: str, in_substitution: bool) -> type[Directive]:
    """The directive class for a directive name (lowercase), without docutils' registry."""
    if in_substitution and name in _SUBSTITUTIONS:
        return _SUBSTITUTIONS[name]
    if name in PLAIN_ADMONITIONS:
        return _Admonition
    if name == "seealso":
        return _SeeAlso
    if name in ADMONITION_TITLES:
        return _VersionAdmonition
    if name == "admonition":
        return _TitledAdmonition
    if name in CODE_NAMES:
        return _CODES[name]
    if name in _TABLES:
        return _TABLES[name]
    if name == "highlight":
        return _Highlight
    if name in SILENT_NAMES or name in AUTODOC_NAMES or name.startswith("auto"):
        return _Skip
    return _Generic
