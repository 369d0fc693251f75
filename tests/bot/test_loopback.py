"""`python -m bot` for real: a subprocess with a token, over discord.py's real transport.

A small aiohttp app on 127.0.0.1 plays Discord: the REST routes the bot uses and the gateway
(HELLO, IDENTIFY, READY, then an INTERACTION_CREATE). The bot process is unmodified; a
`sitecustomize.py` only points discord.py's base URLs at the loopback server. This covers
what simcord does not: aiohttp, the websocket, `Client.run`, logging, and a clean exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import WSMsgType, web

pytestmark = pytest.mark.asyncio

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2Nw.GaBcDe.loopbacktokenloopbacktoken0"
APP_ID = "1000000000000000001"
USER = {
    "id": APP_ID,
    "username": "DocsBot",
    "discriminator": "0",
    "avatar": None,
    "global_name": None,
    "bot": True,
}
ASKER = {
    "id": "1000000000000000002",
    "username": "alice",
    "discriminator": "0",
    "avatar": None,
    "global_name": None,
}
DM_CHANNEL = "1000000000000000003"
QUESTION = "How many aid trucks have entered Gaza?"
SITECUSTOMIZE = """
import yarl
import discord.gateway
import discord.http

discord.http.Route.BASE = "http://127.0.0.1:{port}/api/v10"
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL("ws://127.0.0.1:{port}/gateway")
"""


def json_response(data, status: int = 200) -> web.Response:
    # discord.py decodes JSON only for exactly this Content-Type.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def message_json(message_id: str, channel_id: str, author: dict, content: str, body: dict) -> dict:
    """A message as Discord returns it; embeds and components as the request `body` sent them."""
    return {
        "id": message_id,
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds", []),
        "pinned": False,
        "type": 0,
        "flags": body.get("flags", 0),
        "components": body.get("components", []),
    }


def member_json(n: int, **fields: str) -> dict:
    """Member n of the server as Discord sends it, with any `fields` more (its permissions)."""
    user = {
        "id": str(1200000000000000000 + n),
        "username": f"member{n}",
        "discriminator": "0",
        "avatar": None,
        "global_name": None,
    }
    return {
        "user": user,
        "roles": [],
        "joined_at": "2026-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        **fields,
    }


class LoopbackDiscord:
    """Just enough of Discord for one slash command, recording every request."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, object]] = []
        self.identified = asyncio.Event()
        self.followup = asyncio.Event()
        self.ws: web.WebSocketResponse | None = None
        self.sequence = 0

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/gateway", self.gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self.rest)
        return app

    async def rest(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        path = "/" + request.match_info["tail"]
        self.requests.append((request.method, path, body))
        if path == "/users/@me":
            return json_response(USER)
        if path == "/oauth2/applications/@me":
            return json_response(
                {
                    "id": APP_ID,
                    "name": "DocsBot",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": ASKER,
                    "verify_key": "0" * 64,
                    "flags": 0,
                }
            )
        if path.endswith("/commands") and request.method == "PUT":
            return json_response(
                [
                    {**command, "id": str(2000000000000000000 + n), "application_id": APP_ID, "version": "1"}
                    for n, command in enumerate(body)
                ]
            )
        if path.endswith("/callback"):
            interaction_id = path.split("/")[2]
            return json_response(
                {
                    "interaction": {"id": interaction_id, "type": 2, "response_message_loading": True},
                    "resource": {"type": body["type"]},
                }
            )
        if path.startswith("/webhooks/") and request.method in ("POST", "PATCH"):
            self.followup.set()
            return json_response(message_json("3000000000000000001", DM_CHANNEL, USER, "", body))
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    async def send(self, op: int, data, event: str | None = None) -> None:
        payload = {"op": op, "d": data}
        if event:
            self.sequence += 1
            payload.update(t=event, s=self.sequence)
        await self.ws.send_str(json.dumps(payload))

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        self.ws = ws = web.WebSocketResponse()
        await ws.prepare(request)
        await self.send(10, {"heartbeat_interval": 45000})
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            if payload["op"] == 1:
                await self.send(11, None)
            elif payload["op"] == 2:
                self.requests.append(("IDENTIFY", "", {"intents": payload["d"]["intents"]}))
                await self.send(
                    0,
                    {
                        "v": 10,
                        "user": USER,
                        "guilds": [],
                        "session_id": "loopback",
                        "shard": [0, 1],
                        "resume_gateway_url": str(request.url.with_path("/gateway")),
                        "application": {"id": APP_ID, "flags": 0},
                    },
                    "READY",
                )
                self.identified.set()
        return ws

    async def ask(self, question: str) -> None:
        await self.send(
            0,
            {
                "id": "4000000000000000001",
                "application_id": APP_ID,
                "type": 2,
                "token": "interaction-token",
                "version": 1,
                "channel_id": DM_CHANNEL,
                "channel": {"id": DM_CHANNEL, "type": 1},
                "user": ASKER,
                "locale": "en-US",
                "app_permissions": "0",
                "entitlements": [],
                "attachment_size_limit": 8388608,
                "authorizing_integration_owners": {"1": ASKER["id"]},
                "context": 1,
                "data": {
                    "id": "2000000000000000000",
                    "name": "ask",
                    "type": 1,
                    "options": [{"name": "question", "type": 3, "value": question}],
                },
            },
            "INTERACTION_CREATE",
        )


async def start_bot(folder: Path, port: int, site: str = "", **env: str) -> asyncio.subprocess.Process:
    """`python -m bot` run in `folder`, pointed at the loopback server on `port`; `site` is more
    code for its sitecustomize.py, `env` more environment variables."""
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE.format(port=port) + site, encoding="utf-8")
    env = {**os.environ, "DISCORD_TOKEN": TOKEN, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}", **env}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


