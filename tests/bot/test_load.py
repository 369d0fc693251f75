"""The bot under load: 200 concurrent /ask while a /reload of a large folder is building.

simcord cannot drive this: it runs one action at a time (a second concurrent `member.slash`
raises "operation overlaps active slash") and every action settles all bot work, including
a reload's worker thread. So this test uses the real transport of `test_loopback.py`: the
unmodified `python -m bot` in a subprocess, and a loopback Discord (REST + gateway) that
sends the interactions over the websocket.

How the reload is kept in progress, without timing: `sitecustomize.py` (next to the lines that
point discord.py at the loopback server) wraps `Engine.from_folder` with a gate. Once
the test has created the gate (a named pipe, only after start-up, so the first load is not
gated), a build first opens the pipe and reads it to the end, then runs the real
`from_folder` on the folder. The test sees the build arrive (opening the pipe's write end only
succeeds once a reader has it open), and the build cannot finish before the test closes its
end. The bot's own code (the cog, `asyncio.to_thread`, the engine swap) is not touched.

The loopback server also holds every /ask defer until all 200 have arrived: if the bot handled
questions one at a time, or waited for the reload, that barrier would never open.
"""

from __future__ import annotations

import asyncio
import errno
import os
import random
import shutil
import signal
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web

from .conftest import SEEDS, TRUCKS
from .test_loopback import (
    APP_ID,
    USER,
    LoopbackDiscord,
    json_response,
    member_json,
    message_json,
    serving,
    start_bot,
)

pytestmark = pytest.mark.asyncio

ASKS = 200
GUILD = "1100000000000000001"
CHANNEL = "1100000000000000002"
MANAGE_GUILD = str(1 << 5)
SEND_MESSAGES = str(1 << 11)
PICNIC = "When does the summer picnic start?"
# Both answered by the seed document, which the reload removes: answered means the old index.
OLD_QUESTIONS = {TRUCKS: "54 **trucks**", "Who backs Hezbollah?": "**backed** by Iran"}
NO_ANSWER = "The documents don't cover that"
WAIT = 60  # seconds: only a guard against a hang, never an assertion about speed

GATE = """
import os
import sys
import threading

import retrieval

_from_folder = retrieval.Engine.from_folder.__func__


def _gated(cls, *args, **kwargs):
    gate = os.environ["LOAD_TEST_GATE"]
    if os.path.exists(gate):  # created by the test after start-up: only the reload waits here
        name = threading.current_thread().name
        print(f"load-test gate: build waiting in thread {name}", file=sys.stderr, flush=True)
        with open(gate, "rb") as pipe:
            pipe.read()  # until the test closes its end
    return _from_folder(cls, *args, **kwargs)


retrieval.Engine.from_folder = classmethod(_gated)
"""

WORDS = (
    "river harbour council budget school bridge festival library market railway museum "
    "garden hospital station tunnel ferry orchard stadium theatre bakery"
).split()


def write_large_folder(folder: Path, documents: int = 200, sentences: int = 50) -> int:
    """Reports with 10,000 sentences in all (a build takes about a second), plus the picnic."""
    rng = random.Random(7)
    for d in range(documents):
        lines = []
        for s in range(sentences):
            w = rng.sample(WORDS, 3)
            lines.append(
                f"The {w[0]} near the {w[1]} reported {rng.randint(2, 999)} {w[2]} visits "
                f"in week {s} of report {d}."
            )
        (folder / f"report-{d:04d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")
    (folder / "picnic.txt").write_text(
        "date 2024-05-01 The summer picnic starts at noon by the lake.\n", encoding="utf-8"
    )
    return documents + 1


