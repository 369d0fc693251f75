"""Table rows as units: found in the source when it lines up with the reader's rows."""

from __future__ import annotations

from retrieval.formats import TABLE, Block
from retrieval.formats.text import TextReader
from retrieval.table_rows import row_spans, row_text

PIPE = "| Class | Converter |\n|---|---|\n| Member | MemberConverter |\n| User | UserConverter |\n"
GRID = (
    "+--------+-----------------+\n| Class  | Converter       |\n+========+=================+\n"
    "| Thread | ThreadConverter |\n| (v2.0) |                 |\n+--------+-----------------+\n"
)


def table(text: str, rows) -> Block:
    return Block(TABLE, 0, len(text.rstrip("\n")), rows=rows)


def test_a_pipe_table_has_a_row_per_line():
    spans = row_spans(
        PIPE, table(PIPE, (("Class", "Converter"), ("Member", "MemberConverter"), ("User", "UserConverter")))
    )
    assert [PIPE[s:e] for s, e in spans] == [
        "| Class | Converter |",
        "| Member | MemberConverter |",
        "| User | UserConverter |",
    ]
    assert row_text(TextReader(), PIPE[spans[1][0] : spans[1][1]]) == "Member | MemberConverter"


def test_a_grid_table_row_runs_between_border_lines():
    spans = row_spans(GRID, table(GRID, (("Class", "Converter"), ("Thread (v2.0)", "ThreadConverter"))))
    assert [GRID[s:e] for s, e in spans] == [
        "| Class  | Converter       |",
        "| Thread | ThreadConverter |\n| (v2.0) |                 |",
    ]
    assert row_text(TextReader(), GRID[spans[1][0] : spans[1][1]]) == "Thread | ThreadConverter | (v2.0)"


def test_a_table_whose_lines_are_not_its_rows_stays_whole():
    html = "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"
    assert row_spans(html, table(html, (("a", "b"), ("c", "d")))) is None
    assert row_spans(PIPE, table(PIPE, ())) is None
