"""The reader's subscription work, without Textual (the screen part ``screens/reader_subscriptions.py``
runs it in workers and shows it): unread marks and feed groups for the navigator, marking an article
read, a refresh and the sentence that reports it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..library import Library
    from ..library.refresh import RefreshReport


def navigator_state(lib: Library | None) -> tuple[set[int], dict[int, str]]:
    """(unread article ids, article id -> feed name) for the navigator; empty when unavailable."""
    if lib is None:
        return set(), {}
    try:
        from ..library.read_state import feeds_of_articles, unread_ids

        return unread_ids(lib), {a: f.name for a, f in feeds_of_articles(lib).items()}
    except Exception:  # noqa: BLE001 - marks are a nicety: the navigator is listed without them
        return set(), {}


def mark_read(lib: Library | None, article_id: int) -> None:
    """The article was opened: remember it is read (quietly: a busy library leaves it unread)."""
    if lib is None or lib.readonly:
        return
    from ..library.read_state import is_unread, set_read

    try:
        if is_unread(lib, article_id):
            set_read(lib, [article_id])
    except Exception:  # noqa: BLE001 - the reader goes on
        pass


def feed_count(lib: Library) -> int:
    from ..library.feeds import list_feeds

    return len(list_feeds(lib))


def refresh_library(lib: Library) -> tuple[RefreshReport, list[Any] | None]:
    """Refresh every feed; the report and, when articles came in or changed, the new listing."""
    from ..library.refresh import refresh

    report = refresh(lib)
    return report, (lib.articles() if report.new or report.updated else None)


def refresh_message(report: RefreshReport) -> tuple[str, str]:
    """(message, severity) for the notification after a refresh: how many came in, which feeds failed."""
    new = len(report.new)
    message = f"{new} new article{'s' * (new != 1)}" if new else "No new articles"
    if report.updated:
        message += f", {len(report.updated)} updated"
    failed = report.failed
    if not failed:
        return message, "information"
    names = ", ".join(f"{o.feed.name} ({o.error})" for o in failed[:3])
    more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
    return f"{message}. {len(failed)} feed{'s' * (len(failed) != 1)} failed: {names}{more}", "warning"
