"""The right-hand panes: entities (by type, with mention counts), quotes (who said what) and notes.

Each is an ``OptionList`` (line based, fast); prompts are ``Content`` built from plain strings, so
nothing from an article is parsed as markup. Option ids carry what a choice refers to:
``entity:<id>``, ``quote:<index>``, ``note:<id>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, TabbedContent
from textual.widgets.option_list import Option

from ...model import Analysis, Note
from .reader_layout import literal
from .safe_lists import SafeOptionList

TYPE_GROUPS = (
    ("People", ("PERSON",)),
    ("Organisations", ("ORG",)),
    ("Places", ("GPE", "LOC", "FAC")),
    ("Nationalities & groups", ("NORP",)),
)
TYPE_STYLE = {
    "PERSON": "$text-primary",
    "ORG": "$text-secondary",
    "GPE": "$text-success",
    "LOC": "$text-success",
    "FAC": "$text-success",
    "NORP": "$text-warning",
}


def _short(text: str, limit: int) -> str:
    text = " ".join(literal(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


CORRECTED = " ✎"  # the mark of an item the analyst corrected


class EntityList(SafeOptionList):
    """Entities grouped by type, most mentioned first; a person with a title or role shows the first
    one the article gives on a second line ("Suella Braverman ×3" over "Home Secretary")."""

    BINDINGS = [  # issue 10: the dossier and the corrections
        Binding("enter", "screen.dossier", "Dossier", id="entity-dossier"),
        Binding("space", "select", "Next mention", id="entity-next-mention"),
        Binding("t", "screen.correct_entity('retype')", "Retype", id="entity-retype"),
        Binding("r", "screen.correct_entity('rename')", "Rename", id="entity-rename"),
        Binding("M", "screen.correct_entity('merge')", "Merge into…", id="entity-merge"),
        Binding("s", "screen.correct_entity('split')", "Split an alias off", id="entity-split"),
        Binding("X", "screen.correct_entity('reject')", "Not an entity", id="entity-reject"),
    ]

    def show(self, analysis: Analysis | None, marked: frozenset[str] = frozenset()) -> None:
        options: list[Option | None] = []
        if analysis is None:
            self.set_options([Option(Content("(analysing…)"), disabled=True)])
            return
        for heading, types in TYPE_GROUPS:
            group = [e for e in analysis.entities if e.type in types]
            if not group:
                continue
            group.sort(key=lambda e: (-len(e.mentions), e.name.lower()))
            if options:
                options.append(None)
            options.append(Option(Content.styled(heading, "bold"), disabled=True))
            for entity in group:
                roles = getattr(entity, "roles", ())
                prompt = Content.assemble(
                    (_short(entity.name, 60), TYPE_STYLE.get(entity.type, "")),
                    (f"  ×{len(entity.mentions)}", "dim"),
                    (CORRECTED if entity.id in marked else "", "$text-warning"),
                    (f"\n  {_short(roles[0], 40)}" if roles else "", "dim italic"),  # "Home Secretary"
                )
                options.append(Option(prompt, id=f"entity:{entity.id}"))
        if not options:
            options.append(Option(Content("(no entities found)"), disabled=True))
        self.set_options(options)


class QuoteList(SafeOptionList):
    """Quotes in reading order, each with its speaker. Its options are made when it is first on screen
    (a long article has thousands of quotes, a few MB of options, and the Quotes tab may never be opened)."""

    _pending: tuple[Analysis | None, frozenset[int]] | None = None  # to show once on screen (None: shown)

    BINDINGS = [Binding("s", "screen.correct_speaker", "Set the speaker", id="quote-speaker")]  # issue 10

    def show(self, analysis: Analysis | None, marked: frozenset[int] = frozenset()) -> None:
        self._pending = (analysis, marked)
        if self.is_on_screen:
            self._fill()

    def on_show(self) -> None:
        self._fill()

    def _fill(self) -> None:
        if self._pending is None:
            return
        analysis, marked = self._pending
        self._pending = None
        if analysis is None:
            self.set_options([Option(Content("(analysing…)"), disabled=True)])
            return
        options: list[Option | None] = []
        for index, quote in enumerate(analysis.quotes):
            # a scare quote, term or title has no speaker by design: say so rather than "unattributed"
            speaker = _short(quote.speaker or ("term or title" if quote.kind == "scare" else "unattributed"), 40)
            prompt = Content.assemble(
                (speaker, "bold $text-primary" if quote.speaker else "dim"),
                (CORRECTED if index in marked else "", "$text-warning"),
                "\n",
                ("“" + _short(quote.text, 160) + "”", "italic"),
            )
            options.append(Option(prompt, id=f"quote:{index}"))
        if not options:
            options.append(Option(Content("(no quotes found)"), disabled=True))
        self.set_options(options)


class NoteList(SafeOptionList):
    """This article's notes in text order; orphaned notes listed apart."""

    BINDINGS = [
        Binding("c", "screen.edit_note", "Edit note", id="note-edit"),
        Binding("d,delete", "screen.delete_note", "Delete note", id="note-delete"),
        Binding("u", "screen.undo_delete", "Undo delete", id="note-undo"),
    ]

    def show(self, notes: Sequence[Note]) -> None:
        live = sorted((n for n in notes if not n.deleted and not n.orphaned), key=lambda n: (n.start, n.id))
        orphans = [n for n in notes if n.orphaned and not n.deleted]
        options: list[Option | None] = []
        for note in live:
            options.append(Option(self._prompt(note), id=f"note:{note.id}"))
        if orphans:
            if options:
                options.append(None)
            options.append(Option(Content.styled("Orphaned (text no longer found)", "bold $text-warning"), disabled=True))
            for note in orphans:
                options.append(Option(self._prompt(note), id=f"note:{note.id}"))
        if not options:
            options.append(Option(Content("(no notes yet — press a to annotate a sentence)"), disabled=True))
        self.set_options(options)

    @staticmethod
    def _prompt(note: Note) -> Content:
        body = note.body.strip().splitlines()[0] if note.body.strip() else "(empty)"
        return Content.assemble(
            (_short(body, 80), "bold"),
            "\n",
            ("“" + _short(note.exact, 70) + "”", "dim italic"),
        )

    def selected_note_id(self) -> int | None:
        option = self.highlighted_option
        if option is None or not option.id or not option.id.startswith("note:"):
            return None
        return int(option.id.split(":", 1)[1])


LISTS = {"entities": "#entity-list", "quotes": "#quote-list", "notes": "#note-list", "history": "#history-list"}


class SidePanes(TabbedContent):
    """Entities / Quotes / Notes as tabs (the screen composes the three TabPanes into it)."""

    def list_for(self, pane: str) -> OptionList:
        return self.query_one(LISTS[pane], OptionList)
