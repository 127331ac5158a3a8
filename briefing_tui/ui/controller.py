"""The reader's state and work without Textual: which article is open, its text, analysis and notes,
the search hits, the place remembered in the library, and the library calls the screen's workers make.

Plain Python (no Textual, no Rich), tested without Pilot (``tests/test_reader_controller.py``). The
screen (``ui/screens/main.py``) owns the widgets and the threads: its workers call the ``read_*`` and
``compute_*`` methods here (they only read the library and return values), and the UI thread records
what arrived with the ``*_loaded`` / ``*_arrived`` methods. Imports only what start-up already loads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, NamedTuple

from ..errors import BriefingError
from .prefetch import STATE_ARTICLE, FirstArticle, state_position_key, topic_labels

if TYPE_CHECKING:
    from ..library.search import SearchHit
    from ..library.store import Article, ArticleInfo, Library
    from ..model import Analysis, Note

STATE_PANE = "ui.pane"
STATE_THEME = "ui.theme"
SEARCH_LIMIT = 50


def error_text(err: BaseException) -> str:
    """One line for an error from the library: a BriefingError as is, anything else with its type."""
    if isinstance(err, BriefingError):
        return " ".join(str(err).split())
    return " ".join(f"{type(err).__name__}: {err}".split())


def failure_text(err: BaseException, doing: str) -> str:
    """A worker's failure: a BriefingError as it says, anything else (a bug) with what failed."""
    return str(err) if isinstance(err, BriefingError) else f"{doing}: {type(err).__name__}: {err}"


def article_meta(art: Article) -> str:
    """'Publisher · author · date' for the reader's meta line (a feed's article names its feed; a file
    source shows as its file name)."""
    meta = art.metadata or {}
    source = meta.get("Feed") or meta.get("Source") or meta.get("source") or art.url or ""
    if not source and art.source:
        source = art.source if "://" in art.source else PurePath(art.source).name
    return " · ".join(p for p in (source, meta.get("Author"), art.date) if p)


class ArticleView(NamedTuple):
    """Everything the reader shows about one article."""

    article_id: int
    title: str
    meta: str
    text: str
    body_start: int
    analysis: Analysis | None

    @classmethod
    def of(cls, art: Article, analysis: Analysis | None) -> ArticleView:
        return cls(art.id, art.title, article_meta(art), art.text, art.body_start, analysis)


class LoadedArticle(NamedTuple):
    """An article read for the reader: its view, notes and the text offset to show (None: the start)."""

    view: ArticleView
    notes: list[Note]
    position: int | None

    @property
    def pending(self) -> bool:
        """Its analysis is not cached: it has to be computed (in a worker)."""
        return self.view.analysis is None


