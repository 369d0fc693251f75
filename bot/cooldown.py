"""A per-user cooldown shared by /ask and mentions."""

from __future__ import annotations

import math
import time


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
        if len(self._last) > 10_000:  # forget users whose wait is long over
            self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
        return 0
