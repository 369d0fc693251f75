"""Why an answer was chosen (or withheld), in two or three plain lines.

`explain_lines(result)` reads `Result.explain`, the data `answer_question` records: the
question's terms, what the chosen sentence matched and what each match scored, the bonuses
of the rerank, and the rule that decided between an answer and silence. Pure: the bot can
show these lines behind a "Why this answer?" button; the CLI prints them for `--explain`.
"""

from __future__ import annotations

from .models import Result

BONUS_REASONS = {
    "paragraph": "its paragraph fits the question ({share:.0%} of the best paragraph's score)",
    "document": "its document fits the question ({share:.0%} of the best document's score)",
    "previous sentence": "it continues the sentence before, which has {borrowed}",
    "word pairs": "it keeps question words together ({pairs})",
    "answer type": "a {kind} is asked for and it has one ({candidates})",
}


def _join(items, limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def matched_line(result: Result) -> str:
    chosen = result.explain.get("chosen", {})
    words = {t["term"]: t["word"] for t in result.explain.get("terms", [])}
    contributions = chosen.get("contributions", {})
    from_heading = set(chosen.get("from heading", ()))
    parts = [
        f"{words.get(t, t)} ({score:.2f}{', in its heading' if t in from_heading else ''})"
        for t, score in contributions.items()
    ]
    missing = [words.get(t, t) for t in result.terms if t not in contributions]
    line = "Matched: " + (_join(parts) if parts else "no question word")
    if missing:
        line += "; not in this sentence: " + _join(missing)
    return line + "."


def bonus_line(result: Result) -> str:
    chosen = result.explain.get("chosen", {})
    bonuses = chosen.get("bonuses", {})
    if not bonuses:
        return "Ranked on the matched words alone (BM25), no bonus."
    parts = []
    for name, value in bonuses.items():
        detail = BONUS_REASONS.get(name, name).format(
            share=chosen.get(f"{name} share", 0.0),
            borrowed=_join(chosen.get("borrowed", ())),
            pairs=_join(chosen.get("pairs", ())),
            kind=chosen.get("answer type", ""),
            candidates=_join(chosen.get("candidates", ()), 3),
        )
        parts.append(f"+{value:.2f} as {detail}")
    return f"Score {chosen.get('bm25', 0.0):.2f} (BM25), " + "; ".join(parts) + "."


def decision_line(result: Result) -> str:
    decision = result.explain.get("decision", {})
    if "coverage" not in decision:
        line = f"No answer: {result.reason or decision.get('rule', 'no match')}."
    else:
        verdict = "Answered" if result.answered else "No answer"
        line = (
            # one decimal: 34.8% must not read as the 35% it falls short of
            f"{verdict}: the sentence and its paragraph cover {decision['coverage']:.1%} of the "
            f"question's weight (sentence {decision['sentence_coverage']:.1%}, paragraph "
            f"{decision['paragraph_coverage']:.1%}); the rule answers from {decision['threshold']:.0%}."
        )
    if result.unknown_terms:
        line += " The documents never mention: " + _join(result.unknown_terms) + "."
    return line


def explain_lines(result: Result) -> list[str]:
    """Two or three short lines: what matched, what bonus moved it up, why answer or not."""
    if not result.explain:
        return [f"No explanation recorded. {result.reason}".strip()]
    if "chosen" not in result.explain:
        return [decision_line(result)]
    return [matched_line(result), bonus_line(result), decision_line(result)]
