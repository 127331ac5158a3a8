"""End to end in a real terminal (tmux): open an entity's dossier from the Entities pane, go back, retype
the entity from the pane, quit, and find the correction in `briefing corrections --json` and the
dossier's type in `briefing entity --json`. Skipped when tmux is missing."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_tmux_e2e import Tmux

pytestmark = [pytest.mark.tmux, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


def test_dossier_and_a_retype_in_a_real_terminal(tmp_path: Path):
    from briefing_tui.library import Library

    home = tmp_path / "home"
    home.mkdir()
    library = tmp_path / "library.sqlite3"
    with Library.open(library, seed=False) as lib:
        assert not lib.import_paths([FORMS]).failed
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "BRIEFING_LIBRARY": str(library),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"env -i {exports} {shlex.quote(sys.executable)} -m briefing_tui.cli; echo BRIEFING-EXIT-$?; sleep 30"
    tmux = Tmux(130, 42)
    tmux.start(command)
    try:
        tmux.wait_for("Harbour talks open in Lisbon")
        tmux.wait_for("sentence 1/")
        tmux.keys("e")
        time.sleep(0.5)
        tmux.keys("Down")
        time.sleep(0.3)
        tmux.keys("Enter")
        screen = tmux.wait_for("Timeline — 4 articles")
        assert "Mentions in context" in screen or "Said" in screen
        assert "Port fee talks resume after a pause" in screen
        tmux.keys("Escape")
        tmux.wait_for("sentence ")
        tmux.keys("t")
        tmux.wait_for("Marta Vilanova is a")
        tmux.keys("Down")  # PERSON is highlighted; the next type is ORG
        time.sleep(0.2)
        tmux.keys("Enter")
        tmux.wait_for("Corrected:")
        tmux.keys("q")
        screen = tmux.wait_for("BRIEFING-EXIT-")
        assert "BRIEFING-EXIT-0" in screen, screen
    finally:
        tmux.kill()

    def cli(*argv: str) -> str:
        out = subprocess.run([sys.executable, "-m", "briefing_tui.cli", *argv, "--library", str(library)],
                             capture_output=True, text=True, timeout=60, env={**os.environ, **env})
        assert out.returncode == 0, out.stderr
        return out.stdout

    (correction,) = json.loads(cli("corrections", "--json"))
    assert correction["kind"] == "retype" and correction["type"] == "ORG"
    assert json.loads(cli("entity", "Vilanova", "--json"))["type"] == "ORG"
