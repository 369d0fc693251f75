"""Keep the README honest: its first screen and the outputs it shows come from real runs."""

import json
import re
import subprocess
import sys

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


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
