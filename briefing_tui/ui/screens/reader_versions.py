"""The main screen's versions and briefs part (see ``reader_base.py``):

- the History pane (``h``): the open article's versions with what changed; choosing one opens the
  changes from the version before it; the navigator marks articles with versions (``↻``);
- show changes (``C``): ``ChangesScreen`` for the last two versions;
- brief mode (``B``): the reader shows only the article brief's sentences; ``enter`` (or ``escape``)
  goes back to the full text at the sentence under the cursor;
- the library brief (from the command palette): ``BriefScreen``, whose lines open their article.
Library reads are the controller's (``read_history``, ``read_versioned``), run in thread workers.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.binding import Binding
from textual.widgets import OptionList

from .reader_base import ReaderScreenBase

BRIEF_LABEL = "brief"


class VersionsPart(ReaderScreenBase):
    """History pane, show changes, brief mode and the library brief."""

    KEYS_TITLE = "Versions and briefs"
    PART_BINDINGS = [
        Binding("h", "pane('history')", "History", id="pane-history", show=False),
        Binding("C", "show_changes", "Show changes", id="show-changes", show=False),
        Binding("B", "brief_mode", "Brief mode", id="brief-mode", show=False),
        Binding("enter", "brief_jump", "Full text here (brief mode)", id="brief-jump", show=False),
    ]

    # ------------------------------------------------------------------ history pane
    def _fill_panes(self) -> None:
        super()._fill_panes()  # type: ignore[misc]  # PanesPart's (VersionsPart comes first among the bases)
        self._fill_history()

    def _fill_history(self) -> None:
        if not self.query("#history-list") or self.article_id is None or self.lib is None:
            return
        from ..widgets.history import HistoryList

        self.query_one("#history-list", HistoryList).show(None)
        self._read_history(self.article_id)

    @work(thread=True, exclusive=True, group="history", description="read the article's versions")
    def _read_history(self, article_id: int) -> None:
        try:
            rows = self.controller.read_history(article_id)
        except Exception:  # noqa: BLE001 - the pane says so; the reader goes on
            rows = []
        self.app.call_from_thread(self._history_read, article_id, rows)

    def _history_read(self, article_id: int, rows: list[tuple[Any, str]]) -> None:
        if article_id != self.article_id or not self.query("#history-list"):
            return
        from ..widgets.history import HistoryList

        self.query_one("#history-list", HistoryList).show(rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A version chosen in the History pane: what changed from the one before it."""
        if event.option_list.id != "history-list" or not (event.option.id or "").startswith("version:"):
            return
        number = int((event.option.id or "").split(":", 1)[1])
        if number > 1 and self.article_id is not None:
            self._push_changes(number - 1, number)

    # ------------------------------------------------------------------ show changes
    def _push_changes(self, old: int | None, new: int | None) -> None:
        from .changes import ChangesScreen

        self.app.push_screen(ChangesScreen(self.lib, self.article_id, old, new))

    def action_show_changes(self) -> None:
        if self.lib is None or self.article_id is None:
            return
        if self.controller.version_count(self.article_id) < 2:
            self.notify("This article has one version: its text never changed.", timeout=2)
            return
        self._push_changes(None, None)

    def _mark_versioned(self) -> None:
        if self.lib is not None:
            self._read_versioned()

    @work(thread=True, exclusive=True, group="versioned", description="find articles with versions")
    def _read_versioned(self) -> None:
        try:
            ids = self.controller.read_versioned()
        except Exception:  # noqa: BLE001 - a mark is a nicety
            return
        self.app.call_from_thread(self._set_versioned, ids)

    def _set_versioned(self, ids: set[int]) -> None:
        if self.query("#nav"):
            self.nav.set_versioned(ids)

    # ------------------------------------------------------------------ brief mode
    def action_brief_mode(self) -> None:
        reader = self.reader
        if reader.filter is not None and reader.filter_label == BRIEF_LABEL:
            reader.set_filter(None)
            self._update_status()
            return
        if self.view is None or self.analysis is None:
            self.notify("The brief needs the article's analysis: it is on its way.", timeout=2)
            return
        from ...analysis.brief import brief_article

        brief = brief_article(self.view.text, self.analysis)
        wanted = {(s.start, s.end) for s in brief.sentences()}
        keep = [i for i, s in enumerate(reader.sentences) if (s.start, s.end) in wanted]
        if not keep:
            self.notify("No sentences to brief in this article.", timeout=2)
            return
        reader.set_filter(keep, BRIEF_LABEL)
        reader.move_to(keep[0])
        self._update_status()
        self.notify(f"Brief: {len(keep)} sentences. enter: the full text at the sentence; B: leave", timeout=3)

    def action_brief_jump(self) -> None:
        """In brief mode: the full text, at the sentence under the cursor."""
        reader = self.reader
        if reader.filter is not None and reader.filter_label == BRIEF_LABEL:
            reader.set_filter(None)
            self._update_status()

    # ------------------------------------------------------------------ library brief
    def action_library_brief(self) -> None:
        if self.lib is None:
            return
        from .library_brief import BriefScreen

        self.app.push_screen(BriefScreen(self.lib, self._open_at))

    def _open_at(self, article_id: int, offset: int) -> None:
        self.open_article(article_id, offset)
