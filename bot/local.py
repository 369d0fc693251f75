"""`python -m bot.local`: ask the documents in a terminal, in the same form as the bot.

For trying the bot without a Discord token. The text is the bot's, less what Discord hides:
escapes and URL brackets (`expose_headers`, not `expose\\_headers`). One question per line;
`more` shows the next answer, `context` the current one's whole block or the sentences around
it and `why` why the best answer was chosen (the bot's three buttons). Ends on EOF (Ctrl-D),
Ctrl-C, or the end of piped input: `echo "who backs Hezbollah?" | make run`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from retrieval import Engine, Result, RetrievalError, answer_question

from .about import help_embed, sources_pages
from .config import EXIT_ERROR, ConfigError, Settings, add_arguments, open_engine, settings_from_args
from .embeds import answer_embed, embed_text, no_answer_text, why_embed
from .markdown import plain_text
from .passages import context_pages, related_embed

PROMPT = "ask> "
ASK_FIRST = "Ask a question first."
TERMINAL_HELP = (
    "In this terminal: type a question; `more` for the next answer, `context` for the whole block "
    "or the sentences around it, `why` for why it was chosen, `sources` for the documents; "
    "Ctrl-D quits."
)
GREETING = "Ask the documents a question (`more`, `context`, `why`, `sources`, `help`; Ctrl-D to quit)."


class Session:
    """The state one terminal user has: the last result and which answer is shown."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.result: Result | None = None
        self.index = 0

    def handle(self, line: str) -> str:
        command = line.strip().lower().removeprefix("/")
        if command in COMMANDS:
            return COMMANDS[command](self)
        try:
            self.result = answer_question(self.engine, line, self.settings.top_k)
        except RetrievalError as exc:
            return f"error: {exc}"
        self.index = 0
        if self.result.answered:
            return embed_text(answer_embed(self.result))
        if self.result.related:
            return embed_text(related_embed(self.result))
        return no_answer_text(self.result)

    def more(self) -> str:
        if self.result is None:
            return ASK_FIRST
        if self.index + 1 >= len(self.result.answers):
            return "No more answers."
        self.index += 1
        return embed_text(answer_embed(self.result, self.index))

    def context(self) -> str:
        if self.result is None or not self.result.answered:
            return ASK_FIRST
        pages = context_pages(self.engine, self.result.answers[self.index])
        return "\n".join(embed_text(page) for page in pages)  # the Previous / Next pages, one after another

    def why(self) -> str:
        if self.result is None:
            return ASK_FIRST
        return embed_text(why_embed(self.result, self.index))

    def sources(self) -> str:
        return "\n".join(embed_text(page) for page in sources_pages(self.engine))  # every page

    def help(self) -> str:
        """The bot's /help, then what the terminal has in place of its buttons and commands."""
        return embed_text(help_embed()) + "\n\n" + TERMINAL_HELP


# What the bot offers as buttons and slash commands, typed as words (`/sources` works too).
COMMANDS = {
    "more": Session.more,
    "context": Session.context,
    "why": Session.why,
    "sources": Session.sources,
    "help": Session.help,
}


def read_lines(stdin: TextIO, stdout: TextIO) -> Iterator[str]:
    """Lines typed at a prompt (with line editing) on a terminal, else lines of the input."""
    if not stdin.isatty():
        yield from stdin
        return
    print(GREETING, file=stdout)
    while True:
        try:
            yield input(PROMPT)
        except EOFError:  # Ctrl-D
            print(file=stdout)
            return


def repl(session: Session, stdin: TextIO, stdout: TextIO) -> None:
    for line in read_lines(stdin, stdout):
        if line.strip():
            print(plain_text(session.handle(line)) + "\n", file=stdout, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.local", description=GREETING)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
        engine = open_engine(settings)
    except (ConfigError, RetrievalError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        repl(Session(engine, settings), sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        print(file=sys.stdout)
    except BrokenPipeError:
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
