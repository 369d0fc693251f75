"""`python -m bot` as a user runs it: the --check summary, exit codes, one-line errors.

Called in this process (`main(argv)`, from a temporary folder); `test_local.py` has the one
subprocess smoke test, `test_loopback.py` the real process connecting.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

from .conftest import FAKE_TOKEN, Ran


def assert_one_line_error(proc: Ran, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_check_prints_a_summary_without_connecting(run, tmp_path):
    proc = run(["bot", "--check"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"documents: 1 in {ROOT / 'seeds'}",
        "sentences: 16",
        "skipped files: 0",
        "commands: /ask, /sources, /help, /reload, /unanswered, /stats, /forget",
        "sync: global",
        "question log: .data/questions.db (not created yet)",
        "token: DISCORD_TOKEN is not set (needed to connect)",
    ]


def test_check_lists_skipped_files_with_reasons(run, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Rules\n\nBe kind to each other.\n", encoding="utf-8")
    (docs / "b.txt").write_bytes(b"\x00\x01 not text")
    (docs / "c.md").write_text("# Only a heading\n", encoding="utf-8")
    (tmp_path / "bot.toml").write_text('documents = "docs"\ndev_guild_id = 42\n', encoding="utf-8")

    proc = run(["bot", "--check", "--config", "bot.toml"], tmp_path, token=FAKE_TOKEN)

    assert proc.returncode == 0, proc.stderr
    listed = "skipped files: 2\n  b.txt: binary (contains NUL bytes)\n  c.md: nothing to search"
    assert listed in proc.stdout
    assert "b.txt" not in proc.stderr and "c.md" not in proc.stderr  # listed once, in the summary
    assert "sync: dev guild 42" in proc.stdout and "token: DISCORD_TOKEN is set" in proc.stdout
    assert FAKE_TOKEN not in proc.stdout + proc.stderr


def test_a_missing_token_stops_before_connecting(run, tmp_path):
    assert_one_line_error(run(["bot"], tmp_path), "DISCORD_TOKEN is not set", "discord.com/developers")


@pytest.mark.parametrize(
    "config, fragment",
    [
        ("top_k = [\n", "is not valid TOML"),
        ("prefix = '!'\n", "unknown key 'prefix'"),
        (f"token = '{FAKE_TOKEN}'\n", "contains a token"),
        ("documents = 'missing'\n", "documents folder"),
    ],
)
def test_config_problems_are_one_line_and_a_non_zero_exit(run, tmp_path, config, fragment):
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")

    proc = run(["bot"], tmp_path, token=FAKE_TOKEN)

    assert_one_line_error(proc, fragment)
    assert FAKE_TOKEN not in proc.stderr + proc.stdout


def test_an_empty_documents_folder_is_refused(run, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "config.toml").write_text("documents = 'empty'\n", encoding="utf-8")

    assert_one_line_error(run(["bot", "--check"], tmp_path), "no documents to read in")


def test_docs_chooses_the_documents_folder_over_the_config(run, tmp_path):
    docs = tmp_path / "mine"
    docs.mkdir()
    (docs / "rules.md").write_text("# Rules\n\nBe kind to each other.\n", encoding="utf-8")
    (tmp_path / "config.toml").write_text("documents = 'missing'\n", encoding="utf-8")

    proc = run(["bot", "--check", "--docs", "mine"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:2] == ["documents: 1 in mine", "sentences: 1"]
