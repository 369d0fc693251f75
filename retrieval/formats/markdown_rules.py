"""markdown-it-py block rules for the MkDocs / Material / pymdown syntax real docs use.

Each rule turns its syntax into tokens the Markdown reader understands:
- `skip` (meta `kind`): lines that are not text: `{* file *}` and `--8<--` includes,
  `::: module.path` autodoc lines with their indented options, `*[ABBR]: ...` definitions,
  `{% ... %}` template statements (mkdocs-macros);
- `pymdown_open` / `pymdown_close` (meta `name`, `title`): `/// name | Title` ... `///`
  blocks (admonitions, details, tabs), their body tokenized inside;
- `tab_open` / `tab_close` (meta `title`): Material content tabs, `=== "Title"` and an
  indented body.
Admonitions (`!!! note`, `??? tip`, `???+ info`) come from mdit-py-plugins' `admon`.
Also here: the source's lines as markdown-it counts them, and the front matter before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt, rules_block
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.admon import admon_plugin

from .text import LINE_BREAK

NEWLINE_RE = re.compile(LINE_BREAK)
LF_RE = re.compile("\n")
INCLUDE_RE = re.compile(r"\{\*.*\*\}[ \t]*$")  # FastAPI: {* ../../docs_src/x.py hl[3] *}
SNIPPET_RE = re.compile(r"-+8<-+(?:[ \t]+(?P<q>[\"']).*(?P=q))?[ \t]*$")  # --8<-- "file.md"
TEMPLATE_LINE_RE = re.compile(r"\{%.*%\}[ \t]*$|\{#.*#\}[ \t]*$")  # mkdocs-macros (Jinja) statements
AUTODOC_RE = re.compile(r":::[ \t]+[\w.:-]+[ \t]*$")  # mkdocstrings: ::: httpx.Client
ABBREVIATION_RE = re.compile(r"\*\[[^\]]+\]:")  # *[HTML]: Hyper Text Markup Language
BLOCK_RE = re.compile(r"(?P<slashes>/{3,})[ \t]*(?P<name>[\w-]+)?[ \t]*(?:\|[ \t]*(?P<title>.*?))?[ \t]*$")
TAB_RE = re.compile(r"===[+!]?[ \t]+\"(?P<title>.*)\"[ \t]*$")
FENCE_RE = re.compile(r"(`{3,}|~{3,})")
RULE_STARTS = frozenset("{-:*/=")
# Where a rule may interrupt a paragraph and the like (as admonitions do).
ALT = {"alt": ["paragraph", "reference", "blockquote", "list"]}
Rule = Callable[[StateBlock, int, int, bool], bool]
# markdown-it's block rules that fail unless a line starts with one of these characters, with
# their `alt` chains as markdown-it registers them. Each rule logs and looks options up before
# it reads the line: checking the character first saves a tenth of the parse time.
FIRST_CHARACTERS: tuple[tuple[str, Rule, str, list[str]], ...] = (
    ("fence", rules_block.fence, "`~", ["paragraph", "reference", "blockquote", "list"]),
    ("blockquote", rules_block.blockquote, ">", ["paragraph", "reference", "blockquote", "list"]),
    ("hr", rules_block.hr, "*-_", ["paragraph", "reference", "blockquote", "list"]),
    ("list", rules_block.list_block, "*-+0123456789", ["paragraph", "reference", "blockquote"]),
    ("reference", rules_block.reference, "[", []),
    ("html_block", rules_block.html_block, "<", ["paragraph", "reference", "blockquote"]),
    ("heading", rules_block.heading, "#", ["paragraph", "reference", "blockquote"]),
)


def markdown_parser() -> MarkdownIt:
    """CommonMark + GFM tables + MkDocs syntax, block level only.

    Inline parsing is off: the reader needs block spans, and `clean` strips the inline
    syntax of each sentence itself (parsing every paragraph's inline tokens would triple
    the cost of loading a folder).
    """
    md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    for name, rule, characters, alt in FIRST_CHARACTERS:
        md.block.ruler.at(name, first_character_gate(rule, frozenset(characters)), {"alt": alt})
    md.block.ruler.at("lheading", setext_gate)
    md.block.ruler.at("code", indented_code_gate)
    md.block.ruler.at("table", table_gate, {"alt": ["paragraph", "reference"]})
    admon_plugin(md)
    md.block.ruler.before("code", "mkdocs", mkdocs_rule, ALT)
    return md


def mkdocs_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """One rule for all the line-initial MkDocs syntax: most lines fail on their first
    character, and one rule call per line costs less than three."""
    pos = state.bMarks[start] + state.tShift[start]
    first = state.src[pos : pos + 1]
    if first not in RULE_STARTS or state.is_code_block(start):
        return False
    if first == "/":
        return pymdown_block_rule(state, start, end, silent)
    if first == "=":
        return tab_rule(state, start, end, silent)
    return skip_rule(state, start, end, silent)


def first_character_gate(rule: Rule, characters: frozenset[str]) -> Rule:
    """`rule`, tried only on lines that start with one of `characters`."""

    def gate(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        return state.src[pos : pos + 1] in characters and rule(state, start, end, silent)

    return gate


def indented_code_gate(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's indented code rule, tried only on lines indented as code."""
    return state.sCount[start] - state.blkIndent >= 4 and rules_block.code(state, start, end, silent)


