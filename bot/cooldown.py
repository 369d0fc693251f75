"""A per-user cooldown shared by /ask and mentions, and notices that are said once per window.

A question that arrives too soon keeps its place: it is answered when the asker's window ends
(`wait_turn`), not dropped, as long as that is at most HOLD_SECONDS away. A question that gets
no answer (an error, no permission to reply, a full channel) gives its window back (`refund`).
"""

from __future__ import annotations

import asyncio
import math
import time

HOLD_SECONDS = 60  # a question waits this long at most for its asker's window to end
MEMORY = 10_000  # users remembered before those whose wait is long over are forgotten


class Cooldown:
    """At most one question per user every `seconds`; 0 turns it off.

    Reads `time.monotonic` at call time (not a bound import), so tests can move the clock.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> int:
        """Whole seconds the user must still wait (0: go ahead, and the wait starts now)."""
        if self.seconds <= 0:
            return 0
        now = time.monotonic()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return max(1, math.ceil(self.seconds - (now - last)))
        self._last[user_id] = now
        if len(self._last) > MEMORY:  # forget users whose wait is long over
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        return 0

    def refund(self, user_id: int) -> None:
        """The user's last question got no answer: their next one need not wait for it."""
        self._last.pop(user_id, None)

    async def wait_turn(self, user_id: int) -> None:
        """Sleep until the user's window ends, then start their next one.

        (A shutdown meanwhile lets it run out its few seconds, then says sorry: `InFlight`.)
        """
        while wait := self.retry_after(user_id):
            await asyncio.sleep(wait)


class Notices:
    """Whether a notice of a kind (a hint, a warning) may be sent to someone yet."""

    def __init__(self) -> None:
        self._windows: dict[tuple[str, float], Cooldown] = {}

    def first(self, kind: str, key: int, window: float) -> bool:
        """True once per `window` seconds for each (kind, key); the window starts now."""
        return not self._windows.setdefault((kind, window), Cooldown(window)).retry_after(key)
