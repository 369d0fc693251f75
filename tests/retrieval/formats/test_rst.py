"""reStructuredText as Sphinx projects write it: exact blocks, Sphinx roles read, no markup left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docutils.parsers.rst import directives, roles
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from retrieval.documents import parse_document
from retrieval.formats import PROSE
from retrieval.formats.base import CODE, HEADING, PARAGRAPH, TABLE, FormatError, Parsed, check_blocks
from retrieval.formats.rst import RstReader, read_blocks
from retrieval.sentences import sentence_spans
from tests.retrieval.test_sentences import line_of

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "tests" / "data" / "formats").glob("*.rst"))
DISCORDPY = ROOT.parent / "shared" / "bench" / "docs-dev" / "docs" / "discordpy"
REAL = sorted(DISCORDPY.rglob("*.rst")) if DISCORDPY.is_dir() else []
READER = RstReader()
# What must never be left in a cleaned prose sentence, heading or table: roles, interpreted
# text, directives, a paragraph's literal-block marker, docutils' error text, substitutions.
LEAKS = re.compile(
    r":[\w:+-]+:`|`|(?:^|\s)\.\. |::$|System Message|Unknown (?:interpreted|directive)|\|\w+\|"
)
TABLE_BORDERS = re.compile(r"\+-{3}|={3}|^\|", re.M)


def blocks_of(text: str, body_start: int = 0) -> list[tuple]:
    """(kind, span text, section, extra) of every block, after checking the invariants."""
    walker = read_blocks(text, body_start)
    check_blocks(text, Parsed(tuple(walker.blocks), walker.skipped), body_start)
    assert walker.lost == 0
    out = []
    for block in walker.blocks:
        extra = {CODE: block.language, TABLE: block.rows}.get(block.kind, block.title)
        out.append((block.kind, text[block.start : block.end], block.section, extra))
    return out


def leaks(text: str) -> list[str]:
    """Every cleaned sentence, heading and table of a document that still has markup in it."""
    found = []
    for block in READER.parse(text).blocks:
        raw = text[block.start : block.end]
        if block.kind in PROSE:
            pieces = [
                READER.clean(text[s:e], block.kind) for s, e in sentence_spans(text, block.start, block.end)
            ]
        elif block.kind == TABLE:
            pieces = [READER.clean(raw, TABLE)]
            found += [piece for piece in pieces if TABLE_BORDERS.search(piece)]
        elif block.kind == HEADING:
            pieces = [READER.clean(raw, HEADING)]
        else:
            continue
        found += [piece for piece in pieces if LEAKS.search(piece)]
    return found


def assert_reads_cleanly(text: str) -> None:
    """Invariants hold, every node is placed, each prose block's clean text is docutils' text."""
    walker = read_blocks(text)
    check_blocks(text, Parsed(tuple(walker.blocks), walker.skipped))
    assert walker.lost == 0
    for block, expected in zip(walker.blocks, walker.texts, strict=True):
        if expected is not None:
            assert READER.clean(text[block.start : block.end], block.kind) == expected, block
    assert leaks(text) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_read_cleanly(path):
    assert_reads_cleanly(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(
    not REAL, reason="the discord.py docs (../shared/bench/docs-dev) are not beside this checkout"
)
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_discordpy_pages_read_cleanly(path):
    assert_reads_cleanly(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(
    not REAL, reason="the discord.py docs (../shared/bench/docs-dev) are not beside this checkout"
)
def test_the_converter_table_of_the_commands_page():
    text = (DISCORDPY / "ext" / "commands" / "commands.rst").read_text(encoding="utf-8")
    (table,) = [block for block in READER.parse(text).blocks if block.kind == TABLE]
    assert table.rows[0] == ("Discord Class", "Converter")
    assert ("Member", "MemberConverter") in table.rows and (
        "GuildChannel",
        "GuildChannelConverter",
    ) in table.rows
    assert len(table.rows) == 22
    assert table.section == ("Commands", "Converters", "Discord Converters")
    shown = READER.clean(text[table.start : table.end], TABLE)
    assert shown.splitlines()[:2] == ["Discord Class | Converter", "Object | ObjectConverter"]


def test_the_excerpts_as_blocks():
    text = (ROOT / "tests" / "data" / "formats" / "discordpy_excerpts.rst").read_text(encoding="utf-8")
    blocks = blocks_of(text)
    headings = [(span, section) for kind, span, section, _ in blocks if kind == HEADING]
    assert headings[:3] == [
        ("Frequently Asked Questions", ()),
        ("Coroutines", ("Frequently Asked Questions",)),
        ("What is a coroutine?", ("Frequently Asked Questions", "Coroutines")),
    ]
    assert ("Where can I use ``await``\\?", ("Frequently Asked Questions", "Coroutines")) in headings
    kinds = [kind for kind, *_ in blocks]
    assert kinds.count("code") == 3 and kinds.count("table") == 1 and kinds.count("admonition") == 4
    (code,) = [b for b in blocks if b[0] == CODE and b[3] == ""]
    assert code[1] == "    # bad\n    time.sleep(10)\n\n    # good\n    await asyncio.sleep(10)"
    assert READER.parse(text).skipped == {}


SECTIONS = """\
=======
 Title
