"""Where a docutils node's text is in the source: exact offsets from line numbers and rawsource.

docutils gives nodes a line number (sometimes off, sometimes None) and the text they were
parsed from (`rawsource`: lines joined, tabs expanded, indentation removed), not offsets. A
node is placed by finding the source lines whose ends are its rawsource lines, nearest to the
line docutils gives, never before what was placed last.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

TAB_WIDTH = 8  # docutils' default tab stops
_VT_FF = {0x0B: " ", 0x0C: " "}  # docutils reads \v and \f as spaces, not line breaks
_NEAR = (0, -1, 1, -2, 2, -3, 3)  # candidate lines around the given one, nearest first
SIMPLE_TOP_RE = re.compile(r"=+( +=+)+ *$")  # a simple table's top border, indent removed
SIMPLE_BORDER_RE = re.compile(r"=+[ =]*$")  # its other borders


class SourceLines:
    """The body's lines as docutils numbers them, with their offsets in the whole text."""

    def __init__(self, text: str, body_start: int) -> None:
        self.text = text
        body = text[body_start:].translate(_VT_FF)
        self.lines = body.splitlines()  # the same split as docutils' string2lines
        self.starts: list[int] = []
        position = body_start
        for line in body.splitlines(keepends=True):
            self.starts.append(position)
            position += len(line)
        self._expanded: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def expanded(self, i: int) -> str:
        """Line i as docutils sees it: tabs expanded, trailing whitespace removed."""
        line = self.lines[i]
        if "\t" not in line:
            return line.rstrip()
        if i not in self._expanded:
            self._expanded[i] = line.expandtabs(TAB_WIDTH).rstrip()
        return self._expanded[i]

    def offset(self, i: int, column: int) -> int:
        """The text offset of line i's character at docutils' (tab-expanded) column."""
        line = self.lines[i]
        if "\t" not in line:
            return self.starts[i] + column
        width = 0
        for index, char in enumerate(line):
            if width >= column:
                return self.starts[i] + index
            width = (width // TAB_WIDTH + 1) * TAB_WIDTH if char == "\t" else width + 1
        return self.starts[i] + len(line)

    def content_start(self, i: int) -> int:
        """Offset of line i's first non-space character."""
        line = self.lines[i]
        return self.starts[i] + len(line) - len(line.lstrip())

    def content_end(self, i: int) -> int:
        """Offset of the end of line i, trailing whitespace excluded."""
        return self.starts[i] + len(self.lines[i].rstrip())

    def matches(self, i: int, raw_lines: list[str]) -> bool:
        """Whether the lines from i end with raw_lines (a blank raw line: a blank line)."""
        if i < 0 or i + len(raw_lines) > len(self.lines):
            return False
        for j, raw in enumerate(raw_lines):
            line = self.expanded(i + j)
            if not line.endswith(raw) or (not raw and line):
                return False
        return True

    def nearest(self, hint: int | None, floor: int, wanted: Callable[[int], bool]) -> int | None:
        """The first line (from `floor`) that is `wanted`: those near hint first, nearest first."""
        near = [hint + delta for delta in _NEAR] if hint is not None else []
        for i in itertools.chain(near, range(max(floor, 0), len(self.lines))):
            if floor <= i < len(self.lines) and wanted(i):
                return i
        return None

    def find(self, raw_lines: list[str], hint: int | None, floor: int) -> int | None:
        """The line (from `floor`) where raw_lines are, nearest to hint; None if nowhere."""
        return self.nearest(hint, floor, lambda i: self.matches(i, raw_lines))

    def find_start(self, prefix: str, hint: int | None, floor: int) -> int | None:
        """The line (from `floor`) whose text starts with prefix, nearest to hint."""
        return self.nearest(hint, floor, lambda i: self.expanded(i).lstrip().startswith(prefix))

    def span(self, rawsource: str, hint: int | None, floor: int) -> tuple[int, int, int] | None:
        """(start, end, last line) of a node's text: its first character to its last line's end."""
        raw_lines = [line.rstrip() for line in rawsource.rstrip().split("\n")]
        if not raw_lines[0]:
            return None
        i = self.find(raw_lines, hint, floor)
        if i is None:
            return None
        first = self.expanded(i)
        start = self.offset(i, len(first) - len(raw_lines[0]))
        last = i + len(raw_lines) - 1
        while self.text[start].isspace():
            start += 1
        return start, self.content_end(last), last

    def table_end(self, i: int) -> int:
        """The last line of the grid or simple table starting at line i (docutils' rules)."""
        top = self.expanded(i).strip()
        if top.startswith("+"):
            last = i
            while last + 1 < len(self.lines) and self.expanded(last + 1).strip()[:1] in ("+", "|"):
                last += 1
            return last
        found = 0
        for j in range(i + 1, len(self.lines)):
            if SIMPLE_BORDER_RE.match(self.expanded(j).strip()) and len(self.expanded(j).strip()) == len(top):
                found += 1
                if found == 2 or j + 1 == len(self.lines) or not self.expanded(j + 1):
                    return j
        return len(self.lines) - 1

    def table_start(self, hint: int | None, floor: int) -> int | None:
        """The first line of a bare grid or simple table near hint."""

        def is_top(i: int) -> bool:
            line = self.expanded(i).strip()
            return line.startswith("+-") or line.startswith("+=") or bool(SIMPLE_TOP_RE.match(line))

        return self.nearest(hint, floor, is_top)
