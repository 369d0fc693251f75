"""docutils set up to read Sphinx sources without Sphinx, and without docutils' global registries.

docutils looks roles and directives up in module-level registries and reports the unknown ones
as error text inside the document. Here every role goes through `_Inliner.interpreted` (its text
as Sphinx shows it, `role_text`) and every directive through `_DirectiveDispatch.directive`
(admonitions, code, tables, skipped and generic directives of our own), so nothing is
registered globally, `.. role::` cannot change docutils for other users, and no error text
appears. Nodes of our directives carry the source lines they came from (`LINES`).
"""

from __future__ import annotations

import io
import re
import types
import warnings
from types import MappingProxyType

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, Parser, states
from docutils.parsers.rst.directives import images, misc, tables, unchanged
from docutils.utils import new_document

from .base import FormatError
from .rst_inline import language_name, role_text

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


class _Admonition(Directive):
    required_arguments = 0
    optional_arguments = 0
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    has_content = True

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


class _Code(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    has_content = True
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


class _Generic(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    has_content = True

    def run(self) -> list[nodes.Node]:
        node = Generic()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _Skip(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    has_content = True

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
_SUBSTITUTIONS = {"replace": misc.Replace, "unicode": misc.Unicode, "date": misc.Date, "image": images.Image}


def _code_class(name: str) -> type[Directive]:
    language = CODE_NAMES[name]
    return _Code if language is None else type("_Code", (_Code,), {"default_language": language})


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
        return _code_class(name)
    if name in _TABLES:
        return _TABLES[name]
    if name == "highlight":
        return _Highlight
    if name in SILENT_NAMES or name in AUTODOC_NAMES or name.startswith("auto"):
        return _Skip
    return _Generic


class _DirectiveDispatch:
    """Mixed into every docutils state: directives come from `directive_class`, nested parses
    use these same states, and no state machine is cached in docutils' class-level list."""

    def __init__(self, state_machine, debug=False) -> None:
        super().__init__(state_machine, debug)
        self.nested_sm_kwargs = {"state_classes": STATE_CLASSES, "initial_state": "Body"}

    @property
    def nested_sm_cache(self) -> list:
        """State machines for nested parses, kept for this parse only (docutils keeps them in
        a class-level list, for every parse of the process)."""
        if not hasattr(self.memo, "nested_sm_cache"):
            self.memo.nested_sm_cache = []
        return self.memo.nested_sm_cache

    def add_initial_transitions(self) -> None:
        """docutils' own transitions, made when first used from specs made once per class:
        making all of them for every state of every nested parse was half the parse time."""
        self.transition_order = list(self.transition_specs)
        self.transitions = _Transitions(self)

    def directive(self, match: re.Match, **option_presets):
        name = match.group(1).lower()
        cls = directive_class(name, "alt" in option_presets)
        return self.run_directive(cls, match, name, option_presets)


class _Transitions(dict):
    """A state's transitions (name: (pattern, method, next state)), each made on first use."""

    def __init__(self, state: states.RSTState) -> None:
        super().__init__()
        self.state = state

    def __missing__(self, name: str) -> tuple:
        pattern, next_state = self.state.transition_specs[name]
        self[name] = transition = (pattern, getattr(self.state, name), next_state)
        return transition


def _dispatching(constructs: list) -> list:
    """Body's explicit-markup constructs, the directive one calling `self.directive`."""
    return [
        (_call_directive if method is states.Body.directive else method, pattern)
        for method, pattern in constructs
    ]


def _call_directive(state, match: re.Match, **option_presets):
    return state.directive(match, **option_presets)


def _transition_specs(cls: type) -> MappingProxyType:
    """name: (pattern, next state) of a state class's initial transitions, in docutils' order
    (the whitespace ones, `blank` and `indent`, first)."""
    patterns = {**(cls.patterns or {}), **getattr(cls, "ws_patterns", {})}
    entries = [*getattr(cls, "ws_initial_transitions", ()), *(cls.initial_transitions or ())]
    specs = {}
    for entry in entries:
        name, state = (entry, None) if isinstance(entry, str) else (entry[0], (*entry, None)[1])
        specs[name] = (re.compile(patterns[name]), state or cls.__name__)
    return MappingProxyType(specs)


def _state_class(cls: type) -> type:
    attributes = {"explicit": _EXPLICIT, "transition_specs": _transition_specs(cls)}
    return type(cls.__name__, (_DirectiveDispatch, cls), attributes)


_EXPLICIT = states.Struct(
    **{**vars(states.Body.explicit), "constructs": _dispatching(states.Body.explicit.constructs)}
)
STATE_CLASSES = tuple(_state_class(cls) for cls in states.state_classes)


def _interpreted(inliner: states.Inliner, rawsource: str, text: str, role: str, lineno: int):
    """Every interpreted text role read as Sphinx shows its text (`role_text`); \\x00 marks escapes."""
    return [nodes.inline(rawsource, role_text(role, text.replace("\x00", "\\")))], []


def _inliner() -> states.Inliner:
    """docutils' inliner with our roles (an instance attribute: docutils' `init_customizations`
    reads the class's own attributes, so a subclass would not do)."""
    inliner = states.Inliner()
    inliner.interpreted = types.MethodType(_interpreted, inliner)
    return inliner


_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "syntax_highlight": "none",
    "trim_footnote_reference_space": True,
    "line_length_limit": 1_000_000,
    "character_level_inline_markup": False,
}


def parse_doctree(text: str) -> nodes.document:
    """docutils' document tree of text (no transforms run): nothing printed, no warning raised."""
    try:
        return _parse(text)
    except Exception as error:  # docutils on input it was never meant for: say so, never crash
        raise FormatError(f"docutils could not read this reStructuredText ({type(error).__name__})") from None


def _parse(text: str) -> nodes.document:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        settings = get_default_settings(Parser)
        for key, value in _SETTINGS.items():
            setattr(settings, key, value)
        settings.warning_stream = io.StringIO()
        document = new_document("<rst>", settings)
        parser = Parser(inliner=_inliner())
        parser.state_classes = STATE_CLASSES
        parser.parse(text, document)
    return document
