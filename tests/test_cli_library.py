"""The library sub-commands as a user runs them: import, list, search, notes and export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui.cli import main

EVIL = (
    "Title: Harbour \x1b]0;pwned\x07news\n\n"
    "The harbour reopened \x1b[31mtoday\x1b[0m after the storm and the talks went on.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def libarg(library_path: Path) -> list[str]:
    return ["--library", str(library_path)]


def test_import_reports_and_exit_status(tmp_path: Path, capsys, libarg, fake_analyser) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A good article about the harbour.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    code, out, err = run(capsys, "import", str(good), *libarg)
    assert code == 0 and "1 imported" in out and err == ""
    code, out, err = run(capsys, "import", str(good), str(bad), *libarg)
    assert code == 1
    assert "1 unchanged" in out and "1 failed" in out
    assert f"{bad.resolve()}: binary file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_import_into_a_new_library_seeds_it_first(tmp_path: Path, capsys, monkeypatch, fake_analyser) -> None:
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "new.sqlite3"))
    f = tmp_path / "x.md"
    f.write_text("# Lakes\n\nThe lakes froze early this year.\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(f))
    assert code == 0
    code, out, _ = run(capsys, "list", "--json")
    titles = [a["title"] for a in json.loads(out)]
    assert len(titles) == 2 and "Lakes" in titles


def test_list(capsys, libarg) -> None:
    code, out, _ = run(capsys, "list", "--json", *libarg)
    (art,) = json.loads(out)
    assert set(art) >= {"id", "title", "source", "date", "section_topics", "notes_count"}
    assert art["id"] == 1 and art["notes_count"] == 0 and "peace-talks" in art["section_topics"]
    code, out, _ = run(capsys, "list", *libarg)
    assert code == 0 and "NATO weighs" in out and "0 notes" in out and "peace-talks" in out


def test_search(capsys, libarg) -> None:
    code, out, _ = run(capsys, "search", '"preemptive strike"', *libarg)
    assert code == 0 and "«preemptive strike»" in out and "NATO posture" in out
    code, out, _ = run(capsys, "search", "negotiat*", "--json", "--limit", "2", *libarg)
    hits = json.loads(out)
    assert len(hits) == 2 and all("negotiat" in h["text"].lower() for h in hits)
    assert all(any(marked for _, marked in h["snippet"]) for h in hits)
    code, out, _ = run(capsys, "search", "nothingmatcheszzz", *libarg)
    assert code == 0 and "no matches" in out


@pytest.mark.parametrize("query", ['"open', "a AND", "NOT a", "bogus:x", "(x"])
def test_malformed_search_is_one_line(capsys, libarg, query: str) -> None:
    code, out, err = run(capsys, "search", query, *libarg)
    assert code == 2 and out == ""
    assert err.startswith("briefing: search: ") and len(err.strip().splitlines()) == 1


def test_notes_lifecycle(capsys, libarg) -> None:
    code, out, _ = run(capsys, "notes", "add", "1", "--at", "preemptive strike", "--body", "A *shift*",
                       "--tag", "doctrine", *libarg)
    assert code == 0 and "added note 1" in out
    code, out, _ = run(capsys, "notes", "--json", *libarg)
    (note,) = json.loads(out)
    assert note["exact"] == "preemptive strike" and note["tags"] == ["doctrine"] and note["orphaned"] is False
    assert note["end"] - note["start"] == len("preemptive strike")
    code, out, err = run(capsys, "notes", "add", "1", "--at", "words that are not there", "--body", "x", *libarg)
    assert code == 2 and "does not occur" in err
    code, out, _ = run(capsys, "notes", "edit", "1", "--body", "changed", *libarg)
    assert code == 0
    code, out, _ = run(capsys, "notes", "--tag", "doctrine", *libarg)
    assert "changed" in out and "preemptive strike" in out
    code, out, _ = run(capsys, "notes", "delete", "1", *libarg)
    assert code == 0 and "restore" in out
    assert json.loads(run(capsys, "notes", "--json", *libarg)[1]) == []
    assert [n["id"] for n in json.loads(run(capsys, "notes", "--deleted", "--json", *libarg)[1])] == [1]
    code, out, _ = run(capsys, "notes", "restore", "1", *libarg)
    assert code == 0 and len(json.loads(run(capsys, "notes", "--json", *libarg)[1])) == 1
    assert json.loads(run(capsys, "list", "--json", *libarg)[1])[0]["notes_count"] == 1
    code, _, err = run(capsys, "notes", "edit", "99", "--body", "x", *libarg)
    assert code == 2 and "no such note" in err


def test_library_option_before_the_notes_action(capsys, library_path: Path) -> None:
    code, out, _ = run(capsys, "notes", "--library", str(library_path), "add", "1", "--at", "cyber",
                       "--body", "b")
    assert code == 0
    code, out, _ = run(capsys, "notes", "--json", "--library", str(library_path))
    assert len(json.loads(out)) == 1


def test_export_needs_force_to_overwrite(tmp_path: Path, capsys, libarg) -> None:
    target = tmp_path / "out.md"
    target.write_text("precious", encoding="utf-8")
    code, _, err = run(capsys, "export", "--all", "--format", "md", "-o", str(target), *libarg)
    assert code == 2 and "--force" in err and target.read_text(encoding="utf-8") == "precious"
    code, _, _ = run(capsys, "export", "--all", "--format", "md", "-o", str(target), "--force", *libarg)
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# NATO weighs")
    code, out, _ = run(capsys, "export", "--article", "1", "--format", "annotations", *libarg)
    assert json.loads(out)["type"] == "AnnotationCollection"
    code, _, err = run(capsys, "export", "--article", "7", *libarg)
    assert code == 2 and "no such article" in err


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path, capsys, libarg, fake_analyser) -> None:
    f = tmp_path / "evil.txt"
    f.write_text(EVIL, encoding="utf-8")
    assert run(capsys, "import", str(f), *libarg)[0] == 0
    for argv in (["list"], ["search", "harbour"], ["search", "harbour", "--json"], ["list", "--json"]):
        code, out, _ = run(capsys, *argv, *libarg)
        assert code == 0 and "\x1b" not in out and "\x07" not in out, argv
    # --json keeps the text exact (escaped as JSON)
    hits = json.loads(run(capsys, "search", "harbour", "--json", *libarg)[1])
    assert "\x1b[31mtoday" in hits[0]["text"]
    code, _, _ = run(capsys, "notes", "add", "2", "--at", "today", "--body", "\x1b[2Jboom", *libarg)
    code, out, _ = run(capsys, "notes", *libarg)
    assert "\x1b" not in out and "boom" in out


def test_a_corrupted_library_is_an_error_not_a_traceback(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "lib.sqlite3"
    bad.write_bytes(b"not a database at all\n" * 100)
    before = bad.read_bytes()
    for argv in (["list"], ["search", "x"], ["notes"], ["import", str(bad)]):
        code, out, err = run(capsys, *argv, "--library", str(bad))
        assert code == 2 and "not a briefing library" in err and "Traceback" not in err
    assert bad.read_bytes() == before


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path, library_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"Article {i} about rivers and lakes number {i}.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing_tui.cli", "import", str(folder), "--library",
                             str(library_path)], capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "5 imported" in result.stdout


def test_import_from_standard_input(library_path: Path) -> None:
    def pipe(text: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "briefing_tui.cli", "import", "-", "--library", str(library_path)],
                              input=text, capture_output=True, text=True, env=os.environ.copy(), timeout=120)

    first = pipe("Title: Piped\n\nA piped article about the harbour.\n")
    assert first.returncode == 0 and "1 imported" in first.stdout, first.stderr
    second = pipe("Title: Another\n\nA different piped article about lakes.\n")
    assert second.returncode == 0 and "1 imported" in second.stdout  # its own article, not an update
    empty = pipe("")
    assert empty.returncode == 1 and empty.stderr.strip() == "briefing: -: empty file"


def test_plain_briefing_gets_what_the_reader_parser_would_give():
    """`briefing` without arguments skips argparse (start-up): the values must be the parser's."""
    from briefing_tui.cli import build_reader_parser, reader_defaults

    assert vars(reader_defaults()) == vars(build_reader_parser().parse_args([]))