=======

Intro.

Part
----

Sub part
~~~~~~~~

Deeper
^^^^^^

Text.

Other part
----------

End.
"""


def test_any_underline_style_makes_headings_and_section_paths():
    assert blocks_of(SECTIONS) == [
        (HEADING, "Title", (), None),
        ("paragraph", "Intro.", ("Title",), None),
        (HEADING, "Part", ("Title",), None),
        (HEADING, "Sub part", ("Title", "Part"), None),
        (HEADING, "Deeper", ("Title", "Part", "Sub part"), None),
        ("paragraph", "Text.", ("Title", "Part", "Sub part", "Deeper"), None),
        (HEADING, "Other part", ("Title",), None),
        ("paragraph", "End.", ("Title", "Other part"), None),
    ]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (":class:`~discord.Client`", "Client"),
        (":meth:`Client.run`", "Client.run"),
        (":ref:`text <label>`", "text"),
        (":ref:`label`", "label"),
        (":doc:`./ext/commands/index`", "./ext/commands/index"),
        (":doc:`aiohttp <aio:index>`", "aiohttp"),
        (":func:`!setup`", "setup"),
        (":attr:`.Client.user`", "Client.user"),
        (":class:`~.ext.commands.BadLiteralArgument`", "BadLiteralArgument"),
        (":data:`sys.stderr`", "sys.stderr"),
        (":exc:`ImportError`", "ImportError"),
        (":issue:`1234`", "1234"),
        (":ddocs:`the gateway <topics/gateway>`", "the gateway"),
        (":py:class:`discord.Intents`", "discord.Intents"),
        (":unknownrole:`its text`", "its text"),
        ("`text`:class:", "text"),
        (":pep:`526`", "PEP 526"),
        (":rfc:`2616`", "RFC 2616"),
        (":abbr:`LIFO (last-in, first-out)`", "LIFO"),
        (":code:`a < b`", "a < b"),
        ("`default role`", "default role"),
        ("``literal *not emphasis*``", "literal *not emphasis*"),
        ("*emphasis* and **strong**", "emphasis and strong"),
        ("`a link <https://example.com>`_", "a link"),
        ("`<https://example.com>`_", "https://example.com"),
        ("`named`_ and anonymous__ and word_", "named and anonymous and word"),
        ("|substitution| and |link|_", "substitution and link"),
        ("text [#]_ and [1]_ and [CIT2002]_.", "text and and ."),
        (r"an escaped \*star\* and a\ b and ``await``\?", "an escaped *star* and ab and await?"),
        ("a _`target` here", "a target here"),
        ("wildcards (*) and quotes '*' stay", "wildcards (*) and quotes '*' stay"),
        ("snake_case_names and 2*3*4 stay", "snake_case_names and 2*3*4 stay"),
    ],
)
def test_inline_markup_reads_as_sphinx_shows_it(source, shown):
    text = f"Before {source} after."
    (block,) = READER.parse(text).blocks
    assert READER.clean(text[block.start : block.end], block.kind) == f"Before {shown} after."
    assert read_blocks(text).texts == [f"Before {shown} after."]  # what docutils itself reads


@pytest.mark.parametrize(
    ("fragment", "shown"),
    [
        ("like ``foo.", "like foo."),
        ("Bar`` and more.", "Bar and more."),
        ("see :ref:`Are you sure?", "see Are you sure?"),
        ("Yes <label>` for details.", "Yes for details."),
        ("**Bold. ", "Bold."),
    ],
)
def test_a_sentence_split_inside_markup_leaves_none_of_it(fragment, shown):
    assert READER.clean(fragment, "paragraph") == shown


ADMONITIONS = """\
.. note::

   A note.

