"""Subscriptions in the reader (Pilot, a local HTTP server): the navigator groups feed articles under
their feed with its unread count and dots unread articles, opening an article marks it read, and `r`
refreshes while reading: the new article appears without a restart and a notification says so."""

from __future__ import annotations

from pathlib import Path

from fakes import write
from feedserver import FeedServer, Item, Route, paragraphs, rss
from uihelpers import THEME, wait_for, wait_ready

from briefing_tui.library.feeds import add_feed
from briefing_tui.library.read_state import is_unread
from briefing_tui.library.refresh import refresh
from briefing_tui.ui.settings import Settings


def text(topic: str) -> str:
    return "<p>" + "</p><p>".join(paragraphs(topic, 3)) + "</p>"


def labels(node) -> list[str]:  # noqa: ANN001
    return [str(child.label) for child in node.children]


def messages(app) -> list[str]:  # noqa: ANN001
    return [str(n.message) for n in app._notifications]


async def test_unread_marks_feed_counts_and_refresh_while_reading(tmp_path: Path, empty_library) -> None:
    from briefing_tui.ui.app import BriefingApp

    lib = empty_library
    items = [Item("k1", "Kite one", text=text("kite")), Item("k2", "Kite two", text=text("string"))]
    with FeedServer() as server:
        server.route("/kites.xml", Route(rss("Kites", items), etag='"k-1"'))
        server.route("/broken.xml", Route(b"<html><body>not a feed</body></html>", content_type="text/html"))
        add_feed(lib, server.url("/kites.xml"), name="Kites")
        refresh(lib)
        plain = lib.import_paths([write(tmp_path / "plain.txt", "Plain story\n\n" + " ".join(paragraphs("plain", 2)))])
        plain_id = plain.imported[0]
        ids = {a.title: a.id for a in lib.articles()}
        app = BriefingApp(lib, settings=Settings(), theme=THEME, open_article=plain_id)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            screen = app.screen
            nav = screen.nav
            feed = nav._feed_nodes["Kites"]
            assert str(feed.label) == "Kites  2"
            assert labels(feed) == ["● Kite one", "● Kite two"]
            plain_node = nav._articles[plain_id]
            assert plain_node.parent is nav.root and not str(plain_node.label).startswith("●")
            await wait_for(pilot, lambda: not is_unread(lib, plain_id), what="the open article marked read")

            # opening a feed's article (from the navigator) marks it read
            nav.focus()
            nav.move_cursor(nav._articles[ids["Kite one"]])
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.article_id == ids["Kite one"], what="Kite one opened")
            await wait_for(pilot, lambda: not is_unread(lib, ids["Kite one"]), what="Kite one marked read")
            assert screen.sub_title.startswith("Kites · Mira Holt · 2026-03-03")  # feed, author, date
            assert str(nav._feed_nodes["Kites"].label) == "Kites  1"
            assert labels(nav._feed_nodes["Kites"]) == ["Kite one", "● Kite two"]

            # the feed gains an entry; `r` brings it in while the article stays open
            server.route("/kites.xml", Route(rss("Kites", [Item("k3", "Kite three", text=text("tail")), *items]),
                                             etag='"k-2"'))
            add_feed(lib, server.url("/broken.xml"), name="Broken")
            two = ids["Kite two"]
            nav.move_cursor(nav._articles[two])  # (the navigator has the focus: r works there too)
            await pilot.press("r")
            await wait_for(pilot, lambda: "Kite three" in " ".join(labels(screen.nav._feed_nodes.get("Kites", nav.root))),
                           what="the new article in the navigator")
            await pilot.pause()
            assert screen.article_id == ids["Kite one"]  # still reading the same article
            assert str(screen.nav._feed_nodes["Kites"].label) == "Kites  2"
            assert screen.nav.cursor_node.data.article_id == two  # the navigator's cursor stayed put
            assert any("1 new article" in m and "Broken" in m and "not an RSS or Atom feed" in m for m in messages(app)), messages(app)
            assert server.hits["/kites.xml"] == 2

            # nothing new: says so
            screen.reader.focus()
            await pilot.press("r")
            await wait_for(pilot, lambda: any(m.startswith("No new articles") for m in messages(app)), what="no news")
