"""Real documentation (../shared/bench/docs-dev: httpx Markdown, discord.py reStructuredText):
it loads cleanly, no markup reaches what is indexed and shown, and the quality gates hold."""

from __future__ import annotations

import re

import pytest

from retrieval import Engine
from retrieval.evaluation import evaluate, load_questions

# What must never be in the text of a sentence, a heading or a table row (code may hold anything).
MARKUP = {
    "Sphinx role": re.compile(r":(?:class|meth|func|attr|ref|doc|exc|data|mod):`"),
    "directive": re.compile(r"(?:^|\s)\.\. [a-z-]+::"),
    "admonition": re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s"),
    "pymdown block": re.compile(r"^\s*///"),
    "include": re.compile(r"\{\*"),
    "attribute list": re.compile(r"\{ ?#[\w-]+ ?\}|\{: "),
    # real tags only: "<url>" and "content=<str>" are placeholders the documents write in code spans
    "HTML tag": re.compile(
        r"</?(?:a|p|div|span|br|img|code|em|strong|b|i|ul|ol|li|table|tr|td|pre|h[1-6])\b[^>]*>"
    ),
    "autodoc": re.compile(r"^\s*::: "),
}


@pytest.fixture(scope="module")
def docs_engine(docs_bench):
    return Engine.from_folder(docs_bench / "docs")


def test_every_file_is_read_and_no_markup_is_indexed(docs_engine):
    formats = {s.path.rsplit(".", 1)[-1]: s.format for s in docs_engine.summaries()}
    assert formats == {"md": "markdown", "rst": "rst"}
    assert not [s for s in docs_engine.skipped if not s.path.endswith("LICENSE")]
    leaks = [
        (name, unit.document, unit.line, unit.clean[:80])
        for unit in docs_engine.sentences
        if unit.kind != "code"
        for name, pattern in MARKUP.items()
        if pattern.search(unit.clean)
    ]
    assert leaks == []
    sections = {title for unit in docs_engine.sentences for title in unit.sections}
    assert not [title for title in sections if any(p.search(title) for p in MARKUP.values())]


def test_code_blocks_and_tables_are_units_with_their_lead_in(docs_engine):
    kinds = {unit.kind for unit in docs_engine.sentences}
    assert {"sentence", "code", "row"} <= kinds
    lead = next(
        i
        for i, u in enumerate(docs_engine.sentences)
        if u.clean == "You can set timeouts for an individual request:"
    )
    assert docs_engine.introduced(lead).kind == "code"
    assert "timeout=" in docs_engine.introduced(lead).shown


def test_the_quality_gates_on_the_dev_half(docs_bench, docs_engine):
    metrics = evaluate(docs_engine, load_questions(docs_bench / "questions-dev.jsonl")).metrics()
    assert metrics["accuracy@1"] >= 0.40, metrics  # over the answerable questions; no answer: wrong
    assert metrics["code: accuracy@1"] >= 0.40 and metrics["list: accuracy@1"] >= 0.35, metrics
    assert metrics["answerable refused"] <= 0.15 and metrics["off-docs refused"] >= 0.5, metrics