class ReaderController:
    """The open article and the library behind the reader (one per main screen)."""

    def __init__(self) -> None:
        self.lib: Library | None = None
        self.articles: list[ArticleInfo] = []
        self.article_id: int | None = None
        self.view: ArticleView | None = None
        self.notes: list[Note] = []
        self.analysing = False  # the open article's analysis is being computed
        self.ready = False  # an article is on screen
        self.topic_labels: dict[str, str] = {}
        self.pending_topic: str | None = None  # a topic chosen for an article being opened
        self.hits: list[SearchHit] = []
        self.hit_index = -1
        self.pending_matches: list[tuple[int, int]] | None = None  # a hit's matches, for an article being opened
        self.deleted_notes: list[int] = []  # for undo, most recent last
        self.stored_pane: str | None = None  # the side pane the library remembers

    @property
    def analysis(self) -> Analysis | None:
        return self.view.analysis if self.view is not None else None

    # ------------------------------------------------------------------ the library

    @staticmethod
    def open_library(path: str | Path | None, taxonomy: str | Path | None) -> Library:
        """(Worker.) Open (or create and seed) the library."""
        from ..library.store import Library

        return Library.open(path, taxonomy=taxonomy)

    def attach(self, lib: Library) -> None:
        self.lib = lib

    @property
    def readonly(self) -> bool:
        return self.lib is not None and self.lib.readonly

    def readonly_message(self) -> str:
        """'read-only: <why>' when the library cannot be written ('' when it can)."""
        if self.lib is None or not self.lib.readonly:
            return ""
        return f"read-only: {self.lib.readonly_reason or 'the library file cannot be written'}"

    # ------------------------------------------------------------------ remembered state

    def get_state(self, key: str) -> str | None:
        """A remembered piece of UI state (None when unknown or unreadable)."""
        if self.lib is None:
            return None
        try:
            return self.lib.get_state(key)
        except Exception:
            return None

    def set_state(self, key: str, value: str) -> None:
        """Remember a piece of UI state; never fails (read-only library, disk full, busy: not remembered)."""
        if self.lib is None or self.lib.readonly:
            return
        try:
            self.lib.set_state(key, value)
        except Exception:  # remembering the place is a nicety: it must not take the reader down
            pass

    def saved_position(self, article_id: int) -> int | None:
        """The text offset remembered for an article (None: none, or unreadable)."""
        value = self.get_state(state_position_key(article_id))
        return int(value) if value and value.lstrip("-").isdigit() else None

    def remember_place(self, offset: int | None, pane: str | None) -> None:
        """Remember the open article, the offset of the cursor in it and the side pane shown."""
        if self.article_id is None or not self.ready:
            return
        self.set_state(STATE_ARTICLE, str(self.article_id))
        if offset is not None:
            self.set_state(state_position_key(self.article_id), str(offset))
        if pane:
            self.remember_pane(pane)

    def remember_pane(self, pane: str) -> None:
        """Remember the side pane shown (a write waits for the disk: only when it changed)."""
        if pane != self.stored_pane and self.lib is not None and self.ready:
            self.set_state(STATE_PANE, pane)
            self.stored_pane = pane

    def restored_pane(self) -> str | None:
        self.stored_pane = self.get_state(STATE_PANE)
        return self.stored_pane

    # ------------------------------------------------------------------ reading (worker threads)

    def read_topic_labels(self) -> dict[str, str]:
        """(Worker.) Topic id -> label as the library remembers them (no taxonomy loading)."""
        assert self.lib is not None
        self.topic_labels = topic_labels(self.lib) or {}
        return self.topic_labels

    def start_article(self, requested: int | None) -> int | None:
        """(Worker.) The article to show first: the requested one, else the remembered one, if it exists
        (None: the library's first, once it is listed)."""
        assert self.lib is not None
        wanted = requested
        if wanted is None:
            remembered = self.lib.get_state(STATE_ARTICLE)
            wanted = int(remembered) if remembered and remembered.isdigit() else None
        if wanted is not None:
            try:
                self.lib.article(wanted)
            except BriefingError:
                wanted = None
        return wanted

    def list_articles(self) -> list[ArticleInfo]:
        """(Worker.) The library's articles, for the navigator."""
        assert self.lib is not None
        return self.lib.articles()

    def read_article(
        self, article_id: int, position: int | None, cancelled: Callable[[], bool] = lambda: False
    ) -> LoadedArticle | None:
        """(Worker.) An article, its cached analysis (None when it is not cached) and notes; None when
        ``cancelled()`` says the work is no longer wanted. Position None: the remembered one."""
        lib = self.lib
        assert lib is not None
        art = lib.article(article_id)
        analysis = lib.analysis(article_id, compute=False, article=art)
        notes = lib.notes(article_id)
        if cancelled():
            return None
        if position is None:
            position = self.saved_position(article_id)  # (never fails: the start of the article then)
        return LoadedArticle(ArticleView.of(art, analysis), notes, position)

    def compute_analysis(self, article_id: int) -> Analysis | None:
        """(Worker.) Analyse an article (loads the NLP model)."""
        assert self.lib is not None
        return self.lib.analysis(article_id, compute=True)

    # ------------------------------------------------------------------ what arrived (UI thread)

    def first_article(self, first: FirstArticle) -> LoadedArticle:
        """The start-up prefetch's article, as the reader shows it."""
        if first.labels is not None:
            self.topic_labels = first.labels
        return LoadedArticle(ArticleView.of(first.article, first.analysis), list(first.notes or ()), first.position)

    def article_loaded(self, loaded: LoadedArticle) -> None:
        self.article_id = loaded.view.article_id
        self.view = loaded.view
        self.notes = loaded.notes
        self.analysing = loaded.pending

    def analysis_arrived(self, article_id: int, analysis: Analysis) -> ArticleView | None:
        """The open article's new view (None: the analysis is for an article no longer open)."""
        if article_id != self.article_id or self.view is None:
            return None
        self.analysing = False
        self.view = self.view._replace(analysis=analysis)
        return self.view

    def take_pending_topic(self) -> str | None:
        """The topic to go to once the open article has sections (then forgotten)."""
        topic, self.pending_topic = self.pending_topic, None
        return topic

    def take_pending_matches(self) -> list[tuple[int, int]] | None:
        matches, self.pending_matches = self.pending_matches, None
        return matches

    # ------------------------------------------------------------------ search

    def search(self, query: str) -> list[SearchHit]:
        """The library's search (raises BriefingError on a bad query)."""
        if self.lib is None:
            return []
        return self.lib.search(query, limit=SEARCH_LIMIT)

    def choose_hit(self, index: int) -> SearchHit | None:
        """Make hit ``index`` (wrapping round) the current one; None when there are no hits."""
        if not self.hits:
            return None
        self.hit_index = index % len(self.hits)
        return self.hits[self.hit_index]

    def matches_for(self, article_id: int) -> list[tuple[int, int]]:
        """Every search match in an article, as text spans."""
        spans: list[tuple[int, int]] = []
        for hit in self.hits:
            if hit.article_id == article_id:
                spans.extend((a, b) for a, b in hit.matches)
        return spans

    # ------------------------------------------------------------------ notes

    def reload_notes(self) -> list[Note]:
        """The open article's notes read again (raises what the library raises)."""
        if self.lib is None or self.article_id is None:
            return self.notes
        self.notes = self.lib.notes(self.article_id)
        return self.notes

    def note(self, note_id: int) -> Note | None:
        return next((n for n in self.notes if n.id == note_id), None)

    def note_saver(self, start: int, end: int) -> Callable[[str], Note]:
        """A function that stores a new note on [start, end) of the open article (for the editor)."""
        lib, article_id = self.lib, self.article_id
        assert lib is not None and article_id is not None

        def save(body: str) -> Note:
            return lib.add_note(article_id, start, end, body)

        return save

    def note_editor_saver(self, note_id: int) -> Callable[[str], Note]:
        lib = self.lib
        assert lib is not None

        def save(body: str) -> Note:
            return lib.edit_note(note_id, body=body)

        return save

    def delete_note(self, note_id: int) -> None:
        """Delete a note (raises what the library raises); undo_delete brings it back."""
        assert self.lib is not None
        self.lib.delete_note(note_id)
        self.deleted_notes.append(note_id)

    def undo_delete(self) -> bool:
        """Restore the last note deleted (False: nothing to undo; raises, keeping it undoable)."""
        if not self.deleted_notes or self.lib is None:
            return False
        note_id = self.deleted_notes.pop()
        try:
            self.lib.restore_note(note_id)
        except Exception:
            self.deleted_notes.append(note_id)  # still deleted: undo can be tried again
            raise
        return True

    # ------------------------------------------------------------------ export

    def export_stem(self) -> str:
        return f"briefing-{self.article_id}" if self.article_id is not None else "briefing-library"

    def export(self, scope: str, fmt: str, path: str, force: bool) -> Path:
        """(Worker.) Write the open article (scope 'article') or the whole library in ``fmt`` to
        ``path``, as `briefing export` does; the file written (raises BriefingError)."""
        lib = self.lib
        assert lib is not None
        from ..export.output import render, write_file

        ids = [self.article_id] if scope == "article" and self.article_id is not None else lib.article_ids()
        content = render(lib, ids, fmt)
        target = Path(path).expanduser().resolve()
        write_file(target, content, force)
        return target

