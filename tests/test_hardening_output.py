"""Hostile article text through `briefing analyze`: nothing reaches the terminal as a control code.

The text outline shows escape sequences, C0/C1 controls and bidi overrides as visible placeholders
(ESC -> ␛, BEL -> ␇, C1 and bidi -> <U+XXXX>) and prints markup literally; the JSON keeps the exact text
(escaped, so the raw output holds no control codes either). ``safe_text.printable`` is checked over
every code point that matters and on arbitrary strings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.cli import main
from briefing_tui.safe_text import one_line, printable

OSC52 = "\x1b]52;c;ZWNobyBwd25lZCA+IH4vLmJhc2hyYw==\x07"  # clipboard write
OSC8 = "\x1b]8;;https://evil.example/\x1b\\official site\x1b]8;;\x1b\\"  # hyperlink
OSC0 = "\x1b]0;owned terminal\x07"  # window title
CSI = "\x1b[2J\x1b[H\x1b[31;1m"  # clear screen, home, red
C1 = "\x9b31m\x9d0;title\x9c\x90qDCS\x9c\x85"  # 8-bit CSI, OSC, ST, DCS, NEL
C0 = "\x07\x08\x0b\x0c\x0e\x0f\x1b\x7f"  # BEL BS VT FF SO SI ESC DEL
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MARKUP = "[bold red]x[/] [link=http://x]click[/link] [@click=app.quit]quit[/] $accent"

HOSTILE = (
    f"Title: {OSC0}Allies {BIDI[4]}meet{BIDI[2]} {MARKUP}\n\n"
    f"NATO{OSC52} ministers met in Brussels{CSI} on Tuesday.{C1} The alliance said it would act.\n\n"
    f"“We will not be intimidated {OSC8} {C0} {MARKUP},” the Secretary General said in {BIDI}Brussels.\n\n"
    f"Officials in Kyiv{BIDI[4]} welcomed the {MARKUP} decision.\n"
)

# What must never appear raw in terminal output: every C0 control but newline and tab, DEL, every C1
# control, and the bidi embeddings, overrides and isolates.
FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)} | set(BIDI)


def _assert_clean(text: str) -> None:
    found = sorted({f"U+{ord(ch):04X}" for ch in text if ch in FORBIDDEN})
    assert not found, f"raw control characters in the output: {found}"


def test_text_outline_shows_placeholders_not_controls(capsys, tmp_path):
    p = tmp_path / "hostile.txt"
    p.write_text(HOSTILE, encoding="utf-8")
    code = main(["analyze", str(p)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    _assert_clean(out)
    assert "\u241b]0;owned terminal\u2407Allies <U+202E>meet<U+202C>" in out.splitlines()[0]  # the title
    assert "\u241b]8;;https://evil.example/\u241b\\official site" in out  # the OSC 8 link in the quote, inert
    assert MARKUP in out  # markup printed literally
    assert "Quotes (1)" in out and "— the Secretary General (said)" in out


def test_hostile_text_through_the_console_script_bytes(tmp_path):
    """The real process, its stdout read as bytes: no ESC, BEL, 8-bit CSI/OSC or bidi override in it."""
    p = tmp_path / "hostile.txt"
    p.write_text(HOSTILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "briefing_tui.cli", "analyze", str(p)], capture_output=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stderr == b""
    for raw in (b"\x1b", b"\x07", b"\xc2\x9b", b"\xc2\x9d", b"\xe2\x80\xae", b"\xe2\x81\xa6"):
        assert raw not in proc.stdout
    _assert_clean(proc.stdout.decode("utf-8"))


def test_json_keeps_the_exact_text_and_the_raw_output_stays_clean(capsys, tmp_path):
    p = tmp_path / "hostile.txt"
    p.write_text(HOSTILE, encoding="utf-8")
    code = main(["analyze", str(p), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    _assert_clean(out.rstrip("\n"))  # C0 escaped by json, C1 and bidi escaped as \\uXXXX
    row = json.loads(out)
    assert row["title"] == f"{OSC0}Allies {BIDI[4]}meet{BIDI[2]} {MARKUP}"
    text = HOSTILE
    for q in row["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    assert [q["text"] for q in row["quotes"]] == [f"We will not be intimidated {OSC8} {C0} {MARKUP},"]
    for e in row["entities"]:
        for m in e["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    names = {e["name"] for e in row["entities"]}
    assert {"NATO", "Brussels"} <= names


def test_hostile_file_name_in_the_outline_and_in_errors(capsys, tmp_path):
    p = tmp_path / f"{OSC0}news{BIDI[4]}\n.txt"
    p.write_text("Ministers met in Brussels on Tuesday.\n", encoding="utf-8")
    code = main(["analyze", str(p)])
    out, err = capsys.readouterr()
    assert code == 0
    _assert_clean(out)
    assert "\u2424.txt · 1 paragraph" in out  # the source line: the newline of the name shown as ␤
    code = main(["analyze", str(p) + "-missing"])
    out, err = capsys.readouterr()
    assert code == 2 and len(err.splitlines()) == 1
    _assert_clean(err)


def test_printable_replaces_every_forbidden_code_point():
    for ch in sorted(FORBIDDEN):
        shown = printable(f"a{ch}b")
        assert ch not in shown and shown.startswith("a") and shown.endswith("b") and len(shown) > 2
    assert printable("line\n\tindented") == "line\n\tindented"
    assert one_line("a\nb\tc\rd\x85e\u2028f") == "a\u2424b\u2409c\u240dd\u2424e\u2424f"
    assert printable("\udce9") == "<0xE9>"  # an undecodable byte of a file name, printable at last


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200))
def test_printable_never_lets_a_control_through(s):
    shown = printable(s)
    _assert_clean(shown)
    shown.encode("utf-8")  # always encodable (no lone surrogates)
    flat = one_line(s)
    assert "\n" not in flat and "\r" not in flat and "\t" not in flat
    # Nothing else changes: the ordinary characters are all still there, in order.
    kept = [ch for ch in s if ch not in FORBIDDEN and not unicodedata.category(ch) == "Cs"]
    it = iter(shown)
    assert all(ch in it for ch in kept)
