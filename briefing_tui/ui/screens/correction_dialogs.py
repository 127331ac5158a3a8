"""Dialogs the analyst corrects with: type a name (rename, merge, a quote's speaker) or pick one of a
few choices (an entity type, an alias to split off, a topic). Enter accepts, escape cancels."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...resources import style_file
from ..widgets.reader_layout import literal


class AskDialog(ModalScreen[str | None]):
    """One line of text (a name); enter accepts, escape cancels."""

    CSS_PATH = [style_file("dialogs.tcss")]
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask-cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.value, self.hint = title, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="ask-dialog"):
            yield Label(Content(literal(self.title_text)), classes="dialog-title")
            yield Input(value=literal(self.value), id="ask-input")
            yield Static(Content(literal(self.hint)), id="ask-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of ``choices`` ((value, label) pairs); enter picks, escape cancels."""

    CSS_PATH = [style_file("dialogs.tcss")]
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice-cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], current: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.choices, self.current = title, list(choices), current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice-dialog"):
            yield Label(Content(literal(self.title_text)), classes="dialog-title")
            yield OptionList(
                *[Option(Content(literal(label)), id=f"c{i}") for i, (_, label) in enumerate(self.choices)],
                id="choice-list",
            )

    def on_mount(self) -> None:
        box = self.query_one("#choice-list", OptionList)
        values = [v for v, _ in self.choices]
        if self.current in values:
            box.highlighted = values.index(self.current)
        box.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int((event.option.id or "c0")[1:])][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
