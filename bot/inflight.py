"""The questions being answered right now, so that a shutdown can finish them or say sorry."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator

log = logging.getLogger(__name__)

RESTART_TEXT = "Sorry, I'm restarting: please ask again in a minute."
Apology = Callable[[], Awaitable[object]]


class InFlight:
    """Tasks answering a question, each with the apology to send if it cannot finish."""

    def __init__(self) -> None:
        self._tasks: dict[asyncio.Task, Apology] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    @contextlib.contextmanager
    def track(self, apology: Apology) -> Iterator[None]:
        """Count the current task as answering a question while the block runs."""
        task = asyncio.current_task()
        if task is None:  # pragma: no cover - always inside a task on a running loop
            yield
            return
        self._tasks[task] = apology
        try:
            yield
        finally:
            self._tasks.pop(task, None)

    async def drain(self, seconds: float) -> tuple[int, int]:
        """Let the questions in flight finish for up to `seconds`; cancel the rest and apologise.

        Returns how many finished and how many got the apology instead.
        """
        pending = set(self._tasks)
        if not pending:
            return 0, 0
        done, late = await asyncio.wait(pending, timeout=seconds)
        apologies = [self._tasks.pop(task) for task in late if task in self._tasks]
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=1)
        for apology in apologies:
            try:
                await asyncio.wait_for(apology(), 3)
            except Exception as exc:  # the connection may be going: the log says who missed out
                log.warning("could not tell an asker about the restart: %s", exc)
        return len(done), len(late)
