"""Settings from a TOML file, the command line and the environment; the Engine they point at.

Every key is documented in `config.example.toml`. Unknown keys are rejected (a typo would
otherwise be silently ignored), and so is a file that contains a token: config files get
copied, pasted and committed, the environment does not. The token comes only from
`DISCORD_TOKEN`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval import Engine, FileFilter, default_cache_dir

from .progress import build_log

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCUMENTS = ROOT / "seeds"
DEFAULT_CONFIG = Path("config.toml")
TOKEN_VARIABLE = "DISCORD_TOKEN"
TOKEN_HELP = (
    "create an application and its bot user at https://discord.com/developers/applications, "
    f"copy the bot's token, then `export {TOKEN_VARIABLE}=...` (see README.md: Put it on Discord)"
)
# Three dot-separated base64 parts: the shape of a Discord bot token.
TOKEN_RE = re.compile(r"[\w-]{23,}\.[\w-]{5,}\.[\w-]{20,}")
TOKEN_KEYS = {"token", "discord_token", "bot_token"}
MAX_BUTTON_TIMEOUT = 14 * 60  # an interaction token expires after 15 minutes
EXIT_ERROR = 2  # the exit status of every problem found before connecting
DEFAULT_DATA_DIR = Path(".data")


class ConfigError(Exception):
    """A configuration problem the owner can fix; the message says what and where."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its configuration (never the token)."""

    documents: Path = DEFAULT_DOCUMENTS
    dev_guild_id: int | None = None
    top_k: int = 5
    cooldown_seconds: float = 5.0
    mention_channels: frozenset[int] = frozenset()
    button_timeout_seconds: float = 600.0
    # retrieval's default, as the command line's ($RETRIEVAL_CACHE_DIR, else .cache/retrieval in
    # the folder started from), read when the settings are made. None: no cache.
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    # The question log (bot/store.py): its folder (relative: to the folder started from, like
    # the cache), how long questions are kept (0: no log at all), who may read it besides
    # members with Manage Server. The owners are also who may /reload (with Manage Server;
    # with no owner_ids, the application's owner or team).
    data_dir: Path = DEFAULT_DATA_DIR
    retention_days: int = 90
    owner_ids: frozenset[int] = frozenset()
    # Server ids the bot stays in (it leaves any other); empty: any server that adds it.
    allowed_guilds: frozenset[int] = frozenset()
    answer_in_dms: bool = True
    include: tuple[str, ...] = ()  # glob patterns of the files to read (retrieval.FileFilter)
    exclude: tuple[str, ...] = ()
    semantic: str = "auto"  # match by meaning too: "auto" (folders up to 200,000 units), "on", "off"


KEYS = (
    "documents",
    "dev_guild_id",
    "top_k",
    "cooldown_seconds",
    "mention_channels",
    "button_timeout_seconds",
    "cache_dir",
    "data_dir",
    "retention_days",
    "owner_ids",
    "allowed_guilds",
    "answer_in_dms",
    "include",
    "exclude",
    "semantic",
)


def _integer(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def _seconds(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"{name} must be a number of seconds from {low:g} to {high:g}, not {value!r}")
    return float(value)


def _snowflake(name: str, value: Any) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)  # ids are often pasted as strings
    return _integer(name, value, 1, 2**63 - 1)


def _snowflakes(name: str, value: Any, what: str) -> frozenset[int]:
    if not isinstance(value, list):
        raise ConfigError(f"{name} must be a list of {what} ids, not {value!r}")
    return frozenset(_snowflake(name, item) for item in value)


