"""Small modal dialogs: a yes/no confirmation and the export dialog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ...resources import style_file


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; `y`/enter confirms, `n`/escape declines."""

    CSS_PATH = [style_file("dialogs.tcss")]  # loaded when the first dialog opens

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(self.no, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


@dataclass(frozen=True)
class ExportRequest:
    format: str  # md | json | annotations
    scope: str  # article | all
    path: str
    force: bool = False  # overwrite an existing file (the user confirmed)


EXTENSIONS = {"md": "md", "json": "json", "annotations": "jsonld"}


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Choose format, scope and file; enter exports, escape cancels."""

    CSS_PATH = [style_file("dialogs.tcss")]  # loaded when the first dialog opens

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export-cancel")]

    def __init__(self, default_stem: str, has_article: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self.default_stem = default_stem
        self.has_article = has_article
        self._confirm_overwrite: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("Export", classes="dialog-title")
            with Horizontal(classes="export-choices"):
                with RadioSet(id="export-format"):
                    yield RadioButton("Markdown", value=True, id="fmt-md")
                    yield RadioButton("JSON", id="fmt-json")
                    yield RadioButton("Web annotations", id="fmt-annotations")
                with RadioSet(id="export-scope"):
                    yield RadioButton("This article", value=self.has_article, id="scope-article", disabled=not self.has_article)
                    yield RadioButton("Whole library", value=not self.has_article, id="scope-all")
            yield Input(value=f"{self.default_stem}.md", id="export-path")
            yield Static("", id="export-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="do-export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        box = self.query_one("#export-path", Input)
        self.set_focus(box)

    def _format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return (pressed.id or "fmt-md").removeprefix("fmt-") if pressed else "md"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "export-format":
            box = self.query_one("#export-path", Input)
            stem = box.value.rsplit(".", 1)[0] if "." in box.value else box.value
            box.value = f"{stem}.{EXTENSIONS[self._format()]}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "do-export":
            self._submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def _submit(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.show_error("give a file name")
            return
        scope_button = self.query_one("#export-scope", RadioSet).pressed_button
        scope = "all" if scope_button is not None and scope_button.id == "scope-all" else "article"
        target = Path(path).expanduser()
        if target.is_dir():
            self.show_error(f"{path} is a folder: give a file name")
            return
        force = False
        if target.exists():
            if self._confirm_overwrite != path:
                self._confirm_overwrite = path
                self.show_error(f"{path} exists: press Export again to overwrite it")
                return
            force = True
        self.dismiss(ExportRequest(self._format(), scope, path, force))

    def show_error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Content(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
