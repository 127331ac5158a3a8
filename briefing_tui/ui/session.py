"""What the app hands its main screen: the library (or where to open one), the article to open first,
the start-up prefetch, the keymap and whether the theme is fixed; and the app's own key bindings.

It sits below the app and the screens so that neither has to import the other's module: ``app.py``
builds a ``ReaderSession`` and passes it to ``MainScreen``; the screen reads and updates it (it stores
the library it opened, and drops the prefetch once used).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from ..library import Library
    from .prefetch import StartupPrefetch

APP_BINDINGS = [
    Binding("ctrl+q", "quit", "Quit", id="quit-app", show=False, priority=True),
    Binding("ctrl+p", "command_palette", "Commands", id="command-palette", show=False),
]


@dataclass
class ReaderSession:
    """The reader's start-up state, shared by the app and its main screen."""

    library: Library | None = None  # opened before start, or by the main screen (in a worker)
    library_path: str | Path | None = None  # where the main screen opens (creates) the library
    taxonomy_path: str | Path | None = None  # the taxonomy a library opened here uses
    open_article_id: int | None = None  # the article to show first (None: the remembered one)
    startup_prefetch: StartupPrefetch | None = None  # the first article, read while the UI started
    keymap_overrides: dict[str, str] = field(default_factory=dict)  # binding id -> keys (settings)
    fixed_theme: bool = False  # a theme given on the command line: not changed by the remembered one
