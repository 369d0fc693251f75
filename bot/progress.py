"""Log lines for a long first build, for logs (systemd, docker) where no progress bar shows.

In a terminal, retrieval draws a progress bar; elsewhere a first build of a large folder
would be minutes of silence. `BuildLog` is the `on_progress` callback of
`Engine.from_folder`: one line when the build starts, one every PROGRESS_SECONDS, one at the
end. A start that finds everything in the cache builds nothing and says nothing.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 10.0


class BuildLog:
    def __init__(self, every: float = PROGRESS_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self.started: float | None = None
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.started is None:
            self.started = self.last = now
            log.info("building the index of %d files (progress every %g s)", total, self.every)
        elif done >= total:
            log.info("building the index: all %d files read in %.0f s", total, now - self.started)
        elif now - self.last >= self.every:
            self.last = now
            log.info("building the index: %d of %d files (%d%%)", done, total, 100 * done // total)


def build_log() -> BuildLog | None:
    """A BuildLog when stderr is not a terminal (a terminal gets retrieval's progress bar)."""
    isatty = getattr(sys.stderr, "isatty", None)
    return None if isatty is not None and isatty() else BuildLog()
