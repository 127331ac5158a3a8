"""The main screen's notes: `a` / `A` / `v` note a sentence, a section or a selection in the note editor;
the notes pane's `c` / `d` / `u` edit, delete and undo; choosing a note reveals its text in the reader."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from ...model import Note
from ..controller import error_text
from ..widgets.reader_layout import literal
from .reader_base import ReaderScreenBase


def note_id_of(option_id: str | None) -> int | None:
    """The note id of a notes-pane option id ('note:<id>')."""
    if not option_id or not option_id.startswith("note:"):
        return None
    return int(option_id.split(":", 1)[1])


class NotesPart(ReaderScreenBase):
    """Write, edit, delete and show notes on the open article."""

    KEYS_TITLE = "Notes"
    PART_BINDINGS = [
        Binding("a", "annotate('sentence')", "Note", id="annotate-sentence"),
        Binding("v", "select", "Select sentences (then a)", id="select-sentences", show=False),
        Binding("A", "annotate('section')", "Note on section", id="annotate-section", show=False),
    ]

    def action_select(self) -> None:
        self.reader.toggle_anchor()
        self._update_status()

    def action_annotate(self, scope: str) -> None:
        """Note the cursor's sentence, the selected sentences or (scope 'section') the section."""
        controller = self.controller
        view = controller.view
        if controller.lib is None or view is None or controller.article_id is None:
            return
        reader = self.reader
        sentence = reader.current_sentence()
        if sentence is None:
            return
        text = view.text
        section = reader.current_section()
        if scope == "section" and section is not None:
            start, end = section.start, section.end
            heading = f"Note on the section “{literal(section.label)}”"
        elif reader.anchor is not None and reader.anchor != reader.cursor:
            start, end = reader.selection_span() or (sentence.start, sentence.end)
            lo, hi = sorted((reader.anchor, reader.cursor))
            heading = f"Note on sentences {lo + 1}–{hi + 1}"
        else:
            start, end = sentence.start, sentence.end
            heading = f"Note on sentence {reader.cursor + 1}"
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        from .note_editor import NoteEditor

        save = controller.note_saver(start, end)
        editor = NoteEditor(heading, text[start:end], save, readonly=controller.readonly_message())
        self.app.push_screen(editor, self._note_saved)

    def _note_saved(self, note: Note | None) -> None:
        if note is None:
            return
        if self.reader.anchor is not None:
            self.reader.toggle_anchor()
        self.refresh_notes()
        self.notify("Note saved", timeout=2)

    def refresh_notes(self) -> None:
        """Read the open article's notes again and show them in the reader, navigator and notes pane."""
        if self.controller.lib is None or self.controller.article_id is None:
            return
        try:
            notes = self.controller.reload_notes()
        except Exception as err:
            self.notify(error_text(err), severity="error", markup=False)
            return
        self.reader.set_notes(notes)
        if self.nav_ready:
            self.nav.update_notes(notes)
        if not self.panes_ready:
            return
        from ..widgets.panes import NoteList

        note_list = self.query_one(NoteList)
        highlighted = note_list.highlighted
        note_list.show(notes)
        if highlighted is not None and note_list.option_count:
            note_list.highlighted = min(highlighted, note_list.option_count - 1)

    def _selected_note(self) -> Note | None:
        if not self.panes_ready:
            return None
        from ..widgets.panes import NoteList

        note_id = self.query_one(NoteList).selected_note_id()
        return self.controller.note(note_id) if note_id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "note-list":  # (the panes part handles the other lists)
            return
        note_id = note_id_of(event.option.id)
        note = self.controller.note(note_id) if note_id is not None else None
        if note is None:
            return
        if note.orphaned:
            self.notify("This note's text is no longer in the article.", markup=False)
            return
        self.reader.reveal(note.start)

    # the notes pane's keys (its bindings name these actions on the screen)

    def action_edit_note(self) -> None:
        note = self._selected_note()
        if note is None or self.controller.lib is None or self.controller.view is None:
            return
        from .note_editor import NoteEditor

        save = self.controller.note_editor_saver(note.id)
        editor = NoteEditor("Edit note", note.exact, save, body=note.body, readonly=self.controller.readonly_message())
        self.app.push_screen(editor, self._note_saved)

    def action_delete_note(self) -> None:
        note = self._selected_note()
        if note is None or self.controller.lib is None:
            return
        try:
            self.controller.delete_note(note.id)
        except Exception as err:  # read-only, disk full, busy: say so, keep the note
            self.notify(error_text(err), severity="error", markup=False)
            return
        self.refresh_notes()
        self.notify("Note deleted: press u to undo", timeout=4)

    def action_undo_delete(self) -> None:
        try:
            restored = self.controller.undo_delete()
        except Exception as err:
            self.notify(error_text(err), severity="error", markup=False)
            return
        if not restored:
            self.notify("Nothing to undo", timeout=2)
            return
        self.refresh_notes()
        self.notify("Note restored", timeout=2)
