"""`python -m bot` and `python -m bot.local` as a user runs them: exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKE_TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123"


def run(args: list[str], cwd: Path, stdin: str = "", token: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    if token is not None:
        env["DISCORD_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_check_prints_a_summary_without_connecting(tmp_path):
    proc = run(["bot", "--check"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"documents: 1 in {ROOT / 'seeds'}",
        "sentences: 16",
        "skipped files: 0",
        "commands: /ask, /sources, /help, /reload",
        "sync: global",
        "token: DISCORD_TOKEN is not set (needed to connect)",
    ]


def test_check_lists_skipped_files_with_reasons(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Rules\n\nBe kind to each other.\n", encoding="utf-8")
    (docs / "b.txt").write_bytes(b"\x00\x01 not text")
    (docs / "c.md").write_text("# Only a heading\n", encoding="utf-8")
    (tmp_path / "bot.toml").write_text('documents = "docs"\ndev_guild_id = 42\n', encoding="utf-8")

    proc = run(["bot", "--check", "--config", "bot.toml"], tmp_path, token=FAKE_TOKEN)

    assert proc.returncode == 0, proc.stderr
    listed = "skipped files: 2\n  b.txt: binary (contains NUL bytes)\n  c.md: no sentences to search"
    assert listed in proc.stdout
    assert "b.txt" not in proc.stderr and "c.md" not in proc.stderr  # listed once, in the summary
    assert "sync: dev guild 42" in proc.stdout and "token: DISCORD_TOKEN is set" in proc.stdout
    assert FAKE_TOKEN not in proc.stdout + proc.stderr


def test_a_missing_token_stops_before_connecting(tmp_path):
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
def test_config_problems_are_one_line_and_a_non_zero_exit(tmp_path, config, fragment):
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")

    proc = run(["bot"], tmp_path, token=FAKE_TOKEN)

    assert_one_line_error(proc, fragment)
    assert FAKE_TOKEN not in proc.stderr + proc.stdout


def test_an_empty_documents_folder_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "config.toml").write_text("documents = 'empty'\n", encoding="utf-8")

    assert_one_line_error(run(["bot", "--check"], tmp_path), "no documents to read in")


def test_the_local_session_answers_piped_questions_and_exits(tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="who backs Hezbollah?\n")

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## who backs Hezbollah?\n> Furthermore, as fears of spillover grow")
    assert "group **backed** by Iran" in proc.stdout
    assert "Source: `000_1cbf31eff85d1e18.txt`, line 9, 2023-11-09" in proc.stdout
    assert proc.stdout.count("## ") == 1


def test_the_local_session_pages_and_shows_context_like_the_buttons(tmp_path):
    questions = "How many aid trucks have entered Gaza?\nmore\ncontext\nhow to bake sourdough?\nwhy\n"

    proc = run(["bot.local"], tmp_path, stdin=questions)

    answers = proc.stdout.split("\n\n")
    assert "(Best answer · 1 of 5)" in answers[0]
    assert "(Answer 2 of 5)" in answers[1]
    assert answers[2].startswith("## Context\n> **In addition to the hostage negotiations")
    assert answers[3].startswith("The documents don't cover that")
    assert "The documents never mention: bake, sourdough" in answers[3]
    assert answers[4].startswith("## Why this answer?\nNo answer: no document mentions these words.")


def test_the_local_session_knows_the_bots_other_commands(tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="more\n/sources\nhelp\n")

    first, sources, help_ = proc.stdout.split("\n\n")[:3]
    assert first == "Ask a question first."
    assert sources.startswith("## Sources\n`000_1cbf31eff85d1e18.txt` — 16 sentences, 2023-11-09")
    assert help_.startswith("## What I do")


def test_the_local_session_explains_why_like_the_button(tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="How many aid trucks have entered Gaza?\nwhy\n")

    why = proc.stdout.split("\n\n")[1]
    assert why.startswith("## Why this answer?\nMatched: aid (")
    assert "Answered: the sentence and its paragraph cover" in why


def test_the_local_session_exits_cleanly_on_empty_input(tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="")

    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""


STAMP = ROOT / ".venv" / ".installed"


@pytest.mark.skipif(
    not STAMP.exists() or STAMP.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime,
    reason="make run would (re)install the virtualenv first",
)
def test_make_run_without_a_token_answers_piped_input_and_says_how_to_get_a_token():
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "MAKEFLAGS", "MAKELEVEL")}
    proc = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        input="who backs Hezbollah?\n",
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("## who backs Hezbollah?") == 1
    assert "DISCORD_TOKEN is not set" in proc.stderr and "discord.com/developers" in proc.stderr


def test_the_invite_url_asks_for_the_documented_scopes_and_permissions():
    from bot.client import invite_url

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    url = invite_url(123)
    assert (
        url
        == "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=83968"
    )
    assert url.replace("123", "APPLICATION_ID") in readme
