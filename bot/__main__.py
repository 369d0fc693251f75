"""`python -m bot [--config FILE] [--docs DIR] [--check]`: load settings and documents, then connect.

`python -m bot report ...` reads the question log offline instead (bot/report_cli.py).

Every problem found before connecting (no token, a bad config, an unusable documents folder)
is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import aiohttp
import discord

from retrieval import Engine, RetrievalError

from . import report_cli
from .check import document_lines, setup_lines
from .client import command_names, create_bot
from .config import (
    EXIT_ERROR,
    ConfigError,
    Settings,
    add_arguments,
    open_engine,
    settings_from_args,
    token_from_env,
)
from .lifecycle import exit_now_if_threads_are_busy
from .lifecycle import run as serve
from .schema import describe
from .store import FILE_NAME
from .sync import StartupError

log = logging.getLogger("bot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="A Discord bot that quotes the sentence of your documents that answers.",
    )
    add_arguments(parser)
    parser.add_argument(
        "--check", action="store_true", help="load the config and documents, print a summary, do not connect"
    )
    return parser


def summary(settings: Settings, engine: Engine, token_set: bool) -> str:
    lines = document_lines(settings, engine)
    lines.append("commands: " + ", ".join("/" + name for name in command_names()))
    lines.append(f"sync: dev guild {settings.dev_guild_id}" if settings.dev_guild_id else "sync: global")
    if settings.retention_days:
        lines.append(describe(settings.data_dir / FILE_NAME))
    else:
        lines.append("question log: off (retention_days = 0)")
    lines += setup_lines(settings)
    lines.append(
        "token: DISCORD_TOKEN is set" if token_set else "token: DISCORD_TOKEN is not set (needed to connect)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["report"]:  # `python -m bot report ...`: the question log, offline
        return report_cli.main(argv[1:])
    args = build_parser().parse_args(argv)
    discord.utils.setup_logging(level=logging.INFO, root=True)
    try:
        settings = settings_from_args(args)
        if args.check:
            with quiet_skipped_warnings():  # the summary lists them, with their reasons
                engine = open_engine(settings)
            print(summary(settings, engine, _token_present()))
            return 0
        token = token_from_env()
        engine = open_engine(settings)
    except (ConfigError, RetrievalError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    log.info("loaded %d documents, %d sentences", len(engine.documents), len(engine.sentences))
    status = run(settings, engine, token)
    exit_now_if_threads_are_busy(status)
    return status


def _not_a_skipped_file(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("skipped ")


@contextmanager
def quiet_skipped_warnings() -> Iterator[None]:
    """Drop the loaders' "skipped FILE" warnings meanwhile (for --check, whose summary lists them)."""
    loggers = [logging.getLogger(name) for name in ("retrieval.documents", "retrieval.engine")]
    for logger in loggers:
        logger.addFilter(_not_a_skipped_file)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(_not_a_skipped_file)


def _token_present() -> bool:
    try:
        token_from_env()
    except ConfigError:
        return False
    return True


SHARDING_TEXT = (
    "error: Discord requires sharding (close code 4011): the bot is in 2,500 servers or more, "
    "and it does not shard. It answers from one documents folder and is meant for your own "
    "servers: turn off Public Bot and remove it from the others (README: Put it on Discord)"
)


def run(settings: Settings, engine: Engine, token: str) -> int:
    """Serve until SIGTERM/SIGINT (exit 0); a failure to start is one line on stderr."""
    try:
        serve(create_bot(settings, engine), token)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except discord.ConnectionClosed as exc:
        print(SHARDING_TEXT if exc.code == 4011 else closed_text(exc), file=sys.stderr)
        return EXIT_ERROR
    except asyncio.CancelledError:  # a second signal: stopped at once
        return 1
    except discord.LoginFailure:
        print(
            "error: Discord rejected the token in DISCORD_TOKEN: copy it again from the Bot page",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except (aiohttp.ClientError, OSError) as exc:
        print(f"error: cannot reach Discord: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except discord.PrivilegedIntentsRequired:  # not expected: the bot asks for none
        print("error: Discord refused the requested intents", file=sys.stderr)
        return EXIT_ERROR
    return 0


def closed_text(exc: discord.ConnectionClosed) -> str:
    reason = f": {exc.reason}" if exc.reason else ""
    return f"error: Discord closed the connection (close code {exc.code}{reason})"


if __name__ == "__main__":
    sys.exit(main())
