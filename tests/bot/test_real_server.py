"""Issue 12 through the real transport: signals, close codes, sync errors, a busy channel.

The unmodified `python -m bot` runs in a subprocess against the loopback Discord of
`test_loopback.py`, extended here with a server (a guild with channels), channel messages
under Discord's per-channel rate limit (429s with the real headers), and a gateway that can
close with any code. `sitecustomize.py` points discord.py at it and, for the tests that need
a question to stay in flight, holds rankings at a gate (a file the test creates) without
touching the bot's code.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import WSMsgType, web

from bot.channels import AT_ONCE, WAITING
from bot.inflight import RESTART_TEXT
from bot.mentions import BUSY_TEXT

from .test_loopback import (
    APP_ID,
    QUESTION,
    USER,
    LoopbackDiscord,
    member_json,
    message_json,
    serving,
    start_bot,
)

pytestmark = pytest.mark.asyncio

GUILD = "1100000000000000001"
BUSY, QUIET = "1100000000000000002", "1100000000000000003"
WAIT = 60  # seconds: only a guard against a hang, never an assertion about speed
EVERYONE = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 38)  # view, send, embed, history, threads
GATE = """
import os
import sys
import time

import retrieval

_answer = retrieval.answer_question


def _gated(engine, question, *args, **kwargs):
    if os.environ["GATE_WORD"] in question.lower():
        print("gate: a ranking waits", file=sys.stderr, flush=True)
        while not os.path.exists(os.environ["GATE_OPEN"]):
            time.sleep(0.01)
    return _answer(engine, question, *args, **kwargs)


