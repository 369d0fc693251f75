"""`python -m bot.local`: the terminal session answers like the bot, without a token."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, SEEDS


def test_python_m_bot_local_answers_piped_questions_from_docs(tmp_path):
    """The one subprocess: the module runs as `python -m`, reads stdin, and takes --docs."""
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "bot.local", "--docs", str(SEEDS)],
        cwd=tmp_path,
        env=env,
        input="who backs Hezbollah?\n",
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## who backs Hezbollah?\n> Furthermore, as fears of spillover grow")
    assert proc.stderr == ""


def test_the_local_session_answers_piped_questions_and_exits(run, tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="who backs Hezbollah?\n")

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## who backs Hezbollah?\n> Furthermore, as fears of spillover grow")
    assert "group **backed** by Iran" in proc.stdout
    assert "Source: `000_1cbf31eff85d1e18.txt`, line 9, 2023-11-09" in proc.stdout
    assert proc.stdout.count("## ") == 1


def test_the_local_session_pages_and_shows_context_like_the_buttons(run, tmp_path):
    questions = "How many aid trucks have entered Gaza?\nmore\ncontext\nhow to bake sourdough?\nwhy\n"

    proc = run(["bot.local"], tmp_path, stdin=questions)

    answers = proc.stdout.split("\n\n")
    assert "(Best answer · 1 of 5)" in answers[0]
    assert "(Answer 2 of 5)" in answers[1]
    assert answers[2].startswith("## Context\n> **In addition to the hostage negotiations")
    assert answers[3].startswith("The documents don't cover that")
    assert "The documents never mention: bake, sourdough" in answers[3]
    assert answers[4].startswith("## Why this answer?\nNo answer: no document mentions these words.")


SEED_SOURCE = "`000_1cbf31eff85d1e18.txt` — text, 16 passages (6 paragraphs), 2023-11-09"


def test_the_local_session_knows_the_bots_other_commands(run, tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="more\n/sources\nhelp\n")

    first, sources, help_ = proc.stdout.split("\n\n")[:3]
    assert first == "Ask a question first."
    assert sources.startswith(f"## Sources\n{SEED_SOURCE}")
    assert help_.startswith("## What I do")
    # and what the terminal has in place of the buttons (help once named only Discord's)
    assert "In this terminal:" in proc.stdout and "`context`" in proc.stdout.split("## What I do")[1]


def test_the_local_session_explains_why_like_the_button(run, tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="How many aid trucks have entered Gaza?\nwhy\n")

    why = proc.stdout.split("\n\n")[1]
    assert why.startswith("## Why this answer?\nMatched: aid (")
    assert "Answered: the sentence and its passage cover" in why


def test_the_local_session_exits_cleanly_on_empty_input(run, tmp_path):
    proc = run(["bot.local"], tmp_path, stdin="")

    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""


CORS = """# CORS

Set `expose_headers` to the headers a browser may read: *X-Total* or see https://example.com/cors_docs.

````markdown
Quote code with ``` fences, a `#` or a > at the start of a line.
````
"""


def test_the_terminal_shows_the_documents_text_without_discords_escapes(run, tmp_path):
    """On Discord `expose\\_headers` shows as `expose_headers`; the terminal shows it so too."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "cors.md").write_text(CORS)
    stdin = "which headers may the browser read?\nhow do i quote code with fences?\n"

    proc = run(["bot.local", "--docs", str(docs)], tmp_path, stdin=stdin)

    headers, fences = proc.stdout.split("\n\n")[:2]
    assert headers.splitlines()[1] == (
        "> Set expose_**headers** to the **headers** a **browser** may **read**: X-Total or see "
        "https://example.com/cors_docs."
    )
    assert "```markdown\nQuote code with ``` fences, a `#` or a > at the start of a line.\n```" in fences
    assert "\\" not in proc.stdout and "\u200b" not in proc.stdout
