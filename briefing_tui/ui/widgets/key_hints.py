"""A light footer: the keys that work here, as one line of text (click a key to press it).

Textual's ``Footer`` mounts a widget per key and recomposes on every focus change, which was the
largest single cost of the reader's start-up; this renders the same hints (active bindings with
``show=True``, the user's keymap applied) as one ``Content`` line, refreshed when the bindings change.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget


class KeyHints(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[tuple[str, str, str, bool]] = []  # (key to simulate, key display, description, enabled)
        self._palette: tuple[str, str, str, bool] | None = None
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.call_after_refresh(self._start)  # the first frame goes out without waiting for the hints

    def _start(self) -> None:
        if not self.is_attached:
            return
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:  # noqa: ANN001
        hints: list[tuple[str, str, str, bool]] = []
        seen: set[str] = set()
        palette = None
        app = self.app
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.action == "command_palette" and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), binding.description or "Commands", enabled)
                continue
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            hints.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        if hints != self._hints or palette != self._palette:
            self._hints = hints
            self._palette = palette
            self.refresh()

    def render(self) -> RenderResult:
        parts: list[Content | tuple[str, str] | str] = []
        spans: list[tuple[int, int, str]] = []
        x = 0
        for key, display, description, enabled in self._hints:
            key_part = f" {display} "
            text_part = f"{description} "
            key_style = "bold $footer-key-foreground" if enabled else "dim"
            parts.append((key_part, key_style))
            parts.append((text_part, "$footer-description-foreground" if enabled else "dim"))
            width = len(key_part) + len(text_part)
            spans.append((x, x + width, key))
            x += width
        line = Content.assemble(*parts)
        if self._palette is not None:
            key, display, description, _enabled = self._palette
            tail = Content.assemble((f" {display} ", "bold $footer-key-foreground"), (f"{description} ", "$footer-description-foreground"))
            room = self.size.width - tail.cell_length
            if room > 0:
                line = line.truncate(room, pad=True) + tail
                spans.append((room, self.size.width, key))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
