"""Hostile text through the real CLI: escape sequences (CSI, OSC 52 / OSC 8 / title), C0 and C1
controls and bidi overrides in an article's title and body and in a note's body never reach the
terminal from `search`, `notes`, `list` or `export --format md` — they are shown as visible
placeholders; the JSON outputs keep the text exact."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.library import Library

CSI = "\x1b[31m"
CLEAR = "\x1b[2J\x1b[H"
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # a clipboard write
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"  # a hyperlink
TITLE = "\x1b]0;pwned\x07"  # a window title change
C1 = "\x9b31m\x9d0;c1 title\x9c\x90dcs\x9c"  # 8-bit CSI, OSC, ST, DCS
C0 = "\x07\x08\x0b\x0c\x0e\x7f"
BIDI = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d"
MARKUP = "[bold red]not markup[/] [link=https://evil.example]x[/link]"

HOSTILE_TITLE = f"Harbour {TITLE}{CSI}bulletin{OSC8} {BIDI[0]}txt.exe"
HOSTILE_BODY = (
    f"The harbour {CSI}reopened{CLEAR} today after the storm and the talks went on{OSC52}.\n"
    f"Ferries {C1} returned to the quay {OSC8} while {C0} fishermen waited.\n"
    f"Dockers {BIDI} unloaded the catch {MARKUP} before the market opened.\n"
)
NOTE_BODY = f"check {CLEAR}{OSC52}this {TITLE}{C1}{BIDI} {MARKUP}\nsecond line {CSI}red"

# what must never reach a terminal: C0 other than \n (and \t), DEL, C1, bidi embeddings/overrides/isolates
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OUR_HIGHLIGHT = ("\x1b[1;7m", "\x1b[0m")  # `search` marks matched words itself on a terminal


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(monkeypatch, capsys, *argv: str, tty: bool = False) -> tuple[int, str, str]:
    capsys.readouterr()
    if tty:
        out = TTY()
        with monkeypatch.context() as mp:
            mp.setattr(sys, "stdout", out)
            code = main(list(argv))
        return code, out.getvalue(), capsys.readouterr().err
    code = main(list(argv))
    o, e = capsys.readouterr()
    return code, o, e


def assert_safe(out: str, tty: bool = False) -> None:
    if tty:
        for code in OUR_HIGHLIGHT:
            out = out.replace(code, "")
    found = UNSAFE.search(out)
    assert found is None, f"raw {found.group()!r} at {found.start()}: {out[max(0, found.start() - 40):found.end() + 40]!r}"


@pytest.fixture
def hostile(tmp_path: Path, fake_analyser) -> tuple[list[str], int]:
    lib = tmp_path / "lib.sqlite3"
    Library.open(lib, seed=False).close()
    article = tmp_path / "hostile.txt"
    article.write_text(f"Title: {HOSTILE_TITLE}\n\n{HOSTILE_BODY}", encoding="utf-8")
    assert main(["import", str(article), "--library", str(lib)]) == 0
    with Library.open(lib, seed=False) as opened:
        (info,) = opened.articles()
        text = opened.article(info.id).text
    # the hostile text really is stored as it came (nothing stripped on the way in)
    assert TITLE in info.title and OSC52 in text and C1 in text and BIDI in text
    assert main(["notes", "add", str(info.id), "--at", f"{CSI}reopened{CLEAR}", "--body", NOTE_BODY,
                 "--tag", f"tag{CSI}x", "--library", str(lib)]) == 0
    return ["--library", str(lib)], info.id


COMMANDS = [
    ["search", "harbour"],
    ["search", "ferries OR dockers"],
    ["search", "storm"],
    ["notes"],
    ["notes", "--deleted"],
    ["list"],
    ["export", "--format", "md"],
    ["export", "--all", "--format", "md"],
]


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_no_control_code_reaches_the_terminal(monkeypatch, capsys, hostile, argv: list[str], tty: bool) -> None:
    libarg, article_id = hostile
    if argv[0] == "export" and not tty:
        pytest.skip("export to a pipe or file keeps the text exact (like JSON): see the JSON tests")
    code, out, err = run(monkeypatch, capsys, *argv, *libarg, tty=tty)
    assert code == 0, err
    assert_safe(out, tty)
    assert_safe(err)
    if argv != ["notes", "--deleted"]:
        assert "\u241b" in out or "<U+" in out  # the placeholders are visible
    if argv[0] == "export" or argv == ["notes"]:
        assert "[bold red]not markup[/]" in out  # Rich markup shown literally


def test_placeholders_in_detail(monkeypatch, capsys, hostile) -> None:
    libarg, article_id = hostile
    _, out, _ = run(monkeypatch, capsys, "notes", *libarg, tty=True)
    assert "\u241b]52;c;cm0gLXJmIH4=\u2407" in out  # OSC 52 spelled out, not executed
    assert "<U+202E>" in out and "<U+009B>" in out
    assert "[bold red]not markup[/]" in out  # Rich markup shown literally
    _, out, _ = run(monkeypatch, capsys, "list", *libarg, tty=True)
    assert "\u241b]0;pwned\u2407" in out


def test_notes_on_the_terminal_keep_their_lines(monkeypatch, capsys, hostile) -> None:
    libarg, _ = hostile
    _, out, _ = run(monkeypatch, capsys, "notes", *libarg, tty=True)
    assert "    second line \u241b[31mred" in out.splitlines()


JSON_COMMANDS = [["search", "harbour", "--json"], ["notes", "--json"], ["list", "--json"],
                 ["export", "--format", "json"], ["export", "--format", "annotations"]]


@pytest.mark.parametrize("argv", JSON_COMMANDS, ids=[" ".join(a) for a in JSON_COMMANDS])
def test_json_outputs_keep_the_text_exact(monkeypatch, capsys, hostile, argv: list[str]) -> None:
    libarg, article_id = hostile
    code, out, err = run(monkeypatch, capsys, *argv, *libarg, tty=True)
    assert code == 0, err
    assert_safe(out)  # JSON escaping: even on a terminal no raw control code
    data = json.loads(out)
    with Library.open(libarg[1], seed=False) as lib:
        art = lib.article(article_id)
    if argv[0] == "search":
        for hit in data:
            assert hit["text"] == art.text[hit["start"]:hit["end"]]
        assert any(CSI in h["text"] for h in data)
    elif argv[0] == "notes":
        (note,) = data
        assert note["body"] == NOTE_BODY and note["exact"] == f"{CSI}reopened{CLEAR}"
        assert note["tags"] == [f"tag{CSI}x"]
    elif argv[0] == "list":
        assert data[0]["title"] == art.title == HOSTILE_TITLE
    elif argv[-1] == "json":
        (exported,) = data["articles"]
        assert exported["text"] == art.text and exported["title"] == HOSTILE_TITLE
        assert exported["notes"][0]["body"] == NOTE_BODY
    else:
        assert NOTE_BODY in set(_strings(data))


def _strings(obj):  # noqa: ANN001, ANN202
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_export_md_to_a_file_keeps_the_text_exact(tmp_path: Path, monkeypatch, capsys, hostile) -> None:
    libarg, _ = hostile
    target = tmp_path / "briefing.md"
    code, out, err = run(monkeypatch, capsys, "export", "--format", "md", "-o", str(target), *libarg, tty=True)
    assert code == 0 and out == ""
    content = target.read_text(encoding="utf-8")
    assert "second line " + CSI + "red" in content and OSC52 in content


def test_error_messages_with_hostile_text_stay_one_safe_line(monkeypatch, capsys, hostile) -> None:
    libarg, article_id = hostile
    for argv in (["notes", "add", str(article_id), "--at", f"{OSC52}gone{CSI}\nx", "--body", "b"],
                 ["search", f'"{CSI}unclosed'],
                 ["search", f"bogus:{TITLE}"],
                 ["import", f"/nonexistent/{CLEAR}\n{BIDI}.txt"]):
        code, out, err = run(monkeypatch, capsys, *argv, *libarg, tty=True)
        assert code != 0, argv
        assert err.count("\n") == 1 and err.startswith("briefing: "), err
        assert_safe(err)
        assert_safe(out, tty=True)


def test_the_real_cli_in_a_subprocess(hostile) -> None:
    libarg, _ = hostile
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for argv in COMMANDS[:6]:
        result = subprocess.run([sys.executable, "-m", "briefing_tui.cli", *argv, *libarg],
                                capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        assert_safe(result.stdout)
        assert_safe(result.stderr)


def test_undecodable_bytes_in_arguments_are_no_traceback(monkeypatch, capsys, hostile) -> None:
    """An argument with bytes that are not UTF-8 (surrogate-escaped by Python) is stored and shown safely."""
    libarg, article_id = hostile
    body = "caf\udce9 notes"  # what Python makes of b"caf\xe9 notes" in argv
    code, out, err = run(monkeypatch, capsys, "notes", "add", str(article_id), "--at", "Ferries", "--body", body,
                         "--tag", "t\udcff", *libarg)
    assert code == 0, err
    code, out, err = run(monkeypatch, capsys, "search", "caf\udce9", *libarg)
    assert code == 0 and "Traceback" not in err
    code, out, _ = run(monkeypatch, capsys, "notes", "--json", *libarg)
    bodies = [n["body"] for n in json.loads(out)]
    assert "caf\\xe9 notes" in bodies