.. versionadded:: 2.0

.. versionchanged:: 2.1 The *token* is optional.

.. deprecated:: 3.0
   Use :meth:`start`.

.. admonition:: Custom *title*

   Body.

.. seealso:: :class:`Client`

.. warning:: First line
   goes on.
"""


def test_admonitions_are_containers_with_titles():
    assert blocks_of(ADMONITIONS) == [
        ("admonition", ".. note::\n\n   A note.", (), "Note"),
        ("paragraph", "A note.", (), None),
        ("admonition", ".. versionadded:: 2.0", (), "New in version 2.0"),
        ("admonition", ".. versionchanged:: 2.1 The *token* is optional.", (), "Changed in version 2.1"),
        ("paragraph", "The *token* is optional.", (), None),
        ("admonition", ".. deprecated:: 3.0\n   Use :meth:`start`.", (), "Deprecated since version 3.0"),
        ("paragraph", "Use :meth:`start`.", (), None),
        ("admonition", ".. admonition:: Custom *title*\n\n   Body.", (), "Custom title"),
        ("paragraph", "Body.", (), None),
        ("admonition", ".. seealso:: :class:`Client`", (), "See also"),
        ("paragraph", ":class:`Client`", (), None),
        ("admonition", ".. warning:: First line\n   goes on.", (), "Warning"),
        ("paragraph", "First line\n   goes on.", (), None),
    ]
    parsed = READER.parse(ADMONITIONS)
    assert [block.parent for block in parsed.blocks] == [
        None,
        0,
        None,
        None,
        3,
        None,
        5,
        None,
        7,
        None,
        9,
        None,
        11,
    ]


CODE_BLOCKS = """\
Install it::

    pip install bot

Or with pip: ::

    py -3 -m pip install bot

.. code-block:: python3
   :emphasize-lines: 2

    import discord
        # indented more

.. code:: none

   plain

>>> 1 + 1
2

.. highlight:: console

::

   $ make
"""


def test_code_blocks_keep_their_lines_and_language():
    assert blocks_of(CODE_BLOCKS) == [
        ("paragraph", "Install it:", (), None),
        (CODE, "    pip install bot", (), ""),
        ("paragraph", "Or with pip:", (), None),
        (CODE, "    py -3 -m pip install bot", (), ""),
        (CODE, "    import discord\n        # indented more", (), "python"),
        (CODE, "   plain", (), ""),
        (CODE, ">>> 1 + 1\n2", (), "pycon"),
        (CODE, "   $ make", (), "console"),
    ]
    block = READER.parse(CODE_BLOCKS).blocks[4]
    assert READER.clean(CODE_BLOCKS[block.start : block.end], CODE) == "import discord\n    # indented more"


SKIPPED = """\
:orphan:

.. currentmodule:: discord
.. _label:

.. autoclass:: discord.Client
   :members:

   Text autodoc would merge.

.. automodule:: discord.ext
.. attributetable:: discord.Client
.. toctree::
   :maxdepth: 2

   intro

.. contents:: Questions
   :local:

.. include:: other.rst
.. literalinclude:: example.py
.. image:: logo.png
.. |sub| replace:: replaced
.. a comment

