"""Results -> text for a terminal or JSON Lines; no logic beyond presentation."""

from __future__ import annotations

import json

from .evaluation import Report
from .explain import explain_lines
from .models import Answer, Result, Sentence


def sentence_fields(sentence: Sentence) -> dict:
    return {
        "text": sentence.text,
        "quote": sentence.clean,
        "document": sentence.document,
        "line": sentence.line,
        "start": sentence.start,
        "end": sentence.end,
        "paragraph": sentence.paragraph,
        "section": sentence.section,
        "date": sentence.date,
    }


def answer_fields(answer: Answer) -> dict:
    fields = sentence_fields(answer.sentence)
    fields["score"] = round(answer.score, 6)
    fields["matched"] = list(answer.matched)
    return fields


def result_json(result: Result) -> str:
    data = {
        "question": result.question,
        "answers": [answer_fields(a) for a in result.answers],
        "terms": list(result.terms),
    }
    if not result.answered:
        data["reason"] = result.reason
        data["never_mentioned"] = list(result.unknown_terms)
    if result.explanation is not None:
        data["explain"] = result.explanation.to_dict()
    return json.dumps(data, ensure_ascii=False)


def error_json(question: str, error: str) -> str:
    """The `--json` line for a question that could not be asked (empty, too long)."""
    return json.dumps({"question": question, "answers": [], "error": error}, ensure_ascii=False)


def no_answer_text(result: Result) -> str:
    text = "The documents do not answer this question."
    if result.unknown_terms:
        text += " They never mention: " + ", ".join(result.unknown_terms) + "."
    return text


def result_text(result: Result, explain: bool = False) -> str:
    text = plain_result_text(result)
    if explain:
        text += "\nWhy:\n" + "\n".join(f"  {line}" for line in explain_lines(result))
    return text


def plain_result_text(result: Result) -> str:
    if not result.answered:
        return no_answer_text(result) + f"\n  ({result.reason})"
    best, *others = result.answers
    lines = [best.text, f"  — {best.citation}  (score {best.score:.2f})"]
    if others:
        lines.append("Also:")
        for number, answer in enumerate(others, start=2):
            lines.append(f"  {number}. {answer.text}")
            lines.append(f"     — {answer.citation}  (score {answer.score:.2f})")
    return "\n".join(lines)


def sentence_text(sentence: Sentence) -> str:
    where = f"{sentence.document}:{sentence.line} [{sentence.start}:{sentence.end}] ¶{sentence.paragraph}"
    if sentence.section:
        where += f" § {sentence.section}"
    return f"{where}  {sentence.clean}"


def report_text(report: Report, show_misses: bool) -> str:
    metrics = report.metrics()
    lines = [
        f"{name:<22} {value:.4f}" if isinstance(value, float) else f"{name:<22} {value}"
        for name, value in metrics.items()
    ]
    if show_misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        for miss in report.misses:
            got = miss.got if miss.got is not None else "(no answer)"
            lines.append(
                f"- Q: {miss.question}\n  gold: {' | '.join(dict.fromkeys(miss.gold))}\n  got: {got}"
            )
    return "\n".join(lines)
