"""The reader's side of subscriptions: unread marks and feed groups for the navigator, marking an
article read when it is opened, and `r`, which refreshes the feeds in a thread worker while the user
reads; the navigator is re-listed when new articles came in and a notification says how many.

Functions take the main screen; library work runs in thread workers, UI updates go back through
``call_from_thread``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

if TYPE_CHECKING:
    from ..library.store import Library
    from .screens.main import MainScreen


def navigator_state(lib: Library | None) -> tuple[set[int], dict[int, str]]:
    """(unread article ids, article id -> feed name) for the navigator; empty when unavailable."""
    if lib is None:
        return set(), {}
    try:
        from ..library.read_state import feeds_of_articles, unread_ids

        return unread_ids(lib), {a: f.name for a, f in feeds_of_articles(lib).items()}
    except Exception:  # noqa: BLE001 - marks are a nicety: the navigator is listed without them
        return set(), {}


def mark_opened(screen: MainScreen, article_id: int) -> None:
    """The article was opened: mark it read (a worker writes it) and drop its dot at once."""
    lib = screen.lib
    if screen.nav_ready:
        screen.nav.set_read(article_id)
    if lib is None or getattr(lib, "readonly", False):
        return

    def write() -> None:
        from ..library.read_state import is_unread, set_read

        try:
            if is_unread(lib, article_id):
                set_read(lib, [article_id])
        except Exception:  # noqa: BLE001 - a busy library: it stays unread, the reader goes on
            pass

    screen.run_worker(write, thread=True, group="read-state", description="mark read")


def start_refresh(screen: MainScreen) -> None:
    """`r`: refresh every feed in a thread worker (one refresh at a time)."""
    lib = screen.lib
    if lib is None:
        return
    if getattr(lib, "readonly", False):
        screen.notify("The library is read-only: feeds cannot be refreshed.", severity="warning", markup=False)
        return
    if any(w.group == "refresh" and w.is_running for w in screen.workers):
        screen.notify("Already refreshing…", timeout=2)
        return
    from ..library.feeds import list_feeds

    try:
        count = len(list_feeds(lib))
    except Exception as err:  # noqa: BLE001
        screen.notify(str(err), severity="error", markup=False)
        return
    if not count:
        screen.notify("No subscriptions: add one with `briefing feeds add URL`.", timeout=4, markup=False)
        return
    screen.notify(f"Refreshing {count} feed{'s' * (count != 1)}…", timeout=2, markup=False)
    screen.run_worker(
        lambda: _refresh(screen, lib), thread=True, group="refresh", exclusive=True, description="refresh feeds"
    )


def _refresh(screen: MainScreen, lib: Library) -> None:
    from ..library.refresh import refresh

    try:
        report = refresh(lib)
        articles = lib.articles() if report.new or report.updated else None
    except Exception as err:  # noqa: BLE001 - say why, keep reading
        screen.app.call_from_thread(screen.notify, f"Refresh failed: {err}", severity="error", markup=False)
        return
    if get_current_worker().is_cancelled:
        return
    screen.app.call_from_thread(_refreshed, screen, report, articles)


def _refreshed(screen: MainScreen, report: Any, articles: list[Any] | None) -> None:
    if articles is not None and screen.lib is not None:
        screen.post_message(screen.LibraryReady(screen.lib, articles, screen.article_id, None))
    new = len(report.new)
    message = f"{new} new article{'s' * (new != 1)}" if new else "No new articles"
    if report.updated:
        message += f", {len(report.updated)} updated"
    failed = report.failed
    if failed:
        names = ", ".join(f"{o.feed.name} ({o.error})" for o in failed[:3])
        more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
        screen.notify(f"{message}. {len(failed)} feed{'s' * (len(failed) != 1)} failed: {names}{more}",
                      title="Refresh", severity="warning", timeout=8, markup=False)
    else:
        screen.notify(message, title="Refresh", timeout=4, markup=False)
