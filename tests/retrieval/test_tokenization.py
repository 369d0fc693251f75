import pytest

from retrieval.tokenization import content_words, fold, tokenize


@pytest.mark.parametrize(
    "question_word, document_word",
    [
        ("Israel", "Israel’s"),
        ("israel's", "ISRAEL"),
        ("cafe", "Café"),
        ("trucks", "truck"),
        ("negotiating", "negotiations"),
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
    ],
)
def test_question_and_document_forms_meet_on_the_same_term(question_word, document_word):
    assert tokenize(question_word) == tokenize(document_word) != []


def test_stopwords_are_dropped_and_content_words_kept():
    assert content_words("What is the name of the group that is backed by Iran?") == [
        "name",
        "group",
        "backed",
        "iran",
    ]
    assert tokenize("Who is it that they were?") == []


def test_contractions_do_not_leave_fragments():
    assert tokenize("don’t stop") == ["stop"]
    assert tokenize("O’Brien's car") == ["obrien", "car"]


def test_fold_handles_quotes_and_accents():
    assert fold("“Ça” ‘va’") == "\"ca\" 'va'"


def test_numbers_are_terms():
    assert tokenize("54 trucks in 2023") == ["54", "truck", "2023"]


@pytest.mark.parametrize("text", ["the US", "the U.S.", "the U.S.A.", "the USA", "the U.S.’s"])
def test_every_form_of_the_united_states_is_one_term(text):
    assert tokenize(text) == ["usa"]


def test_us_the_pronoun_stays_a_stopword():
    assert tokenize("Tell us about USB and USD") == ["tell", "usb", "usd"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("the U.S.S.R. fell", ["u", "r", "fell"]),  # not the United States
        ("CONTACT US", ["contact"]),  # shouted: the pronoun as likely as the country
        ("LET US KNOW", ["let", "know"]),
        ("in the U.S, today", ["usa", "today"]),
    ],
)
def test_what_is_not_the_united_states_stays_as_it_was(text, terms):
    assert tokenize(text) == terms


def test_fold_removes_every_combining_mark_as_unicodedata_says():
    import unicodedata

    text = "Ça coûte à Zürich" + "".join(chr(c) for c in (0x301, 0x1DC0, 0x20D0, 0xFE20, 0x1D167))
    expected = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
        if not unicodedata.combining(ch)
    )
    assert fold(text) == expected == "ca coute a zurich"
    assert fold("\u0301\u0301") == ""