def table_gate(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's GFM table rule, tried only when the next line may be a delimiter row."""
    if start + 2 > end:
        return False
    pos = state.bMarks[start + 1] + state.tShift[start + 1]
    return state.src[pos : pos + 1] in ("|", "-", ":") and rules_block.table(state, start, end, silent)


def setext_gate(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's setext heading rule, tried only when a line of the paragraph that starts
    here begins with `=` or `-` (the rule itself scans the paragraph, as `paragraph` does
    after it: most paragraphs were read twice)."""
    for number in range(start + 1, end):
        pos = state.bMarks[number] + state.tShift[number]
        if pos >= state.eMarks[number]:
            return False
        if state.src[pos] in "=-":
            return rules_block.lheading(state, start, end, silent)
    return False


def line_text(state: StateBlock, line: int) -> str:
    """A line's text after its indentation (in the current container)."""
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def skip_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Include, snippet, template, autodoc and abbreviation lines: one `skip` token, no text."""
    line = line_text(state, start)
    found = skipped_lines(state, line, start, end)
    if found is None:
        return False
    if not silent:
        kind, last = found
        token = state.push("skip", "", 0)
        token.meta = {"kind": kind}
        token.map = [start, last + 1]
        state.line = last + 1
    return True


def skipped_lines(state: StateBlock, line: str, start: int, end: int) -> tuple[str, int] | None:
    """(kind, last line) of the skipped lines starting at `start`, or None."""
    if line.startswith("{*") and INCLUDE_RE.match(line):
        return "include", start
    if line.startswith(("{%", "{#")) and TEMPLATE_LINE_RE.match(line):
        return "template", start
    if line.startswith("-") and SNIPPET_RE.match(line):
        if line.rstrip().endswith("-"):  # block form: file names up to the next bare --8<--
            for number in range(start + 1, end):
                if SNIPPET_RE.match(line_text(state, number)):
                    return "include", number
        return "include", start
    if line.startswith(":::") and AUTODOC_RE.match(line):
        return "autodoc", indented_end(state, start, end, state.sCount[start] + 1) - 1
    if line.startswith("*[") and ABBREVIATION_RE.match(line):
        return "abbreviation", start
    return None


def indented_end(state: StateBlock, start: int, end: int, indent: int, blanks: bool = True) -> int:
    """The line after the block that starts at `start`: its body is indented by `indent` or
    more (blank lines inside are fine unless `blanks` is False, trailing ones are left out)."""
    after = start + 1
    for number in range(start + 1, end):
        if state.isEmpty(number):
            if blanks:
                continue
            break
        if state.sCount[number] < indent:
            break
        after = number + 1
    return after


def header(state: StateBlock, start: int, prefix: str, pattern: re.Pattern) -> re.Match | None:
    """A container's first line, matched (None: not this container)."""
    line = line_text(state, start)
    return pattern.match(line) if line.startswith(prefix) else None


def pymdown_block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """pymdown Blocks: `/// name | Title`, the body, and a closing line of as many slashes."""
    match = header(state, start, "///", BLOCK_RE)
    if match is None or not match["name"]:
        return False
    if silent:
        return True
    close = closing_line(state, start, end, match["slashes"])
    options_end = indented_end(state, start, close, state.sCount[start] + 1, blanks=False)
    meta = {"name": match["name"].lower(), "title": match["title"] or ""}
    push_container(state, "pymdown", meta, (start, min(close + 1, end)), (options_end, close))
    return True


def closing_line(state: StateBlock, start: int, end: int, slashes: str) -> int:
    """The line that closes a block opened with `slashes` (`end` if none), past fenced code
    and same-sized nested blocks."""
    fence, depth = "", 0
    for number in range(start + 1, end):
        line = line_text(state, number).rstrip()
        if fence:
            fence = "" if line.startswith(fence) and not line.strip(fence[0]) else fence
        elif match := FENCE_RE.match(line):
            fence = match[1]
        elif line == slashes and not state.is_code_block(number):
            if depth == 0:
                return number
            depth -= 1
        elif line.startswith(slashes) and (opened := BLOCK_RE.match(line)) and opened["slashes"] == slashes:
            depth += bool(opened["name"])
    return end


def tab_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Material content tabs: `=== "Title"` with a body indented by four spaces."""
    match = header(state, start, "===", TAB_RE)
    if match is None:
        return False
    if silent:
        return True
    indent = state.sCount[start] + 4
    after = indented_end(state, start, end, indent)
    push_container(state, "tab", {"title": match["title"]}, (start, after), (start + 1, after), indent)
    return True


def push_container(
    state: StateBlock, name: str, meta: dict, lines: tuple[int, int], body: tuple[int, int], indent: int = -1
) -> None:
    """`name_open`, the tokens of the body lines (indented by `indent`; -1: as the container
    is), `name_close`; the parser goes on after `lines`."""
    token = state.push(f"{name}_open", "div", 1)
    token.meta, token.map = meta, list(lines)
    old = state.lineMax, state.blkIndent, state.parentType
    state.lineMax, state.parentType = body[1], "container"
    state.blkIndent = indent if indent >= 0 else state.blkIndent
    state.md.block.tokenize(state, *body)
    state.lineMax, state.blkIndent, state.parentType = old
    state.push(f"{name}_close", "div", -1)
    state.line = lines[1]


def line_table(text: str, start: int) -> tuple[list[int], list[int]]:
    """Where each line of text[start:] starts, and where its text ends (before its break)."""
    if "\r" in text:  # \r\n and a lone \r end lines too, as markdown-it counts them
        matches = list(NEWLINE_RE.finditer(text, start))
        return [start] + [m.end() for m in matches], [m.start() for m in matches] + [len(text)]
    ends = [m.start() for m in LF_RE.finditer(text, start)]
    starts = [start] + [end + 1 for end in ends]
    ends.append(len(text))
    return starts, ends


def front_matter_lines(text: str, starts: list[int], ends: list[int]) -> int:
    """How many lines a leading YAML (`---`) or TOML (`+++`) front matter takes (0: none)."""
    fence = text[starts[0] : ends[0]].rstrip()
    if fence not in ("---", "+++"):
        return 0
    closing = (fence, "...") if fence == "---" else (fence,)
    for number in range(1, len(starts)):
        if text[starts[number] : ends[number]].rstrip() in closing:
            return number + 1
    return 0
