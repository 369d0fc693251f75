"""docutils set up to read Sphinx sources without Sphinx, and without docutils' global registries.

docutils looks roles and directives up in module-level registries and reports the unknown ones
as error text inside the document. Here every role goes through `_interpreted` (its text as
Sphinx shows it, `role_text`) and every directive through `_DirectiveDispatch.directive` (our
classes, `rst_directives`), so nothing is registered globally, `.. role::` cannot change
docutils for other users, and no error text appears. No transforms run: substitutions stay
their names, footnotes are not numbered.
"""

from __future__ import annotations

import copy
import io
import re
import types
import warnings
from functools import lru_cache
from types import MappingProxyType

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, states
from docutils.utils import new_document

from .base import FormatError
from .rst_directives import directive_class
from .rst_inline import role_text


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


@lru_cache(maxsize=1)
def _default_settings():
    """docutils' defaults, made once: its option parser takes 1.5 ms, longer than a small page."""
    settings = get_default_settings(Parser)
    for key, value in _SETTINGS.items():
        setattr(settings, key, value)
    return settings


def _parse(text: str) -> nodes.document:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        settings = copy.copy(_default_settings())
        settings.warning_stream = io.StringIO()  # nothing is reported at report_level 5
        document = new_document("<rst>", settings)
        parser = Parser(inliner=_inliner())
        parser.state_classes = STATE_CLASSES
        parser.parse(text, document)
    return document
