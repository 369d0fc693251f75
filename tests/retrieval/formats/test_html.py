"""The HTML reader: main text only, blocks with exact source spans, no markup in what is shown."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.formats.base import (
    ADMONITION,
    CODE,
    HEADING,
    ITEM,
    LIST,
    PARAGRAPH,
    PROSE,
    TABLE,
    FormatError,
    Parsed,
    check_blocks,
)
from retrieval.formats.html import HtmlReader
from retrieval.sentences import sentence_spans

DATA = Path(__file__).resolve().parents[2] / "data" / "formats"
SAMPLES = ["sphinx_faq.html", "material_timeouts.html", "rustdoc_bucket.html"]
READER = HtmlReader()


def parse(text: str) -> Parsed:
    parsed = READER.parse(text)
    check_blocks(text, parsed)
    return parsed


def shown(text: str, parsed: Parsed) -> list[tuple]:
    """Each block as (kind, clean text, innermost section, and its language/title/parent when set)."""
    rows = []
    for block in parsed.blocks:
        row = (block.kind, READER.clean(text[block.start : block.end], block.kind), block.section[-1:])
        extras = {"language": block.language, "title": block.title, "parent": block.parent}
        rows.append(row + tuple(f"{k}={v}" for k, v in extras.items() if v is not None))
    return rows


def spans(text: str, parsed: Parsed) -> list[tuple[str, str]]:
    return [(b.kind, text[b.start : b.end]) for b in parsed.blocks]


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# --- realistic samples (tests/data/formats/README.md says how they were made) ---

SPHINX_EXPECTED = [
    (HEADING, "Frequently Asked Questions", ()),
    (
        PARAGRAPH,
        "This is a list of Frequently Asked Questions regarding using discord.py and its extension modules.",
        ("Frequently Asked Questions",),
    ),
    (HEADING, "Coroutines", ("Frequently Asked Questions",)),
    (HEADING, "What does “blocking” mean?", ("Coroutines",)),
    (
        PARAGRAPH,
        "In asynchronous programming a blocking call is essentially all the parts of the function that "
        "are not await. Do not despair however, because not all forms of blocking are bad!",
        ("What does “blocking” mean?",),
    ),
    (
        PARAGRAPH,
        "A common source of blocking for too long is something like time.sleep(). Don’t do that. Use "
        "asyncio.sleep() instead. Similar to this example:",
        ("What does “blocking” mean?",),
    ),
    (
        CODE,
        "# bad\ntime.sleep(10)\n\n# good\nawait asyncio.sleep(10)",
        ("What does “blocking” mean?",),
        "language=",
    ),
    (
        ADMONITION,
        "Note The intents you ask for & the ones you get may differ [1].",
        ("What does “blocking” mean?",),
        "title=Note",
    ),
    (
        PARAGRAPH,
        "The intents you ask for & the ones you get may differ [1].",
        ("What does “blocking” mean?",),
        "parent=7",
    ),
    (ADMONITION, "Warning Never share your token.", ("What does “blocking” mean?",), "title=Warning"),
    (PARAGRAPH, "Never share your token.", ("What does “blocking” mean?",), "parent=9"),
    (HEADING, "Where can I find usage examples?", ("Coroutines",)),
    (
        PARAGRAPH,
        "Example code can be found in the examples folder of the repository. Run one with:",
        ("Where can I find usage examples?",),
    ),
    (
        CODE,
        "import discord\n\nclient = discord.Client(intents=discord.Intents.default())",
        ("Where can I find usage examples?",),
        "language=python3",
    ),
    (HEADING, "Intents at a glance", ("Coroutines",)),
    (
        TABLE,
        "Privileged intents; Intent | Needed for; members | member join/leave events & the member cache; "
        "message_content | reading message text",
        ("Intents at a glance",),
    ),
    (PARAGRAPH, "Steps:", ("Intents at a glance",)),
    (
        LIST,
        "Open the Developer Portal. Pick your application, then: go to Bot; switch on the intents.",
        ("Intents at a glance",),
    ),
    (ITEM, "Open the Developer Portal.", ("Intents at a glance",), "parent=17"),
    (ITEM, "Pick your application, then:", ("Intents at a glance",), "parent=17"),
    (LIST, "go to Bot; switch on the intents.", ("Intents at a glance",), "parent=17"),
    (ITEM, "go to Bot;", ("Intents at a glance",), "parent=20"),
    (ITEM, "switch on the intents.", ("Intents at a glance",), "parent=20"),
    (HEADING, "Reference", ("Frequently Asked Questions",)),
    (HEADING, "async discord.wait_until_ready(*, timeout=None)", ("Reference",)),
    (
        PARAGRAPH,
        "Waits until the client’s internal cache is all ready.",
        ("async discord.wait_until_ready(*, timeout=None)",),
    ),
    (
        LIST,
        "Parameters: timeout – Seconds to wait; None waits forever.",
        ("async discord.wait_until_ready(*, timeout=None)",),
    ),
    (ITEM, "Parameters:", ("async discord.wait_until_ready(*, timeout=None)",), "parent=26"),
    (
        ITEM,
        "timeout – Seconds to wait; None waits forever.",
        ("async discord.wait_until_ready(*, timeout=None)",),
        "parent=26",
    ),
    (LIST, "Terms A guild is a server.", ("Reference",)),
    (ITEM, "Terms", ("Reference",), "parent=29"),
    (ITEM, "A guild is a server.", ("Reference",), "parent=29"),
    (PARAGRAPH, "[1]", ("Reference",)),
    (PARAGRAPH, "See the Intents page.", ("Reference",)),
]


def test_sphinx_page_blocks():
    text = read("sphinx_faq.html")
    parsed = parse(text)
    assert shown(text, parsed) == SPHINX_EXPECTED
    assert parsed.skipped == {"navigation": 1}  # the local table of contents (<nav class="contents">)
    table = next(b for b in parsed.blocks if b.kind == TABLE)
    assert table.rows == (
        ("Intent", "Needed for"),
        ("members", "member join/leave events & the member cache"),
        ("message_content", "reading message text"),
    )
    assert (
        text[table.start : table.end].startswith('<table class="docutils')
        and text[table.end - 8 : table.end] == "</table>"
    )
    signature = parsed.blocks[24]
    assert parsed.blocks[25].section == (
        "Frequently Asked Questions",
        "Reference",
        READER.clean(text[signature.start : signature.end], HEADING),
    )


def test_material_page_blocks():
    text = read("material_timeouts.html")
    parsed = parse(text)
    assert [(k, c) for k, c, *_ in shown(text, parsed)] == [
        (HEADING, "Timeouts"),
        (
            PARAGRAPH,
            "HTTPX is careful to enforce timeouts everywhere by default. The default behavior is to raise a "
            "TimeoutException after 5 seconds of network inactivity.",
        ),
        (HEADING, "Setting and disabling timeouts"),
        (PARAGRAPH, "You can set timeouts for an individual request:"),
        (CODE, "# Using the top-level API:\nhttpx.get('http://example.com/api/v1/example', timeout=10.0)"),
        (ADMONITION, "Note Timeouts are in seconds, e.g. timeout=2.5 & timeout=None disables them."),
        (PARAGRAPH, "Timeouts are in seconds, e.g. timeout=2.5 & timeout=None disables them."),
        (ADMONITION, "Pool timeouts The pool timeout is the longest wait for a connection from the pool."),
        (PARAGRAPH, "The pool timeout is the longest wait for a connection from the pool."),
        (HEADING, "Fine tuning the configuration"),
        (
            TABLE,
            "Timeout | Default | Meaning; connect | 5.0 | time to establish a connection; read | 5.0 | "
            "time to wait for a chunk of data",
        ),
        (PARAGRAPH, "The four kinds are:"),
        (LIST, "connect read, which applies to each chunk write pool"),
        (ITEM, "connect"),
        (ITEM, "read, which applies to each chunk"),
        (ITEM, "write"),
        (ITEM, "pool"),
        (CODE, "timeout = httpx.Timeout(10.0, connect=60.0)\nclient = httpx.Client(timeout=timeout)"),
        (PARAGRAPH, "Use httpx.Client."),
        (PARAGRAPH, "Use httpx.AsyncClient."),
    ]
    blocks = parsed.blocks
    assert [b.language for b in blocks if b.kind == CODE] == [
        "python",
        "python",
    ]  # the 2nd has a line-number table
    assert [b.title for b in blocks if b.kind == ADMONITION] == ["Note", "Pool timeouts"]
    assert blocks[6].parent == 5 and blocks[8].parent == 7 and blocks[14].parent == 12
    assert blocks[3].section == ("Timeouts", "Setting and disabling timeouts")
    # Pygments' spans are inside the code span; the line-number cells are not
    assert (
        "<span" in text[blocks[4].start : blocks[4].end]
        and "linenos" not in text[blocks[17].start : blocks[17].end]
    )


def test_rustdoc_page_blocks():
    text = read("rustdoc_bucket.html")
    parsed = parse(text)
    assert [(k, c) for k, c, *_ in shown(text, parsed)] == [
        (HEADING, "Struct Bucket"),
        (CODE, "pub struct Bucket { /* private fields */ }"),
        (PARAGRAPH, "A token bucket: capacity tokens, refilled at rate tokens per second."),
        (HEADING, "Examples"),
        (
            CODE,
            "use ratelimit::Bucket;\n\nlet mut bucket = Bucket::new(2, 1.0);\n"
            "assert!(bucket.try_take(0.0));\nassert!(bucket.try_take(0.0));\n"
            "assert!(!bucket.try_take(0.0)); // empty until a token comes back",
        ),
        (ADMONITION, "The clock is yours: pass seconds since any fixed start."),
        (PARAGRAPH, "The clock is yours: pass seconds since any fixed start."),
        (
            TABLE,
            "Field | Meaning; capacity | the most tokens the bucket holds; rate | tokens added per second",
        ),
        (HEADING, "Implementations"),
        (HEADING, "impl Bucket"),
        (HEADING, "pub fn new(capacity: u32, rate: f64) -> Self"),
        (PARAGRAPH, "Creates a full bucket."),
        (HEADING, "Panics"),
        (PARAGRAPH, "Panics if rate is not positive."),
        (HEADING, "pub fn try_take(&mut self, now: f64) -> bool"),
        (PARAGRAPH, "Takes one token at time now (in seconds), if there is one."),
        (
            PARAGRAPH,
            "Returns true when the action may run. Tokens refill as "
            "min(capacity, tokens + (now - last) * rate).",
        ),
    ]
    assert {b.language for b in parsed.blocks if b.kind == CODE} == {"rust"}
    assert parsed.blocks[5].title == "Warning"
    assert parsed.blocks[15].section[-2:] == ("impl Bucket", "pub fn try_take(&mut self, now: f64) -> bool")
    assert parsed.skipped["boilerplate"] == 4  # auto-trait and blanket impls


# markup that must never be shown: tags, entities, Sphinx/MkDocs permalinks, rustdoc anchors
LEAKS = re.compile(r"<[A-Za-z/!?]|&[A-Za-z]+;|&#\d+;|¶|§")


def shown_units(text: str, parsed: Parsed) -> list[tuple[str, str, str]]:
    """(kind, raw, clean) of every sentence, heading, code, table and admonition title."""
    units = []
    for block in parsed.blocks:
        if block.kind in PROSE:
            pieces = [(block.kind, text[s:e]) for s, e in sentence_spans(text, block.start, block.end)]
        else:
            pieces = [(block.kind, text[block.start : block.end])]
        units.extend((kind, raw, READER.clean(raw, kind)) for kind, raw in pieces)
        units.extend(("title", block.title, block.title) for _ in [1] if block.title)
        units.extend(("section", s, s) for s in block.section)
    return units


@pytest.mark.parametrize("name", SAMPLES)
def test_no_markup_leaks(name):
    text = read(name)
    units = shown_units(text, parse(text))
    assert len(units) > 20
    for kind, raw, clean in units:
        # a "<" in the text is fine when the source escaped one (`Vec&lt;T&gt;`): count them
        escaped = len(re.findall(r"&lt;|&#0*60;|&#x0*3c;", raw, re.I))
        assert clean.count("<") <= escaped, (kind, raw, clean)
        leaks = [m for m in LEAKS.findall(clean) if not (m.startswith("<") and escaped)]
        assert not leaks, (kind, raw, clean)
        assert clean == clean.strip() and (kind == CODE or "  " not in clean), (kind, clean)


@pytest.mark.parametrize("name", SAMPLES)
def test_blocks_start_on_their_source_line(name):
    text = read(name)
    for block in parse(text).blocks:
        line = text.count("\n", 0, block.start) + 1
        assert text.splitlines()[line - 1].find(text[block.start : block.end].split("\n")[0]) >= 0


# --- small cases: exact spans ---


def test_prose_spans_are_the_inline_content():
    text = '<p>Hello <b>big</b> &amp; <a href="x">world</a>.<br>Next line</p>\n<p>\n  Trimmed  \n</p>'
    parsed = parse(text)
    assert spans(text, parsed) == [
        (PARAGRAPH, 'Hello <b>big</b> &amp; <a href="x">world</a>.<br>Next line'),
        (PARAGRAPH, "Trimmed"),
    ]
    assert READER.clean(spans(text, parsed)[0][1], PARAGRAPH) == "Hello big & world. Next line"


def test_headings_make_sections_and_drop_permalinks():
    text = (
        '<h1>Guide<a class="headerlink" href="#guide">¶</a></h1><p>Intro.</p>'
        '<h2 id="a">Part <code>A</code><a class="headerlink" href="#a">&para;</a></h2><p>In A.</p>'
        '<h3><a class="doc-anchor" href="#x">§</a>Deep</h3><p>In deep.</p><h2>Part B</h2><p>In B.</p>'
    )
    parsed = parse(text)
    assert [(b.kind, text[b.start : b.end], b.section) for b in parsed.blocks] == [
        (HEADING, "Guide", ()),
        (PARAGRAPH, "Intro.", ("Guide",)),
        (HEADING, "Part <code>A</code>", ("Guide",)),
        (PARAGRAPH, "In A.", ("Guide", "Part A")),
        (HEADING, "Deep", ("Guide", "Part A")),
        (PARAGRAPH, "In deep.", ("Guide", "Part A", "Deep")),
        (HEADING, "Part B", ("Guide",)),
        (PARAGRAPH, "In B.", ("Guide", "Part B")),
    ]
    assert (
        READER.clean('Title<a class="headerlink" href="#t" title="Permalink">¶</a> end', HEADING)
        == "Title end"
    )


def test_only_the_main_content():
    text = (
        "<html><head><title>T</title><style>p {}</style></head><body>"
        "<header><p>Site header</p></header><nav><ul><li>Home</li></ul></nav>"
        '<div class="sphinxsidebar"><p>Sidebar</p></div>'
        "<main><nav><p>Breadcrumbs</p></nav><article><h1>Title</h1><p>Body text.</p>"
        "<script>var x = '<p>';</script><noscript><p>Enable JS</p></noscript>"
        '<div role="navigation"><p>Prev / Next</p></div><form><p><input> Search</p></form>'
        '<aside class="md-source-file"><p>Last update</p></aside></article>'
        '<div class="md-sidebar"><p>TOC</p></div></main>'
        "<footer><p>Copyright</p></footer></body></html>"
    )
    parsed = parse(text)
    assert spans(text, parsed) == [(HEADING, "Title"), (PARAGRAPH, "Body text.")]
    assert parsed.skipped == {"script": 2, "navigation": 2, "form": 1}


def test_role_main_and_whole_page():
    text = '<div class="sphinxsidebar"><p>Side</p></div><div class="body" role="main"><p>Main.</p></div>'
    assert spans(text, parse(text)) == [(PARAGRAPH, "Main.")]
    text = "<body><nav>Menu</nav><p>No main element.</p><footer>End</footer></body>"
    assert spans(text, parse(text)) == [(PARAGRAPH, "No main element.")]
    text = (
        "<main><article><p>One.</p><article><p>Nested comment.</p></article></article>"
        "<article><p>Two.</p></article></main>"
    )
    assert [raw for _, raw in spans(text, parse(text))] == ["One.", "Nested comment.", "Two."]


def test_broken_html_unclosed_paragraphs_and_items():
    text = "<p>First paragraph\n<p>Second <b>bold\n<ul><li>one<li>two <i>it</ul><div>Tail text"
    parsed = parse(text)
    assert spans(text, parsed) == [
        (PARAGRAPH, "First paragraph"),
        (PARAGRAPH, "Second <b>bold"),
        (LIST, "<ul><li>one<li>two <i>it</ul>"),
        (ITEM, "one"),
        (ITEM, "two <i>it"),
        (PARAGRAPH, "Tail text"),
    ]


def test_entities_comments_cdata():
    text = "<p>a &lt;b&gt; &amp;amp; &#169; &nbsp;x<!-- note. Hidden --> y<![CDATA[ raw ]]> z</p>"
    (block,) = parse(text).blocks
    raw = text[block.start : block.end]
    assert READER.clean(raw, PARAGRAPH) == "a <b> &amp; © x y z"


def test_mixed_content_in_items_and_containers():
    text = "<ul><li>Lead text <ul><li>inner</li></ul> after</li></ul><div>Loose <p>para</p> more</div>"
    parsed = parse(text)
    assert [(b.kind, text[b.start : b.end], b.parent) for b in parsed.blocks] == [
        (LIST, "<ul><li>Lead text <ul><li>inner</li></ul> after</li></ul>", None),
        (ITEM, "Lead text", 0),
        (LIST, "<ul><li>inner</li></ul>", 0),
        (ITEM, "inner", 2),
        (ITEM, "after", 0),
        (PARAGRAPH, "Loose", None),
        (PARAGRAPH, "para", None),
        (PARAGRAPH, "more", None),
    ]


def test_code_languages_and_spans():
    cases = [
        (
            '<div class="highlight-python3 notranslate"><div class="highlight">'
            "<pre><span></span>x = 1\n</pre></div></div>",
            "python3",
            "<span></span>x = 1",
        ),
        (
            '<div class="highlight-default notranslate"><div class="highlight"><pre>x\n</pre></div></div>',
            "",
            "x",
        ),
        (
            '<div class="language-python highlight"><pre><span></span><code>print(1)\n</code></pre></div>',
            "python",
            "print(1)",
        ),
        (
            '<pre class="sourceCode python"><code class="sourceCode python">a &lt; b</code></pre>',
            "python",
            "a &lt; b",
        ),
        ('<pre class="rust rust-example-rendered"><code>let x = 1;</code></pre>', "rust", "let x = 1;"),
        ('<pre><code class="hljs language-bash">ls -l</code></pre>', "bash", "ls -l"),
        ("<pre>\n    indented\n  less\n\n</pre>", "", "    indented\n  less"),
    ]
    for source, language, raw in cases:
        (block,) = parse(source).blocks
        assert (block.kind, block.language, source[block.start : block.end]) == (CODE, language, raw), source
    assert READER.clean("<span></span>x = 1", CODE) == "x = 1"
    assert READER.clean("    indented\n  less", CODE) == "  indented\nless"
    assert READER.clean('<span class="linenos">1</span>a &lt; b<br>c', CODE) == "a < b\nc"
    assert parse("<pre>  \n</pre><pre></pre>").blocks == ()


def test_line_number_tables_are_code():
    text = (
        '<div class="language-python highlight"><table class="highlighttable"><tr>'
        '<td class="linenos"><div class="linenodiv"><pre><span class="normal">1</span>\n'
        '<span class="normal">2</span></pre></div></td>'
        '<td class="code"><div><pre><span></span><code>a = 1\nb = 2\n</code></pre></div></td>'
        "</tr></table></div>"
    )
    (block,) = parse(text).blocks
    assert (block.kind, block.language, READER.clean(text[block.start : block.end], CODE)) == (
        CODE,
        "python",
        "a = 1\nb = 2",
    )


def test_tables():
    text = (
        "<table><caption>Limits</caption><thead><tr><th>Name<th>Value</thead>"
        "<tbody><tr><td>max <b>size</b><td>10<tr><td>nested<td><table><tr><td>x</table></tbody></table>"
    )
    (block,) = parse(text).blocks
    assert (block.kind, block.start, block.end) == (TABLE, 0, len(text))
    assert block.rows == (("Name", "Value"), ("max size", "10"), ("nested", "x"))
    assert READER.clean(text, TABLE) == "Limits; Name | Value; max size | 10; nested | x"
    assert parse("<table><tr><td> </td></tr></table>").blocks == ()


def test_admonitions_and_details():
    text = (
        '<div class="admonition warning"><p class="admonition-title">Careful</p><p>Body.</p>'
        "<ul><li>point</li></ul></div>"
        '<details class="tip"><summary>More</summary><p>Hidden.</p></details>'
        '<div class="admonition note"><p>No title.</p></div>'
        '<details class="toggle top-doc" open>'
        '<summary class="hideme"><span>Expand description</span></summary>'
        "<p>Rustdoc docs.</p></details>"
    )
    parsed = parse(text)
    assert [(b.kind, b.title, b.parent, text[b.start : b.end][:30]) for b in parsed.blocks] == [
        (ADMONITION, "Careful", None, '<div class="admonition warning'),
        (PARAGRAPH, None, 0, "Body."),
        (LIST, None, 0, "<ul><li>point</li></ul>"),
        (ITEM, None, 2, "point"),
        (ADMONITION, "More", None, '<details class="tip"><summary>'),
        (PARAGRAPH, None, 4, "Hidden."),
        (ADMONITION, "Note", None, '<div class="admonition note"><'),
        (PARAGRAPH, None, 6, "No title."),
        (PARAGRAPH, None, None, "Rustdoc docs."),
    ]


def test_definition_lists_and_sphinx_signatures():
    text = (
        "<dl><dt>Term</dt><dd><p>Meaning.</p></dd></dl>"
        '<dl class="py class"><dt class="sig sig-object py" id="C"><em class="property">class </em>'
        '<span class="sig-name">C</span><a class="reference internal" href="#"><span class="viewcode-link">'
        '<span class="pre">[source]</span></span></a><a class="headerlink" href="#C">¶</a></dt>'
        '<dd><p>A class.</p><dl class="py method"><dt class="sig sig-object py"><span>m</span>()</dt>'
        "<dd><p>A method.</p></dd></dl></dd></dl><p>After.</p>"
    )
    parsed = parse(text)
    assert [(b.kind, READER.clean(text[b.start : b.end], b.kind), b.section) for b in parsed.blocks] == [
        (LIST, "Term Meaning.", ()),
        (ITEM, "Term", ()),
        (ITEM, "Meaning.", ()),
        (HEADING, "class C", ()),
        (PARAGRAPH, "A class.", ("class C",)),
        (HEADING, "m()", ("class C",)),
        (PARAGRAPH, "A method.", ("class C", "m()")),
        (PARAGRAPH, "After.", ()),
    ]


def test_clean_of_a_sentence_cut_inside_a_tag():
    # Punkt splits "A screenshot. The button" inside an alt attribute
    assert READER.clean('Look at <img alt="A screenshot.', PARAGRAPH) == "Look at"
    assert READER.clean('The button" src="x.png"> is blue.', PARAGRAPH) == "is blue."
    assert READER.clean("x -> y and a > b", PARAGRAPH) == "x -> y and a > b"
    assert READER.clean('<span class="viewcode-link"><span>[source]</span></span> kept', PARAGRAPH) == "kept"
    assert READER.clean("a<svg><path/><g><path></path></g></svg>b", PARAGRAPH) == "ab"


def test_body_start_offsets():
    text = "IGNORED <p>x</p>\n<p>Second.</p>"
    parsed = READER.parse(text, body_start=8)
    check_blocks(text, parsed, body_start=8)
    assert spans(text, parsed) == [(PARAGRAPH, "x"), (PARAGRAPH, "Second.")]


# --- robustness ---

MARKUP = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<li>",
        "<ul>",
        "</ul>",
        "<pre>",
        "</pre>",
        "<table>",
        "<td>",
        "<h2>",
        "</h2>",
        "<main>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<![if x]>",
        "<!DOCTYPE",
        "&amp;",
        "&#",
        "&",
        "<",
        ">",
        "</",
        "<br/>",
        '<a class="headerlink">',
        "</a>",
        '"',
        "=",
        "<script>",
        "</script>",
        "\n",
        " ",
        "x. Y",
        "\r",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=40))
def test_any_text_parses_or_raises_format_error(pieces):
    text = "".join(pieces)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            parsed = READER.parse(text)
        except FormatError:
            parsed = None
        if parsed is not None:
            check_blocks(text, parsed)
            for block in parsed.blocks:
                READER.clean(text[block.start : block.end], block.kind)
        for start in range(0, len(text), 7):
            READER.clean(text[start : start + 11], PARAGRAPH)
    assert (out.getvalue(), err.getvalue()) == ("", "")


def test_whole_sample_files_truncated_anywhere():
    text = read("sphinx_faq.html")
    for cut in range(0, len(text), 97):
        check_blocks(text[:cut], READER.parse(text[:cut]))
