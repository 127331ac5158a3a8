"""Option lists that survive any terminal size and any key timing (a work-around for Textual 8.2).

Textual's ``OptionList`` computes its lines only once it has a size: a page key pressed before that
(the command palette just opened, a pane squeezed to nothing in a 12-row terminal) raised ``KeyError``,
and a list narrower than its option padding asked Rich to wrap text to width 0 (``ValueError``).
Both ended the app; here they are no-ops until the list has room again. (The command palette's
list gets the same guard in palette.py.)
"""

from __future__ import annotations

from textual.widgets import OptionList


class SafeOptionList(OptionList):
    """An OptionList whose page keys and line layout never fail for want of room."""

    def _update_lines(self) -> None:
        region = self.scrollable_content_region
        if region:
            padding = self.get_component_styles("option-list--option").padding
            if region.width - self._get_left_gutter_width() - padding.width <= 0:
                return  # no room for a single cell of text: lay out when resized
        super()._update_lines()

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        padding = self.get_component_styles("option-list--option").padding
        if width - padding.width <= 0:
            return 0  # squeezed to nothing (a 40-column terminal with the search bar open)
        return super().get_content_height(container, viewport, width)

    def _move_page(self, direction) -> None:  # noqa: ANN001 (textual's Direction)
        try:
            super()._move_page(direction)
        except (KeyError, IndexError):  # no lines yet: nothing to page through
            pass