retrieval.answer_question = _gated
"""


def channel(channel_id: str, name: str) -> dict:
    return {"id": channel_id, "type": 0, "name": name, "position": 0, "permission_overwrites": []}


class ServerDiscord(LoopbackDiscord):
    """One guild with two channels; channel messages limited to RATE per second per channel."""

    RATE = 5

    def __init__(self, close_with: int | None = None, refuse_guild_sync: bool = False) -> None:
        super().__init__()
        self.close_with, self.refuse_guild_sync = close_with, refuse_guild_sync
        self.close_codes: list[int | None] = []
        self.sent: list[tuple[str, dict]] = []  # (channel id, body) of each channel message
        self.changed = asyncio.Event()
        self.windows: dict[str, list[float]] = {}
        self.next_id = 5000000000000000000

    async def rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        parts = path.split("/")
        if self.refuse_guild_sync and "/guilds/" in path and path.endswith("/commands"):
            return _json({"message": "Missing Access", "code": 50001}, 403)
        if len(parts) == 4 and parts[1] == "channels" and parts[3] == "typing":
            return web.Response(status=204)
        if len(parts) == 4 and parts[1] == "channels" and parts[3] == "messages":
            return await self.channel_message(request, parts[2])
        response = await super().rest(request)
        self.changed.set()
        return response

    async def channel_message(self, request: web.Request, channel_id: str) -> web.Response:
        now = time.monotonic()
        window = [t for t in self.windows.get(channel_id, []) if now - t < 1.0]
        headers = {"X-RateLimit-Bucket": f"channel-{channel_id}", "X-RateLimit-Limit": str(self.RATE)}
        if len(window) >= self.RATE:
            after = f"{1.0 - (now - window[0]):.3f}"
            headers.update({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": after})
            return _json(
                {"message": "You are being rate limited.", "retry_after": float(after), "global": False},
                429,
                headers,
            )
        window.append(now)
        self.windows[channel_id] = window
        body = await request.json()
        self.sent.append((channel_id, body))
        self.changed.set()
        headers.update(
            {"X-RateLimit-Remaining": str(self.RATE - len(window)), "X-RateLimit-Reset-After": "1.0"}
        )
        self.next_id += 1
        return _json(
            message_json(str(self.next_id), channel_id, USER, body.get("content") or "", body), 200, headers
        )

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        if self.close_with is None:
            ws = await super().gateway(request)
            self.close_codes.append(ws.close_code)
            self.changed.set()
            return ws
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for frame in ws:
            if frame.type is WSMsgType.TEXT and json.loads(frame.data)["op"] == 2:
                await ws.close(code=self.close_with, message=b"Sharding required.")
        return ws

    async def add_guild(self) -> None:
        roles = [
            {
                "id": GUILD,
                "name": "@everyone",
                "permissions": str(EVERYONE),
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
            }
        ]
        guild = {
            "id": GUILD,
            "name": "Community",
            "icon": None,
            "owner_id": "1200000000000000999",
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 2,
            "members": [{**member_json(0), "user": USER}],
            "channels": [channel(BUSY, "busy"), channel(QUIET, "quiet")],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "large": False,
        }
        await self.send(0, guild, "GUILD_CREATE")

    async def mention(self, n: int, channel_id: str, question: str) -> None:
        self.next_id += 1
        author = member_json(n)
        payload = message_json(str(self.next_id), channel_id, author["user"], f"<@{APP_ID}> {question}", {})
        payload.update(
            guild_id=GUILD, member={k: v for k, v in author.items() if k != "user"}, mentions=[USER]
        )
        await self.send(0, payload, "MESSAGE_CREATE")

    async def until(self, condition, what: str, log: str = "") -> None:
        deadline = time.monotonic() + WAIT
        while not condition():
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                pytest.fail(f"never happened: {what}\n{log}")


def _json(data, status: int, headers: dict | None = None) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class BotProcess:
    """`python -m bot` in a folder of its own, its stderr read line by line as it comes."""

    def __init__(self, folder: Path, port: int, config: str = "", gate_word: str = "") -> None:
        self.folder, self.port, self.lines = folder, port, []
        self.seen = asyncio.Event()
        (folder / "config.toml").write_text(config, encoding="utf-8")
        self.gate_open = folder / "gate-open"
        self.gate_word = gate_word or "no question has this in it"

    async def start(self) -> BotProcess:
        self.process = await start_bot(
            self.folder, self.port, GATE, GATE_WORD=self.gate_word, GATE_OPEN=str(self.gate_open)
        )
        self.reader = asyncio.create_task(self.read())
        return self

    async def read(self) -> None:
        async for raw in self.process.stderr:
            self.lines.append(raw.decode().rstrip("\n"))
            self.seen.set()

    async def line(self, fragment: str) -> str:
        async def watch() -> str:
            while True:
                found = [line for line in self.lines if fragment in line]
                if found:
                    return found[0]
                self.seen.clear()
                await self.seen.wait()

        try:
            return await asyncio.wait_for(watch(), WAIT)
        except TimeoutError:
            pytest.fail(f"the bot never logged {fragment!r}:\n" + self.log)

    async def exit(self, sig: int | None = None) -> int:
        if sig is not None and self.process.returncode is None:
            self.process.send_signal(sig)
        code = await asyncio.wait_for(self.process.wait(), WAIT)
        await self.reader
        return code

    @property
    def log(self) -> str:
        return "\n".join(self.lines)


@pytest_asyncio.fixture
async def server():
    async with serving(ServerDiscord()) as discord_:
        yield discord_


async def with_a_question_in_flight(server: ServerDiscord, folder: Path) -> BotProcess:
    """The bot, connected, ranking one /ask that waits at the gate."""
    bot = await BotProcess(folder, server.port, gate_word="trucks").start()
    await asyncio.wait_for(server.identified.wait(), WAIT)
    await server.ask(QUESTION)
    await bot.line("gate: a ranking waits")
    return bot


async def test_sigterm_finishes_the_question_in_flight_then_closes_with_1000(server, tmp_path):
    bot = await with_a_question_in_flight(server, tmp_path)
    try:
        bot.process.send_signal(signal.SIGTERM)
        await bot.line("received SIGTERM: taking no new questions; finishing the 1 in flight")
        await server.ask("Who backs Hezbollah?")  # arrives while the first one finishes
        await server.until(lambda: len(callbacks(server)) == 2, "the second question refused")
        bot.gate_open.touch()
        code = await bot.exit()
    finally:
        bot.gate_open.touch()
        await bot.exit(signal.SIGKILL)

    assert code == 0, bot.log
    first, second = callbacks(server)
    assert first["type"] == 5  # deferred, then answered:
    assert "54 **trucks**" in followups(server)[0]["embeds"][0]["description"]
    assert second["type"] == 4 and second["data"]["content"] == RESTART_TEXT
    assert second["data"]["flags"] == 64  # ephemeral
    assert server.close_codes == [1000], bot.log
    assert "1 questions answered, 0 askers told to ask again" in bot.log
    assert "disconnected from Discord; exiting" in bot.log
    assert "Traceback" not in bot.log


async def test_sigterm_with_a_stuck_ranking_tells_the_asker_and_still_exits(server, tmp_path):
    bot = await with_a_question_in_flight(server, tmp_path)
    try:
        code = await bot.exit(signal.SIGTERM)  # the gate stays shut: the ranking never finishes
    finally:
        bot.gate_open.touch()
        await bot.exit(signal.SIGKILL)

    assert code == 0, bot.log
    assert followups(server)[-1]["content"] == RESTART_TEXT
    assert server.close_codes == [1000], bot.log
    assert "0 questions answered, 1 askers told to ask again" in bot.log
    assert "exiting while 1 worker threads are still busy" in bot.log
    assert "Traceback" not in bot.log


async def test_close_code_4011_is_one_line_and_exit_status_2(tmp_path):
    async with serving(ServerDiscord(close_with=4011)) as sharded:
        bot = await BotProcess(tmp_path, sharded.port).start()
        code = await bot.exit()

    assert code == 2, bot.log
    errors = [line for line in bot.lines if line.startswith("error:")]
    assert errors == [errors[0]] and "requires sharding (close code 4011)" in errors[0]
    assert "Traceback" not in bot.log


async def test_a_dev_guild_the_bot_is_not_in_is_one_line_and_exit_status_2(tmp_path):
    async with serving(ServerDiscord(refuse_guild_sync=True)) as refusing:
        bot = await BotProcess(
            tmp_path, refusing.port, config='dev_guild_id = "1300000000000000001"\n'
        ).start()
        code = await bot.exit()

    assert code == 2, bot.log
    (error,) = [line for line in bot.lines if line.startswith("error:")]
    assert "cannot register the commands in dev_guild_id 1300000000000000001 (403: Missing Access)" in error
    assert "the bot is not in that server" in error
    assert "Traceback" not in bot.log


async def test_a_busy_channel_takes_a_bounded_number_and_another_channel_is_answered_meanwhile(
    server, tmp_path
):
    bot = await BotProcess(tmp_path, server.port, gate_word="trucks").start()
    try:
        await asyncio.wait_for(server.identified.wait(), WAIT)
        await server.add_guild()
        await bot.line("connected as")
        burst = AT_ONCE + WAITING + 4
        for n in range(1, burst + 1):  # each member once: the cooldown is per member
            await server.mention(n, BUSY, QUESTION)
        await server.mention(100, QUIET, "Who backs Hezbollah?")

        # The quiet channel's question is answered while every ranking of the busy one is held.
        await server.until(lambda: sent_to(server, QUIET), "the quiet channel's answer")
        assert [body["content"] for body in sent_to(server, BUSY)] == [BUSY_TEXT]
        bot.gate_open.touch()
        await server.until(
            lambda: len(sent_to(server, BUSY)) == 1 + AT_ONCE + WAITING, "the busy answers", bot.log
        )
        await asyncio.sleep(0.5)  # nothing more comes: the rest were not taken
    finally:
        bot.gate_open.touch()
        code = await bot.exit(signal.SIGTERM)

    assert code == 0, bot.log
    answers = sent_to(server, BUSY)[1:]
    assert all("54 **trucks**" in body["embeds"][0]["description"] for body in answers)
    assert "**backed** by Iran" in sent_to(server, QUIET)[0]["embeds"][0]["description"]
    assert (
        bot.log.count(f"channel {BUSY} is full: a mention there was not answered")
        == burst - AT_ONCE - WAITING
    )
    assert "Traceback" not in bot.log


def callbacks(server: ServerDiscord) -> list[dict]:
    return [body for _, path, body in server.requests if path.endswith("/callback")]


def followups(server: ServerDiscord) -> list[dict]:
    return [
        body for method, path, body in server.requests if path.startswith("/webhooks/") and method == "POST"
    ]


def sent_to(server: ServerDiscord, channel_id: str) -> list[dict]:
    return [body for sent_channel, body in server.sent if sent_channel == channel_id]
