"""Start-up prefetch: the article the reader opens first, read in a thread while the UI modules import.

``briefing`` starts one as soon as the library is open; the main screen waits for it briefly when it
mounts, so the very first frame already shows the text. It only reads (the article, its *cached*
analysis, its notes, the saved position and the topic labels): it never computes an analysis, and it
imports no Textual (it runs before the UI is imported).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import BriefingError

if TYPE_CHECKING:
    from ..library import Library
    from ..model import Analysis, Note

STATE_ARTICLE = "ui.article"


def state_position_key(article_id: int) -> str:
    return f"ui.position.{article_id}"


class FirstArticle(NamedTuple):
    """What the reader shows first; article is None when there is nothing remembered to open."""

    labels: dict[str, str] | None  # topic id -> label (None: unavailable)
    article_id: int | None
    article: Any = None
    analysis: Analysis | None = None
    notes: list[Note] | None = None
    position: int | None = None


def topic_labels(lib: Library) -> dict[str, str] | None:
    """Topic id -> label as the library remembers them (None when it cannot say)."""
    try:
        topics, general = lib.topic_labels()
    except Exception:  # labels are a nicety: never fail the start-up for them
        return None
    labels = dict(topics)
    labels["general"] = general
    return labels


def saved_position(lib: Library, article_id: int) -> int | None:
    saved = lib.get_state(state_position_key(article_id))
    return int(saved) if saved and saved.lstrip("-").isdigit() else None


def read_first_article(lib: Library, article_id: int | None) -> FirstArticle:
    """The requested (or else the remembered, or else the library's first) article with its cached
    analysis, notes and position."""
    labels = topic_labels(lib)
    wanted = article_id
    if wanted is None:
        remembered = lib.get_state(STATE_ARTICLE)
        wanted = int(remembered) if remembered and remembered.isdigit() else None
    art = None
    if wanted is not None:
        try:
            art = lib.article(wanted)
        except BriefingError:  # e.g. the remembered article was deleted
            art = None
    if art is None and article_id is None:  # as the reader would: the library's first article
        first = lib.first_article_id()
        art = lib.article(first) if first is not None else None
    if art is None:
        return FirstArticle(labels, None)
    analysis = lib.analysis(art.id, compute=False, article=art)
    notes = lib.notes(art.id)
    return FirstArticle(labels, art.id, art, analysis, notes, saved_position(lib, art.id))


class StartupPrefetch:
    """Runs read_first_article in a daemon thread; wait() tells whether it finished."""

    def __init__(self, library: Library, article_id: int | None = None) -> None:
        self.library = library
        self.article_id = article_id
        self.result: FirstArticle | None = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        threading.Thread(target=self._run, name="briefing-prefetch", daemon=True).start()

    def _run(self) -> None:
        try:
            self.result = read_first_article(self.library, self.article_id)
        except BaseException as err:  # the screen falls back to its own loading (and reports errors)
            self.error = err
        finally:
            self._done.set()

    @property
    def running(self) -> bool:
        """Still reading."""
        return not self._done.is_set()

    def wait(self, timeout: float) -> FirstArticle | None:
        """The result if it is ready within timeout seconds (None: late or failed)."""
        if not self._done.wait(timeout) or self.error is not None:
            return None
        return self.result
