"""`briefing analyze`: JSON contract and JSON Lines, the text outline, safe output, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefing_tui.cli import main
from briefing_tui.resources import seed_files


def run(capsys, *argv):
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_default_is_the_bundled_seed_as_json(capsys):
    code, out, err = run(capsys, "--format", "json")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["schema"] == "briefing.analysis/1"
    assert data["source"] == str(seed_files()[0])
    assert [s["label"] for s in data["sections"]] == [
        "NATO posture", "Russia response", "Peace talks", "Ukraine politics", "NATO posture"
    ]


def test_several_files_give_json_lines(capsys, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.md"
    a.write_text("Negotiators met to agree a ceasefire. The envoy said talks went well.\n", encoding="utf-8")
    b.write_text("# Budget\n\nThe parliament passed the budget.\n", encoding="utf-8")
    code, out, err = run(capsys, str(a), str(b), "--format", "json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in rows] == [str(a), str(b)]
    assert rows[1]["title"] == "Budget"
    assert rows[0]["sections"][0]["topic"] == "peace-talks"


def test_text_outline(capsys):
    code, out, err = run(capsys)
    assert code == 0
    assert out.startswith("NATO weighs a tougher answer")
    assert "Sections (5)" in out
    for label in ("NATO posture", "Russia response", "Peace talks", "Ukraine politics"):
        assert label in out
    assert "cues: " in out and "Kremlin" in out
    assert "Entities (" in out and "Quotes (" in out


def test_a_bad_file_is_reported_and_the_rest_still_analysed(capsys, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The alliance met.\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path / "missing.txt"), str(good), "--format", "json")
    assert code == 2
    assert err.strip() == f"briefing: {tmp_path / 'missing.txt'}: no such file"
    assert len(out.splitlines()) == 1 and json.loads(out)["source"] == str(good)


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty file"), (b"\x00\x01\x02\x03" * 100, "binary file")],
)
def test_unreadable_input_is_one_line_exit_2(capsys, tmp_path, content, message):
    p = tmp_path / "x.txt"
    p.write_bytes(content)
    code, out, err = run(capsys, str(p))
    assert code == 2 and out == ""
    assert err == f"briefing: {p}: {message}\n"


def test_directory_is_an_error(capsys, tmp_path):
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_control_characters_never_reach_the_terminal(capsys, tmp_path):
    p = tmp_path / "evil.txt"
    p.write_text(
        "Title: \x1b]0;pwned\x07Evil \u202etitle\n\n"
        "NATO allies \x1b[2J met\x9b31m today. \u202eThe alliance said \u201cno\x1b[0m\u201d.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(p))
    assert code == 0
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in out
    assert "\u241b" in out  # ESC shown as a visible placeholder
    code, out, err = run(capsys, str(p), "--format", "json")
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in out
    data = json.loads(out)
    assert "\x1b" in data["title"] and "\u202e" in data["title"]  # JSON keeps the text exact


def test_topics_override_and_malformed_taxonomy(capsys, tmp_path):
    tax = tmp_path / "t.toml"
    tax.write_text('[[topic]]\nid = "weather"\nlabel = "Weather"\n[topic.cues]\n"rain" = 3\n"storm" = 3\n')
    doc = tmp_path / "w.txt"
    doc.write_text("Heavy rain fell. A storm followed the rain. The storm passed.\n")
    code, out, err = run(capsys, str(doc), "--topics", str(tax), "--format", "json")
    assert code == 0
    assert json.loads(out)["sections"][0]["label"] == "Weather"
    tax.write_text('[[topic]]\nid = "weather"\nlabel = [\n')
    code, out, err = run(capsys, str(doc), "--topics", str(tax))
    assert code == 2 and out == ""
    assert err.startswith(f"briefing: {tax}: invalid TOML") and "line" in err
    assert "Traceback" not in err


def test_console_script_end_to_end(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "briefing_tui.cli", "analyze", str(tmp_path / "nope.txt")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"briefing: {tmp_path / 'nope.txt'}: no such file"
