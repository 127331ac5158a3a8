"""The main screen's side panes: `e` / `w` / `m` show the entities, quotes and notes of the open article
(mounted just after the first frame); choosing an entity highlights its mentions and reveals the next
one, choosing a quote reveals it."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from ..widgets.reader_layout import literal
from .reader_base import ReaderScreenBase

PANE_TITLES = {"entities": "Entities", "quotes": "Quotes", "notes": "Notes", "history": "History"}  # the side panes: tab id -> title


class PanesPart(ReaderScreenBase):
    """The Entities / Quotes / Notes tabs and what choosing in them does."""

    KEYS_TITLE = "Side panes"
    PART_BINDINGS = [
        Binding("e", "pane('entities')", "Entities", id="pane-entities"),
        Binding("w", "pane('quotes')", "Quotes", id="pane-quotes"),
        Binding("m", "pane('notes')", "Notes", id="pane-notes"),
    ]

    _desired_pane = "entities"  # the tab to show when the panes are mounted
    _mounting_panes = False

    async def action_pane(self, pane: str) -> None:
        self._desired_pane = pane
        await self._ensure_panes()
        self.panes.active = pane
        self._focus_column("panes")

    async def _ensure_panes(self) -> None:
        """Mount the Entities / Quotes / Notes tabs (after the first paint: a lighter start-up)."""
        if self.panes_ready or self._mounting_panes:
            return
        self._mounting_panes = True
        from textual.widgets import TabPane

        from ..widgets.history import HistoryList
        from ..widgets.panes import EntityList, NoteList, QuoteList, SidePanes

        tabs = SidePanes(id="tabs", initial=self._desired_pane)
        for pane, widget in (
            ("entities", EntityList(id="entity-list")),
            ("quotes", QuoteList(id="quote-list")),
            ("notes", NoteList(id="note-list")),
            ("history", HistoryList(id="history-list")),  # filled by reader_versions.py
        ):
            tabs.compose_add_child(TabPane(PANE_TITLES[pane], widget, id=pane))
        await self.query_one("#panes").mount(tabs)
        self._mounting_panes = False
        self._fill_panes()

    def _fill_panes(self) -> None:
        controller = self.controller
        if not self.panes_ready or controller.view is None:
            return
        from ..widgets.panes import EntityList, NoteList, QuoteList

        marks = self.correction_marks()  # issue 10: corrected items are marked (reader_dossier.py)
        self.query_one(EntityList).show(controller.analysis, marks.entities)
        self.query_one(QuoteList).show(controller.analysis, marks.quotes)
        self.query_one(NoteList).show(controller.notes)
        self.panes.loading = controller.analysing

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """An entity chosen: its mentions; a quote chosen: revealed. (The notes part handles notes.)"""
        option_id = event.option.id or ""
        if event.option_list.id == "entity-list" and option_id.startswith("entity:"):
            self.choose_entity(option_id.split(":", 1)[1])
        elif event.option_list.id == "quote-list" and option_id.startswith("quote:"):
            analysis = self.controller.analysis
            if analysis:
                self.reader.reveal(analysis.quotes[int(option_id.split(":", 1)[1])].start)

    def choose_entity(self, entity_id: str) -> None:
        """Highlight an entity's mentions and reveal the next one after the cursor."""
        analysis = self.controller.analysis
        if analysis is None:
            return
        entity = analysis.entity(entity_id)
        if entity is None or not entity.mentions:
            return
        reader = self.reader
        current = reader.current_sentence()
        if reader.focused_entity != entity_id:
            reader.focus_entity(entity_id)
            after = current.start if current else 0
        else:
            after = current.end if current else 0
        target = next((m for m in entity.mentions if m.start >= after), entity.mentions[0])
        if reader.filter is not None and reader.sentence_at(target.start) not in reader.filter:
            reader.set_filter(None)
        reader.reveal(target.start)
        index = entity.mentions.index(target) + 1
        self.notify(f"{literal(entity.name)}: mention {index} of {len(entity.mentions)}", timeout=1.5, markup=False)

