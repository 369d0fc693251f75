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
        "  000_1cbf31eff85d1e18.txt: text, 16 passages (6 paragraphs), 2023-11-09",
        "sentences: 16",
        "skipped files: 0",
        "include: every supported file",
        "exclude: nothing",
        "commands: /ask, /sources, /help, /reload, /unanswered, /stats, /forget",
        "sync: global",
        "question log: .data/questions.db (not created yet)",
        "servers: any that adds the bot (warning: allowed_guilds is empty, so anyone who adds it can "
        "read the documents through it; set allowed_guilds and turn off Public Bot)",
        "owners: none set, so /reload is for the application's owner (set owner_ids)",
        "direct messages: answered",
        "mentions answered in: every channel",
        "permissions needed where it answers mentions: Send Messages (Send Messages in Threads in "
        "threads), Embed Links (else plain text), Read Message History (else not as a reply)",
        "invite URL: https://discord.com/oauth2/authorize?client_id=APPLICATION_ID"
        "&scope=bot+applications.commands&permissions=274877990912",
        "token: DISCORD_TOKEN is not set (needed to connect)",
    ]


def test_check_reports_the_files_patterns_servers_owners_and_dms(run, tmp_path):
    docs = tmp_path / "docs"
    (docs / "zh").mkdir(parents=True)
    (docs / "guide.md").write_text("# Guide\n\nRun this:\n\n```\nmake run\n```\n", encoding="utf-8")
    (docs / "CHANGELOG.md").write_text("# 1.0\n\nThe picnic moved.\n", encoding="utf-8")
    (docs / "zh" / "guide.md").write_text("# Guide\n\nThe picnic starts at one.\n", encoding="utf-8")
    (docs / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "config.toml").write_text(
        'documents = "docs"\nexclude = ["CHANGELOG.md", "zh"]\nallowed_guilds = [42, "7"]\n'
        "owner_ids = [9]\nanswer_in_dms = false\nmention_channels = [5]\n",
        encoding="utf-8",
    )

    proc = run(["bot", "--check"], tmp_path)

    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == [
        "documents: 1 in " + str(docs),
        "  guide.md: markdown, 2 passages (1 paragraph, 1 heading, 1 code block)",
    ]
    assert "notice: skipped 1 file of unsupported types: .png x1" in lines
    assert "include: every supported file" in lines and "exclude: CHANGELOG.md, zh" in lines
    assert "servers: 7, 42 only (the bot leaves any other)" in lines
    assert "owners: 9 (they alone may /reload; /unanswered and /stats anywhere)" in lines
    assert "direct messages: not answered (answer_in_dms = false)" in lines
    assert "mentions answered in: channels 5" in lines


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
    assert proc.stdout.splitlines()[:3] == [
        "documents: 1 in mine",
        "  rules.md: markdown, 1 passage (1 paragraph, 1 heading)",
        "sentences: 1",
    ]
