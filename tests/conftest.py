"""Shared fixtures: keep the developer's own data and config out of every test; a seeded library
built once per session (the real analysis runs once) and handed to tests as fresh copies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes import AnalyserSpy
from property_profiles import register_and_load

register_and_load()  # Hypothesis: ci (derandomized) when CI=true, fuzz with BRIEFING_PROPERTY_EXAMPLES=N

_ENV_DIRS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def _isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    mp.setenv("HOME", str(home))
    for name in _ENV_DIRS:
        mp.setenv(name, str(home / name.lower()))
    mp.delenv("BRIEFING_LIBRARY", raising=False)
    mp.delenv("BRIEFING_CONFIG_DIR", raising=False)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's data or config dir."""
    home = tmp_path_factory.mktemp("home")
    _isolate(monkeypatch, home)
    return home


@pytest.fixture(scope="session")
def seeded_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library filled with the bundled seed by the real pipeline, built once per session."""
    from briefing_tui.library import Library

    folder = tmp_path_factory.mktemp("seeded")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, folder / "home")
        path = folder / "library.sqlite3"
        lib = Library.open(path)
        lib.close()
    assert not Path(str(path) + "-wal").exists() or os.path.getsize(str(path) + "-wal") == 0
    return path


@pytest.fixture
def library_path(tmp_path: Path, seeded_library_file: Path) -> Path:
    """A private copy of the seeded library."""
    target = tmp_path / "lib" / "library.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(seeded_library_file, target)
    os.chmod(target, 0o600)
    return target


@pytest.fixture
def seeded_library(library_path: Path) -> Iterator:
    from briefing_tui.library import Library

    lib = Library.open(library_path)
    yield lib
    lib.close()


# ---------------------------------------------------------------------------- a fake analyser


@pytest.fixture
def fake_analyser(monkeypatch: pytest.MonkeyPatch) -> AnalyserSpy:
    """The pipeline replaced by ``fake_analyse`` (fast, known entities); ``.calls`` records the work."""
    from briefing_tui.analysis import pipeline

    spy = AnalyserSpy()
    monkeypatch.setattr(pipeline, "analyse_many", spy)
    return spy


@pytest.fixture
def empty_library(tmp_path: Path, fake_analyser: AnalyserSpy) -> Iterator:
    """A new library without the seed, analysed by the fake analyser."""
    from briefing_tui.library import Library

    lib = Library.open(tmp_path / "empty" / "library.sqlite3", seed=False)
    yield lib
    lib.close()


# ---------------------------------------------------------------------------- order for parallel runs


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first (``@pytest.mark.slow(minutes=N)``, heaviest first), so that under
    ``pytest -n auto --dist worksteal`` (the README's test command) they start at once and the other
    worker steals the rest, instead of a ten-minute test starting last and holding the run up."""

    def weight(item: pytest.Item) -> float:
        mark = item.get_closest_marker("slow")
        return float(mark.kwargs.get("minutes", 1)) if mark else 0.0

    items.sort(key=weight, reverse=True)  # stable: the order within a weight is the collection order
