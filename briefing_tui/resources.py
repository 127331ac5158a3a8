"""Where the bundled data lives: seeds/, styles/ and package data, found through ``importlib.resources``.

An installed wheel holds ``seeds/`` and ``styles/`` inside the package (pyproject's force-include
copies them to ``briefing_tui/seeds`` and ``briefing_tui/styles``), so they are resources of the
``briefing_tui`` package like its data files (taxonomy, gazetteer). In a source checkout or an
editable install they are not in the package but at the top of the repository, beside it, and are
found there. The package must be on the file system (not zipped): Textual reads the stylesheets and
the importer the seeds by path.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

PACKAGE = __package__ or "briefing_tui"
PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _package_files() -> Path:
    """The package's resource folder. For a package imported from the file system (the ordinary
    loader) that is the package's own folder, as ``importlib.resources.files`` would say; asking it
    costs the reader's start-up ~10 ms of imports (``importlib.resources``, ``zipfile``), so it is
    asked only for a package loaded some other way."""
    from importlib.machinery import SourceFileLoader, SourcelessFileLoader

    spec = sys.modules[PACKAGE].__spec__
    if spec is not None and isinstance(spec.loader, (SourceFileLoader, SourcelessFileLoader)) and spec.origin:
        return Path(spec.origin).resolve().parent
    from importlib.resources import files

    return Path(str(files(PACKAGE)))


@lru_cache(maxsize=None)
def _bundled(name: str) -> Path:
    inside = _package_files() / name
    if inside.is_dir():
        return inside  # an installed package
    return PACKAGE_DIR.parent / name  # a checkout: beside the package


def seeds_dir() -> Path:
    return _bundled("seeds")


def styles_dir() -> Path:
    return _bundled("styles")


def style_file(name: str) -> Path:
    """A stylesheet in styles/ (``app.tcss`` is the app's; screens opened later name their own)."""
    return styles_dir() / name


def seed_files() -> list[Path]:
    return sorted(p for p in seeds_dir().iterdir() if p.is_file() and not p.name.startswith("."))


def data_file(name: str) -> Path:
    """A file shipped inside the package (taxonomy, gazetteers)."""
    return _package_files() / name
