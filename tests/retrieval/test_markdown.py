"""Markdown: headings become sections, syntax stays in the span but not in the clean text."""

from __future__ import annotations

import pytest

from retrieval.documents import parse_document
from retrieval.sentences import split_document
from tests.retrieval.test_sentences import assert_exact_spans


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_markdown_quote_markers_go_whatever_the_line_ending(newline):
    text = f"> quoted line one{newline}> quoted line two ends."
    (sentence,) = assert_exact_spans(parse_document("a.md", text))
    assert sentence.clean == "quoted line one quoted line two ends."


MARKDOWN = """---
title: Guide
---
# Getting started

Install the **bot** with `pip install bot`. See the [docs](https://example.com/docs.html) for more.

## Configuration
- Set the *token* in the environment.
- Point the folder at your files.

```python
print("code is a unit of its own")
```

> Quoted advice: never share your token.
"""


def test_markdown_headings_become_sections_not_sentences():
    units = assert_exact_spans(parse_document("guide.md", MARKDOWN))
    sentences = [u for u in units if u.kind == "sentence"]
    cleans = [s.clean for s in sentences]
    assert cleans == [
        "Install the bot with pip install bot.",
        "See the docs for more.",
        "Set the token in the environment.",
        "Point the folder at your files.",
        "Quoted advice: never share your token.",
    ]
    assert [s.section for s in sentences] == ["Getting started"] * 2 + ["Configuration"] * 3
    assert [(u.kind, u.clean) for u in units if u.kind != "sentence"] == [
        ("code", 'print("code is a unit of its own")')
    ]
    assert sentences[0].line == 6


def test_markdown_syntax_stays_in_the_span_but_not_in_the_clean_text():
    sentences = split_document(parse_document("guide.md", MARKDOWN))
    first = sentences[0]
    assert "**bot**" in first.text and "`pip install bot`" in first.text
    second = sentences[1]
    assert "https://example.com" in second.text and "example" not in second.clean
    assert not any("title" in s.clean for s in sentences)  # front matter is not text
    assert not any(s.text.startswith(("-", ">", "#", "```")) for s in sentences)


def test_setext_heading_and_text_file_headings_are_not_confused():
    document = parse_document("a.md", "Overview\n========\n\nThe body text.\n")
    (sentence,) = split_document(document)
    assert sentence.section == "Overview" and sentence.clean == "The body text."
    # In a .txt file a leading '#' is just text
    (plain,) = split_document(parse_document("a.txt", "# not a heading in txt."))
    assert plain.section is None and plain.clean == "# not a heading in txt."
