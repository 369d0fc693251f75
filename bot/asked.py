"""What one question is logged as: who asked where, how it went, what was cited.

The outcomes: answered; related passages only (the engine's `Result.related`: no answer, but
close passages offered); no answer; refused input (too short or too long to search, no Result).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retrieval import Result

ANSWERED, RELATED, NO_ANSWER, REFUSED = "answered", "related", "no_answer", "refused"
OUTCOMES = (ANSWERED, RELATED, NO_ANSWER, REFUSED)
# How the bot's log line names each outcome of a question.
LOGGED = {
    ANSWERED: "answered",
    RELATED: "not answered, related passages shown",
    NO_ANSWER: "not answered",
    REFUSED: "refused",
}


@dataclass(frozen=True)
class Asked:
    """Who asked what, where (ids as Discord gives them; None in a direct message)."""

    question: str
    user_id: int
    guild_id: int | None = None
    channel_id: int | None = None


def asked_in(origin: Any, question: str) -> Asked:
    """Who asked where, from a discord Interaction (`user`) or Message (`author`)."""
    user = getattr(origin, "user", None) or origin.author
    guild = getattr(origin, "guild", None)
    channel_id = getattr(origin, "channel_id", None) or getattr(origin.channel, "id", None)
    return Asked(question, user.id, guild.id if guild else getattr(origin, "guild_id", None), channel_id)


def privacy_text(settings: Any) -> str:
    """What is stored and for how long, in plain words (for /help)."""
    if settings.retention_days <= 0:
        return "I keep no log of questions."
    return (
        f"I log each question for {settings.retention_days} days so this server's managers can see "
        "what the documents miss: the question, when and in which channel, how I answered, and "
        "the Helpful / Not helpful votes, with a salted hash standing for you (never your Discord id "
        "or name). **/forget** deletes yours."
    )


def outcome_of(result: Result | None) -> str:
    if result is None:
        return REFUSED
    if result.answered:
        return ANSWERED
    return RELATED if result.related else NO_ANSWER


def cited(result: Result | None) -> tuple[str | None, int | None, float | None]:
    """Document, line and score of the best answer (or of the first related passage)."""
    if result is None:
        return None, None, None
    best = result.best or next(iter(result.related), None)
    if best is None:
        return None, None, None
    return best.sentence.document, best.sentence.line, best.score