def _patterns(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise ConfigError(f"{name} must be a list of file patterns (non-empty strings), not {value!r}")
    return tuple(value)


def _access_and_files(data: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of who may use the bot where, and which files it reads."""
    values: dict[str, Any] = {}
    if "allowed_guilds" in data:
        values["allowed_guilds"] = _snowflakes("allowed_guilds", data["allowed_guilds"], "server")
    if "answer_in_dms" in data:
        if not isinstance(data["answer_in_dms"], bool):
            raise ConfigError(f"answer_in_dms must be true or false, not {data['answer_in_dms']!r}")
        values["answer_in_dms"] = data["answer_in_dms"]
    for key in ("include", "exclude"):
        if key in data:
            values[key] = _patterns(key, data[key])
    if "semantic" in data:
        if data["semantic"] not in ("auto", "on", "off"):
            raise ConfigError(f'semantic must be "auto", "on" or "off", not {data["semantic"]!r}')
        values["semantic"] = data["semantic"]
    return values


def _folder(name: str, value: Any, base: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name} must be a folder path (a string), not {value!r}")
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _refuse_tokens(data: Mapping[str, Any], source: str) -> None:
    for key, value in data.items():
        if key.lower() in TOKEN_KEYS or (isinstance(value, str) and TOKEN_RE.search(value)):
            raise ConfigError(
                f"{source} contains a token (key {key!r}): remove it and set the {TOKEN_VARIABLE} "
                "environment variable instead, so the token never ends up in a shared or committed file"
            )


def settings_from_mapping(data: Mapping[str, Any], base: Path, source: str = "the config") -> Settings:
    """Validate a parsed TOML table; relative paths are resolved against `base`."""
    _refuse_tokens(data, source)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (known keys: {', '.join(KEYS)})")
    values: dict[str, Any] = {}
    if "documents" in data:
        values["documents"] = _folder("documents", data["documents"], base)
    if "cache_dir" in data:
        empty = isinstance(data["cache_dir"], str) and not data["cache_dir"].strip()
        values["cache_dir"] = None if empty else _folder("cache_dir", data["cache_dir"], base)
    if data.get("dev_guild_id") not in (None, 0, "", "0"):
        values["dev_guild_id"] = _snowflake("dev_guild_id", data["dev_guild_id"])
    if "top_k" in data:
        values["top_k"] = _integer("top_k", data["top_k"], 1, 10)
    if "cooldown_seconds" in data:
        values["cooldown_seconds"] = _seconds("cooldown_seconds", data["cooldown_seconds"], 0, 3600)
    if "mention_channels" in data:
        values["mention_channels"] = _snowflakes("mention_channels", data["mention_channels"], "channel")
    if "owner_ids" in data:
        values["owner_ids"] = _snowflakes("owner_ids", data["owner_ids"], "user")
    if "data_dir" in data:
        values["data_dir"] = _folder("data_dir", data["data_dir"], base)
    if "retention_days" in data:
        values["retention_days"] = _integer("retention_days", data["retention_days"], 0, 3650)
    if "button_timeout_seconds" in data:
        values["button_timeout_seconds"] = _seconds(
            "button_timeout_seconds", data["button_timeout_seconds"], 30, MAX_BUTTON_TIMEOUT
        )
    return Settings(**values, **_access_and_files(data))


def load_settings(path: Path | None = None) -> Settings:
    """Settings from `path`; with no path, from ./config.toml when present, else the defaults."""
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return Settings()
        path = DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return settings_from_mapping(data, path.resolve().parent, str(path))


def token_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The bot token from the environment, or a ConfigError saying how to get one."""
    token = (os.environ if environ is None else environ).get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise ConfigError(f"{TOKEN_VARIABLE} is not set: {TOKEN_HELP}")
    return token


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options `python -m bot` and `python -m bot.local` share."""
    parser.add_argument("--config", type=Path, help="TOML settings (default: ./config.toml if present)")
    parser.add_argument("--docs", type=Path, help="folder of documents to answer from (overrides the config)")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The config file's settings, with the documents folder of `--docs` when given."""
    settings = load_settings(args.config)
    if args.docs is not None:
        settings = dataclasses.replace(settings, documents=args.docs)
    return settings


def file_filter(settings: Settings) -> FileFilter | None:
    return FileFilter(settings.include, settings.exclude) if settings.include or settings.exclude else None


def open_engine(settings: Settings) -> Engine:
    """Load (or build) the index of the settings' documents folder (RetrievalError if unusable)."""
    return Engine.from_folder(
        settings.documents,
        cache_dir=settings.cache_dir,
        file_filter=file_filter(settings),
        semantic=settings.semantic,
        on_progress=build_log(),  # log lines for a long build when stderr is not a terminal
    )
