"""The main screen's saved state: the open article, the cursor's place in it, the side pane and the
theme are remembered in the library (never failing: a read-only or busy library just does not remember)
and restored when the library opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from ..controller import STATE_THEME
from .reader_base import ReaderScreenBase

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

SAVE_DELAY = 0.6  # seconds after the cursor stops before its place is written


class StatePart(ReaderScreenBase):
    """Remember and restore the reader's place."""

    _save_timer: Timer | None = None

    def restore_state(self) -> str | None:
        """(The library has just opened.) Apply the remembered theme; the remembered side pane."""
        app = self.app
        theme = self.controller.get_state(STATE_THEME)
        if theme and theme in app.available_themes and not self.session.fixed_theme:
            app.theme = theme
        return self.controller.restored_pane()

    def save_state(self) -> None:
        """Remember the open article, the cursor's place in it and the side pane shown (now)."""
        if not self.controller.ready:
            return
        pane = self.panes.active if self.panes_ready else None
        self.controller.remember_place(self.reader.current_offset(), pane)

    def schedule_save(self) -> None:
        """Remember the place once the cursor has rested (a write waits for the disk)."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_state)

    def remember_theme(self, theme: str) -> None:
        self.controller.set_state(STATE_THEME, theme)

    def set_theme(self, theme: str) -> None:
        """Switch the theme and remember it (the palette's theme commands)."""
        self.app.theme = theme
        self.remember_theme(theme)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "tabs" or not self.panes_ready:
            return
        pane = self.panes.active
        if pane:
            self.controller.remember_pane(pane)
