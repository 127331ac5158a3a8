"""The `?` help screen: every key binding (with the user's keymap applied), grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...resources import style_file


def _key_label(keys: str) -> str:
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "question_mark": "?",
        "slash": "/",
        "space": "space",
    }
    return " ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def binding_rows(groups: Iterable[tuple[str, Iterable[Binding]]], keymap: Mapping[str, str]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(group, [(keys, description, id)]) with keymap overrides applied; bindings without text skipped."""
    out = []
    for group, bindings in groups:
        rows = []
        seen: set[str] = set()
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            key_id = binding.id or ""
            if key_id and key_id in seen:
                continue
            seen.add(key_id)
            keys = keymap.get(key_id, binding.key) if key_id else binding.key
            rows.append((_key_label(keys), binding.description, key_id))
        if rows:
            out.append((group, rows))
    return out


class HelpScreen(ModalScreen[None]):
    """Lists the keys; escape, q or ? closes it."""

    CSS_PATH = [style_file("dialogs.tcss")]  # loaded when the first dialog opens

    BINDINGS = [Binding("escape,q,question_mark", "dismiss_help", "Close help", id="help-close")]

    def __init__(self, groups: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        super().__init__(classes="dialog-screen")
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                for group, rows in self.groups:
                    yield Static(Content.styled(group, "bold $text-accent"), classes="help-group")
                    width = max(len(k) for k, _, _ in rows)
                    body = Content("\n").join(
                        Content.assemble((keys.ljust(width + 2), "bold"), description, (f"  [{key_id}]" if key_id else "", "dim"))
                        for keys, description, key_id in rows
                    )
                    yield Static(body, classes="help-rows")
            yield Static(
                Content("Rebind keys in settings.toml: [keymap] next-sentence = \"j,down\"  (ids in brackets)"),
                id="help-hint",
            )

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
