"""Rewrite the outputs README.md and docs/*.md show with what the commands print now.

    .venv/bin/python scripts/refresh_docs.py

tests/test_readme.py checks that the shown outputs are what the commands print; after a change
of wording or ranking, this puts the new outputs in place (review the diff before committing).
Covered: fenced blocks that start with `$ python -m retrieval ...` or
`$ .venv/bin/python -m retrieval ...` (not `eval`, whose timings vary), the `--json` example
line, and the `echo "..." | make run` terminal examples (through bot.local's Session).
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHOWN_RUN_RE = re.compile(r"^```\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)\n```$", re.M | re.S)


def retrieval_output(command: str) -> str | None:
    prefix = next(
        (p for p in ("python -m retrieval ", ".venv/bin/python -m retrieval ") if command.startswith(p)), None
    )
    if prefix is None or " eval " in command:
        return None
    args, _, pipe = command.removeprefix(prefix).partition(" | ")
    proc = subprocess.run(
        [sys.executable, "-m", "retrieval", *shlex.split(args)], capture_output=True, text=True, cwd=ROOT
    )
    out = proc.stdout
    if pipe.startswith("head -"):
        out = "\n".join(out.splitlines()[: int(pipe.removeprefix("head -"))])
    return out.strip()


def session_output(command: str) -> str | None:
    match = re.fullmatch(r'echo "(.+)" \| make run', command)
    if match is None:
        return None
    from bot.config import Settings, open_engine
    from bot.local import Session

    settings = Settings()
    return Session(open_engine(settings), settings).handle(match[1])


def refresh(text: str) -> str:
    def replace(match: re.Match) -> str:
        command = match["command"]
        output = retrieval_output(command) or session_output(command)
        return match.group(0) if output is None else f"```\n$ {command}\n{output}\n```"

    text = SHOWN_RUN_RE.sub(replace, text)
    json_line = re.search(r'^\{"question": "Who backs Hezbollah\?".*$', text, re.M)
    if json_line:
        out = subprocess.run(
            [sys.executable, "-m", "retrieval", "ask", "--json", "--top", "1", "Who backs Hezbollah?"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
        json.loads(out)  # a whole JSON line, or fail loudly
        text = text[: json_line.start()] + out + text[json_line.end() :]
    return text


def main() -> None:
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        old = path.read_text(encoding="utf-8")
        new = refresh(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
