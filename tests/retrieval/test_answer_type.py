"""What kind of answer a question asks for, and which words of a sentence are of that kind."""

from __future__ import annotations

import re

import pytest

from retrieval.answer_type import (
    DATE,
    MEASURE,
    MONEY,
    NUMBER,
    PERCENT,
    PERSON,
    PLACE,
    QUESTION_PATTERNS,
    REASON,
    candidates,
    expected_type,
    question_word_set,
)
from retrieval.tokenization import fold


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many trucks entered?", NUMBER),
        ("How much did it cost?", MONEY),
        ("How much money did the committee raise?", MONEY),
        ("How much time do people spend online?", NUMBER),
        ("How much of the land is forest?", NUMBER),
        ("What percentage of voters?", PERCENT),
        ("In what percentage of cases?", PERCENT),
        ("How long did the siege last?", MEASURE),
        ("How tall is the tower?", MEASURE),
        ("How large is the population?", NUMBER),
        ("What year did it start?", DATE),
        ("When was Tesla born?", DATE),
        ("In which century was it built?", DATE),
        ("Who won Super Bowl 50?", PERSON),
        ("Whose idea was it?", PERSON),
        ("Where is Warsaw?", PLACE),
        ("Which city hosted the game?", PLACE),
        ("What is oxygen?", None),
        ("Why did Luther leave?", REASON),
    ],
)
def test_expected_answer_type(question, kind):
    assert expected_type(fold(question)) == kind


def test_every_question_pattern_begins_with_one_of_its_cue_words():
    # expected_type skips a pattern while none of its cue words is in the question
    for cues, pattern, _ in QUESTION_PATTERNS:
        head = re.match(r"(?:\\b|\^)(?:\(\?:([a-z|]+)\)|([a-z]+))", pattern.pattern)
        assert head is not None, pattern.pattern
        assert set((head.group(1) or head.group(2)).split("|")) == cues, pattern.pattern


def test_question_word_set_holds_the_folded_words_and_their_stems():
    words = question_word_set(fold("Who is Ängström’s teacher, and what did he teach?"))
    assert {"angstrom's", "teacher", "teach", "who"} <= words


def test_units_are_off_with_the_knob():
    assert expected_type("how much did it cost?", units=False) == NUMBER
    assert expected_type("how tall is the tower?", units=False) == NUMBER
    assert expected_type("who built it?", units=False) == PERSON


def test_a_sum_of_money_percentage_or_measure_needs_its_unit():
    text = "In 2015 it cost $40 million, or 3,000 euros each; 47% agreed and 12 per cent left after 10 years."
    assert candidates(text, MONEY, frozenset()) == ["40", "3,000"]
    assert candidates(text, PERCENT, frozenset()) == ["47", "12"]
    assert candidates(text, MEASURE, frozenset()) == ["10"]
    assert candidates(text, NUMBER, frozenset()) == ["2015", "40", "million", "3,000", "47", "12", "10"]


def test_candidates_leave_out_the_questions_own_words():
    words = question_word_set(fold("What year did Super Bowl 50 take place in Santa Clara?"))
    assert candidates("Super Bowl 50 was played in 2016 in Santa Clara.", DATE, words) == ["2016"]
    assert candidates("Super Bowl 50 was played in Santa Clara.", NUMBER, words) == []
    won_by = "It was won by the Denver Broncos in Santa Clara."
    assert candidates(won_by, PERSON, words) == ["Denver", "Broncos"]
    assert candidates("Eight teams played in seven cities.", NUMBER, frozenset()) == ["Eight", "seven"]


def test_a_reason_answers_a_why_question():
    words = question_word_set(fold("Why is HTTP/2 off by default?"))
    assert candidates("It is off by default, because HTTP/1.1 is mature.", REASON, words) == ["because"]
    assert candidates("It is off by default.", REASON, words) == []
