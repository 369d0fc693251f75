"""A progress bar on stderr for long builds: shown only in a terminal, only after 2 seconds.

Uses tqdm when it is installed; otherwise (or when stderr is not a terminal, or when turned
off) every call is a no-op, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DELAY_SECONDS = 2.0


@contextmanager
def progress(total: int, description: str, enabled: bool | None = None) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`; a bar over `total` units appears if the work outlasts DELAY_SECONDS.

    enabled=None: only when stderr is a terminal.
    """
    if enabled is None:
        enabled = bool(getattr(sys.stderr, "isatty", lambda: False)())
    bar = None
    if enabled and total > 0:
        try:
            from tqdm import tqdm
        except ImportError:  # pragma: no cover - tqdm is a dependency; stay quiet without it
            tqdm = None
        if tqdm is not None:
            bar = tqdm(
                total=total,
                desc=description,
                unit="B",
                unit_scale=True,
                delay=DELAY_SECONDS,
                file=sys.stderr,
                leave=False,
            )
    try:
        yield (bar.update if bar is not None else (lambda _n: None))
    finally:
        if bar is not None:
            bar.close()
