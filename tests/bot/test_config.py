"""Settings: every key validated, unknown keys and tokens refused, the token only from the environment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_DOCUMENTS,
    KEYS,
    ConfigError,
    Settings,
    load_settings,
    open_engine,
    settings_from_mapping,
    token_from_env,
)
from retrieval import default_cache_dir

from .conftest import FAKE_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_config_loads_and_documents_every_key():
    example = ROOT / "config.example.toml"
    settings = load_settings(example)
    assert settings.documents.resolve() == (ROOT / "seeds").resolve()
    assert settings == Settings(documents=settings.documents)  # the example shows the defaults
    text = example.read_text(encoding="utf-8")
    for key in KEYS:
        assert f"\n{key} =" in text or f"\n# {key} =" in text, key


def test_every_key_is_read(tmp_path):
    path = write(
        tmp_path,
        'documents = "docs"\ndev_guild_id = "123456789012345678"\ntop_k = 3\ncooldown_seconds = 2.5\n'
        'mention_channels = [42, 43]\nbutton_timeout_seconds = 300\ncache_dir = "cache"\n'
        'data_dir = "data"\nretention_days = 7\nowner_ids = ["123456789012345678"]\n',
    )
    assert load_settings(path) == Settings(
        documents=tmp_path / "docs",
        dev_guild_id=123456789012345678,
        top_k=3,
        cooldown_seconds=2.5,
        mention_channels=frozenset({42, 43}),
        button_timeout_seconds=300.0,
        cache_dir=tmp_path / "cache",
        data_dir=tmp_path / "data",
        retention_days=7,
        owner_ids=frozenset({123456789012345678}),
    )


def test_the_access_and_file_keys_are_read(tmp_path):
    path = write(
        tmp_path,
        'allowed_guilds = ["123456789012345678", 42]\nowner_ids = [7]\nanswer_in_dms = false\n'
        'include = ["docs/**"]\nexclude = ["CHANGELOG.md", "docs/zh"]\n',
    )
    settings = load_settings(path)
    assert settings.allowed_guilds == frozenset({123456789012345678, 42})
    assert settings.owner_ids == frozenset({7}) and settings.answer_in_dms is False
    assert settings.include == ("docs/**",) and settings.exclude == ("CHANGELOG.md", "docs/zh")


def test_include_and_exclude_choose_the_files_read(tmp_path):
    docs = tmp_path / "docs"
    (docs / "zh").mkdir(parents=True)
    (docs / "guide.md").write_text("# Guide\n\nThe picnic starts at noon.\n", encoding="utf-8")
    (docs / "CHANGELOG.md").write_text("# 1.0\n\nThe picnic moved.\n", encoding="utf-8")
    (docs / "zh" / "guide.md").write_text("# Guide\n\nThe picnic starts at one.\n", encoding="utf-8")
    settings = Settings(documents=docs, exclude=("CHANGELOG.md", "zh"), cache_dir=None)

    assert [d.path for d in open_engine(settings).documents] == ["guide.md"]
    only_zh = dataclasses.replace(settings, include=("zh/*",), exclude=())
    assert [d.path for d in open_engine(only_zh).documents] == ["zh/guide.md"]


def test_an_empty_cache_dir_turns_the_cache_off(tmp_path):
    assert load_settings(write(tmp_path, 'cache_dir = ""\n')).cache_dir is None
    assert Settings().cache_dir is not None


def test_the_cache_defaults_to_the_command_lines_cache_of_the_folder_started_from(tmp_path, monkeypatch):
    monkeypatch.delenv("RETRIEVAL_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert load_settings().cache_dir == default_cache_dir() == tmp_path / ".cache" / "retrieval"
    monkeypatch.setenv("RETRIEVAL_CACHE_DIR", str(tmp_path / "shared"))
    assert load_settings().cache_dir == default_cache_dir() == tmp_path / "shared"
    assert load_settings(write(tmp_path, 'cache_dir = "mine"\n')).cache_dir == tmp_path / "mine"


def test_no_config_file_means_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()
    assert Settings().documents == DEFAULT_DOCUMENTS


@pytest.mark.parametrize(
    "text, message",
    [
        ("top = 3\n", "unknown key 'top' (known keys: documents, dev_guild_id"),
        ("top_k = 0\n", "top_k must be a whole number from 1 to 10, not 0"),
        ('top_k = "5"\n', "top_k must be a whole number"),
        ("cooldown_seconds = -1\n", "cooldown_seconds must be a number of seconds from 0 to 3600"),
        ("mention_channels = 42\n", "mention_channels must be a list of channel ids"),
        ('mention_channels = ["general"]\n', "mention_channels must be a whole number"),
        (
            "button_timeout_seconds = 3600\n",
            "button_timeout_seconds must be a number of seconds from 30 to 840",
        ),
        ("documents = 3\n", "documents must be a folder path"),
        ("retention_days = -1\n", "retention_days must be a whole number from 0 to 3650, not -1"),
        ("owner_ids = 42\n", "owner_ids must be a list of user ids"),
        ('data_dir = ""\n', "data_dir must be a folder path"),
        ("top_k = \n", "is not valid TOML"),
        ("allowed_guilds = 1\n", "allowed_guilds must be a list of server ids"),
        ('owner_ids = ["me"]\n', "owner_ids must be a whole number"),
        ('answer_in_dms = "yes"\n', "answer_in_dms must be true or false"),
        ('exclude = "CHANGELOG.md"\n', "exclude must be a list of file patterns"),
        ('include = [""]\n', "include must be a list of file patterns (non-empty strings)"),
    ],
)
def test_bad_values_are_one_clear_message(tmp_path, text, message):
    with pytest.raises(ConfigError, match=None) as caught:
        load_settings(write(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text", [f'token = "{FAKE_TOKEN}"\n', 'discord_token = "x"\n', f'documents = "{FAKE_TOKEN}"\n']
)
def test_a_config_with_a_token_is_refused_and_says_why(tmp_path, text):
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text))
    assert "contains a token" in str(caught.value)
    assert "DISCORD_TOKEN environment variable" in str(caught.value)
    assert FAKE_TOKEN not in str(caught.value)


def test_a_missing_config_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="config file not found: .*nope.toml"):
        load_settings(tmp_path / "nope.toml")


def test_the_token_comes_from_the_environment_only():
    assert token_from_env({"DISCORD_TOKEN": f" {FAKE_TOKEN}\n"}) == FAKE_TOKEN
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is not set: create an application"):
        token_from_env({})
    assert "token" not in repr(Settings()).lower()


def test_semantic_is_auto_on_or_off(tmp_path):
    assert settings_from_mapping({}, tmp_path).semantic == "auto"
    assert settings_from_mapping({"semantic": "off"}, tmp_path).semantic == "off"
    with pytest.raises(ConfigError, match='semantic must be "auto", "on" or "off"'):
        settings_from_mapping({"semantic": "yes"}, tmp_path)
