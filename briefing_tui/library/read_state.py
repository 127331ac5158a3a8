"""Read state: an article is unread until it is opened in the reader or marked read
(``briefing read ID``); ``read_at`` holds when, NULL for unread."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from ..errors import BriefingError
from .store import now_iso

if TYPE_CHECKING:
    from .store import Library


class FeedOf(NamedTuple):
    """An article's feed, for grouping in the navigator."""

    feed_id: int
    name: str


def set_read(lib: Library, article_ids: Iterable[int], read: bool = True) -> list[int]:
    """Mark the articles read (or unread); the ids that changed. An unknown id is an error."""
    ids = [int(i) for i in article_ids]
    changed: list[int] = []
    with lib.write("marking articles read" if read else "marking articles unread") as conn:
        for article_id in ids:
            row = conn.execute("SELECT read_at FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise BriefingError(f"article {article_id}: no such article in {lib.path}")
            if (row[0] is not None) != read:
                conn.execute("UPDATE articles SET read_at = ? WHERE id = ?", (now_iso() if read else None, article_id))
                changed.append(article_id)
    return changed


def is_unread(lib: Library, article_id: int) -> bool:
    with lib.read() as conn:
        row = conn.execute("SELECT read_at FROM articles WHERE id = ?", (int(article_id),)).fetchone()
    return row is not None and row[0] is None


def unread_ids(lib: Library) -> set[int]:
    with lib.read() as conn:
        return {r[0] for r in conn.execute("SELECT id FROM articles WHERE read_at IS NULL")}


def feeds_of_articles(lib: Library) -> dict[int, FeedOf]:
    """article id -> its feed, for the articles that came from a subscription."""
    with lib.read() as conn:
        rows = conn.execute("SELECT a.id, f.id, f.name FROM articles a JOIN feeds f ON f.id = a.feed_id").fetchall()
    return {r[0]: FeedOf(r[1], r[2]) for r in rows}


def article_extras(lib: Library) -> dict[int, tuple[str | None, str | None, bool]]:
    """article id -> (feed name, author, unread) for ``briefing list``."""
    with lib.read() as conn:
        rows = conn.execute(
            "SELECT a.id, f.name, a.author, a.read_at IS NULL FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id"
        ).fetchall()
    return {r[0]: (r[1], r[2], bool(r[3])) for r in rows}
