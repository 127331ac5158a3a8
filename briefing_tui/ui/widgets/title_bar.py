"""The title bar: the open article's title and source on one line; clicking the icon opens the palette.

Textual's ``Header`` composes three widgets (icon, title, clock space) and sets its title one message
after the screen's title changes, so the first frame showed an empty header. This is one widget that
renders the screen's title and sub-title itself (the same layout: icon left, title centred, ellipsis
when it does not fit), so the first frame already carries the title, for less start-up work.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

ICON = "≡"
ICON_WIDTH = 8  # as Textual's header: the icon's cell, and as much room kept on the right


class TitleBar(Widget, can_focus=False):
    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._title_changed, init=False)
        self.watch(self.screen, "sub_title", self._title_changed, init=False)

    def _title_changed(self, _value: object = None) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """What the bar shows in the middle (the title, and the source dimmed)."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> RenderResult:
        width = self.size.width
        icon = Content(f" {ICON}").truncate(ICON_WIDTH, pad=True)
        room = max(0, width - 2 * ICON_WIDTH)
        middle = self.title_content().center(room, ellipsis=True).truncate(room) if room else Content("")
        return Content.assemble(icon, middle).truncate(width, pad=True)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
