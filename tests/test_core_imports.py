"""The core stays light: importing it (or `briefing --help`) pulls in neither Textual, Rich nor spaCy."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import briefing_tui

PACKAGE = Path(briefing_tui.__file__).resolve().parent


def core_modules() -> list[str]:
    names = [
        "briefing_tui",
        "briefing_tui.cli",
        "briefing_tui.model",
        "briefing_tui.errors",
        "briefing_tui.config",
        "briefing_tui.resources",
        "briefing_tui.safe_text",
        "briefing_tui.toml_text",
    ]
    for sub in ("prose", "ingest", "analysis", "library", "export"):
        names.append(f"briefing_tui.{sub}")
        names += [f"briefing_tui.{sub}.{m.name}" for m in pkgutil.iter_modules([str(PACKAGE / sub)])]
    return names


def modules_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def heavy(mods: set[str]) -> set[str]:
    return {m for m in mods if m.split(".")[0] in ("textual", "rich", "spacy", "thinc")}


def test_core_modules_import_without_ui_or_nlp():
    names = core_modules()
    assert "briefing_tui.analysis.pipeline" in names and "briefing_tui.analysis.topics" in names
    code = "import importlib\nfor n in %r:\n    importlib.import_module(n)\n" % (names,)
    assert heavy(modules_after(code)) == set()


def test_briefing_help_does_not_import_spacy():
    code = (
        "import contextlib, io\nfrom briefing_tui.cli import main\n"
        "for argv in (['--help'], ['analyze', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n            main(argv)\n        except SystemExit:\n            pass\n"
        "import briefing_tui.commands.analyze\n"
    )
    mods = modules_after(code)
    assert not {m for m in mods if m.split(".")[0] in ("spacy", "thinc", "textual")}
