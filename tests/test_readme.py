"""Keep the README and docs/ honest: their commands run, and the outputs they show are real."""

import contextlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import time

import pytest

from bot.config import Settings
from bot.local import Session
from tests.bot.test_report_cli import write_log
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}
# A fenced block that opens with a shell command after "$ ", then what it prints.
SHOWN_RUN_RE = re.compile(r"^```\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)\n```$", re.M | re.S)
RUN_STAMP = ROOT / ".venv" / ".installed-run"


def run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "retrieval", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def shown_runs(text: str, prefix: str) -> list[tuple[str, str]]:
    return [
        (m["command"], m["output"]) for m in SHOWN_RUN_RE.finditer(text) if m["command"].startswith(prefix)
    ]


def test_first_screen_has_the_run_and_test_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    assert "make run" in first_screen and "make test" in first_screen


def test_the_readme_stays_a_readme():
    assert len(README.splitlines()) <= 300
    for name in ("quality.md", "speed.md", "cli.md", "architecture.md"):
        assert f"(docs/{name})" in README, name


def test_the_command_line_output_is_what_the_command_prints():
    out = run("ask", "How many aid trucks have entered Gaza?", "--top", "2")
    assert out.strip() in DOCS["cli.md"]


def test_json_example_is_what_the_command_prints():
    (shown,) = re.findall(r'^\{"question": "Who backs Hezbollah\?".*$', DOCS["cli.md"], re.M)
    out = run("ask", "--json", "--top", "1", "Who backs Hezbollah?")
    assert json.loads(out) == json.loads(shown)


@pytest.mark.parametrize(
    "command, output",
    [
        run
        for name, text in DOCS.items()
        for run in shown_runs(text, "python -m retrieval ")
        if " eval " not in run[0] and " --json " not in run[0]  # timings vary; JSON is compared above
    ],
)
def test_the_docs_show_what_their_commands_print(command, output):
    args, _, pipe = command.removeprefix("python -m retrieval ").partition(" | ")
    out = run(*shlex.split(args))
    if pipe:
        assert pipe.startswith("head -"), pipe
        out = "\n".join(out.splitlines()[: int(pipe.removeprefix("head -"))])
    assert out.strip() == output.strip()


def test_the_terminal_session_shows_what_the_readme_shows(seed_engine):
    shown = shown_runs(README, "echo ")
    assert len(shown) == 2
    session = Session(seed_engine, Settings())
    for command, output in shown:
        question = re.fullmatch(r'echo "(.+)" \| make run', command)[1]
        assert session.handle(question) == output


def test_the_library_example_prints_what_the_readme_shows(monkeypatch):
    code, output = re.search(r"^```python\n(.*?)\n```\n\n```\n(.*?)\n```$", README, re.M | re.S).groups()
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue().strip() == output


def test_the_question_log_report_is_what_the_command_prints(tmp_path, seed_engine):
    ((command, output),) = shown_runs(DOCS["operating.md"], ".venv/bin/python -m bot report")
    write_log(tmp_path / ".data", seed_engine, time.time())  # the default data_dir, in the folder run from

    args = shlex.split(command.removeprefix(".venv/bin/python "))
    proc = subprocess.run([sys.executable, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == output


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
    assert "make run DOCS=path/to/docs" in README and "python -m bot.local --docs path/to/docs" in README
    docs = tmp_path / "my docs"
    docs.mkdir()
    (docs / "rules.md").write_text("# Picnic\n\nThe summer picnic starts at noon by the lake.\n")

    proc = make_run(f"DOCS={docs}", stdin="When does the picnic start?\nsources\n")

    assert proc.returncode == 0, proc.stderr
    answer, sources = proc.stdout.split("\n\n")[:2]
    assert "> The summer **picnic** **starts** at noon by the lake." in answer
    assert "Source: `rules.md`, line 3, § Picnic" in answer
    assert sources.startswith("## Sources\n`rules.md` — markdown, 1 passage (1 paragraph, 1 heading)")
