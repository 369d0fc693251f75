import pytest

from retrieval.documents import load_folder, parse_document
from retrieval.formats.text import fold_whitespace, single_spaced
from retrieval.sentences import split_document
from tests.conftest import SEEDS


def line_of(text: str, offset: int) -> int:
    """1-based line of offset, counting \r\n, \n and a lone \r as one line break each."""
    return text[:offset].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def assert_exact_spans(document):
    sentences = split_document(document)
    for s in sentences:
        assert document.text[s.start : s.end] == s.text
        assert s.line == line_of(document.text, s.start)
        assert s.text == s.text.strip() or s.kind == "code"  # indented code keeps its indentation
    return sentences


def test_every_shipped_document_round_trips_its_spans():
    documents = load_folder(SEEDS).documents
    assert documents
    failures = []
    for document in documents:
        try:
            assert assert_exact_spans(document), "no sentences"
        except AssertionError as exc:
            failures.append(f"{document.path}: {exc}")
    assert not failures, failures


def test_seed_has_16_sentences_in_6_paragraphs():
    (document,) = load_folder(SEEDS).documents
    sentences = split_document(document)
    assert len(sentences) == 16
    assert sentences[0].text.startswith("As tensions continue")
    assert sentences[1].text.startswith("The U.S. government")
    assert [s.paragraph for s in sentences] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6]
    assert {s.line for s in sentences} == {1, 3, 5, 7, 9, 11}
    assert all(s.date == "2023-11-09" for s in sentences)
    assert all(not s.text.endswith("U.S.") for s in sentences)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith met Mr. Jones at 5 p.m. on Monday. They talked.", 2),
        ("Use a tool, e.g. a hammer, for this. Then stop.", 2),
        ("The U.S. Army arrived. The U.K. followed.", 2),
        ("Prices rose 3.5 percent in 2023. Nobody knew why!", 2),
    ],
)
def test_abbreviations_and_decimals_do_not_end_sentences(text, expected):
    sentences = split_document(parse_document("a.txt", text))
    assert len(sentences) == expected, [s.text for s in sentences]


@pytest.mark.parametrize(
    "name, text, expected",
    [
        (  # httpx's extensions page: Punkt ended a sentence at "{event_type}."
            "events.md",
            "Events are named `{event_type}.{event_name}.started` and passed the kwargs. They are sync.",
            ["Events are named `{event_type}.{event_name}.started` and passed the kwargs.", "They are sync."],
        ),
        (
            "ci.md",
            "It fails with `FAIL Required test coverage of 100% not reached. Total coverage: 99.00%` then.",
            ["It fails with `FAIL Required test coverage of 100% not reached. Total coverage: 99.00%` then."],
        ),
        (
            "faq.rst",
            "Run ``python -m bot. --check`` first. Then ``start`` it.",
            ["Run ``python -m bot. --check`` first.", "Then ``start`` it."],
        ),
        ("tick.txt", "A lone ` tick. Then a sentence.", ["A lone ` tick.", "Then a sentence."]),
    ],
)
def test_a_sentence_never_ends_inside_an_inline_code_span(name, text, expected):
    sentences = split_document(parse_document(name, text + "\n"))
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_crlf_files_keep_exact_offsets_and_lines():
    document = parse_document("a.txt", "First one here.\r\nStill first para.\r\n\r\nSecond para here.\r\n")
    sentences = assert_exact_spans(document)
    assert sentences[-1].text == "Second para here."
    assert sentences[-1].line == 4 and sentences[-1].paragraph == 2


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_every_line_ending_gives_the_same_lines_and_paragraphs(newline):
    text = "First one here.|Still first para.||Second para here.|  |Third.|".replace("|", newline)
    sentences = assert_exact_spans(parse_document("a.txt", text))
    assert [(s.clean, s.line, s.paragraph) for s in sentences] == [
        ("First one here.", 1, 1),
        ("Still first para.", 2, 1),
        ("Second para here.", 4, 2),
        ("Third.", 6, 3),
    ]


def test_whitespace_other_than_the_space_is_never_printable():
    # fold_whitespace's shortcut (`single_spaced`) relies on it
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c != " " and c.isprintable()] == []


@pytest.mark.parametrize(
    "raw",
    [
        "One two.",
        "One  two.",
        " One.",
        "One. ",
        "One\ttwo.",
        "One\ntwo.",
        "One\u00a0two.",
        "One\u2003two.",
        "",
    ],
)
def test_clean_text_folds_whitespace_with_or_without_the_shortcut(raw):
    assert fold_whitespace(raw) == " ".join(raw.split())
    assert single_spaced(raw) == (raw == " ".join(raw.split()) and raw.isprintable())