class LoadDiscord(LoopbackDiscord):
    """Loopback Discord for many interactions in a guild channel, each with its own token."""

    def __init__(self) -> None:
        super().__init__()
        self.next_id = 4000000000000000000
        self.asks: set[str] = set()  # interaction ids of the /ask under load
        self.deferred: dict[str, int] = {}  # interaction id -> callback type
        self.all_deferred = asyncio.Event()
        self.followups: dict[str, dict] = {}  # interaction token -> followup body
        self.changed = asyncio.Event()

    async def rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        if path.endswith("/callback"):
            body = await request.json()
            interaction_id = path.split("/")[2]
            self.requests.append((request.method, path, body))
            self.deferred[interaction_id] = body["type"]
            self.changed.set()
            if interaction_id in self.asks:
                if self.asks <= self.deferred.keys():
                    self.all_deferred.set()
                await self.all_deferred.wait()  # the barrier: all asks in flight at once
            return json_response(
                {
                    "interaction": {"id": interaction_id, "type": 2, "response_message_loading": True},
                    "resource": {"type": body["type"]},
                }
            )
        if path.startswith("/webhooks/") and request.method == "POST":
            body = await request.json()
            self.requests.append((request.method, path, body))
            self.followups[path.split("/")[3]] = body
            self.changed.set()
            self.sequence += 1
            message_id = str(3000000000000000000 + self.sequence)
            return json_response(message_json(message_id, CHANNEL, USER, body.get("content") or "", body))
        return await super().rest(request)

    async def until(self, condition, what: str) -> None:
        """Wait for a state of the server; WAIT only turns a hang into a failure."""

        async def watch() -> None:
            while not condition():
                self.changed.clear()
                await self.changed.wait()

        try:
            await asyncio.wait_for(watch(), WAIT)
        except TimeoutError:
            pytest.fail(f"never happened: {what}")

    async def interact(self, n: int, permissions: str, name: str, options: list[dict]) -> str:
        """Send one slash command from member n in the guild channel; returns its token."""
        self.next_id += 1
        interaction_id = str(self.next_id)
        token = f"token-{interaction_id}"
        if name == "ask":
            self.asks.add(interaction_id)
        await self.send(
            0,
            {
                "id": interaction_id,
                "application_id": APP_ID,
                "type": 2,
                "token": token,
                "version": 1,
                "guild_id": GUILD,
                "channel_id": CHANNEL,
                "channel": {
                    "id": CHANNEL,
                    "type": 0,
                    "guild_id": GUILD,
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                    "nsfw": False,
                    "parent_id": None,
                },
                "member": member_json(n, permissions=permissions),
                "locale": "en-US",
                "guild_locale": "en-US",
                "app_permissions": str((1 << 11) | (1 << 14)),
                "entitlements": [],
                "attachment_size_limit": 8388608,
                "authorizing_integration_owners": {"0": GUILD},
                "context": 0,
                "data": {
                    "id": "2000000000000000000",
                    "name": name,
                    "type": 1,
                    "guild_id": GUILD,
                    "options": options,
                },
            },
            "INTERACTION_CREATE",
        )
        return token

    async def ask(self, n: int, question: str) -> str:
        option = {"name": "question", "type": 3, "value": question}
        return await self.interact(n, SEND_MESSAGES, "ask", [option])

    async def ask_all_at_once(self, questions: list[str]) -> dict[str, str]:
        """ASKS members ask (back to back, no reply awaited); token -> question, once all are answered."""
        tokens = {}
        for n in range(1, ASKS + 1):
            question = questions[n % len(questions)]
            tokens[await self.ask(n, question)] = question
        await self.until(lambda: self.all_deferred.is_set(), f"all {ASKS} asks deferred at once")
        await self.until(lambda: tokens.keys() <= self.followups.keys(), f"{ASKS} answers")
        return tokens


@pytest_asyncio.fixture
async def loopback():
    async with serving(LoadDiscord()) as discord_:
        yield discord_


def open_gate_writer(gate: Path) -> int | None:
    """The write end of the gate, once the build has opened it for reading; else None."""
    try:
        return os.open(gate, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # no reader yet
            return None
        raise


async def test_200_concurrent_asks_during_a_reload_are_answered_from_the_old_index(loopback, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), docs)
    gate = tmp_path / "gate"
    (tmp_path / "config.toml").write_text(
        f'documents = "docs"\ncache_dir = "cache"\ndev_guild_id = "{GUILD}"\n'
        'owner_ids = ["1200000000000000000"]\n',  # member 0, who reloads
        encoding="utf-8",
    )  # the default 5-second cooldown stays: each of the 200 members asks once
    process = await start_bot(tmp_path, loopback.port, GATE, LOAD_TEST_GATE=str(gate))
    writer = None
    try:
        await asyncio.wait_for(loopback.identified.wait(), WAIT)
        # The folder changes while the bot runs: the seed document goes, a large folder comes.
        for path in docs.iterdir():
            path.unlink()
        documents = write_large_folder(docs)
        os.mkfifo(gate)

        reload = await loopback.interact(0, MANAGE_GUILD, "reload", [])
        for _ in range(WAIT * 100):  # the reload's build is in Engine.from_folder, at the gate
            writer = open_gate_writer(gate)
            if writer is not None:
                break
            await asyncio.sleep(0.01)
        else:
            pytest.fail("the reload's build never reached Engine.from_folder")

        tokens = await loopback.ask_all_at_once(list(OLD_QUESTIONS))

        # Every question was answered, from the old documents, while the build still waited.
        assert reload not in loopback.followups
        assert len(tokens) == ASKS
        for token, question in tokens.items():
            followup = loopback.followups[token]
            assert followup["allowed_mentions"]["parse"] == []
            assert OLD_QUESTIONS[question] in followup["embeds"][0]["description"], followup

        os.close(writer)  # open the gate: the real build of the large folder runs now
        writer = None
        await loopback.until(lambda: reload in loopback.followups, "the reload's report")
        report = loopback.followups[reload]["content"]
        assert report.startswith(f"Reloaded: {documents} documents, 10,001 sentences."), report

        picnic = await loopback.ask(ASKS + 1, PICNIC)
        trucks = await loopback.ask(ASKS + 2, TRUCKS)
        await loopback.until(lambda: {picnic, trucks} <= loopback.followups.keys(), "the later answers")
        assert "**picnic** **starts** at noon" in loopback.followups[picnic]["embeds"][0]["description"]
        assert loopback.followups[trucks]["content"].startswith(NO_ANSWER)
    finally:
        if writer is not None:
            os.close(writer)
        process.send_signal(signal.SIGINT)
        stdout, stderr = await asyncio.wait_for(process.communicate(), WAIT)
    log = stderr.decode()

    assert process.returncode == 0, log
    assert "Traceback" not in log and " ERROR " not in log, log
    (waiting,) = [line for line in log.splitlines() if line.startswith("load-test gate:")]
    assert not waiting.endswith("MainThread"), waiting  # the build ran in a worker thread
    assert len(loopback.deferred) == ASKS + 3  # the reload, the 200, the two later questions
    assert set(loopback.deferred.values()) == {5}  # each deferred first
    assert log.count("question via /ask:") == ASKS + 2
    assert log.count(" chars, answered, ") == ASKS + 1 and log.count(" chars, not answered, ") == 1
