"""Keep the README honest: its first screen and the outputs it shows come from real runs."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
RUN_STAMP = ROOT / ".venv" / ".installed-run"


def run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "retrieval", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_first_screen_has_the_run_and_test_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    assert "make run" in first_screen and "make test" in first_screen


def test_quick_start_output_is_what_the_command_prints():
    out = run("ask", "How many aid trucks have entered Gaza?", "--top", "2")
    assert out.strip() in README


def test_json_example_is_what_the_command_prints():
    (shown,) = re.findall(r'^\{"question": "Who backs Hezbollah\?".*$', README, re.M)
    out = run("ask", "--json", "--top", "1", "Who backs Hezbollah?")
    assert json.loads(out) == json.loads(shown)


def make_run(*variables: str, stdin: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "MAKEFLAGS", "MAKELEVEL")}
    return subprocess.run(
        ["make", "--no-print-directory", "run", *variables],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


needs_installed_run = pytest.mark.skipif(
    not RUN_STAMP.exists() or RUN_STAMP.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime,
    reason="make run would (re)install the virtualenv first",
)


@needs_installed_run
def test_make_run_without_a_token_answers_piped_input_and_says_how_to_get_a_token():
    proc = make_run(stdin="who backs Hezbollah?\n")

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("## who backs Hezbollah?") == 1
    assert "DISCORD_TOKEN is not set" in proc.stderr and "discord.com/developers" in proc.stderr


@needs_installed_run
def test_make_run_docs_answers_from_that_folder(tmp_path):
    docs = tmp_path / "my docs"
    docs.mkdir()
    (docs / "rules.md").write_text("# Picnic\n\nThe summer picnic starts at noon by the lake.\n")

    proc = make_run(f"DOCS={docs}", stdin="When does the picnic start?\nsources\n")

    assert proc.returncode == 0, proc.stderr
    answer, sources = proc.stdout.split("\n\n")[:2]
    assert "> The summer **picnic** **starts** at noon by the lake." in answer
    assert "Source: `rules.md`, line 3, § Picnic" in answer
    assert sources.startswith("## Sources\n`rules.md` — 1 sentence")
