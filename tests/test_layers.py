"""The layers are enforced: `lint-imports` (import-linter, contracts in pyproject.toml) passes, and a
back-edge — a lower layer importing a higher one — makes it fail, naming the broken contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefing_tui

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(briefing_tui.__file__).resolve().parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`lint-imports` (the one installed next to this Python) run in ``root``: the package found there
    comes first, and the contracts are ``root``'s pyproject.toml."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        capture_output=True, text=True, timeout=300, cwd=root,
    )


def test_the_import_contracts_are_kept() -> None:
    proc = lint()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    copy = tmp_path / "briefing_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    return tmp_path


# (module, the back-edge planted at its end, what lint-imports must then print): every one breaks a contract
PLANTED_BREAKS = [
    pytest.param("library/store.py", "from ..ui import app  # noqa",
                 ["Data flows one way", "BROKEN", "briefing_tui.library.store -> briefing_tui.ui.app"], id="store->ui"),
    pytest.param("ingest/text.py", "def _late():\n    from ..analysis import segment  # noqa",
                 ["briefing_tui.ingest.text -> briefing_tui.analysis.segment"], id="ingest->analysis"),
    pytest.param("library/notes.py", "def _late():\n    from .api import Library  # noqa",
                 ["No import cycles", "BROKEN"], id="lazy-cycle-in-library"),
    # the screens get what they need from the app as a ReaderSession (ui/session.py), never by importing it
    pytest.param("ui/screens/reader_state.py", "def _late():\n    from ..app import BriefingApp  # noqa",
                 ["No cycles are allowed in briefing_tui.ui"], id="screen->app"),
    pytest.param("ui/widgets/navigator.py", "def _late():\n    from ..screens import main  # noqa",
                 ["No cycles are allowed in briefing_tui.ui"], id="widget->screen"),
    # the controller is plain Python under the widgets (tested without Pilot): it never imports them
    pytest.param("ui/controller.py", "def _late():\n    from .widgets import reader  # noqa",
                 ["The reader's modules", "BROKEN", "briefing_tui.ui.controller -> briefing_tui.ui.widgets.reader"],
                 id="controller->widget"),
    pytest.param("ui/prefetch.py", "def _late():\n    from ..commands import export  # noqa",
                 ["briefing_tui.ui.prefetch -> briefing_tui.commands.export"], id="ui->commands"),
]


@pytest.mark.parametrize(("module", "line", "expected"), PLANTED_BREAKS)
def test_a_planted_back_edge_breaks_the_layers(tmp_path: Path, module: str, line: str, expected: list[str]) -> None:
    proc = lint(_copy_with(tmp_path, module, line))
    assert proc.returncode != 0
    for text in expected:
        assert text in proc.stdout, text


def test_the_library_operations_use_only_the_stores_public_surface() -> None:
    import ast

    private = []
    for name in ("importer", "notes", "search", "api", "feeds", "refresh", "read_state"):
        path = PACKAGE / "library" / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name) and node.value.id in ("lib", "self", "store")):
                private.append(f"{name}.py:{node.lineno}: {node.value.id}.{node.attr}")
    assert private == []
