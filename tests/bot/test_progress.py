"""Issue 12, item 8: a long first build logs its progress where no progress bar shows."""

from __future__ import annotations

import logging

from bot.progress import BuildLog


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_at_the_start_every_interval_and_at_the_end(caplog):
    clock = Clock()
    progress = BuildLog(every=10, clock=clock)
    caplog.set_level(logging.INFO, logger="bot.progress")

    for done in range(0, 401):
        progress(done, 400)
        clock.now += 0.125  # 50 s in all

    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "building the index of 400 files (progress every 10 s)"
    assert lines[1:5] == [
        "building the index: 80 of 400 files (20%)",
        "building the index: 160 of 400 files (40%)",
        "building the index: 240 of 400 files (60%)",
        "building the index: 320 of 400 files (80%)",
    ]
    assert lines[5:] == ["building the index: all 400 files read in 50 s"]


def test_python_m_bot_logs_its_first_build_when_stderr_is_a_log(run, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(30):
        (docs / f"page-{n}.md").write_text(f"# Page {n}\n\nOtters swim in river {n}.\n", encoding="utf-8")

    first = run(["bot", "--check", "--docs", "docs"], tmp_path)
    again = run(["bot", "--check", "--docs", "docs"], tmp_path)  # from the cache: nothing to build

    assert first.returncode == 0, first.stderr
    assert "building the index of 30 files" in first.stderr
    assert "building the index: all 30 files read in" in first.stderr
    assert "building the index" not in again.stderr
