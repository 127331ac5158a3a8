"""End to end: the real `briefing` program in a real terminal (tmux), on a temporary library.

Launch, wait for the seed's title, go to the peace-talks section, add a note, quit, and check with
`briefing notes --json` that the note is stored. Skipped when tmux is missing (`.ci/run` installs it).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.tmux, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

SEED_TITLE = "NATO weighs a tougher answer"


class Tmux:
    def __init__(self, width: int, height: int) -> None:
        self.socket = f"briefing-test-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=20
        )
        return out.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "t", "-x", str(self.width), "-y", str(self.height), command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "t", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")

    def wait_for_change(self, before: str, timeout: float = 10.0) -> str:
        """The screen once it differs from ``before`` (the last key has been handled)."""
        deadline = time.monotonic() + timeout
        screen = before
        while time.monotonic() < deadline:
            time.sleep(0.1)
            screen = self.screen()
            if screen != before:
                time.sleep(0.2)  # let the frame finish
                return self.screen()
        return screen

    def kill(self) -> None:
        self.run("kill-server")


def test_read_annotate_quit_and_the_note_is_stored(tmp_path: Path, library_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "BRIEFING_LIBRARY": str(library_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"env -i {exports} {shlex.quote(sys.executable)} -m briefing_tui.cli; echo BRIEFING-EXIT-$?; sleep 30"
    tmux = Tmux(120, 40)
    tmux.start(command)
    try:
        tmux.wait_for(SEED_TITLE)
        tmux.wait_for("sentence 1/")
        for _ in range(8):  # ] until the status line says we are in the peace talks section
            before = tmux.screen()
            if "Peace talks  sentence" in before:
                break
            tmux.keys("]")
            tmux.wait_for_change(before)  # one key at a time: keys sent while it starts up arrive together
        screen = tmux.wait_for("Peace talks  sentence")
        tmux.keys("j")
        time.sleep(0.3)
        tmux.keys("a")
        tmux.wait_for("Note on sentence")
        tmux.keys("Ask about the 28-point plan", literal=True)
        time.sleep(0.3)
        tmux.keys("C-s")
        tmux.wait_for("Note saved")
        tmux.keys("q")
        screen = tmux.wait_for("BRIEFING-EXIT-")
        assert "BRIEFING-EXIT-0" in screen, screen
    finally:
        tmux.kill()

    out = subprocess.run(
        [sys.executable, "-m", "briefing_tui.cli", "notes", "--json", "--library", str(library_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    notes = data if isinstance(data, list) else data.get("notes", data)
    bodies = [n["body"] for n in notes]
    assert bodies == ["Ask about the 28-point plan"]
    from briefing_tui.library import Library

    with Library.open(library_path) as lib:
        note = lib.notes()[0]
        analysis = lib.analysis(note.article_id, compute=False)
        section = next(s for s in analysis.sections if s.start <= note.start < s.end)
        assert section.topic == "peace-talks"


def test_an_article_piped_in_is_read_with_keys_from_the_terminal(tmp_path: Path, library_path: Path):
    """`… | briefing -`: the article from the pipe is imported and opened; keys come from the terminal."""
    home = tmp_path / "home"
    home.mkdir()
    article = tmp_path / "piped.txt"
    article.write_text(
        "Harbour cranes idle in the dock strike\n\nThe port of Borvia was quiet on Monday. "
        "Dock workers stopped work over pay. Ships waited outside the harbour.\n",
        encoding="utf-8",
    )
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "BRIEFING_LIBRARY": str(library_path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (
        f"cat {shlex.quote(str(article))} | env -i {exports} {shlex.quote(sys.executable)} -m briefing_tui.cli -; "
        "echo BRIEFING-EXIT-$?; sleep 30"
    )
    tmux = Tmux(120, 40)
    tmux.start(command)
    try:
        tmux.wait_for("Harbour cranes idle", timeout=60)
        tmux.wait_for("sentence 1/")
        tmux.keys("j")
        tmux.wait_for("sentence 2/")  # the keys reach the reader
        tmux.keys("q")
        screen = tmux.wait_for("BRIEFING-EXIT-")
        assert "BRIEFING-EXIT-0" in screen, screen
    finally:
        tmux.kill()
    from briefing_tui.library import Library

    with Library.open(library_path) as lib:
        assert any(a.title == "Harbour cranes idle in the dock strike" and a.source.startswith("stdin:")
                   for a in lib.articles())
