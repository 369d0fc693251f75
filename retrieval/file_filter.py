"""Which files of a folder to read: `include` and `exclude` glob patterns over relative paths.

A pattern without "/" matches a file or folder name anywhere (`CHANGELOG.md`, `release-notes*`,
`translations`); a pattern with "/" matches the relative path or a folder it is in, where `*`
also crosses folders (`docs/*/img/*`, `api/**`, `docs/zh`). No `include` means every
supported type; `exclude` wins over `include`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .errors import RetrievalError


@dataclass(frozen=True)
class FileFilter:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for pattern in self.include + self.exclude:
            if not isinstance(pattern, str) or not pattern.strip():
                raise RetrievalError(f"a file pattern must be a non-empty string, not {pattern!r}")

    def wanted(self, rel_path: str) -> bool:
        """Whether the file at this relative (forward-slash) path is to be read."""
        if any(matches(p, rel_path) for p in self.exclude):
            return False
        return not self.include or any(matches(p, rel_path) for p in self.include)


def matches(pattern: str, rel_path: str) -> bool:
    """Whether the path, or a folder it is in, matches the pattern."""
    pattern = pattern.strip().strip("/")
    parts = rel_path.split("/")
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts)
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(fnmatchcase(p, pattern) or fnmatchcase(p, pattern.replace("**/", "")) for p in prefixes)
