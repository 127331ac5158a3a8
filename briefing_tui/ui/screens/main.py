"""The main screen: navigator | reader | panes. Routes messages between them and the library.

The library is opened and articles are loaded in thread workers that post messages back, so the
first paint never waits for disk or analysis; an article whose analysis is not cached is shown as
plain paragraphs at once and re-rendered when its analysis (computed in a worker) arrives.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static, Tree
from textual.worker import get_current_worker

from ...errors import BriefingError
from ...model import Analysis, Note
from ..prefetch import STATE_ARTICLE, FirstArticle, StartupPrefetch, state_position_key
from ..widgets.key_hints import KeyHints
from ..widgets.reader import TOPIC_COLOURS_REGISTRY, ArticleView, Reader
from ..widgets.reader_layout import literal
from ..widgets.title_bar import TitleBar
from .versions_brief import VersionsAndBrief

if TYPE_CHECKING:
    from textual.widgets import TabbedContent

    from ...library import Library
    from ..widgets.navigator import NavItem, TopicNavigator
    from ..widgets.panes import SidePanes
    from ..widgets.search_bar import SearchBar
    from .dialogs import ExportRequest

# The modal screens (note editor, help, dialogs), the navigator, the side panes and the search bar are
# imported when first used: a lighter start-up.

NARROW = 100  # below this many columns, one column is shown at a time
COLUMNS = ("nav", "reader", "panes")
STATE_PANE = "ui.pane"
STATE_THEME = "ui.theme"
PREFETCH_WAIT = 0.15  # seconds on_mount waits for the start-up prefetch (the first frame then has the text)
FIRST_FRAME_TEXT = 100_000  # characters: a longer prefetched article is shown just after the first layout
PANE_TITLES = {"entities": "Entities", "quotes": "Quotes", "notes": "Notes", "history": "History"}  # the side panes: tab id -> title


def _panes():  # noqa: ANN202 - the module, imported when the panes are first needed
    from ..widgets import panes

    return panes


def error_text(err: BaseException) -> str:
    """One line for an error from the library: a BriefingError as is, anything else with its type."""
    if isinstance(err, BriefingError):
        return " ".join(str(err).split())
    return " ".join(f"{type(err).__name__}: {err}".split())


def article_meta(art: Any) -> str:
    """'Publisher · date' for the reader's meta line (a file source shows as its file name)."""
    meta = getattr(art, "metadata", None) or {}
    source = meta.get("Source") or meta.get("source") or art.url or ""
    if not source and art.source:
        source = art.source if "://" in art.source else PurePath(art.source).name
    return " · ".join(p for p in (source, art.date) if p)


class LoadedArticle(NamedTuple):
    view: ArticleView
    notes: list[Note]
    position: int | None


