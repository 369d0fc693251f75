"""Results -> text for a terminal or JSON Lines; no logic beyond presentation."""

from __future__ import annotations

import json

from .evaluation import Report
from .explain import corrections_text, explain_lines
from .models import Answer, Result, Sentence, Snippet


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
        "kind": sentence.kind,
        "page": sentence.page,
        "sections": list(sentence.sections),
    }


def snippet_fields(snippet: Snippet) -> dict:
    return {
        "kind": snippet.kind,
        "document": snippet.document,
        "line": snippet.line,
        "end_line": snippet.end_line,
        "page": snippet.page,
        "start": snippet.start,
        "end": snippet.end,
        "language": snippet.language,
        "title": snippet.title,
        "sections": list(snippet.sections),
        "lead": snippet.lead,
        "text": snippet.text,
        "shown": snippet.shown,
    }


def snippet_text(snippet: Snippet) -> str:
    """One block for a terminal: where, what kind, and its first line as shown."""
    where = f"{snippet.document}:{snippet.line}-{snippet.end_line} [{snippet.start}:{snippet.end}]"
    label = snippet.language or snippet.title
    kind = f"{snippet.kind}({label})" if label else snippet.kind
    first = snippet.shown.splitlines()[0] if snippet.shown else ""
    more = " …" if "\n" in snippet.shown else ""
    return f"{where} {kind:<12} {first[:100]}{more}"


def answer_fields(answer: Answer) -> dict:
    fields = sentence_fields(answer.sentence)
    fields["score"] = round(answer.score, 6)
    fields["matched"] = list(answer.matched)
    if answer.block is not None:
        fields["block"] = snippet_fields(answer.block)
    if answer.lead is not None:
        fields["lead"] = sentence_fields(answer.lead)
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
        if result.related:
            data["related"] = [answer_fields(a) for a in result.related]
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
    read_as = corrections_text(result.corrections)
    return f"{text} ({read_as})" if read_as else text


def result_text(result: Result, explain: bool = False) -> str:
    text = plain_result_text(result)
    if explain:
        text += "\nWhy:\n" + "\n".join(f"  {line}" for line in explain_lines(result))
    return text


BLOCK_LINES = 12  # lines of a code block, list or table shown in a terminal answer


def answer_lines(answer: Answer, number: int | None = None) -> list[str]:
    """An answer for a terminal: its lead-in, the sentence, the block it shows, the citation.

    With a number, the first line starts "  2. " and the others line up under it.
    """
    lines = [answer.lead.clean] if answer.lead is not None else []
    if answer.sentence.kind == "sentence":
        lines.append(answer.text)
    shown = (answer.block.shown if answer.block is not None else answer.text).splitlines()
    if answer.block is not None or answer.sentence.kind != "sentence":
        lines += [f"    {line}" for line in shown[:BLOCK_LINES]]
        if len(shown) > BLOCK_LINES:
            lines.append(f"    … ({len(shown) - BLOCK_LINES} more lines)")
    citation = f"— {answer.citation.text(answer.checked_lines())}  (score {answer.score:.2f})"
    if number is None:
        return lines + [f"  {citation}"]
    return [f"  {number}. {lines[0]}"] + [f"     {line}" for line in lines[1:] + [citation]]


def plain_result_text(result: Result) -> str:
    if not result.answered:
        lines = [no_answer_text(result), f"  ({result.reason})"]
        if result.related:
            lines.append("The closest passages, which may help:")
            for number, answer in enumerate(result.related, start=1):
                lines += answer_lines(answer, number)
        return "\n".join(lines)
    best, *others = result.answers
    lines = answer_lines(best)
    if others:
        lines.append("Also:")
        for number, answer in enumerate(others, start=2):
            lines += answer_lines(answer, number)
    return "\n".join(lines)


def sentence_text(sentence: Sentence) -> str:
    where = f"{sentence.document}:{sentence.line} [{sentence.start}:{sentence.end}] ¶{sentence.paragraph}"
    if sentence.kind != "sentence":
        where += f" ({sentence.kind})"
    if sentence.section:
        where += f" § {sentence.section}"
    return f"{where}  {sentence.clean}"


def report_text(report: Report, show_misses: bool) -> str:
    metrics = report.metrics()
    lines = [
        f"{name:<28} {value:.4f}" if isinstance(value, float) else f"{name:<28} {value}"
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
