"""The layers are enforced: `lint-imports` (import-linter, contracts in pyproject.toml) passes, and a
back-edge — a lower layer importing a higher one — makes it fail, naming the broken contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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


def test_a_store_importing_the_ui_breaks_the_layers(tmp_path: Path) -> None:
    proc = lint(_copy_with(tmp_path, "library/store.py", "from ..ui import app  # noqa"))
    assert proc.returncode != 0
    assert "Data flows one way" in proc.stdout and "BROKEN" in proc.stdout
    assert "briefing_tui.library.store -> briefing_tui.ui.app" in proc.stdout


def test_ingest_and_analysis_importing_each_other_breaks_the_layers(tmp_path: Path) -> None:
    proc = lint(_copy_with(tmp_path, "ingest/text.py", "def _late():\n    from ..analysis import segment  # noqa"))
    assert proc.returncode != 0
    assert "briefing_tui.ingest.text -> briefing_tui.analysis.segment" in proc.stdout


def test_a_lazy_back_import_into_the_library_api_is_a_cycle(tmp_path: Path) -> None:
    proc = lint(_copy_with(tmp_path, "library/notes.py", "def _late():\n    from .api import Library  # noqa"))
    assert proc.returncode != 0
    assert "No import cycles" in proc.stdout and "BROKEN" in proc.stdout


def test_a_screen_reaching_back_into_the_app_is_a_cycle(tmp_path: Path) -> None:
    # the screens get what they need from the app as a ReaderSession (ui/session.py), never by importing it
    proc = lint(_copy_with(tmp_path, "ui/screens/reader_state.py", "def _late():\n    from ..app import BriefingApp  # noqa"))
    assert proc.returncode != 0
    assert "No cycles are allowed in briefing_tui.ui" in proc.stdout


def test_a_widget_importing_a_screen_is_a_cycle(tmp_path: Path) -> None:
    proc = lint(_copy_with(tmp_path, "ui/widgets/navigator.py", "def _late():\n    from ..screens import main  # noqa"))
    assert proc.returncode != 0
    assert "No cycles are allowed in briefing_tui.ui" in proc.stdout


def test_the_reader_controller_importing_a_widget_breaks_the_ui_layers(tmp_path: Path) -> None:
    # the controller is plain Python under the widgets (tested without Pilot): it never imports them
    proc = lint(_copy_with(tmp_path, "ui/controller.py", "def _late():\n    from .widgets import reader  # noqa"))
    assert proc.returncode != 0
    assert "The reader's modules" in proc.stdout and "BROKEN" in proc.stdout
    assert "briefing_tui.ui.controller -> briefing_tui.ui.widgets.reader" in proc.stdout


def test_the_ui_importing_a_command_breaks_the_layers(tmp_path: Path) -> None:
    proc = lint(_copy_with(tmp_path, "ui/prefetch.py", "def _late():\n    from ..commands import export  # noqa"))
    assert proc.returncode != 0
    assert "briefing_tui.ui.prefetch -> briefing_tui.commands.export" in proc.stdout


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
