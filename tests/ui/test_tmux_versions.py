"""End to end in a real terminal (tmux): an article imported twice; the real `briefing` shows the
navigator's mark, the changes (C, n, escape), brief mode (B) and quits cleanly."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest
from fakes import write
from test_tmux_e2e import Tmux

pytestmark = [pytest.mark.tmux, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

V1 = "Title: Harbour talks\n\nThe harbour talks opened on Monday.\n\nAlda Kestrel said “We will sign nothing until the fleet withdraws.”\n"
V2 = (
    "Title: Harbour talks\n\nThe harbour talks opened on Monday.\n\nAlda Kestrel said “We will sign nothing until the fleet "
    "has withdrawn.”\n\nThe ministers will meet again in spring.\n"
)


def test_changes_and_brief_mode_in_a_real_terminal(tmp_path: Path, empty_library):
    f = write(tmp_path / "in" / "harbour.txt", V1)
    empty_library.import_paths([f])  # analysed by the fake analyser, cached: the program reads the cache
    write(f, V2)
    empty_library.import_paths([f])
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "BRIEFING_LIBRARY": str(empty_library.path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"env -i {exports} {shlex.quote(sys.executable)} -m briefing_tui.cli; echo BRIEFING-EXIT-$?; sleep 30"
    tmux = Tmux(140, 40)
    tmux.start(command)
    try:
        tmux.wait_for("sentence 1/", timeout=60)
        tmux.wait_for("Harbour talks ↻")  # the navigator marks an article with versions
        tmux.keys("C")
        screen = tmux.wait_for("Quote reworded: Alda Kestrel")
        assert "v1 → v2: +1 paragraph, 1 quote changed" in screen
        assert "fleet withdraws has withdrawn" in screen
        tmux.keys("n")
        tmux.wait_for("change 1 of 2")
        tmux.keys("Escape")
        time.sleep(0.5)
        tmux.keys("B")
        tmux.wait_for("filter: brief")
        tmux.keys("q")
        screen = tmux.wait_for("BRIEFING-EXIT-")
        assert "BRIEFING-EXIT-0" in screen, screen
    finally:
        tmux.kill()
