"""The main screen: navigator | reader | panes, composed of parts (see ``reader_base.py``).

This module holds the layout, the loading of the library and of articles (thread workers that call the
``ReaderController`` and post messages back, so the first paint never waits for disk or analysis: an
article whose analysis is not cached is shown as plain paragraphs at once and re-rendered when its
analysis arrives), the reading keys, and the routing between navigator, reader and panes. Search and
filter, notes, export and saved state are parts in their own modules.

Where to add things: a key and its action go in the part they belong to (a new part for a new feature,
listed among ``MainScreen``'s bases); a new screen is pushed from an action with ``self.app.push_screen``
(as help, the note editor and the export dialog are), imported in the action so start-up stays light.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, Tree
from textual.worker import get_current_worker

from ..controller import LoadedArticle, ReaderController, failure_text
from ..prefetch import FirstArticle, StartupPrefetch
from ..session import APP_BINDINGS, ReaderSession
from ..widgets.key_hints import KeyHints
from ..widgets.reader import TOPIC_COLOURS_REGISTRY, Reader
from ..widgets.reader_layout import TEXT, literal
from ..widgets.title_bar import TitleBar
from .reader_base import COLUMNS, ReaderScreenBase
from .reader_dossier import DossierPart  # issue 10: dossiers and corrections
from .reader_export import ExportPart
from .reader_notes import NotesPart
from .reader_panes import PANE_TITLES, PanesPart
from .reader_search import SearchPart
from .reader_state import StatePart
from .reader_subscriptions import SubscriptionsPart
from .reader_versions import VersionsPart

if TYPE_CHECKING:
    from ...library import Library
    from ...library.store import ArticleInfo
    from ...model import Analysis
    from ..widgets.navigator import NavItem

# The modal screens (note editor, help, dialogs), the navigator, the side panes and the search bar are
# imported when first used: a lighter start-up.

PREFETCH_WAIT = 0.15  # seconds on_mount waits for the start-up prefetch (the first frame then has the text)
PREFETCH_LATE = 30.0  # seconds a worker waits for a late prefetch before reading the article itself
FIRST_FRAME_TEXT = 100_000  # characters: a longer prefetched article is shown just after the first layout


class MainScreen(
    VersionsPart, SearchPart, PanesPart, DossierPart, NotesPart, ExportPart, SubscriptionsPart, StatePart,
    ReaderScreenBase, Screen,
):
    """Navigator, reader and panes; every binding has an id (rebindable via the settings keymap). Its
    ``BINDINGS`` are its own ``PART_BINDINGS`` followed by its parts', in the order of its bases."""

    KEYS_TITLE = "Reading"
    PART_BINDINGS = [
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
        Binding("escape", "back", "Back to reader", id="back", show=False),
    ]

    AUTO_FOCUS = "#reader"

    class LibraryReady(Message):
        def __init__(self, articles: list[ArticleInfo]) -> None:
            super().__init__()
            self.articles = articles

    class ArticleLoaded(Message):
        def __init__(self, loaded: LoadedArticle) -> None:
            super().__init__()
            self.loaded = loaded

    class AnalysisReady(Message):
        def __init__(self, article_id: int, analysis: Analysis) -> None:
            super().__init__()
            self.article_id = article_id
            self.analysis = analysis

    class WorkFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, session: ReaderSession | None = None) -> None:
        super().__init__()
        self.session = session if session is not None else ReaderSession()
        self.controller = ReaderController()
        self.column = "reader"
        self._painted = threading.Event()  # set once the first article's text has been painted
        self._mounting_nav = False
        self._listed: list[ArticleInfo] | None = None  # the library's listing, kept until the navigator is mounted
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

    async def _ensure_nav(self) -> None:
        """Mount the topic navigator (after the first paint: a lighter start-up) and fill it with what
        is known by then (the library's articles, the open article's sections)."""
        if self.nav_ready or self._mounting_nav:
            return
        self._mounting_nav = True
        from ..widgets.navigator import TopicNavigator

        nav = TopicNavigator(id="nav")
        nav.topic_labels = self.controller.topic_labels
        await self.query_one("#nav-column").mount(nav)
        self._mounting_nav = False
        if self._listed is not None:
            self._populate_nav(self._listed)
        elif self.controller.view is not None:
            self._refresh_nav_sections()
        if self.column == "nav":
            self.set_focus(nav)

    def on_mount(self) -> None:
        self.reader.focus()
        self._set_status("opening the library…")
        self._apply_width(self.app.size.width)
        session = self.session
        if session.library is not None:
            self._library_opened(session.library, session.startup_prefetch)
        else:
            self.reader.loading = True  # a new library is being created and seeded: that takes a while
            self._set_status("opening the library (a new one is filled with the bundled sample and analysed first)…")
            self._open_library()

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def on_descendant_focus(self, event) -> None:  # noqa: ANN001
        self._show_column(self._column_of(event.widget))

    # ------------------------------------------------------------------ library / loading

    @work(thread=True, exclusive=True, group="library", description="open the library")
    def _open_library(self) -> None:
        session = self.session
        try:
            lib = self.controller.open_library(session.library_path, session.taxonomy_path)
        except Exception as err:  # e.g. the seed's analysis failing: say so, keep the app up
            self._work_failed(err, "could not open the library")
            return
        session.library = lib
        self.app.call_from_thread(self._library_opened, lib)

    def _library_opened(self, lib: Library, prefetch: StartupPrefetch | None = None) -> None:
        controller = self.controller
        controller.attach(lib)
        if lib.readonly:
            self._show_readonly_banner(lib)
        pane = self.restore_state()
        if pane in PANE_TITLES:
            self._desired_pane = pane
            if self.panes_ready:
                self.panes.active = pane
        usable = prefetch is not None and prefetch.library is lib
        first = prefetch.wait(PREFETCH_WAIT) if prefetch is not None and usable else None
        if prefetch is not None:
            self.session.startup_prefetch = None
            if usable and first is None and prefetch.running:  # late (a busy machine): the worker waits
                self._list_articles(late=prefetch)  # for it rather than read the article a second time
                return
            prefetch.result = None  # used once: do not pin a big article for the app's lifetime
        if first is not None and first.article_id is not None:
            if first.labels is not None:
                TOPIC_COLOURS_REGISTRY.seed([topic for topic in first.labels if topic != "general"])
            if len(first.article.text) <= FIRST_FRAME_TEXT:
                self._show_first(first)  # before the first frame: no round trip through a worker
            else:  # laid out once, at the reader's real width (not yet known before the first layout)
                self.call_after_refresh(self._show_first, first)
            self.call_after_refresh(self._list_articles, first)  # the rest of the library after the first frame
        else:
            self._list_articles()

    def _show_late_first(self, first: FirstArticle) -> None:
        if first.labels is not None:
            TOPIC_COLOURS_REGISTRY.seed([topic for topic in first.labels if topic != "general"])
        self._show_first(first)

    def _show_first(self, first: FirstArticle) -> None:
        """Show the prefetched first article (its analysis is the cached one, or None)."""
        self.on_main_screen_article_loaded(self.ArticleLoaded(self.controller.first_article(first)))

    def _show_readonly_banner(self, lib: Library) -> None:
        """A line under the header: notes and your place in the article are not saved."""
        if self.query("#readonly-banner"):
            return
        message = self.controller.readonly_message()
        text = f"{message} ({lib.path}) — notes cannot be saved and your place is not remembered"
        self.mount(Static(Content(literal(text)), id="readonly-banner"), before="#body")

    # (a description: without one, Textual makes it from repr() of the arguments, here a whole article)
    @work(thread=True, exclusive=True, group="library-list", description="list the library")
    def _list_articles(self, first: FirstArticle | None = None, late: StartupPrefetch | None = None) -> None:
        """Open the remembered (or requested) article first, then list the library for the navigator.
        With ``first`` (prefetched, already on screen) only the listing (and a pending analysis) is left;
        with ``late`` (a prefetch still reading) its article is awaited and shown, not read again."""
        controller = self.controller
        try:
            if late is not None:
                first = late.wait(PREFETCH_LATE)
                late.result = None
                if first is not None and first.article_id is not None:
                    self.app.call_from_thread(self._show_late_first, first)
                else:
                    first = None  # failed or nothing to open: as without a prefetch
            if first is not None and first.article_id is not None:  # already on screen
                wanted, pending = first.article_id, first.analysis is None
                self._painted.wait(timeout=2.0)  # let the UI thread paint the text before listing the library
                articles = controller.list_articles()
            else:
                TOPIC_COLOURS_REGISTRY.seed([t for t in controller.read_topic_labels() if t != "general"])
                wanted = controller.start_article(self.session.open_article_id)
                # one thread at a time on the library at start-up: show the article first, then list the rest
                pending = self._fetch_article(wanted, None) if wanted is not None else False
                if wanted is not None:
                    self._painted.wait(timeout=2.0)  # let the UI thread paint the text before listing the library
                articles = controller.list_articles()
                if wanted is None and articles:
                    wanted = articles[0].id
                    pending = self._fetch_article(wanted, None)
        except Exception as err:  # a bug below the UI must not take the reader down
            self._work_failed(err, "could not open the library")
            return
        self.post_message(self.LibraryReady(articles))
        if pending and wanted is not None:
            self._compute_analysis(wanted)

    def on_main_screen_library_ready(self, message: LibraryReady) -> None:
        self.controller.articles = message.articles
        if self.controller.ready:
            self._populate_nav(message.articles)
        else:  # the article's text first, the navigator right after
            self.call_after_refresh(self._populate_nav, message.articles)

    def _populate_nav(self, articles: list[ArticleInfo]) -> None:
        if not self.nav_ready:  # filled when it is mounted
            self._listed = articles
            self.call_later(self._ensure_nav)
            return
        self._listed = None
        self.nav.topic_labels = self.controller.topic_labels
        unread, feeds = self.navigator_marks()
        self.nav.set_articles([(a.id, a.title, tuple(a.section_topics or ())) for a in articles], unread, feeds)
        self._mark_versioned()
        if self.controller.view is not None:
            self._refresh_nav_sections()
        if not articles:
            self.reader.loading = False
            self._set_status("The library is empty: import articles with `briefing import PATH` or `briefing FILE`.")

    def _refresh_nav_sections(self) -> None:
        article_id = self.controller.article_id
        if article_id is None or not self.nav_ready:
            return
        reader = self.reader
        numbers = {topic: i + 1 for i, topic in enumerate(reader.topic_order[:9])}
        self.nav.corrected_sections = self.correction_marks().sections  # issue 10: re-labelled sections
        self.nav.show_sections(article_id, reader.sections, numbers, self.controller.notes)
        self.call_after_refresh(self._sync_nav)

    def open_article(self, article_id: int, position: int | None = None, *, focus_reader: bool = False) -> None:
        """Load an article (in a worker) and show it; position is a text offset (None: the place remembered)."""
        controller = self.controller
        if controller.lib is None:
            return
        if article_id == controller.article_id:
            if position is not None:
                self.reader.reveal(position)
            return
        self.save_state()
        self._focus_reader_after_load = self._focus_reader_after_load or focus_reader
        if controller.ready:
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
        worker = get_current_worker()
        loaded = self.controller.read_article(article_id, position, lambda: worker.is_cancelled)
        if loaded is None:
            return False
        self.post_message(self.ArticleLoaded(loaded))
        return loaded.pending

    def _compute_analysis(self, article_id: int) -> None:
        """(In a worker thread.) Analyse an article (loads the NLP model) and post the result."""
        try:
            analysis = self.controller.compute_analysis(article_id)
        except Exception as err:  # a bug below the UI must not take the reader down
            self._work_failed(err, "analysis failed")
            return
        if analysis is not None and not get_current_worker().is_cancelled:
            self.post_message(self.AnalysisReady(article_id, analysis))

    def _work_failed(self, err: Exception, doing: str) -> None:
        """(In a worker.) Show a failure: a BriefingError as it says, anything else (a bug) with what failed."""
        self.post_message(self.WorkFailed(failure_text(err, doing)))

    def on_main_screen_article_loaded(self, message: ArticleLoaded) -> None:
        controller = self.controller
        loaded = message.loaded
        view = loaded.view
        controller.article_loaded(loaded)
        self.title = " ".join(literal(view.title).split()) or "Briefing"
        self.sub_title = " ".join(literal(view.meta).split())
        reader = self.reader
        if reader.loading:
            reader.loading = False
        reader.show_article(view, controller.notes, loaded.position)
        self._update_status()
        self.call_after_refresh(self._after_analysis)  # panes and navigator once the text is on screen
        if view.analysis is not None:
            self._goto_pending_topic()
        matches = controller.take_pending_matches()
        if matches is not None:
            reader.set_matches(matches)
        if not controller.ready or self._focus_reader_after_load:
            self._focus_reader_after_load = False
            self._focus_column("reader")
        if not self._painted.is_set():
            self.call_after_refresh(self._painted.set)
        self.call_after_refresh(self.mark_opened, view.article_id)  # opened: read
        controller.ready = True
        # remember it, but not before the text is on screen (a write waits for the disk)
        self.schedule_save()

    def on_main_screen_analysis_ready(self, message: AnalysisReady) -> None:
        view = self.controller.analysis_arrived(message.article_id, message.analysis)
        if view is None:
            return
        self.reader.show_article(view, self.controller.notes)
        self._goto_pending_topic()
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

    def _sync_nav(self) -> None:
        if not self.nav_ready:
            return
        self.nav.current_section = -2
        self.nav.mark_section(self.reader.section_index())

    def on_main_screen_work_failed(self, message: WorkFailed) -> None:
        self.controller.analysing = False
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
        self.schedule_save()

    def on_reader_entity_clicked(self, message: Reader.EntityClicked) -> None:
        self.reader.focus_entity(message.entity_id)
        self._update_status()

    # ------------------------------------------------------------------ navigator / panes

    @on(Tree.NodeSelected, "#nav")
    def _nav_selected(self, event: Tree.NodeSelected) -> None:
        item: NavItem | None = event.node.data
        if item is None:
            return
        if item.article_id != self.controller.article_id:
            self.controller.pending_topic = item.topic
            self.open_article(item.article_id)
        elif item.section is not None:
            self.reader.goto_section(item.section)
        elif item.topic is not None:
            self._goto_topic(item.topic)
        if self.has_class("-narrow"):
            self._focus_column("reader")

    def _goto_pending_topic(self) -> None:
        topic = self.controller.take_pending_topic()
        if topic is not None:
            self._goto_topic(topic)

    def _goto_topic(self, topic: str) -> None:
        """The first section of a topic in the open article."""
        for index, section in enumerate(self.reader.sections):
            if section.topic == topic:
                self.reader.goto_section(index)
                return

    def goto_section(self, index: int) -> None:
        self.reader.goto_section(index)

    def article_titles(self) -> list[tuple[int, str]]:
        return [(a.id, a.title) for a in self.controller.articles]

    def palette_actions(self) -> list[tuple[str, str, str]]:
        """(description, action, key) of every described binding of every part, once each."""
        out = []
        seen = set()
        for _title, bindings in self.binding_groups():
            for binding in bindings:
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
        for line in reader.layout.lines[top : top + height]:
            if line.kind == TEXT:
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

    def action_back(self) -> None:
        reader = self.reader
        if self.focused is not reader:
            self._focus_column("reader")
        elif reader.anchor is not None:
            reader.toggle_anchor()
            self._update_status()
        elif reader.filter is not None:
            reader.set_filter(None)
        elif reader.focused_entity:
            reader.focus_entity(None)
            self._update_status()

    def action_help(self) -> None:
        from .help import HelpScreen, binding_rows

        self.app.push_screen(HelpScreen(binding_rows(help_binding_groups(), self.session.keymap_overrides)))


def help_binding_groups() -> list[tuple[str, list[Binding]]]:
    """The reader's keys by where they work: the sections of help, and (with the dialogs') what the
    settings' ``[keymap]`` may rebind. (Imports the screens and widgets that start-up does not load.)"""
    from ..widgets.navigator import TopicNavigator
    from ..widgets.panes import EntityList, NoteList, QuoteList
    from ..widgets.search_bar import SearchBar
    from . import note_editor
    from .changes import ChangesScreen
    from .library_brief import BriefScreen

    return [
        *MainScreen.binding_groups(),
        ("Entities pane", EntityList.BINDINGS),  # issue 10: dossier and corrections
        ("Quotes pane", QuoteList.BINDINGS),
        ("Navigator", TopicNavigator.BINDINGS),
        ("Notes pane", NoteList.BINDINGS),
        ("Search bar", SearchBar.BINDINGS),
        ("Note editor", note_editor.NoteEditor.BINDINGS),
        ("Show changes", ChangesScreen.BINDINGS),
        ("Library brief", BriefScreen.BINDINGS),
        ("App", APP_BINDINGS),
    ]