class MainScreen(VersionsAndBrief, Screen):
    """Navigator, reader and panes; every binding has an id (rebindable via the settings keymap)."""

    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("j,down", "next_sentence", "Next sentence", id="next-sentence", show=False),
        Binding("k,up", "previous_sentence", "Previous sentence", id="previous-sentence", show=False),
        Binding("right_square_bracket,J", "next_section", "Next section", id="next-section", key_display="]"),
        Binding("left_square_bracket,K", "previous_section", "Previous section", id="previous-section", show=False),
        *(
            Binding(str(n), f"topic({n})", f"Topic {n}: its next section", id=f"topic-{n}", show=False)
            for n in range(1, 10)
        ),
        Binding("pagedown,space", "page(1)", "Page down", id="page-down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", id="page-up", show=False),
        Binding("home,g", "edge(0)", "Start of article", id="article-start", show=False),
        Binding("end,G", "edge(1)", "End of article", id="article-end", show=False),
        Binding("tab", "column(1)", "Next column", id="next-column", show=False),
        Binding("shift+tab", "column(-1)", "Previous column", id="previous-column", show=False),
        Binding("slash", "search", "Search", id="search", key_display="/"),
        Binding("n", "next_match", "Next match", id="next-match", show=False),
        Binding("N", "previous_match", "Previous match", id="previous-match", show=False),
        Binding("f", "filter", "Filter", id="filter"),
        Binding("e", "pane('entities')", "Entities", id="pane-entities"),
        Binding("w", "pane('quotes')", "Quotes", id="pane-quotes"),
        Binding("m", "pane('notes')", "Notes", id="pane-notes"),
        Binding("a", "annotate('sentence')", "Note", id="annotate-sentence"),
        Binding("v", "select", "Select sentences (then a)", id="select-sentences", show=False),
        Binding("A", "annotate('section')", "Note on section", id="annotate-section", show=False),
        Binding("x", "export", "Export", id="export"),
        Binding("escape", "back", "Back to reader", id="back", show=False),
        # versions and briefs (versions_brief.py)
        Binding("h", "pane('history')", "History", id="pane-history", show=False),
        Binding("C", "show_changes", "Show changes", id="show-changes", show=False),
        Binding("B", "brief_mode", "Brief mode", id="brief-mode", show=False),
        Binding("enter", "brief_jump", "Full text here (brief mode)", id="brief-jump", show=False),
    ]

    AUTO_FOCUS = "#reader"

    class LibraryReady(Message):
        def __init__(self, library: Library, articles: list[Any], article_id: int | None, position: int | None) -> None:
            super().__init__()
            self.library = library
            self.articles = articles
            self.article_id = article_id
            self.position = position

    class ArticleLoaded(Message):
        def __init__(self, loaded: LoadedArticle, pending: bool) -> None:
            super().__init__()
            self.loaded = loaded
            self.pending = pending

    class AnalysisReady(Message):
        def __init__(self, article_id: int, analysis: Analysis) -> None:
            super().__init__()
            self.article_id = article_id
            self.analysis = analysis

    class WorkFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self) -> None:
        super().__init__()
        self.lib: Library | None = None
        self.article_id: int | None = None
        self.view: ArticleView | None = None
        self.analysis: Analysis | None = None
        self.notes: list[Note] = []
        self.articles: list[Any] = []
        self.analysing = False
        self.hits: list[Any] = []
        self.hit_index = -1
        self._deleted: list[int] = []
        self._save_timer: Timer | None = None
        self._pending_matches: list[tuple[int, int]] | None = None
        self.column = "reader"
        self.ready = False  # an article is on screen
        self._desired_pane = "entities"
        self._stored_pane: str | None = None  # the pane the library remembers (no write when unchanged)
        self._topic_labels: dict[str, str] = {}
        self._pending_topic: str | None = None  # a topic chosen in the navigator for an article being opened
        self._painted = threading.Event()  # set once the first article's text has been painted
        self._mounting_panes = False
        self._mounting_nav = False
        self._listed: MainScreen.LibraryReady | None = None  # the library's listing, kept until the navigator is mounted
        self._focus_reader_after_load = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        with Horizontal(id="body"):
            yield Vertical(id="nav-column")  # the navigator is mounted once the first article is on screen
            with Vertical(id="centre"):
                yield Reader(id="reader")
                yield Static("", id="status", markup=False)
            yield Vertical(id="panes")  # the tabs are mounted once the first article is on screen
        yield KeyHints(id="footer")

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def nav(self) -> TopicNavigator:
        from ..widgets.navigator import TopicNavigator

        return self.query_one("#nav", TopicNavigator)

    @property
    def nav_ready(self) -> bool:
        return bool(self.query("#nav"))

    async def _ensure_nav(self) -> None:
        """Mount the topic navigator (after the first paint: a lighter start-up) and fill it with what
        is known by then (the library's articles, the open article's sections)."""
        if self.nav_ready or self._mounting_nav:
            return
        self._mounting_nav = True
        from ..widgets.navigator import TopicNavigator

        nav = TopicNavigator(id="nav")
        nav.topic_labels = self._topic_labels
        await self.query_one("#nav-column").mount(nav)
        self._mounting_nav = False
        if self._listed is not None:
            self._populate_nav(self._listed)
        elif self.view is not None:
            self._refresh_nav_sections()
        if self.column == "nav":
            self.set_focus(nav)

    @property
    def panes(self) -> SidePanes:
        return self.query_one("#tabs", _panes().SidePanes)

    @property
    def panes_ready(self) -> bool:
        return bool(self.query("#tabs"))

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
            ("history", HistoryList(id="history-list")),
        ):
            tabs.compose_add_child(TabPane(PANE_TITLES[pane], widget, id=pane))
        await self.query_one("#panes").mount(tabs)
        self._mounting_panes = False
        self._fill_panes()

    @property
    def search_bar(self) -> SearchBar:
        from ..widgets.search_bar import SearchBar

        return self.query_one("#search", SearchBar)

    def on_mount(self) -> None:
        self.reader.focus()
        self._set_status("opening the library…")
        self._apply_width(self.app.size.width)
        app = self.app
        if getattr(app, "library", None) is not None:
            prefetch = getattr(app, "startup_prefetch", None)
            self._library_opened(app.library, prefetch if isinstance(prefetch, StartupPrefetch) else None)
        else:
            self.reader.loading = True  # a new library is being created and seeded: that takes a while
            self._set_status("opening the library (a new one is filled with the bundled sample and analysed first)…")
            self._open_library()

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
        self._show_column(self.column)

    def _show_column(self, column: str) -> None:
        """Narrow terminals show one column: the one named here. (Class changes restyle the whole
        screen, so nothing changes in wide mode or when the column is already shown.)"""
        self.column = column
        wanted = {f"-col-{column}"} if self.has_class("-narrow") else set()
        for name in COLUMNS:
            cls = f"-col-{name}"
            if (cls in wanted) != self.has_class(cls):
                self.set_class(cls in wanted, cls)

    def _column_of(self, widget: Widget | None) -> str:
        node = widget
        while node is not None:
            if node.id in ("nav", "nav-column"):
                return "nav"
            if node.id == "panes":
                return "panes"
            if node.id == "centre":
                return "reader"
            node = node.parent
        return "reader"

    def on_descendant_focus(self, event) -> None:
        self._show_column(self._column_of(event.widget))

    def _focus_column(self, column: str) -> None:
        self._show_column(column)
        if column == "nav":
            if not self.nav_ready:
                return
            target: Widget = self.nav
        elif column == "panes":
            if not self.panes_ready:
                return
            target = self.panes.list_for(self.panes.active or "entities")
        else:
            target = self.reader
        self.set_focus(target)

    # ------------------------------------------------------------------ library / loading

    @work(thread=True, exclusive=True, group="library", description="open the library")
    def _open_library(self) -> None:
        from ...library import Library

        app = self.app
        try:
            lib = Library.open(getattr(app, "library_path", None), taxonomy=getattr(app, "taxonomy_path", None))
        except Exception as err:  # e.g. the seed's analysis failing: say so, keep the app up
            self._work_failed(err, "could not open the library")
            return
        app.library = lib
        self.app.call_from_thread(self._library_opened, lib)

    def _library_opened(self, lib: Library, prefetch: StartupPrefetch | None = None) -> None:
        self.lib = lib
        app = self.app
        if getattr(lib, "readonly", False):
            self._show_readonly_banner(lib)
        theme = self._get_state(STATE_THEME) if getattr(app, "remember_theme", True) else None
        if theme and theme in app.available_themes and not getattr(app, "fixed_theme", False):
            app.theme = theme
        pane = self._get_state(STATE_PANE)
        self._stored_pane = pane
        if pane in PANE_TITLES:
            self._desired_pane = pane
            if self.panes_ready:
                self.panes.active = pane
        first = prefetch.wait(PREFETCH_WAIT) if prefetch is not None and prefetch.library is lib else None
        if prefetch is not None:
            prefetch.result = None  # used once: do not pin a big article for the app's lifetime
            app.startup_prefetch = None
        if first is not None and first.article_id is not None:
            if first.labels is not None:
                self._topic_labels = first.labels
                TOPIC_COLOURS_REGISTRY.seed([topic for topic in first.labels if topic != "general"])
            if len(first.article.text) <= FIRST_FRAME_TEXT:
                self._show_first(first)  # before the first frame: no round trip through a worker
            else:  # laid out once, at the reader's real width (not yet known before the first layout)
                self.call_after_refresh(self._show_first, first)
            self.call_after_refresh(self._list_articles, first)  # the rest of the library after the first frame
        else:
            self._list_articles()

    def _show_first(self, first: FirstArticle) -> None:
        """Show the prefetched first article (its analysis is the cached one, or None)."""
        art = first.article
        view = ArticleView(art.id, art.title, article_meta(art), art.text, art.body_start, first.analysis)
        loaded = LoadedArticle(view, list(first.notes or ()), first.position)
        self.on_main_screen_article_loaded(self.ArticleLoaded(loaded, pending=first.analysis is None))

    def readonly_message(self) -> str:
        """'read-only: <why>' when the library cannot be written ('' when it can)."""
        lib = self.lib
        if lib is None or not getattr(lib, "readonly", False):
            return ""
        reason = getattr(lib, "readonly_reason", "") or "the library file cannot be written"
        return f"read-only: {reason}"

    def _show_readonly_banner(self, lib: Library) -> None:
        """A line under the header: notes and your place in the article are not saved."""
        if self.query("#readonly-banner"):
            return
        text = f"{self.readonly_message()} ({lib.path}) — notes cannot be saved and your place is not remembered"
        self.mount(Static(Content(literal(text)), id="readonly-banner"), before="#body")

    # (a description: without one, Textual makes it from repr() of the arguments, here a whole article)
    @work(thread=True, exclusive=True, group="library-list", description="list the library")
    def _list_articles(self, first: FirstArticle | None = None) -> None:
        """Open the remembered (or requested) article first, then list the library for the navigator.
        With ``first`` (prefetched, already on screen) only the listing (and a pending analysis) is left."""
        lib = self.lib
        assert lib is not None
        try:
            if first is not None and first.article_id is not None:  # already on screen
                wanted, pending = first.article_id, first.analysis is None
                self._painted.wait(timeout=2.0)  # let the UI thread paint the text before listing the library
                articles = lib.articles()
            else:
                self._topic_labels = self._taxonomy_labels(lib)
                wanted = getattr(self.app, "open_article_id", None)
                if wanted is None:
                    remembered = lib.get_state(STATE_ARTICLE)
                    wanted = int(remembered) if remembered and remembered.isdigit() else None
                if wanted is not None:
                    try:
                        lib.article(wanted)
                    except BriefingError:
                        wanted = None
                # one thread at a time on the library at start-up: show the article first, then list the rest
                pending = self._fetch_article(wanted, self._saved_position(wanted)) if wanted is not None else False
                if wanted is not None:
                    self._painted.wait(timeout=2.0)  # let the UI thread paint the text before listing the library
                articles = lib.articles()
                if wanted is None and articles:
                    wanted = articles[0].id
                    pending = self._fetch_article(wanted, self._saved_position(wanted))
        except Exception as err:  # a bug below the UI must not take the reader down
            self._work_failed(err, "could not open the library")
            return
        self.post_message(self.LibraryReady(lib, articles, wanted, None))
        if pending and wanted is not None:
            self._compute_analysis(wanted)

    @staticmethod
    def _taxonomy_labels(lib: Library) -> dict[str, str]:
        """Topic id -> label, and colour slots in taxonomy order (a topic keeps its colour)."""
        try:
            topics, general = lib.topic_labels()  # remembered by the library: no taxonomy loading
            labels = dict(topics)
            labels["general"] = general
        except Exception:  # labels are a nicety: never fail the start-up for them
            return {}
        TOPIC_COLOURS_REGISTRY.seed([topic for topic in labels if topic != "general"])
        return labels

    def _saved_position(self, article_id: int) -> int | None:
        saved = self.lib.get_state(state_position_key(article_id)) if self.lib else None
        return int(saved) if saved and saved.lstrip("-").isdigit() else None

    def on_main_screen_library_ready(self, message: LibraryReady) -> None:
        self.articles = message.articles
        if self.ready:
            self._populate_nav(message)
        else:  # the article's text first, the navigator right after
            self.call_after_refresh(self._populate_nav, message)

    def _populate_nav(self, message: LibraryReady) -> None:
        if not self.nav_ready:  # filled when it is mounted
            self._listed = message
            self.call_later(self._ensure_nav)
            return
        self._listed = None
        self.nav.topic_labels = self._topic_labels
        self.nav.set_articles([(a.id, a.title, tuple(a.section_topics or ())) for a in message.articles])
        self._mark_versioned()
        if self.view is not None:
            self._refresh_nav_sections()
        if not message.articles:
            self.reader.loading = False
            self._set_status("The library is empty: import articles with `briefing import PATH` or `briefing FILE`.")

    def _refresh_nav_sections(self) -> None:
        if self.article_id is None or not self.nav_ready:
            return
        reader = self.reader
        numbers = {topic: i + 1 for i, topic in enumerate(reader.topic_order[:9])}
        self.nav.show_sections(self.article_id, reader.sections, numbers, self.notes)
        self.call_after_refresh(self._sync_nav)

    def open_article(self, article_id: int, position: int | None = None) -> None:
        """Load an article (in a worker) and show it; position is a text offset."""
        if self.lib is None:
            return
        if article_id == self.article_id and position is not None:
            self.reader.move_to_offset(position)
            return
        if article_id == self.article_id:
            return
        self.save_state()
        if position is None:
            saved = self._get_state(state_position_key(article_id))
            position = int(saved) if saved and saved.lstrip("-").isdigit() else None
        if self.ready:
            self._set_status("loading…")  # the old article stays (and keeps focus) until the new one is in
        self._load_article(article_id, position)

    @work(thread=True, exclusive=True, group="article", description="load an article")
    def _load_article(self, article_id: int, position: int | None) -> None:
        try:
            pending = self._fetch_article(article_id, position)
        except Exception as err:  # a bug below the UI must not take the reader down
            self._work_failed(err, f"could not load article {article_id}")
            return
        if pending and not get_current_worker().is_cancelled:
            self._compute_analysis(article_id)

    def _fetch_article(self, article_id: int, position: int | None) -> bool:
        """(In a worker thread.) Read the article, its cached analysis and notes; post them. True when the
        analysis still has to be computed."""
        lib = self.lib
        assert lib is not None
        art = lib.article(article_id)
        analysis = lib.analysis(article_id, compute=False, article=art)
        notes = lib.notes(article_id)
        if get_current_worker().is_cancelled:
            return False
        view = ArticleView(art.id, art.title, article_meta(art), art.text, art.body_start, analysis)
        self.post_message(self.ArticleLoaded(LoadedArticle(view, notes, position), pending=analysis is None))
        return analysis is None

    def _compute_analysis(self, article_id: int) -> None:
        """(In a worker thread.) Analyse an article (loads the NLP model) and post the result."""
        lib = self.lib
        assert lib is not None
        try:
            analysis = lib.analysis(article_id, compute=True)
        except Exception as err:  # a bug below the UI must not take the reader down
            self._work_failed(err, "analysis failed")
            return
        if analysis is not None and not get_current_worker().is_cancelled:
            self.post_message(self.AnalysisReady(article_id, analysis))

    def on_main_screen_article_loaded(self, message: ArticleLoaded) -> None:
        loaded = message.loaded
        view = loaded.view
        self.article_id = view.article_id
        self.view = view
        self.analysis = view.analysis
        self.notes = loaded.notes
        self.analysing = message.pending
        self.title = " ".join(literal(view.title).split()) or "Briefing"
        self.sub_title = " ".join(literal(view.meta).split())
        reader = self.reader
        if reader.loading:
            reader.loading = False
        reader.show_article(view, self.notes, loaded.position)
        self._update_status()
        self.call_after_refresh(self._after_analysis)  # panes and navigator once the text is on screen
        if self._pending_topic is not None and view.analysis is not None:
            self._goto_topic(self._pending_topic)
            self._pending_topic = None
        if self._pending_matches is not None:
            reader.set_matches(self._pending_matches)
            self._pending_matches = None
        if not self.ready or self._focus_reader_after_load:
            self._focus_reader_after_load = False
            self._focus_column("reader")
        if not self._painted.is_set():
            self.call_after_refresh(self._painted.set)
        self.ready = True
        # remember it, but not before the text is on screen (a write waits for the disk)
        self._schedule_save()

    def on_main_screen_analysis_ready(self, message: AnalysisReady) -> None:
        if message.article_id != self.article_id or self.view is None:
            return
        self.analysing = False
        view = ArticleView(
            self.view.article_id, self.view.title, self.view.meta, self.view.text, self.view.body_start, message.analysis
        )
        self.view = view
        self.analysis = message.analysis
        self.reader.show_article(view, self.notes)
        if self._pending_topic is not None:
            self._goto_topic(self._pending_topic)
            self._pending_topic = None
        self.call_later(self._after_analysis)
        self.notify("Analysis ready", timeout=2)

    async def _after_analysis(self) -> None:
        if self.nav_ready:
            self._refresh_nav_sections()
        else:
            await self._ensure_nav()
        if self.panes_ready:
            self._fill_panes()
        else:
            await self._ensure_panes()
        self._update_status()

    def _fill_panes(self) -> None:
        if not self.panes_ready or self.view is None:
            return
        panes = _panes()
        self.query_one(panes.EntityList).show(self.analysis)
        self.query_one(panes.QuoteList).show(self.analysis)
        self.query_one(panes.NoteList).show(self.notes)
        self.panes.loading = self.analysing
        self._fill_history()

    def _sync_nav(self) -> None:
        if not self.nav_ready:
            return
        self.nav.current_section = -2
        self.nav.mark_section(self.reader.section_index())

    def on_main_screen_work_failed(self, message: WorkFailed) -> None:
        self.analysing = False
        self.reader.loading = False
        if self.panes_ready:
            self.panes.loading = False
        self._set_status(message.message)
        self.notify(message.message, title="Briefing", severity="error", markup=False)

    # ------------------------------------------------------------------ reader events

    def on_reader_cursor_moved(self, message: Reader.CursorMoved) -> None:
        if self.nav_ready:
            nav = self.nav
            nav.mark_section(self.reader.section_index(), move_cursor=self.focused is not nav)
        self._update_status()
        self._schedule_save()

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.6, self.save_state)

    def on_reader_entity_clicked(self, message: Reader.EntityClicked) -> None:
        self.reader.focus_entity(message.entity_id)
        self._update_status()

    def _update_status(self) -> None:
        reader = self.reader
        if self.view is None:
            return
        parts: list[tuple[str, str] | str] = []
        visible = reader.visible_sentences()
        section = reader.current_section()
        if section is not None:
            parts.append((f"§ {reader.section_index() + 1}/{len(reader.sections)} {literal(section.label)}", "bold"))
            parts.append("  ")
        if visible:
            position = bisect_left(visible, reader.cursor) + 1
            parts.append(f"sentence {position}/{len(visible)}")
        quote = reader.quote_at_cursor()
        if quote is not None:
            parts.append("  ·  quote: ")
            parts.append((" ".join(literal(quote.speaker or "unattributed").split()), "italic"))
        if reader.focused_entity and self.analysis:
            entity = self.analysis.entity(reader.focused_entity)
            if entity:
                parts.append("  ·  entity: ")
                parts.append((" ".join(literal(entity.name).split()), "bold"))
        if reader.filter is not None:
            parts.append((f"  ·  filter: {reader.filter_label} (f clears)", "reverse"))
        if reader.anchor is not None:
            lo, hi = sorted((reader.anchor, reader.cursor))
            parts.append((f"  ·  selected {hi - lo + 1} sentence(s): a notes them, escape drops", "reverse"))
        if self.hits:
            parts.append(f"  ·  match {self.hit_index + 1}/{len(self.hits)} (n/N)")
        if self.analysing:
            parts.append(("  ·  analysing…", "italic"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(literal(text)))

    # ------------------------------------------------------------------ navigator / panes

    @on(Tree.NodeSelected, "#nav")
    def _nav_selected(self, event: Tree.NodeSelected) -> None:
        item: NavItem | None = event.node.data
        if item is None:
            return
        if item.article_id != self.article_id:
            self._pending_topic = item.topic
            self.open_article(item.article_id)
        elif item.section is not None:
            self.reader.goto_section(item.section)
        elif item.topic is not None:
            self._goto_topic(item.topic)
        self._focus_column("reader") if self.has_class("-narrow") else None

    def _goto_topic(self, topic: str) -> None:
        """The first section of a topic in the open article."""
        for index, section in enumerate(self.reader.sections):
            if section.topic == topic:
                self.reader.goto_section(index)
                return

    @on(OptionList.OptionSelected, "#entity-list")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("entity:"):
            self.choose_entity(event.option.id.split(":", 1)[1])

    @on(OptionList.OptionSelected, "#quote-list")
    def _quote_selected(self, event: OptionList.OptionSelected) -> None:
        if self.analysis and event.option.id and event.option.id.startswith("quote:"):
            quote = self.analysis.quotes[int(event.option.id.split(":", 1)[1])]
            self.reader.move_to_offset(quote.start)

    @on(OptionList.OptionSelected, "#note-list")
    def _note_selected(self, event: OptionList.OptionSelected) -> None:
        note = self._note(event.option.id)
        if note is None:
            return
        if note.orphaned:
            self.notify("This note's text is no longer in the article.", markup=False)
            return
        self.reader.move_to_offset(note.start)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "tabs":
            return
        pane = self.panes.active
        if pane and self.lib is not None and self.ready and pane != self._stored_pane:
            self._safe_state(STATE_PANE, pane)  # a write waits for the disk: only when it changed
            self._stored_pane = pane

    def _note(self, option_id: str | None) -> Note | None:
        if not option_id or not option_id.startswith("note:"):
            return None
        note_id = int(option_id.split(":", 1)[1])
        return next((n for n in self.notes if n.id == note_id), None)

    def choose_entity(self, entity_id: str) -> None:
        """Highlight an entity's mentions and step to the next one after the cursor."""
        if self.analysis is None:
            return
        entity = self.analysis.entity(entity_id)
        if entity is None or not entity.mentions:
            return
        reader = self.reader
        current = reader.current_sentence()
        if reader.focused_entity != entity_id:
            reader.focus_entity(entity_id)
            after = current.start if current else 0
            target = next((m for m in entity.mentions if m.start >= after), entity.mentions[0])
        else:
            after = current.end if current else 0
            target = next((m for m in entity.mentions if m.start >= after), entity.mentions[0])
        if reader.filter is not None and reader.sentence_at(target.start) not in reader.filter:
            reader.set_filter(None)
        reader.move_to_offset(target.start, center=False)
        index = entity.mentions.index(target) + 1
        self.notify(f"{literal(entity.name)}: mention {index} of {len(entity.mentions)}", timeout=1.5, markup=False)

    def goto_section(self, index: int) -> None:
        self.reader.goto_section(index)

    def article_titles(self) -> list[tuple[int, str]]:
        return [(a.id, a.title) for a in self.articles]

    def set_theme(self, theme: str) -> None:
        self.app.theme = theme
        self._safe_state(STATE_THEME, theme)

    def palette_actions(self) -> list[tuple[str, str, str]]:
        out = []
        seen = set()
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.description and binding.action not in seen and not binding.action.startswith("topic("):
                seen.add(binding.action)
                out.append((binding.description, binding.action, binding.key))
        return out

    # ------------------------------------------------------------------ actions: reading

    def action_next_sentence(self) -> None:
        self.reader.step(1)

    def action_previous_sentence(self) -> None:
        self.reader.step(-1)

    def action_next_section(self) -> None:
        self.reader.step_section(1)

    def action_previous_section(self) -> None:
        self.reader.step_section(-1)

    def action_topic(self, number: int) -> None:
        if not self.reader.jump_topic(number):
            self.notify(f"No topic {number} in this article", timeout=1.5)

    def action_page(self, direction: int) -> None:
        reader = self.reader
        height = max(reader.scrollable_content_region.height - 2, 1)
        reader.scroll_to(y=reader.scroll_y + direction * height, animate=False, immediate=True)
        # put the cursor on the first sentence now on screen
        top = int(reader.scroll_y)
        layout = reader._layout
        for line in layout.lines[top : top + height]:
            if line.kind == 3:  # TEXT
                index = reader.sentence_at(line.start)
                if direction > 0 and index <= reader.cursor and reader.cursor < len(reader.sentences) - 1:
                    continue
                reader.move_to(index)
                return

    def action_edge(self, end: int) -> None:
        visible = self.reader.visible_sentences()
        if visible:
            self.reader.move_to(visible[-1] if end else visible[0])

    def action_column(self, delta: int) -> None:
        index = COLUMNS.index(self._column_of(self.focused))
        self._focus_column(COLUMNS[(index + delta) % len(COLUMNS)])

    async def action_pane(self, pane: str) -> None:
        self._desired_pane = pane
        await self._ensure_panes()
        self.panes.active = pane
        self._focus_column("panes")

    def action_select(self) -> None:
        self.reader.toggle_anchor()
        self._update_status()

    def action_back(self) -> None:
        if self.focused is not self.reader:
            self._focus_column("reader")
        elif self.reader.anchor is not None:
            self.reader.toggle_anchor()
            self._update_status()
        elif self.reader.filter is not None:
            self.reader.set_filter(None)
        elif self.reader.focused_entity:
            self.reader.focus_entity(None)
            self._update_status()

    def action_help(self) -> None:
        from ..app import BriefingApp
        from ..widgets.panes import NoteList
        from ..widgets.search_bar import SearchBar
        from . import note_editor
        from .changes import ChangesScreen
        from .help import HelpScreen, binding_rows
        from .library_brief import BriefScreen

        keymap = getattr(self.app, "keymap_overrides", {})
        groups = [
            ("Reading", self.BINDINGS),
            ("Notes pane", NoteList.BINDINGS),
            ("Search bar", SearchBar.BINDINGS),
            ("Note editor", note_editor.NoteEditor.BINDINGS),
            ("Show changes", ChangesScreen.BINDINGS),
            ("Library brief", BriefScreen.BINDINGS),
            ("App", [*BriefingApp.BINDINGS]),
        ]
        self.app.push_screen(HelpScreen(binding_rows(groups, keymap)))

    # ------------------------------------------------------------------ search

    def _search(self, query: str) -> list[Any]:
        if self.lib is None:
            return []
        return self.lib.search(query, limit=50)

    async def action_search(self) -> None:
        from ..widgets.search_bar import SearchBar

        bars = self.query("#search")
        if bars:
            bar = bars.first(SearchBar)
        else:  # mounted on first use (a lighter start-up); keys typed meanwhile wait for this action
            bar = SearchBar(search=self._search, id="search")
            await self.query_one("#centre").mount(bar, before=self.reader)
        bar.remove_class("-collapsed")
        bar.open()

    def on_search_bar_closed(self, _message: SearchBar.Closed) -> None:
        self.reader.focus()

    def on_search_bar_hit_chosen(self, message: SearchBar.HitChosen) -> None:
        self.hits = message.hits
        self.go_to_hit(message.index)
        self.search_bar.add_class("-collapsed")
        self._focus_column("reader")

    def _matches_for(self, article_id: int) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for hit in self.hits:
            if hit.article_id == article_id:
                spans.extend(tuple(m) for m in hit.matches)
        return spans

    def go_to_hit(self, index: int) -> None:
        if not self.hits:
            return
        self.hit_index = index % len(self.hits)
        hit = self.hits[self.hit_index]
        matches = self._matches_for(hit.article_id)
        if hit.article_id != self.article_id:
            self._pending_matches = matches
            self._focus_reader_after_load = True
            self.open_article(hit.article_id, hit.start)
            return
        reader = self.reader
        reader.set_matches(matches)
        if reader.filter is not None and reader.sentence_at(hit.start) not in reader.filter:
            reader.set_filter(None)
        reader.move_to_offset(hit.start)
        self._update_status()

    def action_next_match(self) -> None:
        if not self.hits:
            self.notify("No search results: press / to search", timeout=2)
            return
        self.go_to_hit(self.hit_index + 1)

    def action_previous_match(self) -> None:
        if not self.hits:
            self.notify("No search results: press / to search", timeout=2)
            return
        self.go_to_hit(self.hit_index - 1)

    def action_filter(self) -> None:
        reader = self.reader
        if reader.filter is not None:
            reader.set_filter(None)
            self._update_status()
            return
        sentences = reader.sentences
        spans: list[tuple[int, int]] = []
        label = ""
        if reader.focused_entity and self.analysis:
            entity = self.analysis.entity(reader.focused_entity)
            if entity:
                spans = [(m.start, m.end) for m in entity.mentions]
                label = " ".join(literal(entity.name).split())
        if not spans and self.article_id is not None and self.hits:
            spans = self._matches_for(self.article_id)
            label = f"search “{literal(self.search_bar.query_text)}”" if self.query("#search") else "search"
        if not spans:
            self.notify("Choose an entity (e) or search (/) first, then f filters to its sentences.", timeout=3)
            return
        keep = sorted({reader.sentence_at(a) for a, _ in spans})
        keep = [i for i in keep if i < len(sentences)]
        reader.set_filter(keep, label)
        self._update_status()

    # ------------------------------------------------------------------ notes

    def action_annotate(self, scope: str) -> None:
        if self.lib is None or self.view is None or self.article_id is None:
            return
        reader = self.reader
        sentence = reader.current_sentence()
        if sentence is None:
            return
        text = self.view.text
        if scope == "section" and reader.current_section() is not None:
            section = reader.current_section()
            assert section is not None
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
        lib = self.lib
        article_id = self.article_id

        def save(body: str) -> Note:
            return lib.add_note(article_id, start, end, body)

        from .note_editor import NoteEditor

        editor = NoteEditor(heading, text[start:end], save, readonly=self.readonly_message())
        self.app.push_screen(editor, self._note_saved)

    def _note_saved(self, note: Note | None) -> None:
        if note is None:
            return
        if self.reader.anchor is not None:
            self.reader.toggle_anchor()
        self.refresh_notes()
        self.notify("Note saved", timeout=2)

    def refresh_notes(self) -> None:
        if self.lib is None or self.article_id is None:
            return
        try:
            self.notes = self.lib.notes(self.article_id)
        except Exception as err:
            self.notify(error_text(err), severity="error", markup=False)
            return
        self.reader.set_notes(self.notes)
        if self.nav_ready:
            self.nav.update_notes(self.notes)
        if not self.panes_ready:
            return
        note_list = self.query_one(_panes().NoteList)
        highlighted = note_list.highlighted
        note_list.show(self.notes)
        if highlighted is not None and note_list.option_count:
            note_list.highlighted = min(highlighted, note_list.option_count - 1)

    def _selected_note(self) -> Note | None:
        if not self.panes_ready:
            return None
        note_list = self.query_one(_panes().NoteList)
        option = note_list.highlighted_option
        return self._note(option.id if option else None)

    def action_edit_note(self) -> None:
        note = self._selected_note()
        if note is None or self.lib is None or self.view is None:
            return
        lib = self.lib

        def save(body: str) -> Note:
            return lib.edit_note(note.id, body=body)

        from .note_editor import NoteEditor

        editor = NoteEditor("Edit note", note.exact, save, body=note.body, readonly=self.readonly_message())
        self.app.push_screen(editor, self._note_saved)

    def action_delete_note(self) -> None:
        note = self._selected_note()
        if note is None or self.lib is None:
            return
        try:
            self.lib.delete_note(note.id)
        except Exception as err:  # read-only, disk full, busy: say so, keep the note
            self.notify(error_text(err), severity="error", markup=False)
            return
        self._deleted.append(note.id)
        self.refresh_notes()
        self.notify("Note deleted: press u to undo", timeout=4)

    def action_undo_delete(self) -> None:
        if not self._deleted or self.lib is None:
            self.notify("Nothing to undo", timeout=2)
            return
        note_id = self._deleted.pop()
        try:
            self.lib.restore_note(note_id)
        except Exception as err:
            self._deleted.append(note_id)  # still deleted: undo can be tried again
            self.notify(error_text(err), severity="error", markup=False)
            return
        self.refresh_notes()
        self.notify("Note restored", timeout=2)

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        if self.lib is None:
            return
        stem = f"briefing-{self.article_id}" if self.article_id is not None else "briefing-library"
        from .dialogs import ExportDialog

        self.app.push_screen(ExportDialog(stem, has_article=self.article_id is not None), self._export_chosen)

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is not None:
            self._export(request)

    @work(thread=True, group="export", description="export")
    def _export(self, request: ExportRequest) -> None:
        """Write the export file (the same content as `briefing export`); never prints to the terminal."""
        lib = self.lib
        assert lib is not None
        try:
            from ...export.output import render, write_file

            ids = [self.article_id] if request.scope == "article" and self.article_id is not None else lib.article_ids()
            content = render(lib, ids, request.format)
            target = Path(request.path).expanduser().resolve()
            write_file(target, content, request.force)
        except BriefingError as err:
            self.app.call_from_thread(self.notify, str(err), title="Export", severity="error", markup=False)
            return
        except Exception as err:  # a bug in an exporter must not end the reader
            self.app.call_from_thread(
                self.notify, f"export failed: {type(err).__name__}: {err}", title="Export", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.notify, f"Exported to {literal(str(target))}", title="Export", markup=False)

    # ------------------------------------------------------------------ state

    def _work_failed(self, err: Exception, doing: str) -> None:
        """(In a worker.) Show a failure: a BriefingError as it says, anything else (a bug) with what failed."""
        message = str(err) if isinstance(err, BriefingError) else f"{doing}: {type(err).__name__}: {err}"
        self.post_message(self.WorkFailed(message))

    def _safe_state(self, key: str, value: str) -> None:
        """Remember a piece of UI state; never fails (read-only library, disk full, busy: not remembered)."""
        if self.lib is None or getattr(self.lib, "readonly", False):
            return
        try:
            self.lib.set_state(key, value)
        except Exception:  # remembering the place is a nicety: it must not take the reader down
            pass

    def _get_state(self, key: str) -> str | None:
        if self.lib is None:
            return None
        try:
            return self.lib.get_state(key)
        except Exception:
            return None

    def save_state(self) -> None:
        if self.lib is None or self.article_id is None or not self.ready:
            return
        offset = self.reader.current_offset()
        self._safe_state(STATE_ARTICLE, str(self.article_id))
        if offset is not None:
            self._safe_state(state_position_key(self.article_id), str(offset))
        if self.panes_ready and self.panes.active:
            self._safe_state(STATE_PANE, self.panes.active)