Only this.
"""


def test_autodoc_navigation_targets_and_comments_give_no_blocks():
    parsed = READER.parse(SKIPPED)
    assert [(block.kind, SKIPPED[block.start : block.end]) for block in parsed.blocks] == [
        ("paragraph", "Only this.")
    ]
    assert parsed.skipped == {"autodoc": 3, "include": 2}


LISTS = """\
- One with :class:`Client`.
- Two

  second paragraph.

  * nested

#. First.
#. Second

term : classifier
   Its definition.

:param token: The token
   of the bot.

-o FILE, --out=FILE  Write to FILE.

| A line block,
| two lines.
"""


def test_lists_are_containers_of_items():
    assert blocks_of(LISTS) == [
        ("list", "- One with :class:`Client`.\n- Two\n\n  second paragraph.\n\n  * nested", (), None),
        ("item", "One with :class:`Client`.", (), None),
        ("item", "Two", (), None),
        ("paragraph", "second paragraph.", (), None),
        ("list", "* nested", (), None),
        ("item", "nested", (), None),
        ("list", "#. First.\n#. Second", (), None),
        ("item", "First.", (), None),
        ("item", "Second", (), None),
        ("list", "term : classifier\n   Its definition.", (), None),
        ("item", "term : classifier", (), None),
        ("paragraph", "Its definition.", (), None),
        ("list", ":param token: The token\n   of the bot.", (), None),
        ("item", "param token: The token\n   of the bot.", (), None),
        ("list", "-o FILE, --out=FILE  Write to FILE.", (), None),
        ("item", "-o FILE, --out=FILE  Write to FILE.", (), None),
        ("paragraph", "A line block,", (), None),
        ("paragraph", "two lines.", (), None),
    ]
    parents = [block.parent for block in READER.parse(LISTS).blocks]
    assert parents == [None, 0, 0, 0, 0, 4, None, 6, 6, None, 9, 9, None, 12, None, 14, None, None]


TABLES = """\
+------+---------------+
| Name | Meaning       |
+======+===============+
| a    | first, spread |
|      | over lines    |
+------+---------------+

=====  =======
Name   Meaning
=====  =======
b      second
=====  =======

.. list-table:: Intents
   :header-rows: 1

   * - Intent
     - Privileged
   * - :attr:`Intents.members`
     - Yes

.. csv-table::
   :header: "Limit", "Value"

   "Message", 2000
