"""What counts as "the same question" in /unanswered (measured in benchmarks/grouping.py)."""

from __future__ import annotations

from bot.embeds import within_limits
from bot.report import Report, group, group_key
from bot.report_embeds import stats_embed


def test_the_same_words_in_any_order_and_form_are_one_question():
    assert group_key("How many aid trucks have entered Gaza?") == group_key(
        "how many trucks entered gaza, aid"
    )
    assert group_key("At which Super Bowl did Beyonce headline?") == group_key(
        "What Super Bowl did Beyonce headline"
    )


def test_another_question_word_is_another_question():
    assert group_key("When did Tesla go to Karlovac?") != group_key("Why did Tesla go to Karlovac?")
    assert group_key("Who ranked Warsaw 32nd?") != group_key("When was Warsaw ranked 32nd?")


def test_a_question_without_content_words_is_grouped_by_its_words():
    assert group_key("Who is it?") == ("who", "who", "is", "it?")
    assert group_key("Who is it?") != group_key("Who are they?")


def test_groups_count_outcomes_keep_the_latest_wording_and_sort_by_count_then_recency():
    rows = [
        ("bake bread how?", 10.0, "no_answer", 0, 0),
        ("When is the picnic?", 30.0, "answered", 0, 2),
        ("How do I bake bread", 20.0, "related", 0, 0),
    ]
    bread, picnic = group(rows)
    assert (bread.count, bread.no_answer, bread.related, bread.question) == (2, 1, 1, "How do I bake bread")
    assert (picnic.count, picnic.not_helpful, picnic.last_asked) == (1, 1, 30.0)


def test_stats_of_questions_all_older_than_the_days_shown_per_day():
    report = Report(days=30, now=1e9, outcomes={"no_answer": 1}, per_day=(0,) * 20 + (1,) + (0,) * 9)

    embed = stats_embed(report, retention_days=90)

    bars = embed.fields[0].value.splitlines()[1:-1]
    assert len(bars) == 14 and all(line.endswith(" 0 ") or line.endswith(" 0") for line in bars)
    assert within_limits(embed)
