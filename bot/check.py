"""The lines of `python -m bot --check` about the documents and the server set-up.

What the bot would read (each file with its type and what it gives to search, what it left
out, the include/exclude patterns), and how it is set up on Discord: the servers it stays in,
who its owners are, direct messages, where it answers mentions, and the permissions it needs.
"""

from __future__ import annotations

from retrieval import Engine

from .about import document_text
from .client import invite_url
from .config import Settings

MAX_FILES_LISTED = 100
INVITE = invite_url("APPLICATION_ID")


def document_lines(settings: Settings, engine: Engine) -> list[str]:
    summaries = engine.summaries()
    lines = [f"documents: {len(engine.documents)} in {settings.documents}"]
    lines += [f"  {s.path}: {document_text(s)}" for s in summaries[:MAX_FILES_LISTED]]
    if len(summaries) > MAX_FILES_LISTED:
        lines.append(f"  … and {len(summaries) - MAX_FILES_LISTED:,} more")
    lines.append(f"sentences: {len(engine.sentences)}")
    lines.append(f"skipped files: {len(engine.skipped)}")
    lines += [f"  {s.path}: {s.reason}" for s in engine.skipped]
    lines += [f"notice: {notice}" for notice in engine.notices]
    lines.append("include: " + (", ".join(settings.include) or "every supported file"))
    lines.append("exclude: " + (", ".join(settings.exclude) or "nothing"))
    return lines


def setup_lines(settings: Settings) -> list[str]:
    if settings.allowed_guilds:
        servers = f"servers: {ids(settings.allowed_guilds)} only (the bot leaves any other)"
    else:
        servers = (
            "servers: any that adds the bot (warning: allowed_guilds is empty, so anyone who adds "
            "it can read the documents through it; set allowed_guilds and turn off Public Bot)"
        )
    if settings.owner_ids:
        owners = (
            f"owners: {ids(settings.owner_ids)} (they alone may /reload; /unanswered and /stats anywhere)"
        )
    else:
        owners = "owners: none set, so /reload is for the application's owner (set owner_ids)"
    channels = f"channels {ids(settings.mention_channels)}" if settings.mention_channels else "every channel"
    dms = "answered" if settings.answer_in_dms else "not answered (answer_in_dms = false)"
    return [
        servers,
        owners,
        f"direct messages: {dms}",
        f"mentions answered in: {channels}",
        "permissions needed where it answers mentions: Send Messages (Send Messages in Threads in "
        "threads), Embed Links (else plain text), Read Message History (else not as a reply)",
        f"invite URL: {INVITE}",
    ]


def ids(values: frozenset[int]) -> str:
    return ", ".join(str(v) for v in sorted(values))