"""


def test_tables_keep_their_whole_source_and_their_rows():
    blocks = blocks_of(TABLES)
    assert [(kind, extra) for kind, _, _, extra in blocks] == [
        (TABLE, (("Name", "Meaning"), ("a", "first, spread over lines"))),
        (TABLE, (("Name", "Meaning"), ("b", "second"))),
        (TABLE, (("Intent", "Privileged"), ("Intents.members", "Yes"))),
        (TABLE, (("Limit", "Value"), ("Message", "2000"))),
    ]
    assert blocks[0][1] == TABLES[: TABLES.index("\n\n")]
    assert blocks[1][1].startswith("=====  =======") and blocks[1][1].endswith("=====  =======")
    assert blocks[2][1].startswith(".. list-table:: Intents") and blocks[2][1].endswith("- Yes")
    assert [READER.clean(span, TABLE) for _, span, _, _ in blocks] == [
        "Name | Meaning\na | first, spread over lines",
        "Name | Meaning\nb | second",
        "Intent | Privileged\nIntents.members | Yes",
        "Limit | Value\nMessage | 2000",
    ]


def test_an_indented_table_inside_a_list_item():
    text = "* Item:\n\n  +---+---+\n  | a | b |\n  +---+---+\n"
    blocks = blocks_of(text)
    assert blocks[2] == (TABLE, "+---+---+\n  | a | b |\n  +---+---+", (), (("a", "b"),))
    assert READER.clean(blocks[2][1], TABLE) == "a | b"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_are_exact_whatever_the_line_ending_tabs_and_body_start(newline):
    text = "date 2024-01-01\nTitle\n=====\n\n\tTabbed\tquote,\n\tgoes on.\n\n"
    text += "* item\n\n  .. code-block:: py\n\n\t  x = 1\n"
    text = text.replace("\n", newline)
    body_start = len("date 2024-01-01") + len(newline)
    blocks = blocks_of(text, body_start)
    assert [(kind, span) for kind, span, _, _ in blocks] == [
        (HEADING, "Title"),
        ("paragraph", f"Tabbed\tquote,{newline}\tgoes on."),
        ("list", f"* item{newline}{newline}  .. code-block:: py{newline}{newline}\t  x = 1"),
        ("item", "item"),
        (CODE, "\t  x = 1"),
    ]
    document = parse_document("page.rst", text)  # what the pipeline does with a prose block
    blocks = READER.parse(document.text, document.body_start).blocks
    prose = [block for block in blocks if block.kind in PROSE]
    spans = [span for block in prose for span in sentence_spans(text, block.start, block.end)]
    assert [(READER.clean(text[s:e], PARAGRAPH), line_of(text, s)) for s, e in spans] == [
        ("Tabbed quote, goes on.", 5),
        ("item", 8),
    ]


def test_unknown_roles_and_directives_never_spill_docutils_errors(capfd):
    text = "Uses :nosuchrole:`x` here.\n\n.. nosuchdirective:: arg\n   :opt: 1\n\n   Its *content*.\n"
    assert [(kind, span) for kind, span, _, _ in blocks_of(text)] == [
        ("paragraph", "Uses :nosuchrole:`x` here."),
        ("paragraph", "Its *content*."),
    ]
    assert read_blocks(text).texts == ["Uses x here.", "Its content."]
    assert capfd.readouterr() == ("", "")


def test_docutils_registries_are_left_alone():
    before = (dict(roles._roles), dict(directives._directives))
    READER.parse(
        ".. role:: custom\n.. default-role:: any\n\n.. note:: x\n\n.. code-block:: py\n\n   y\n\n`z`"
    )
    assert (dict(roles._roles), dict(directives._directives)) == before


RST_PIECES = [
    "\n",
    "\n\n",
    "   ",
    "\t",
    "* ",
    "1. ",
    "#. ",
    ".. ",
    "::",
    ".. note::",
    ".. code-block:: py",
    ".. versionadded:: 2",
    ".. list-table::",
    "   * - ",
    "     - ",
    "+---+---+",
    "| a | b |",
    "+===+===+",
    "=====  =====",
    "=====",
    "----",
    ":class:`~a.B`",
    "`x <y>`_",
    "``lit``",
    "*em*",
    "**st**",
    "|sub|",
    "[1]_",
    ".. [1] ",
    "\\",
    ":field: ",
    "term",
    "-o FILE  ",
    "| line",
    ">>> x",
    "Title",
    "text.",
    "`",
    ":",
    "_",
    "\r\n",
    "\r",
    "\x0c",
    "\u2028",
    ".. _t:",
    ".. |s| replace:: x",
    ".. admonition::",
    ".. csv-table::",
    "   :header: a",
    ".. autoclass:: X",
    ".. tab:: T",
]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.sampled_from(RST_PIECES) | st.text(max_size=4), max_size=40).map("".join), st.integers(0, 3)
)
# A field's first paragraph found on a line above its name gave an item ending before it started.
@example("*em*   :header: a* \n   :header: a", 3)
def test_any_input_gives_valid_blocks_or_a_format_error_and_prints_nothing(capfd, text, body_start):
    body_start = min(body_start, len(text))
    try:
        parsed = READER.parse(text, body_start)
    except FormatError:
        return
    check_blocks(text, parsed, body_start)
    for block in parsed.blocks:
        READER.clean(text[block.start : block.end], block.kind)
        for start, end in sentence_spans(text, block.start, block.end) if block.kind in PROSE else ():
            READER.clean(text[start:end], block.kind)
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "\x00\x01binary\xff", "=====\n", "+--+\n| unclosed", "..\n::"]
)
def test_degenerate_input(text):
    check_blocks(text, READER.parse(text))
