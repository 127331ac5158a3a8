"""The search bar: library-wide search as you type (debounced, in a thread worker), results below.

Each result shows the article title, the topic and a snippet with the matched words marked; choosing
one posts ``SearchBar.HitChosen``. An invalid query shows its error under the input, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...errors import BriefingError
from .reader_layout import literal
from .safe_lists import SafeOptionList

if TYPE_CHECKING:
    from ...library.search import SearchHit

DEBOUNCE = 0.2
LIMIT = 50


def hit_prompt(hit: SearchHit) -> Content:
    title = " ".join(literal(hit.article_title or "").split()) or f"Article {hit.article_id}"
    if len(title) > 70:
        title = title[:69] + "…"
    parts: list[Any] = [(title, "bold")]
    if hit.topic_label:
        parts.append(("  · " + literal(hit.topic_label), "dim"))
    parts.append("\n")
    for text, matched in hit.snippet:
        text = " ".join(literal(text).split("\n"))
        parts.append((text, "bold reverse $text-warning") if matched else text)
    return Content.assemble(*parts)


class SearchBar(Vertical):
    """Input + error line + result list."""

    BINDINGS = [
        Binding("escape", "close", "Close search", id="search-close"),
        Binding("down", "focus_results", "Results", show=False, id="search-results"),
    ]

    class HitChosen(Message):
        def __init__(self, hits: Sequence[Any], index: int) -> None:
            super().__init__()
            self.hits = list(hits)
            self.index = index

    class Closed(Message):
        pass

    def __init__(self, search: Callable[[str], Sequence[Any]] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.search_fn = search
        self.hits: list[Any] = []
        self.query_text = ""
        self.searching = False
        self._timer: Timer | None = None

    def compose(self):
        yield Input(placeholder="search the library  (topic:ID  entity:\"Name\"  speaker:Name  \"phrase\"  word*)", id="search-input")
        yield Static("", id="search-error", markup=False)
        yield SafeOptionList(id="search-results")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    def open(self) -> None:
        self.display = True
        # focus now, not after a refresh: keys typed right after `/` must land in the input
        self.screen.set_focus(self.input)

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def action_focus_results(self) -> None:
        if self.results.option_count:
            self.results.focus()
            if self.results.highlighted is None:
                self.results.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.run_search(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if event.value.strip() != self.query_text:
            self.run_search(event.value, choose_first=True)
            return
        self._choose(self.results.highlighted or 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self.hits):
            self.post_message(self.HitChosen(self.hits, index))

    def run_search(self, query: str, choose_first: bool = False) -> None:
        query = query.strip()
        self.query_text = query
        if not query:
            self.hits = []
            self.results.clear_options()
            self._set_error("")
            return
        self.searching = True
        self._search(query, choose_first)

    @work(thread=True, exclusive=True, group="search", description="search the library")
    def _search(self, query: str, choose_first: bool) -> None:
        worker = get_current_worker()
        try:
            hits = list(self.search_fn(query)) if self.search_fn else []
            error = ""
        except BriefingError as err:
            hits, error = [], str(err)
        except Exception as err:  # a bug below the UI shows in the bar rather than ending the app
            hits, error = [], f"search failed: {type(err).__name__}: {err}"
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, hits, error, choose_first)

    def _show(self, query: str, hits: list[Any], error: str, choose_first: bool) -> None:
        if query != self.query_text:
            return
        self.searching = False
        self.hits = hits
        self._set_error(error)
        options = [Option(hit_prompt(hit), id=f"hit:{i}") for i, hit in enumerate(hits)]
        if not options and not error:
            options = [Option(Content(f"no matches for {literal(query)}"), disabled=True)]
        self.results.set_options(options)
        if hits:
            self.results.highlighted = 0
        if choose_first and hits:
            self._choose(0)

    def _set_error(self, error: str) -> None:
        box = self.query_one("#search-error", Static)
        box.update(Content(literal(error)))
        box.set_class(bool(error), "-error")
