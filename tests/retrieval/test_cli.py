import io
import json
import re
import subprocess
import sys

import pytest

from retrieval.cli import main
from tests.conftest import ROOT, SEEDS


def run_cli(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_answer_then_citation(capsys):
    code, out, _ = run_cli(capsys, "ask", "How many aid trucks have entered Gaza?", "--top", "2")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("The United Nations has already facilitated the entry of 54 trucks")
    assert "000_1cbf31eff85d1e18.txt, line 5, 2023-11-09" in lines[1]
    assert lines[2] == "Also:"


def test_ask_json_contract(capsys):
    code, out, _ = run_cli(capsys, "ask", "--json", "Who backs Hezbollah?")
    (line,) = out.splitlines()
    data = json.loads(line)
    assert code == 0 and data["question"] == "Who backs Hezbollah?"
    assert data["answers"], data
    text = (SEEDS / data["answers"][0]["document"]).read_text(encoding="utf-8")
    for answer in data["answers"]:
        assert {"text", "score", "document", "line", "start", "end", "section", "date", "paragraph"} <= set(
            answer
        )
        assert text[answer["start"] : answer["end"]] == answer["text"]
        assert isinstance(answer["score"], float) and isinstance(answer["line"], int)
    scores = [a["score"] for a in data["answers"]]
    assert scores == sorted(scores, reverse=True)


def test_ask_json_without_answer_has_empty_answers(capsys):
    code, out, _ = run_cli(capsys, "ask", "--json", "How do I bake sourdough?")
    data = json.loads(out)
    assert code == 0 and data["answers"] == []
    assert set(data["never_mentioned"]) == {"bake", "sourdough"}


def test_ask_plain_without_answer_says_so(capsys):
    code, out, _ = run_cli(capsys, "ask", "How do I bake sourdough?")
    assert code == 0
    assert out.startswith("The documents do not answer this question. They never mention:")


def test_ask_dash_reads_one_question_per_line(capsys, monkeypatch):
    questions = "Who backs Hezbollah?\n\nHow do I bake sourdough?\nHow many aid trucks have entered Gaza?\n"
    code, out, _ = run_cli(capsys, "ask", "--json", "-", stdin=questions, monkeypatch=monkeypatch)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["question"] for r in rows] == [
        "Who backs Hezbollah?",
        "How do I bake sourdough?",
        "How many aid trucks have entered Gaza?",
    ]
    assert [bool(r["answers"]) for r in rows] == [True, False, True]


def test_ask_dash_reports_a_bad_line_and_goes_on(capsys, monkeypatch):
    stdin = "x" * 5000 + "\nWho backs Hezbollah?\n"
    code, out, err = run_cli(capsys, "ask", "--json", "-", stdin=stdin, monkeypatch=monkeypatch)
    assert code == 1
    assert "too long" in err
    bad, good = (json.loads(line) for line in out.splitlines())
    assert bad["answers"] == [] and bad["error"].startswith("the question is too long")
    assert good["question"] == "Who backs Hezbollah?" and good["answers"]


def test_sentences_json_lists_every_sentence(capsys):
    code, out, _ = run_cli(capsys, "sentences", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 16
    text = (SEEDS / rows[0]["document"]).read_text(encoding="utf-8")
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
        assert {"document", "line", "paragraph", "date"} <= set(row)


def test_eval_reports_metrics_and_misses(capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps({"question": "How many aid trucks have entered Gaza?", "answers": ["54 trucks"]})
        + "\n"
        + json.dumps({"question": "Who sent aircraft carrier groups?", "answers": ["Russia"]})
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, "eval", str(questions), "--show-misses")
    assert code == 0
    assert re.search(r"^accuracy@1 +0\.5000$", out, re.M)
    assert re.search(r"^questions +2$", out, re.M)
    assert "Who sent aircraft carrier groups?" in out and "gold: Russia" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ask", "--docs", "/definitely/not/here", "hi there"], "documents folder not found"),
        (["ask", "   "], "the question is empty"),
        (["ask", "--top", "0", "aid"], "--top must be at least 1"),
        (["eval", "/definitely/not/here.jsonl"], "cannot read question file"),
    ],
)
def test_errors_are_one_line_and_nonzero(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code != 0 and out == ""
    (line,) = err.strip().splitlines()  # one line, whatever it says
    assert line.startswith("error: ") and message in line
    assert "Traceback" not in err


def test_folder_without_usable_documents_is_an_error(capsys, tmp_path):
    (tmp_path / "a.bin").write_bytes(b"\x00")
    (tmp_path / "b.txt").write_bytes(b"\x00 a NUL byte: binary")
    code, _, err = run_cli(capsys, "sentences", "--docs", str(tmp_path))
    assert code == 2
    assert err.splitlines()[-1] == (
        f"error: no documents to read in {tmp_path} (1 skipped; skipped 1 file of unsupported types: .bin x1)"
    )


def test_malformed_question_file_names_the_line(capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "ok?", "answers": []}\n{"question": "no gold?"}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "eval", str(questions))
    assert code == 2 and "line 2" in err


def test_module_entry_point_runs_without_traceback():
    huge = "why" * 40_000
    proc = subprocess.run(
        [sys.executable, "-m", "retrieval", "ask", huge], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: the question is too long (120,000 characters")
    assert "Traceback" not in proc.stderr


def test_importing_retrieval_does_not_import_discord():
    code = "import sys, retrieval, retrieval.cli; print('discord' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_exclude_and_include_leave_files_out(capsys, tmp_path):
    (tmp_path / "guide.md").write_text("The guide explains the bot.", encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text("Fixed the bot.", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Notes about the bot.", encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "sentences", "--docs", str(tmp_path), "--no-cache", "--exclude", "CHANGELOG.md"
    )
    assert code == 0 and [line.split(":")[0] for line in out.splitlines()] == ["guide.md", "notes.txt"]
    code, out, _ = run_cli(capsys, "sentences", "--docs", str(tmp_path), "--no-cache", "--include", "*.txt")
    assert [line.split(":")[0] for line in out.splitlines()] == ["notes.txt"]


def test_eval_counts_by_kind_refusals_and_the_block_an_answer_shows(capsys, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.txt").write_text(
        "The ferry to Skye leaves at nine.\n\nTickets cost ten pounds at the harbour office.",
        encoding="utf-8",
    )
    rows = [
        {"question": "when does the skye ferry leave", "answers": ["leaves at nine"], "kind": "prose"},
        {"question": "ferry ticket price?", "answers": ["twelve pounds"], "kind": "prose"},
        {"question": "how do I bake sourdough bread", "answers": [], "kind": "none"},
    ]
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, _ = run_cli(capsys, "eval", str(questions), "--docs", str(docs), "--no-cache")
    figures = dict(re.findall(r"^(.+?) +([0-9.]+)$", out, re.M))
    assert code == 0
    assert figures["accuracy@1"] == "0.5000"  # over the two answerable questions
    assert figures["off-docs refused"] == "1.0000" and figures["none: off-docs refused"] == "1.0000"
    assert figures["prose: questions"] == "2" and figures["prose: accuracy@1"] == "0.5000"
