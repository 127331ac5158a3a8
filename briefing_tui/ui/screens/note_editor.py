"""The note editor: a modal Markdown editor anchored to a sentence or section.

`ctrl+s` calls the ``save`` callback (which writes the note to the library) and closes the editor
only when that succeeded, so the note is stored before the editor goes away. Any error from it
(read-only library, disk full, I/O error) keeps the editor open with the text and shows the error.
On a read-only library the editor says so as it opens. `escape` asks before throwing away unsaved text.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from ...errors import BriefingError
from ...model import Note
from ..widgets.reader_layout import literal
from .dialogs import ConfirmDialog


class NoteEditor(ModalScreen[Note | None]):
    """Edit a note body; dismisses with the saved Note (or None when cancelled)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note-cancel", priority=True),
    ]

    def __init__(
        self, heading: str, anchor: str, save: Callable[[str], Note], body: str = "", readonly: str = ""
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.readonly = readonly  # 'read-only: why' when the library cannot take the note
        self.heading = heading
        self.anchor = anchor
        self.save_fn = save
        self.initial = body
        self.saved: Note | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Label(Content(self.heading), classes="dialog-title")
            anchor = " ".join(literal(self.anchor).split())
            if len(anchor) > 300:
                anchor = anchor[:299] + "…"
            yield Static(Content("“" + anchor + "”"), id="note-anchor")
            yield TextArea(self.initial, id="note-body", soft_wrap=True, show_line_numbers=False)
            yield Static(Content("Markdown · ctrl+s save · escape cancel"), id="note-hint")
            yield Static("", id="note-error", markup=False)

    def on_mount(self) -> None:
        area = self.query_one("#note-body", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        if self.readonly:
            self.show_error(f"{self.readonly}: this note cannot be saved (copy the text elsewhere)")

    @property
    def text(self) -> str:
        return self.query_one("#note-body", TextArea).text

    def action_save(self) -> None:
        body = self.text
        if not body.strip():
            self.show_error("the note is empty: write something or press escape")
            return
        try:
            note = self.save_fn(body)
        except BriefingError as err:
            self.show_error(f"not saved: {err}")
            return
        except Exception as err:  # e.g. sqlite3.OperationalError: disk full, I/O error — the text stays
            self.show_error(f"not saved: {type(err).__name__}: {err}")
            return
        self.saved = note
        self.dismiss(note)

    def show_error(self, message: str) -> None:
        box = self.query_one("#note-error", Static)
        box.update(Content(" ".join(literal(message).split())))
        box.add_class("-error")

    def action_cancel(self) -> None:
        if self.text == self.initial or not self.text.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard this unsaved note?", yes="Discard", no="Keep editing"), answered)
