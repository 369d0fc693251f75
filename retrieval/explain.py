"""Why an answer was chosen (or withheld), in two or three plain lines.

`explain_lines(result)` reads `Result.explanation`, the record `answer_question` makes: the
question's terms, what the chosen sentence matched and what each match scored, the bonuses
of the rerank, and the rule that decided between an answer and silence. Pure: the bot can
show these lines behind a "Why this answer?" button; the CLI prints them for `--explain`.
"""

from __future__ import annotations

import math

from .models import Choice, Decision, Explanation, Result

BONUS_REASONS = {
    "paragraph": "its paragraph fits the question ({share:.0%} of the best paragraph's score)",
    "document": "its document fits the question ({share:.0%} of the best document's score)",
    "previous sentence": "it continues the sentence before, which has {borrowed}",
    "answer type": "a {kind} is asked for and it has one ({candidates})",
    "weak evidence": "it points elsewhere, is a fragment or a changelog entry",
}


def share_below(share: float) -> str:
    """A share as a percentage cut (not rounded) to one decimal: 0.41996 reads "41.9%", so a
    near miss never reads as the threshold it falls short of."""
    return f"{math.floor(round(share * 1000, 6)) / 10:.1f}%"


def threshold_text(share: float) -> str:
    """A threshold as a percentage with the decimals it has: "42%", "39.25%"."""
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _join(items, limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def matched_line(explanation: Explanation, chosen: Choice, terms: tuple[str, ...]) -> str:
    words = {t.term: t.word for t in explanation.terms}
    from_heading = set(chosen.from_heading or ())
    parts = [
        f"{words.get(t, t)} ({score:.2f}{', in its heading' if t in from_heading else ''})"
        for t, score in chosen.contributions.items()
    ]
    missing = [words.get(t, t) for t in terms if t not in chosen.contributions]
    line = "Matched: " + (_join(parts) if parts else "no question word")
    if missing:
        line += "; not in this sentence: " + _join(missing)
    return line + "."


def bonus_line(chosen: Choice) -> str:
    if not chosen.bonuses:
        return "Ranked on the matched words alone (BM25), no bonus."
    parts = []
    for name, value in chosen.bonuses.items():
        detail = BONUS_REASONS.get(name, name).format(
            share=chosen.shares.get(name, 0.0),
            borrowed=_join(chosen.borrowed),
            kind=chosen.answer_type or "",
            candidates=_join(chosen.type_candidates, 3),
        )
        parts.append(f"{value:+.2f} as {detail}")
    return f"Score {chosen.bm25:.2f} (BM25), " + "; ".join(parts) + "."


def decision_line(result: Result, decision: Decision) -> str:
    if decision.coverage is None:
        line = f"No answer: {result.reason or decision.rule or 'no match'}."
    else:
        verdict = "Answered" if result.answered else "No answer"
        line = (
            # one decimal: 34.8% must not read as the 35% it falls short of
            f"{verdict}: the sentence and its passage cover {share_below(decision.coverage)} of the "
            f"question's weight (sentence {share_below(decision.sentence_coverage)}, passage "
            f"{share_below(decision.paragraph_coverage)}); the rule answers from "
            f"{threshold_text(decision.threshold)}"
        )
        if decision.passage_similarity is not None:
            line += (
                f", or from {threshold_text(decision.meaning_coverage)} when the passage's meaning is "
                f"close enough ({decision.passage_similarity:.2f}, needs {decision.meaning_threshold:.2f})"
            )
        line += "."
    if result.unknown_terms:
        line += " The documents never mention: " + _join(result.unknown_terms) + "."
    return line


def corrections_text(corrections: tuple[tuple[str, str], ...]) -> str:
    """ "Read lenght as length, paramter as parameter." (empty without corrections)."""
    if not corrections:
        return ""
    return "Read " + _join(f"{typed} as {meant}" for typed, meant in corrections) + "."


def explain_lines(result: Result) -> list[str]:
    """Two or three short lines: what matched, what bonus moved it up, why answer or not."""
    explanation = result.explanation
    if explanation is None:
        return [f"No explanation recorded. {result.reason}".strip()]
    decision = decision_line(result, explanation.decision)
    read_as = corrections_text(explanation.corrections)
    chosen = explanation.chosen
    if chosen is None:
        return [f"{read_as} {decision}".strip()]
    matched = f"{read_as} {matched_line(explanation, chosen, result.terms)}".strip()
    return [matched, bonus_line(chosen), decision]
