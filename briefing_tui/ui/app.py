"""BriefingApp: the Textual application (styles from the shipped styles/ folder, keymap from settings).

The app itself holds little: the library (opened before start, or in a worker by the main screen),
the article to open first and the user's keymap. ``MainScreen`` does the work.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from ..resources import style_file
from .palette import BriefingCommands, SafeCommandPalette
from .screens.main import MainScreen
from .session import APP_BINDINGS, ReaderSession
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from ..library import Library
    from .prefetch import StartupPrefetch


def resume_gc() -> None:
    """Turn the cycle collector back on when `briefing` turned it off for the start-up: what was
    allocated until now (modules, the first article) is frozen, so collections do not walk it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class BriefingApp(App[None]):
    """The briefing reader."""

    CSS_PATH = [style_file("app.tcss")]  # the modal screens load styles/dialogs.tcss when first opened
    TITLE = "Briefing"
    COMMANDS = App.COMMANDS | {BriefingCommands}
    BINDINGS = APP_BINDINGS

    def __init__(
        self,
        library: Library | None = None,
        *,
        library_path: str | Path | None = None,
        open_article: int | None = None,
        settings: Settings | None = None,
        theme: str | None = None,
        taxonomy: str | Path | None = None,
        prefetch: StartupPrefetch | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else load_settings()
        self.session = ReaderSession(
            library=library,
            library_path=library_path,
            taxonomy_path=taxonomy,  # used when the main screen opens (creates) the library itself
            open_article_id=open_article,
            startup_prefetch=prefetch,  # the first article, being read while the UI started (or None)
            keymap_overrides=dict(self.settings.keymap),
            fixed_theme=theme is not None,
        )
        if theme is not None:
            self.theme = theme

    @property
    def library(self) -> Library | None:
        """The open library (None until the main screen has opened it, when the app did not)."""
        return self.session.library

    @property
    def keymap_overrides(self) -> dict[str, str]:
        return self.session.keymap_overrides

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.session)

    def on_mount(self) -> None:
        self.call_after_refresh(resume_gc)
        if self.session.keymap_overrides:
            self.set_keymap(self.session.keymap_overrides)
        if self.settings.warning:
            # (`briefing` refuses to start on a broken settings file; an app built with one uses defaults)
            self.notify(f"{self.settings.warning} (settings not applied)", severity="warning", markup=False, timeout=8)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme) -> None:
        screen = self._main_screen()
        if screen is not None and screen.ready and not self.session.fixed_theme:
            screen.remember_theme(self.theme)

    def on_resize(self, event) -> None:  # noqa: ANN001
        # Only the active screen gets Resize: the main screen under a dialog must switch between its
        # wide and narrow layouts too, or it is laid out (behind the dialog, and when it resumes)
        # with three columns squeezed into a narrow terminal.
        screen = self._main_screen()
        if screen is not None and screen is not self.screen and screen.is_attached:
            screen._apply_width(event.size.width)

    def _main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def action_command_palette(self) -> None:
        if self.use_command_palette and not SafeCommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    async def action_quit(self) -> None:
        screen = self._main_screen()
        if screen is not None:
            screen.save_state()
        self.exit()
