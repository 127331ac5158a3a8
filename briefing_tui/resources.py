"""Where the bundled data lives: seeds/, styles/ and package data, in a wheel or in a source checkout.

In a wheel, ``seeds/`` and ``styles/`` are copied into the package (see pyproject's force-include);
in an editable install or a checkout they sit at the top of the repository, beside the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


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
    return PACKAGE_DIR / name