@contextlib.asynccontextmanager
async def serving(discord_: LoopbackDiscord):
    """Serve the fake Discord on a free loopback port (set on `discord_.port`) while open."""
    runner = web.AppRunner(discord_.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    discord_.port = site._server.sockets[0].getsockname()[1]
    try:
        yield discord_
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def loopback():
    async with serving(LoopbackDiscord()) as discord_:
        yield discord_


async def test_python_m_bot_connects_syncs_answers_and_exits_cleanly(loopback, tmp_path):
    process = await start_bot(tmp_path, loopback.port)
    try:
        await asyncio.wait_for(loopback.identified.wait(), 30)
        await loopback.ask(QUESTION)
        await asyncio.wait_for(loopback.followup.wait(), 30)
        await asyncio.sleep(0.2)  # let the log line for the question be written
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    log = stderr.decode()

    assert process.returncode == 0, log
    assert "Traceback" not in log
    methods = [(method, path) for method, path, _ in loopback.requests]
    assert ("PUT", f"/applications/{APP_ID}/commands") in methods  # no dev guild: global sync
    (identify,) = [body for method, _, body in loopback.requests if method == "IDENTIFY"]
    assert identify["intents"] & (1 << 15 | 1 << 1 | 1 << 8) == 0  # no privileged intent
    assert identify["intents"] == 1 << 0 | 1 << 9 | 1 << 12  # guilds, guild and DM messages: no more
    (callback,) = [body for method, path, body in loopback.requests if path.endswith("/callback")]
    assert callback["type"] == 5  # deferred first
    followup = next(body for method, path, body in loopback.requests if path.startswith("/webhooks/"))
    assert "54 **trucks**" in followup["embeds"][0]["description"]
    assert followup["allowed_mentions"]["parse"] == []
    assert f"question via /ask: {len(QUESTION)} chars, answered" in log
    assert QUESTION not in log and "trucks" not in log  # never the question's text at INFO
    assert TOKEN not in log + stdout.decode()
