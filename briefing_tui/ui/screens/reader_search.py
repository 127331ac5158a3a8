"""The main screen's search and filter: `/` opens the search bar, a chosen hit is revealed in the reader,
`n`/`N` walk the hits (across articles), `f` filters the reader to an entity's or the search's sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from ..widgets.reader_layout import literal
from .reader_base import ReaderScreenBase

if TYPE_CHECKING:
    from ..widgets.search_bar import SearchBar


class SearchPart(ReaderScreenBase):
    """Search across the library and filter the open article."""

    KEYS_TITLE = "Search and filter"
    PART_BINDINGS = [
        Binding("slash", "search", "Search", id="search", key_display="/"),
        Binding("n", "next_match", "Next match", id="next-match", show=False),
        Binding("N", "previous_match", "Previous match", id="previous-match", show=False),
        Binding("f", "filter", "Filter", id="filter"),
    ]

    async def action_search(self) -> None:
        from ..widgets.search_bar import SearchBar

        if self.search_ready:
            bar = self.search_bar
        else:  # mounted on first use (a lighter start-up); keys typed meanwhile wait for this action
            bar = SearchBar(search=self.controller.search, id="search")
            await self.query_one("#centre").mount(bar, before=self.reader)
        bar.remove_class("-collapsed")
        bar.open()

    def on_search_bar_closed(self, _message: SearchBar.Closed) -> None:
        self.reader.focus()

    def on_search_bar_hit_chosen(self, message: SearchBar.HitChosen) -> None:
        self.controller.hits = message.hits
        self.go_to_hit(message.index)
        self.search_bar.add_class("-collapsed")
        self._focus_column("reader")

    def go_to_hit(self, index: int) -> None:
        """Reveal search hit ``index`` (opening its article when it is another one)."""
        controller = self.controller
        hit = controller.choose_hit(index)
        if hit is None:
            return
        matches = controller.matches_for(hit.article_id)
        if hit.article_id != controller.article_id:
            controller.pending_matches = matches
            self.open_article(hit.article_id, hit.start, focus_reader=True)
            return
        reader = self.reader
        reader.set_matches(matches)
        if reader.filter is not None and reader.sentence_at(hit.start) not in reader.filter:
            reader.set_filter(None)
        reader.reveal(hit.start)
        self._update_status()

    def action_next_match(self) -> None:
        if not self.controller.hits:
            self.notify("No search results: press / to search", timeout=2)
            return
        self.go_to_hit(self.controller.hit_index + 1)

    def action_previous_match(self) -> None:
        if not self.controller.hits:
            self.notify("No search results: press / to search", timeout=2)
            return
        self.go_to_hit(self.controller.hit_index - 1)

    def action_filter(self) -> None:
        """Show only the sentences that mention the chosen entity (or hold a search match); again: all."""
        reader = self.reader
        controller = self.controller
        if reader.filter is not None:
            reader.set_filter(None)
            self._update_status()
            return
        spans: list[tuple[int, int]] = []
        label = ""
        analysis = controller.analysis
        if reader.focused_entity and analysis:
            entity = analysis.entity(reader.focused_entity)
            if entity:
                spans = [(m.start, m.end) for m in entity.mentions]
                label = " ".join(literal(entity.name).split())
        if not spans and controller.article_id is not None and controller.hits:
            spans = controller.matches_for(controller.article_id)
            label = f"search “{literal(self.search_bar.query_text)}”" if self.search_ready else "search"
        if not spans:
            self.notify("Choose an entity (e) or search (/) first, then f filters to its sentences.", timeout=3)
            return
        keep = sorted({reader.sentence_at(a) for a, _ in spans})
        keep = [i for i in keep if i < len(reader.sentences)]
        reader.set_filter(keep, label)
        self._update_status()
