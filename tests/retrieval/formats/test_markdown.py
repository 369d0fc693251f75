"""The Markdown reader: markdown-it-py blocks, MkDocs / Material / pymdown syntax, clean text."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from retrieval.formats import FormatError, Parsed
from retrieval.formats.base import (
    ADMONITION,
    CODE,
    HEADING,
    ITEM,
    LIST,
    PARAGRAPH,
    PROSE,
    TABLE,
    check_blocks,
)
from retrieval.formats.markdown import MarkdownReader
from retrieval.formats.markdown_clean import CODE_SPAN_RE
from retrieval.formats.markdown_rules import markdown_parser
from retrieval.sentences import sentence_spans

DATA = Path(__file__).parent.parent.parent / "data" / "formats"
SAMPLES = sorted(DATA.glob("markdown_*.md"))
READER = MarkdownReader()
# What must never be left in the text shown for a block.
LEAKS = re.compile(
    r"\{\*|\*\}|///|!!!|\?\?\?|===|\{ ?#|\{:|:::|--8<--|<[A-Za-z/!]|`|\*\*|\]\(|\[\^|:material-|^[>#*+-] "
)


def parse(text: str, body_start: int = 0) -> Parsed:
    parsed = READER.parse(text, body_start)
    check_blocks(text, parsed, body_start)
    return parsed


def spans(text: str, parsed: Parsed) -> list[tuple[str, str]]:
    """(kind, source span) of every block, containers left out."""
    return [(b.kind, text[b.start : b.end]) for b in parsed.blocks if b.kind not in (LIST, ADMONITION)]


def sample(name: str) -> tuple[str, Parsed]:
    text = (DATA / name).read_text(encoding="utf-8")
    return text, parse(text)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_keeps_the_block_invariants(path):
    text = path.read_text(encoding="utf-8")
    parsed = parse(text)
    assert parsed.blocks


# -- small cases: the exact blocks ---------------------------------------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ("# Title { #title }\n\nBody text.\n", [(HEADING, "Title"), (PARAGRAPH, "Body text.")]),
        ("## Title {: .big }\n", [(HEADING, "Title")]),
        ("Title {#id .cls}\n=====\n", [(HEADING, "Title")]),
        ("### Closed heading ###\n", [(HEADING, "Closed heading")]),
        ("# A \x00 in it ##\n", [(HEADING, "A \x00 in it")]),  # markdown-it reads \x00 as U+FFFD
        ("- one\n- [x] two\n  continued\n", [(ITEM, "one"), (ITEM, "two\n  continued")]),
        ("1. first\n\n    second paragraph\n", [(ITEM, "first"), (ITEM, "second paragraph")]),
        ("> quoted\n> more\n", [(PARAGRAPH, "quoted\n> more")]),
        ('```Python hl_lines="3"\nx = 1\n```\n', [(CODE, "x = 1")]),
        ("~~~\n  indented\n~~~\n", [(CODE, "  indented")]),
        ("Text:\n\n    code line\n      more\n", [(PARAGRAPH, "Text:"), (CODE, "    code line\n      more")]),
        ("a | b\n--|--\n1 | 2\n", [(TABLE, "a | b\n--|--\n1 | 2")]),
        ('<div align="center">Some text</div>\n', [(PARAGRAPH, "Some text")]),
        ("<!-- hidden -->\n\nShown.\n", [(PARAGRAPH, "Shown.")]),
        ("[^1]: The note.\n", [(PARAGRAPH, "The note.")]),
        ("[![Badge](b.svg)](https://x)\n", []),
        ("*[HTML]: Hyper Text Markup Language\n", []),
    ],
)
def test_small_documents_give_exactly_these_blocks(source, expected):
    assert spans(source, parse(source)) == expected


def test_fenced_code_in_a_list_keeps_its_indentation_and_language():
    text = "- Install:\n\n    ```console\n    $ pip install x\n    ```\n"
    parsed = parse(text)
    code = next(b for b in parsed.blocks if b.kind == CODE)
    assert text[code.start : code.end] == "    $ pip install x"
    assert code.language == "console" and parsed.blocks[code.parent].kind == LIST
    assert READER.clean(text[code.start : code.end], CODE) == "$ pip install x"


@pytest.mark.parametrize(
    "info, language",
    [
        ("python", "python"),
        ('Python hl_lines="3"', "python"),
        ("{.yaml .annotate}", "yaml"),
        ("", ""),
        ('hl_lines="5"', ""),  # attributes only: no language (FastAPI's docs; it was "hl_lines")
        ('{ title="main.py" }', ""),
    ],
)
def test_the_code_language_is_the_first_word_of_the_info_string(info, language):
    (code,) = parse(f"```{info}\nx\n```\n").blocks
    assert code.language == language


@pytest.mark.parametrize(
    "source, title, inside",
    [
        ('!!! note "Read this"\n    Body text.\n', "Read this", "Body text."),
        ("!!! warning\n    Careful now.\n", "Warning", "Careful now."),
        ("??? tip\n    Collapsed.\n", "Tip", "Collapsed."),
        ("???+ info\n    Open.\n", "Info", "Open."),
        ("/// tip | Use **defaults**\n\nBody text.\n\n///\n", "Use defaults", "Body text."),
        ("/// details\n\nHidden.\n\n///\n", "Details", "Hidden."),
        ('=== "Python 3.10+"\n\n    Tab text.\n', "Python 3.10+", "Tab text."),
    ],
)
def test_admonitions_blocks_and_tabs_are_titled_containers(source, title, inside):
    admonition, paragraph = parse(source).blocks
    assert (admonition.kind, admonition.title) == (ADMONITION, title)
    assert source[paragraph.start : paragraph.end] == inside and paragraph.parent == 0


def test_nested_pymdown_blocks_close_at_their_own_marker():
    text = "//// tab | Python\n\n/// tip\n\nInner.\n\n///\n\nOuter.\n\n////\n\nAfter.\n"
    blocks = parse(text).blocks
    assert [(b.kind, b.title, b.parent) for b in blocks] == [
        (ADMONITION, "Python", None),
        (ADMONITION, "Tip", 0),
        (PARAGRAPH, None, 1),
        (PARAGRAPH, None, 0),
        (PARAGRAPH, None, None),
    ]


def test_a_closing_marker_inside_fenced_code_does_not_close_the_block():
    text = "/// note\n\n```md\n///\n```\n\nStill inside.\n\n///\n"
    blocks = parse(text).blocks
    assert [b.kind for b in blocks] == [ADMONITION, CODE, PARAGRAPH]
    assert blocks[2].parent == 0


@pytest.mark.parametrize(
    "source, kind",
    [
        ("{* ../../docs_src/app.py hl[3] *}\n", "include"),
        ('--8<-- "snippets/note.md"\n', "include"),
        ("--8<--\nfile_a.md\nfile_b.md\n--8<--\n", "include"),
        ('```python\n--8<-- "examples/app.py"\n```\n', "include"),
        ("::: httpx.Client\n    :docstring:\n    :members: get post\n", "autodoc"),
        ("---\ntitle: x\n---\n", "front_matter"),
        ("+++\ntitle = 'x'\n+++\n", "front_matter"),
        ("<script>var x = 1;</script>\n", "html"),
        ("{% for user in people %}\n", "template"),
        ('<div>{% for s in sponsors %}<a href="{{ s.url }}"></a>{% endfor %}</div>\n', "html"),
    ],
)
def test_what_is_not_text_is_skipped_and_counted(source, kind):
    parsed = parse(source)
    assert parsed.blocks == () and parsed.skipped == Counter({kind: 1})


def test_an_include_line_ends_the_paragraph_before_it():
    text = "Use standard types:\n{* ../../docs_src/x.py *}\nAfter it.\n"
    parsed = parse(text)
    assert spans(text, parsed) == [(PARAGRAPH, "Use standard types:"), (PARAGRAPH, "After it.")]
    assert parsed.skipped["include"] == 1


def test_the_body_start_and_any_line_ending_are_honoured():
    lines = ["date 2024-01-02", "# Guide { #guide }", "", "> First line", "> second line.", ""]
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(lines)
        body_start = len(lines[0]) + len(newline)
        heading, paragraph = parse(text, body_start).blocks
        assert text[heading.start : heading.end] == "Guide"
        assert READER.clean(text[paragraph.start : paragraph.end], PARAGRAPH) == "First line second line."
        assert paragraph.section == ("Guide",)


def test_sections_follow_the_heading_levels():
    text = "# A\n\n## B\n\nin b\n\n### C\n\nin c\n\n## D\n\nin d\n"
    prose = [b for b in parse(text).blocks if b.kind == PARAGRAPH]
    assert [b.section for b in prose] == [("A", "B"), ("A", "B", "C"), ("A", "D")]
    heading_d = [b for b in parse(text).blocks if b.kind == HEADING][-1]
    assert heading_d.section == ("A",)  # the headings above it


def test_table_rows_are_clean_cells_and_clean_gives_one_row_per_line():
    text = "| Name | Type |\n| :--- | ---: |\n| `q` | **str** |\n| `a \\| b` | [int](x.md) |\n"
    (table,) = parse(text).blocks
    assert table.rows == (("Name", "Type"), ("q", "str"), ("a | b", "int"))
    assert READER.clean(text[table.start : table.end], TABLE) == "Name | Type\nq | str\na | b | int"


# -- the samples ---------------------------------------------------------------------------


def test_the_mkdocs_sample_reads_as_its_author_meant():
    text, parsed = sample("markdown_mkdocs.md")
    assert parsed.skipped == Counter(
        {"include": 3, "front_matter": 1, "comment": 1, "autodoc": 1, "abbreviation": 1}
    )
    headings = [READER.clean(text[b.start : b.end], HEADING) for b in parsed.blocks if b.kind == HEADING]
    assert headings == [
        "Query Parameters",
        "Defaults",
        "Optional parameters",
        "Query parameter type conversion",
        "Recap",
    ]
    titles = [b.title for b in parsed.blocks if b.kind == ADMONITION]
    assert titles == ["Use defaults", "Python 3.10+", "Python 3.9+", "Warning", "Technical Details",
                      "Required query parameters"]  # fmt: skip
    assert [b.language for b in parsed.blocks if b.kind == CODE] == ["", "python"]
    (table,) = [b for b in parsed.blocks if b.kind == TABLE]
    assert table.rows == (("Value", "Converted to"), ("1, True, on", "True"), ("0, False, off", "False"))
    assert table.section == ("Query Parameters", "Query parameter type conversion")
    items = [READER.clean(text[b.start : b.end], ITEM) for b in parsed.blocks if b.kind == ITEM]
    assert 'Data "parsing"' in items and "with ?short=yes" in items
    assert "Clear errors when the data is invalid." in items


def test_the_readme_sample_keeps_html_text_and_drops_badges():
    text, parsed = sample("markdown_readme.md")
    prose = [READER.clean(text[b.start : b.end], b.kind) for b in parsed.blocks if b.kind in PROSE]
    assert prose[0] == "Answers from your own documents, with citations."
    assert "Why no embeddings?" in prose and "MIT, see LICENSE & the contributors." in prose
    assert not any("Tests" in p or "PyPI" in p for p in prose)
    assert parsed.skipped["image"] == 1
    assert [b.language for b in parsed.blocks if b.kind == CODE] == ["bash", "console", ""]
    assert [b.section[-1] for b in parsed.blocks if b.kind == CODE] == ["Installation"] * 2 + ["Usage"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_no_markup_leaks_into_what_is_shown(path):
    text = path.read_text(encoding="utf-8")
    assert [line for line in shown_texts(text, parse(text)) if LEAKS.search(line)] == []


def shown_texts(text: str, parsed: Parsed) -> list[str]:
    """Every line a reader of the answers may see: sentences (code spans left out: they may
    name markup on purpose), whole prose blocks, headings, sections, titles, table cells."""
    shown = [name for b in parsed.blocks for name in b.section]
    shown += [b.title or "" for b in parsed.blocks]
    shown += [cell for b in parsed.blocks for row in b.rows for cell in row]
    for block in parsed.blocks:
        raw = text[block.start : block.end]
        if block.kind in PROSE:
            sentences = sentence_spans(text, block.start, block.end)
            shown += [READER.clean(CODE_SPAN_RE.sub("x", text[s:e]), block.kind) for s, e in sentences]
        if block.kind in (*PROSE, HEADING, TABLE):
            shown.append(READER.clean(CODE_SPAN_RE.sub("x", raw), block.kind))
    return [line for piece in shown for line in piece.split("\n")]


HTTPX_DOCS = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "docs-dev" / "docs" / "httpx"


def test_the_httpx_docs_read_cleanly():
    """Real MkDocs pages (admonitions, `:::` autodoc stubs): the invariants, no markup shown."""
    if not HTTPX_DOCS.is_dir():
        pytest.skip("the docs-dev benchmark (../shared/bench/docs-dev) is not beside this checkout")
    skipped: Counter = Counter()
    for path in sorted(HTTPX_DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        parsed = parse(text)
        skipped.update(parsed.skipped)
        assert [line for line in shown_texts(text, parsed) if LEAKS.search(line)] == [], path.name
    assert skipped["autodoc"] == 39


# -- clean -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Use **bold**, *em*, _em_ and __strong__ text.", "Use bold, em, em and strong text."),
        ("Call `client.get()` with `**kwargs`.", "Call client.get() with **kwargs."),
        ('See [the docs](https://x.org/a_(b) "t") and [ref][r].', "See the docs and ref."),
        ("An ![alt text](img.png) image.", "An alt text image."),
        ("Visit <https://example.com> or <me@example.com>.", "Visit https://example.com or me@example.com."),
        ('An <abbr title="Application Programming Interface">API</abbr>.', "An API."),
        ("Line one<br>line two.", "Line one line two."),
        ("Hidden <!-- comment --> text.", "Hidden text."),
        ("Escaped \\*stars\\* and \\_under\\_.", "Escaped *stars* and _under_."),
        ("A [button](x.md){ .md-button } here.", "A button here."),
        ("Done :material-check: and :+1: at 10:30:00.", "Done and at 10:30:00."),
        ("A note[^1] here.", "A note here."),
        ("~~old~~ new &amp; better", "old new & better"),
        ("snake_case_name and 2 * 3", "snake_case_name and 2 * 3"),
        ("> quoted\n> lines", "quoted lines"),
        ("**Cut by a sentence end.", "Cut by a sentence end."),
        ("end of a [link.", "end of a [link."),
        ("text](https://x.org) goes on.", "text goes on."),
        ('again.">"cache"</dfn> and more', '"cache" and more'),
        ('ends <dfn title="A cut', "ends"),
        ('"_**Netflix** is pleased', '"Netflix is pleased'),
        ("** We're receptive.", "We're receptive."),
        ('[built with **FastAPI**]_"', '[built with FastAPI]"'),
        ("*An HTTP response.", "An HTTP response."),
        ("Stars: {{ repo.stars }} {% if x %}", "Stars:"),
    ],
)
def test_clean_gives_plain_text(raw, clean):
    assert READER.clean(raw, PARAGRAPH) == clean


def test_clean_code_dedents_and_keeps_lines():
    raw = "    def f():\n        return 1   \n\n    f()"
    assert READER.clean(raw, CODE) == "def f():\n    return 1\n\nf()"
    assert READER.clean("a\r\n  b\r\n", CODE) == "a\n  b"


# -- robustness ------------------------------------------------------------------------------

PIECES = [*"ab #>-*+_`~=|:![](){}<>/\\.1\n\t\r\"'^&;?"]
PIECES += ["    ", "///", "!!! ", "{* ", "::: ", '=== "t"', "<!--", "--8<--", "| --- |"]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_any_text_parses_with_the_invariants_and_cleans(text):
    try:
        parsed = READER.parse(text)
    except FormatError:
        return
    check_blocks(text, parsed)
    for block in parsed.blocks:
        READER.clean(text[block.start : block.end], block.kind)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_substring_cleans_without_error(text):
    for kind in (PARAGRAPH, HEADING, CODE, TABLE):
        assert isinstance(READER.clean(text, kind), str)


@pytest.mark.parametrize("marker", ["**", "__", "*", "_", "~~", "``"])
def test_unpaired_markers_clean_in_linear_time(marker):
    started = time.perf_counter()
    READER.clean(f"{marker}a " * 20_000, PARAGRAPH)  # an unbounded search took over a minute
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_truncated_samples_parse_quietly(path, capsys):
    text = path.read_text(encoding="utf-8")
    for end in range(0, len(text), 7):
        check_blocks(text[:end], READER.parse(text[:end]))
    assert capsys.readouterr() == ("", "")


@settings(max_examples=200, deadline=None)
@given(MARKDOWNISH)
def test_the_speed_gates_leave_markdown_it_tokens_unchanged(text):
    plain = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    gated = markdown_parser()
    gated.block.ruler.disable(["admonition", "mkdocs"])

    def key(md: MarkdownIt) -> list[tuple]:
        return [(t.type, t.map, t.content, t.info, t.markup) for t in md.parse(text)]

    assert key(gated) == key(plain)
