"""The main screen's subscriptions: `r` refreshes the feeds in a thread worker while the user reads
(the navigator is listed again when articles came in, a notification says how many), the navigator's
unread marks and feed groups, and an opened article marked read. The work is ``ui/subscriptions.py``."""

from __future__ import annotations

from textual.binding import Binding

from .. import subscriptions
from .reader_base import ReaderScreenBase


class SubscriptionsPart(ReaderScreenBase):
    """Refresh, unread marks, mark read on open."""

    KEYS_TITLE = "Subscriptions"
    PART_BINDINGS = [Binding("r", "refresh_feeds", "Refresh feeds", id="refresh-feeds", show=False)]

    def navigator_marks(self) -> tuple[set[int], dict[int, str]]:
        """(unread ids, article id -> feed name) for listing the navigator; the open article is read."""
        unread, feeds = subscriptions.navigator_state(self.lib)
        unread.discard(self.article_id)  # open, so read (its write may still be on its way)
        return unread, feeds

    def mark_opened(self, article_id: int) -> None:
        """The article is on screen: its dot goes at once, a worker writes that it is read."""
        if self.nav_ready:
            self.nav.set_read(article_id)
        lib = self.lib
        if lib is not None and not lib.readonly:
            self.run_worker(
                lambda: subscriptions.mark_read(lib, article_id), thread=True, group="read-state", description="mark read"
            )

    def action_refresh_feeds(self) -> None:
        lib = self.lib
        if lib is None:
            return
        if lib.readonly:
            self.notify("The library is read-only: feeds cannot be refreshed.", severity="warning", markup=False)
            return
        if any(w.group == "refresh" and w.is_running for w in self.workers):
            self.notify("Already refreshing…", timeout=2)
            return
        try:
            count = subscriptions.feed_count(lib)
        except Exception as err:  # noqa: BLE001 - one line, keep reading
            self.notify(str(err), severity="error", markup=False)
            return
        if not count:
            self.notify("No subscriptions: add one with `briefing feeds add URL`.", timeout=4, markup=False)
            return
        self.notify(f"Refreshing {count} feed{'s' * (count != 1)}…", timeout=2, markup=False)
        self.run_worker(self._refresh, thread=True, group="refresh", exclusive=True, description="refresh feeds")

    def _refresh(self) -> None:
        """(In a worker thread.)"""
        from textual.worker import get_current_worker

        lib = self.lib
        if lib is None:
            return
        try:
            report, articles = subscriptions.refresh_library(lib)
        except Exception as err:  # noqa: BLE001 - say why, keep reading
            self.app.call_from_thread(self.notify, f"Refresh failed: {err}", severity="error", markup=False)
            return
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._refreshed, report, articles)

    def _refreshed(self, report, articles) -> None:  # noqa: ANN001
        if articles is not None:
            self.post_message(self.LibraryReady(articles))  # type: ignore[attr-defined] - MainScreen's message
        message, severity = subscriptions.refresh_message(report)
        self.notify(message, title="Refresh", severity=severity, timeout=8 if report.failed else 4, markup=False)
