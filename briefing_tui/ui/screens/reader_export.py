"""The main screen's export: `x` opens the export dialog and writes the file in a worker (the same
content as `briefing export`); the outcome is a notification, never output on the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from ...errors import BriefingError
from ..widgets.reader_layout import literal
from .reader_base import ReaderScreenBase

if TYPE_CHECKING:
    from .dialogs import ExportRequest


class ExportPart(ReaderScreenBase):
    """Export the open article or the library."""

    KEYS_TITLE = "Export"
    PART_BINDINGS = [Binding("x", "export", "Export", id="export")]

    def action_export(self) -> None:
        if self.controller.lib is None:
            return
        from .dialogs import ExportDialog

        dialog = ExportDialog(self.controller.export_stem(), has_article=self.controller.article_id is not None)
        self.app.push_screen(dialog, self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is not None:
            self._export(request)

    @work(thread=True, group="export", description="export")
    def _export(self, request: ExportRequest) -> None:
        try:
            target = self.controller.export(request.scope, request.format, request.path, request.force)
        except BriefingError as err:
            self.app.call_from_thread(self.notify, str(err), title="Export", severity="error", markup=False)
            return
        except Exception as err:  # a bug in an exporter must not end the reader
            self.app.call_from_thread(
                self.notify, f"export failed: {type(err).__name__}: {err}", title="Export", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.notify, f"Exported to {literal(str(target))}", title="Export", markup=False)
