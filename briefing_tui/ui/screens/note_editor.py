"""The note editor: a modal Markdown editor anchored to a sentence or section.

`ctrl+s` calls the ``save`` callback (which writes the note to the library) and closes the editor
only when that succeeded, so the note is stored before the editor goes away. Any error from it
(read-only library, disk full, I/O error) keeps the editor open with the text and shows the error.
On a read-only library the editor says so as it opens. `escape` asks before throwing away unsaved text.
`ctrl+o` edits the text in ``$VISUAL`` / ``$EDITOR`` (the app is suspended meanwhile; the text comes
back into this editor, to be saved with `ctrl+s`). The temporary file is private (0600) and removed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from ...errors import BriefingError
from ...model import Note
from ...resources import style_file
from ..widgets.reader_layout import literal
from .dialogs import ConfirmDialog


class NoteEditor(ModalScreen[Note | None]):
    """Edit a note body; dismisses with the saved Note (or None when cancelled)."""

    CSS_PATH = [style_file("dialogs.tcss")]  # loaded when the first dialog opens

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note-cancel", priority=True),
        Binding("ctrl+o", "external_editor", "Edit in $EDITOR", id="note-external-editor", priority=True),
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
            yield Static(Content("Markdown · ctrl+s save · escape cancel · ctrl+o $EDITOR"), id="note-hint")
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

    def action_external_editor(self) -> None:
        """Edit the text in the user's editor; what it leaves in the file comes back here."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
        try:
            argv = shlex.split(command)
        except ValueError as err:
            self.show_error(f"$EDITOR {command!r} cannot be parsed ({err})")
            return
        if not argv:
            self.show_error("set $EDITOR (or $VISUAL) to edit notes in your own editor")
            return
        fd, name = tempfile.mkstemp(prefix="briefing-note-", suffix=".md")  # 0600: note bodies stay private
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(self.text)
            try:
                with self.app.suspend():
                    code = subprocess.call([*argv, name])
            except OSError as err:
                self.show_error(f"cannot run $EDITOR {argv[0]!r} ({err.strerror or err})")
                return
            except Exception as err:  # e.g. textual's SuspendNotSupported (no real terminal)
                self.show_error(f"cannot hand the note to $EDITOR here ({type(err).__name__})")
                return
            text = Path(name).read_text(encoding="utf-8", errors="replace")
        finally:
            try:
                os.unlink(name)
            except OSError:
                pass
        if code != 0:
            self.show_error(f"$EDITOR exited with status {code}: the text was not changed")
            return
        area = self.query_one("#note-body", TextArea)
        area.load_text(text.rstrip("\n") if text.endswith("\n") and not self.text.endswith("\n") else text)
        area.move_cursor(area.document.end)
        area.focus()
        self.show_error("")

    def show_error(self, message: str) -> None:
        box = self.query_one("#note-error", Static)
        box.update(Content(" ".join(literal(message).split())))
        box.set_class(bool(message), "-error")

    def action_cancel(self) -> None:
        if self.text == self.initial or not self.text.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard this unsaved note?", yes="Discard", no="Keep editing"), answered)
