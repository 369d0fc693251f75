"""Blocks: code and tables are units of their own, and each knows the sentence introducing it."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import Engine, formats
from retrieval.cli import main
from retrieval.documents import parse_document
from retrieval.formats import CODE, ITEM, LIST, PARAGRAPH, TABLE, Block, Parsed
from retrieval.formats.text import fold_whitespace
from retrieval.sentences import Positions, lead_ins, read_document

TEXT = (
    "Timeouts\n\nYou can set a timeout for one request:\n\n    r = get(url, timeout=10)\n\n"
    "The options are:\n\n* connect\n* read\n  * nested\n\n| a | b |\n\nA closing remark.\n"
)


def spans_of(*pieces: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for piece in pieces:
        start = TEXT.index(piece, pos)
        out.append((start, start + len(piece)))
        pos = start  # the next piece may lie inside this one (a list's items)
    return out


class FakeReader:
    """A format that reads TEXT as the blocks a Markdown reader would give."""

    name = "fake"
    suffixes = (".fake",)
    binary = False

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        intro, code, lead, items, one, two, nested, table, close = spans_of(
            "You can set a timeout for one request:",
            "    r = get(url, timeout=10)",
            "The options are:",
            "* connect\n* read\n  * nested",
            "connect",
            "read",
            "nested",
            "| a | b |",
            "A closing remark.",
        )
        section = ("Timeouts",)
        blocks = [
            Block(PARAGRAPH, *intro, section),
            Block(CODE, *code, section, language="python"),
            Block(PARAGRAPH, *lead, section),
            Block(LIST, *items, section),
            Block(ITEM, *one, section, parent=3),
            Block(ITEM, *two, section, parent=3),
            Block(LIST, nested[0], nested[1], section, parent=3),
            Block(ITEM, *nested, section, parent=6),
            Block(TABLE, *table, section, rows=(("a", "b"),)),
            Block(PARAGRAPH, *close, section),
        ]
        return Parsed(tuple(blocks), Counter(include=2, autodoc=1))

    def clean(self, raw: str, kind: str) -> str:
        if kind == CODE:
            return raw.strip()
        return fold_whitespace(re.sub(r"[|*]", " ", raw))


@pytest.fixture
def fake_format(monkeypatch):
    monkeypatch.setitem(formats._BY_SUFFIX, ".fake", FakeReader())


def test_code_and_tables_are_units_and_know_their_lead_in(fake_format):
    document = parse_document("guide.fake", TEXT)
    read = read_document(document)
    assert [(u.kind, u.clean) for u in read.units] == [
        ("sentence", "You can set a timeout for one request:"),
        ("code", "r = get(url, timeout=10)"),
        ("sentence", "The options are:"),
        ("sentence", "connect"),
        ("sentence", "read"),
        ("sentence", "nested"),
        ("row", "a | b"),
        ("sentence", "A closing remark."),
    ]
    assert all(TEXT[u.start : u.end] == u.text for u in read.units)
    assert [u.line for u in read.units] == [3, 5, 7, 9, 10, 11, 13, 15]
    # code <- sentence 0, list <- 2, the nested list <- its item "read" (unit 4)
    assert read.leads == [-1, 0, -1, 2, -1, -1, 4, -1, -1, -1]


def test_the_engine_gives_the_block_a_sentence_introduces(fake_format, tmp_path):
    (tmp_path / "guide.fake").write_text(TEXT, encoding="utf-8")
    engine = Engine.from_folder(tmp_path, cache_dir=tmp_path / ".cache")
    code = engine.introduced(0)
    assert code.kind == "code" and code.language == "python" and code.line == 5 == code.end_line
    assert code.text == "    r = get(url, timeout=10)" and code.shown == "r = get(url, timeout=10)"
    the_list = engine.introduced(2)
    assert the_list.kind == "list" and the_list.shown == "- connect\n- read\n  - nested"
    assert (the_list.line, the_list.end_line) == (9, 11) and the_list.lead == 2
    assert engine.introduced(3) is None and engine.introduced(7) is None
    warm = Engine.from_folder(tmp_path, cache_dir=tmp_path / ".cache")  # from the snapshot
    assert list(warm.blocks) == list(engine.blocks) and list(warm.sentences) == list(engine.sentences)


def test_a_lead_in_must_be_prose_right_before_in_the_same_section():
    blocks = (
        Block(PARAGRAPH, 0, 5, ("A",)),
        Block(CODE, 6, 9, ("B",)),  # another section
        Block(CODE, 10, 12, ("B",)),  # after code, not prose
        Block(PARAGRAPH, 13, 15, ("B",)),
        Block(TABLE, 16, 18, ("B",)),
    )
    assert lead_ins(blocks, {0: 0, 3: 4}) == [-1, -1, -1, -1, 4]


def test_pages_and_lines_within_a_page():
    text = "one\ntwo\fthree\nfour\n\ffive"
    where = Positions(text, paged=True)
    assert [
        (where.page(text.index(w)), where.line(text.index(w)))
        for w in ("one", "two", "three", "four", "five")
    ] == [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
        (3, 1),
    ]
    assert Positions(text, paged=False).line(text.index("five")) == 4


def test_the_blocks_command_shows_how_a_folder_was_read(fake_format, tmp_path, capsys):
    (tmp_path / "guide.fake").write_text(TEXT, encoding="utf-8")
    assert main(["blocks", "--docs", str(tmp_path), "--no-cache"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert lines[1].startswith("guide.fake:5-5 [") and "code(python)" in lines[1]
    assert "list" in lines[3] and lines[3].endswith("- connect …")


def test_each_document_says_its_format_and_its_blocks(fake_format, tmp_path):
    (tmp_path / "guide.fake").write_text(TEXT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("One. Two.\n\nThree.", encoding="utf-8")
    fake, notes = Engine.from_folder(tmp_path).summaries()
    assert (fake.path, fake.format, fake.units) == ("guide.fake", "fake", 8)
    assert fake.blocks == {"paragraph": 3, "item": 3, "code": 1, "table": 1, "list": 2}
    assert (notes.format, notes.units, notes.blocks) == ("text", 3, {"paragraph": 2})


def test_what_a_reader_left_out_is_summed_up(fake_format, tmp_path):
    for name in ("a.fake", "b.fake"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"png")
    for _ in range(2):  # cold, then from the cache
        engine = Engine.from_folder(tmp_path, cache_dir=tmp_path / ".cache")
        assert engine.notices == (
            "skipped 1 file of unsupported types: .png x1",
            "left out 2 autodoc lines and 4 include lines (not text)",
        )


def test_an_answer_shows_the_block_its_sentence_introduces_and_eval_counts_it(fake_format, tmp_path):
    from retrieval import answer_question
    from retrieval.evaluation import GoldQuestion, evaluate

    (tmp_path / "guide.fake").write_text(TEXT, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    best = answer_question(engine, "how do I set a timeout for one request?").best
    assert best.sentence.text == "You can set a timeout for one request:"
    assert best.block.kind == "code" and best.block.shown == "r = get(url, timeout=10)" and best.lead is None
    item = answer_question(engine, "which one is nested?").best
    assert (
        item.sentence.text == "nested" and item.block.kind == "list" and item.lead.text == "The options are:"
    )
    report = evaluate(engine, [GoldQuestion("set a timeout for one request", ("timeout=10",), kind="code")])
    assert report.outcomes[0].rank == 1


class BrokenReader(FakeReader):
    name = "broken"
    suffixes = (".broken",)

    def parse(self, text: str, body_start: int = 0) -> Parsed:
        raise formats.FormatError("not a readable broken file (it is broken)")


def test_a_file_its_reader_cannot_read_is_skipped_with_the_reason(fake_format, monkeypatch, tmp_path):
    monkeypatch.setitem(formats._BY_SUFFIX, ".broken", BrokenReader())
    (tmp_path / "guide.fake").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bad.broken").write_text("anything", encoding="utf-8")
    for _ in range(2):  # cold, then from the cache
        engine = Engine.from_folder(tmp_path, cache_dir=tmp_path / ".cache")
        assert [(s.path, s.reason) for s in engine.skipped] == [
            ("bad.broken", "not a readable broken file (it is broken)")
        ]
        assert engine.sentence_counts() == {"bad.broken": 0, "guide.fake": 8}


def test_a_section_only_a_block_names_is_kept(tmp_path):
    # the heading "A" has no unit under it before "B": its section path is a block's only
    (tmp_path / "a.md").write_text("# A\n\n## B\n\nText under B.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert [b.sections for b in engine.blocks] == [(), ("A",), ("A", "B")]


def test_every_sentence_of_the_paragraph_before_a_list_leads_into_it(tmp_path):
    (tmp_path / "t.md").write_text(
        "# Timeouts\n\nThere are four kinds of timeouts. These are:\n\n* connect\n* read\n\n"
        "Another paragraph.\n",
        encoding="utf-8",
    )
    engine = Engine.from_folder(tmp_path)
    first, second = engine.introduced(0), engine.introduced(1)
    assert first is not None and first == second and first.kind == "list"
    assert engine.introduced(4) is None  # "Another paragraph." introduces nothing


def lists_shown(name: str, text: str) -> list[str]:
    engine = Engine.from_documents((parse_document(name, text),))
    return [block.shown for block in engine.blocks if block.kind == "list"]


@pytest.mark.parametrize(
    "name, text, shown",
    [
        (  # Markdown numbers "1. 1. 1." as 1, 2, 3; a further paragraph stays under its item
            "steps.md",
            "Do this:\n\n1. Install it.\n\n   It takes a minute.\n1. Configure it.\n1. Run it.\n",
            "1. Install it.\n  It takes a minute.\n2. Configure it.\n3. Run it.",
        ),
        ("from3.md", "Then:\n\n3) Third step.\n4) Fourth step.\n", "3) Third step.\n4) Fourth step."),
        (
            "bullets.md",
            "Notes:\n\n- One thing.\n\n  More on it.\n- Two things.\n",
            "- One thing.\n  More on it.\n- Two things.",
        ),
        ("steps.rst", "Do this:\n\n1. Install it.\n2. Run it.\n", "1. Install it.\n2. Run it."),
        ("letters.rst", "Pick:\n\na. The first.\nb. The second.\n", "a. The first.\nb. The second."),
        (  # an rst definition list has no markers: its terms stay bullets
            "terms.rst",
            "Terms:\n\nwidget\n   A small thing.\n\ngadget\n   A tool.\n",
            "- widget\n- gadget",
        ),
        ("auto.rst", "Do this:\n\n#. Install it.\n#. Run it.\n", "1. Install it.\n2. Run it."),
        (  # an item with no paragraph of its own (an image) still takes its number
            "image.md",
            "Steps:\n\n1. Open the app.\n1. ![shot](s.png)\n1. Click OK.\n",
            "1. Open the app.\n3. Click OK.",
        ),
        (  # an item that starts with code: its paragraph is its own, not the item's above
            "fence.md",
            "Steps:\n\n1. Open the app.\n2. ```\n   make\n   ```\n   Then wait for it.\n3. Click OK.\n",
            "1. Open the app.\n2. Then wait for it.\n3. Click OK.",
        ),
        (  # markers inside code do not count
            "code.md",
            "Run:\n\n1. Run:\n\n   ```\n   - not a marker\n   1. nor this\n   ```\n2. Next.\n",
            "1. Run:\n2. Next.",
        ),
        (  # a sublist on its parent item's line
            "same_line.md",
            "Steps:\n\n1. Open.\n1. - a\n   - b\n1. Click OK\n",
            "1. Open.\n  - a\n  - b\n3. Click OK",
        ),
        ("roman.rst", "Steps:\n\ni. one\nii. two\niii. three\n", "i. one\nii. two\niii. three"),
        ("tasks.md", "Steps:\n\n1. [ ] first\n1. [x] second\n", "1. first\n2. second"),
        (  # a paragraph after a sublist in the same <li> stays in its item
            "nested.html",
            "<html><body><main><p>x</p><ol><li><p>one</p><ul><li>x</li></ul><p>back in one</p></li>"
            "<li>two</li></ol></main></body></html>",
            "1. one\n  - x\n  back in one\n2. two",
        ),
        (  # HTML's <li> holds no number: an <ol> counts them, from its start
            "page.html",
            "<html><body><main><p>Do this:</p>"
            '<ol start="3"><li><p>Install it.</p><p>It takes a minute.</p></li><li>Run it.</li></ol>'
            "</main></body></html>",
            "3. Install it.\n  It takes a minute.\n4. Run it.",
        ),
        (
            "bullets.html",
            "<html><body><main><p>Notes:</p><ul><li><p>One.</p><p>More.</p></li><li>Two.</li></ul>"
            "</main></body></html>",
            "- One.\n  More.\n- Two.",
        ),
    ],
)
def test_a_numbered_list_keeps_its_numbers_and_an_item_its_further_paragraphs(name, text, shown):
    assert lists_shown(name, text)[0] == shown


MARKERS = ["- ", "* ", "+ ", "1. ", "7. ", "2) "]
WORDS = ["alpha", "beta", "gamma", "delta", "1.", "-", "`x.y`", "a)"]


@st.composite
def markdown_lists(draw) -> str:
    """A Markdown list: items with their marker, some with a further paragraph or a sublist."""
    marker = draw(st.sampled_from(MARKERS))
    lines = []
    for n in range(draw(st.integers(1, 6))):
        number = f"{int(marker[:-2]) + n}{marker[-2:]}" if marker[0].isdigit() else marker
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
        lines.append(number + "Item " + " ".join(words) + ".")
        pad = " " * len(number)
        if draw(st.booleans()):
            lines += ["", pad + "Further " + " ".join(words) + "."]
        if draw(st.booleans()):
            lines += ["", pad + "- sub " + " ".join(words) + "."]
    return "Intro:\n\n" + "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(markdown_lists())
def test_a_list_shows_one_line_per_item_paragraph_each_with_its_text(text):
    engine = Engine.from_documents((parse_document("list.md", text),))
    outer = next(i for i, block in enumerate(engine.blocks) if block.kind == "list")
    items = [block for block in engine.blocks if block.kind == "item"]

    lines = engine.blocks[outer].shown.splitlines()

    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        assert line.endswith(fold_whitespace(item.shown))
    top = [line for line in lines if not line.startswith(" ")]  # items, not paragraphs or sublists
    marker = text.split("\n")[2].split("Item")[0]
    if marker[0].isdigit():
        first = int(marker[:-2])
        assert top == [f"{first + n}{marker[-2:]}{line.partition(' ')[2]}" for n, line in enumerate(top)]
    else:
        assert all(line.startswith("- ") for line in top)
    assert all(line.startswith("  ") for line in lines if line.lstrip().startswith(("Further", "- sub")))
