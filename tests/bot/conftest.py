"""Fixtures for the bot tests: a bot built by the real factory, and a simulated server.

simcord (pinned with discord.py) replaces only discord.py's transport; everything above it
(login, setup_hook, command sync, dispatch, views, payloads) runs for real.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import sys
from pathlib import Path

import pytest

import bot.__main__
import bot.local
from bot.client import create_bot
from bot.config import Settings
from retrieval import Engine
from tests.conftest import SEEDS

GUILD_ID = 1100000000000000001
TRUCKS = "How many aid trucks have entered Gaza?"
FAKE_TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Defaults with the cooldown off; a test that needs other values overrides this fixture."""
    return Settings(
        documents=SEEDS, dev_guild_id=GUILD_ID, cooldown_seconds=0, cache_dir=None, data_dir=tmp_path / "data"
    )


@pytest.fixture
def engine(settings: Settings, seed_engine: Engine) -> Engine:
    if settings.documents == SEEDS:
        return seed_engine
    return Engine.from_folder(settings.documents)


@pytest.fixture
def simcord_bot(settings: Settings, engine: Engine):
    bot = create_bot(settings, engine)
    yield bot
    bot.question_log.close()  # simcord never calls bot.close(): stop the log's writer thread


class World:
    """One server with a channel, an ordinary member and a manager who is one of the bot's owners."""

    def __init__(self, env) -> None:
        import discord

        self.env = env
        self.guild = env.create_guild(id=GUILD_ID)
        self.channel = self.guild.create_text_channel("general")
        self.alice = self.guild.add_member(env.create_user("alice"))
        self.bob = self.guild.add_member(env.create_user("bob"))
        managers = self.guild.create_role("Managers", permissions=discord.Permissions(manage_guild=True))
        self.admin = self.guild.add_member(env.create_user("admin"), roles=[managers])
        env.bot.settings = dataclasses.replace(env.bot.settings, owner_ids=frozenset({self.admin.id}))

    def requests(self, method: str, fragment: str) -> list:
        return [r for r in self.env.http_requests if r.method == method and fragment in r.path]

    def stored(self, message_id: int):
        return self.env.backend.get_message(self.channel.id, message_id)


@pytest.fixture
def world(simcord_env) -> World:
    return World(simcord_env)


def write_docs(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def with_settings(settings: Settings, **changes) -> Settings:
    return dataclasses.replace(settings, **changes)


@dataclasses.dataclass(frozen=True)
class Ran:
    """What a command-line run gave: its exit status and output (as subprocess.run's)."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch, capsys):
    """`python -m bot ...` or `python -m bot.local ...`, by calling its main() in this process.

    From folder `cwd`, with stdin and DISCORD_TOKEN as given; the log set-up `python -m bot`
    does (on stderr) is undone afterwards. A run that would connect to Discord fails the test.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    monkeypatch.setattr(bot.__main__, "run", lambda *args: pytest.fail("tried to connect to Discord"))

    def run(args: list[str], cwd: Path, stdin: str = "", token: str | None = None) -> Ran:
        monkeypatch.chdir(cwd)
        monkeypatch.delenv("DISCORD_TOKEN", raising=False)
        if token is not None:
            monkeypatch.setenv("DISCORD_TOKEN", token)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        module, *argv = args
        main = {"bot": bot.__main__.main, "bot.local": bot.local.main}[module]
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    yield run
    root.handlers[:] = handlers
    root.setLevel(level)
