"""Subscriptions: the feeds table (name, URL, topic, conditional-request validators, last refresh and
error) and the entries seen in each feed. A feed is named by its name or its URL; removing one keeps
its articles and notes (they only lose their feed)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from ..errors import BriefingError
from ..safe_text import storable
from .store import now_iso

if TYPE_CHECKING:
    from .store import Library


class Feed(NamedTuple):
    id: int
    name: str
    url: str
    topic: str | None
    etag: str | None
    last_modified: str | None
    added: str
    last_refresh: str | None
    last_error: str | None
    unread: int = 0
    articles: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "topic": self.topic,
            "added": self.added,
            "last_refresh": self.last_refresh,
            "last_error": self.last_error,
            "articles": self.articles,
            "unread": self.unread,
        }


_COLUMNS = "f.id, f.name, f.url, f.topic, f.etag, f.last_modified, f.added, f.last_refresh, f.last_error"


def default_name(url: str) -> str:
    """A name for a feed from its URL: host and path, without the scheme or a trailing slash."""
    parts = urlsplit(url)
    name = (parts.hostname or "") + parts.path.rstrip("/")
    return re.sub(r"\s+", " ", name).strip() or url


def list_feeds(lib: Library) -> list[Feed]:
    """All feeds by name, with their article and unread counts."""
    with lib.read() as conn:
        rows = conn.execute(
            f"""
            SELECT {_COLUMNS},
                   (SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read_at IS NULL),
                   (SELECT count(*) FROM articles a WHERE a.feed_id = f.id)
            FROM feeds f ORDER BY f.name COLLATE NOCASE, f.id
            """
        ).fetchall()
    return [Feed(*r) for r in rows]


def find_feed(lib: Library, name_or_url: str) -> Feed:
    """The feed with this name (or URL); ``BriefingError`` naming it when there is none."""
    for feed in list_feeds(lib):
        if name_or_url in (feed.name, feed.url):
            return feed
    folded = name_or_url.casefold()
    matches = [f for f in list_feeds(lib) if f.name.casefold() == folded]
    if len(matches) == 1:
        return matches[0]
    raise BriefingError(f"{name_or_url}: no such feed (see `briefing feeds`)")


def add_feed(lib: Library, url: str, name: str | None = None, topic: str | None = None) -> Feed:
    """Subscribe to ``url`` (http or https). Names and URLs are unique."""
    from ..fetch.http import FetchError, check_url

    try:
        url = check_url(url)
    except FetchError as err:
        raise BriefingError(f"{url}: {err}") from None
    name = " ".join((name or default_name(url)).split())
    if not name:
        raise BriefingError(f"{url}: the feed needs a name")
    if topic is not None:
        known = {topic_id for topic_id, _label in lib.topic_labels()[0]}
        if topic not in known:
            raise BriefingError(f"{topic}: no such topic (topics: {', '.join(sorted(known))})")
    with lib.write("adding a feed") as conn:
        if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (storable(url),)).fetchone():
            raise BriefingError(f"{url}: already subscribed")
        if conn.execute("SELECT 1 FROM feeds WHERE name = ?", (storable(name),)).fetchone():
            raise BriefingError(f"{name}: a feed has this name already; choose another with --name")
        conn.execute(
            "INSERT INTO feeds (url, name, topic, added) VALUES (?, ?, ?, ?)",
            (storable(url), storable(name), topic, now_iso()),
        )
    return find_feed(lib, url)


def remove_feed(lib: Library, name_or_url: str) -> Feed:
    """Unsubscribe; the feed's articles and their notes stay in the library."""
    feed = find_feed(lib, name_or_url)
    with lib.write("removing a feed") as conn:
        conn.execute("UPDATE articles SET feed_id = NULL WHERE feed_id = ?", (feed.id,))
        conn.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed.id,))
        conn.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
    return feed


def known_entries(lib: Library, feed_id: int) -> dict[str, str]:
    """entry key -> hash of the entry when last seen, for one feed."""
    with lib.read() as conn:
        return dict(conn.execute("SELECT entry_key, entry_hash FROM feed_entries WHERE feed_id = ?", (feed_id,)))


def record_refresh(
    lib: Library,
    feed_id: int,
    *,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    validators: bool = False,
) -> None:
    """Remember a refresh's outcome (and, with ``validators``, the new ETag / Last-Modified)."""
    with lib.write("saving a feed's state") as conn:
        if validators:
            conn.execute(
                "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                (storable(etag) if etag else None, storable(last_modified) if last_modified else None, feed_id),
            )
        conn.execute(
            "UPDATE feeds SET last_refresh = ?, last_error = ? WHERE id = ?",
            (now_iso(), storable(error) if error else None, feed_id),
        )


def record_entries(
    lib: Library, feed_id: int, entries: list[tuple[str, str, int | None, str | None]]
) -> None:
    """Remember entries (key, hash, article id, author) and give their articles this feed."""
    now = now_iso()
    with lib.write("saving a feed's entries") as conn:
        for key, digest, article_id, author in entries:
            conn.execute(
                "INSERT OR REPLACE INTO feed_entries (feed_id, entry_key, entry_hash, article_id, seen) "
                "VALUES (?, ?, ?, ?, ?)",
                (feed_id, storable(key), digest, article_id, now),
            )
            if article_id is not None:
                conn.execute(
                    "UPDATE articles SET feed_id = coalesce(feed_id, ?), author = coalesce(?, author) WHERE id = ?",
                    (feed_id, storable(author) if author else None, article_id),
                )


def name_after_title(lib: Library, feed: Feed, title: str) -> Feed:
    """A feed still called by its URL's default name takes the feed's own title (when no other feed
    has it); a name the user chose is kept."""
    title = " ".join(title.split())[:120]
    if not title or feed.name != default_name(feed.url) or title == feed.name:
        return feed
    with lib.write("naming a feed") as conn:
        if conn.execute("SELECT 1 FROM feeds WHERE name = ?", (storable(title),)).fetchone():
            return feed
        conn.execute("UPDATE feeds SET name = ? WHERE id = ?", (storable(title), feed.id))
    return feed._replace(name=storable(title))
