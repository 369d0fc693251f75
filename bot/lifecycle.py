"""Running the bot until a signal: SIGTERM (docker stop, systemd) and SIGINT (Ctrl-C) alike.

On the first signal the bot stops taking questions, lets those in flight finish for up to
GRACE_SECONDS (the rest are told to ask again), closes the gateway with close code 1000 and
exits 0, logging each step. A second signal stops it at once. A worker thread still ranking
or reloading does not hold the exit up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading

import discord

from .client import DocsBot

log = logging.getLogger(__name__)

GRACE_SECONDS = 5.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)


def run(bot: DocsBot, token: str) -> None:
    """Connect and serve until a signal; start-up failures are raised (see `__main__`)."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(serve(bot, token))
    finally:
        _close(loop)


async def serve(bot: DocsBot, token: str) -> None:
    signals = Signals(asyncio.current_task())
    async with bot:
        connection = asyncio.create_task(bot.start(token))
        stop = asyncio.create_task(signals.first.wait())
        await asyncio.wait({connection, stop}, return_when=asyncio.FIRST_COMPLETED)
        if connection.done():
            stop.cancel()
            connection.result()  # a start-up failure, raised to the caller
            return
        await stop_gracefully(bot, signals.name, connection)
    signals.restore()
    log.info("disconnected from Discord; exiting")


async def stop_gracefully(
    bot: DocsBot, reason: str, connection: asyncio.Task, grace: float = GRACE_SECONDS
) -> None:
    log.info(
        "%s: taking no new questions; finishing the %d in flight (up to %g s), then disconnecting",
        reason,
        len(bot.inflight),
        grace,
    )
    bot.stopping.set()
    finished, late = await bot.inflight.drain(grace)
    if finished or late:
        log.info("%d questions answered, %d askers told to ask again", finished, late)
    # Stop reading the gateway first: closing it while discord.py reads makes discord.py close
    # it with 4000 (resumable: Discord keeps the bot online a while); this way it is 1000.
    connection.cancel()
    with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
        await connection
    await bot.close()
    log.info("closed the gateway connection (close code 1000)")


class Signals:
    """SIGTERM and SIGINT set `first`; a second one cancels `task` (stop at once)."""

    def __init__(self, task: asyncio.Task | None) -> None:
        self.first = asyncio.Event()
        self.name = ""
        self.task = task
        self.loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            try:
                self.loop.add_signal_handler(sig, self.received, sig)
            except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
                signal.signal(
                    sig, lambda number, _frame: self.loop.call_soon_threadsafe(self.received, number)
                )

    def received(self, sig: int) -> None:
        name = signal.Signals(sig).name
        if self.first.is_set():
            log.warning("%s again: stopping now", name)
            if self.task is not None:
                self.task.cancel()
            return
        self.name = f"received {name}"
        self.first.set()

    def restore(self) -> None:
        for sig in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                self.loop.remove_signal_handler(sig)


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """Close the loop without waiting for busy worker threads (asyncio.run would)."""
    for task in asyncio.all_tasks(loop):
        task.cancel()
    with contextlib.suppress(Exception):
        loop.run_until_complete(asyncio.gather(*asyncio.all_tasks(loop), return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()  # shuts the default executor down without waiting


def exit_now_if_threads_are_busy(status: int, wait: float = 1.0) -> None:
    """Python waits for worker threads at exit: a ranking or reload still running would hold
    the exit up for as long as it takes. Exit at once instead, saying so."""
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    for thread in others:  # idle pool threads end by themselves in a moment
        thread.join(wait / max(len(others), 1))
    busy = [t for t in others if t.is_alive()]
    if busy:
        log.warning("exiting while %d worker threads are still busy (a ranking or a reload)", len(busy))
        logging.shutdown()
        os._exit(status)
