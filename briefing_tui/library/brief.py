"""The library's briefs: one article's, and the morning brief over the articles new since a time.

``since(WHEN)`` reads a date (``2026-12-01``), a date and time (ISO 8601) or a span back from now
(``90m``, ``24h``, ``7d``, ``2w``). An article is new since then when it was imported (or updated) or is
dated at or after it; of an article that was there before and has changed since, only the quotes its
earlier version did not have count as new. The brief is built from each article's digest (``ArticleDigest``: its brief
sentences, entity counts and quotes by topic), cached in ``article_briefs`` by text hash and the
brief/analyser/taxonomy versions, so a brief over a thousand articles reads a few kilobytes each; a
missing digest is made from the article's (cached, or computed) analysis and stored.
"""

from __future__ import annotations

import contextlib
import json
import re
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from ..analysis.brief import ArticleBrief, brief_article
from ..analysis.library_brief import ArticleDigest, BriefArticle, LibraryBrief, build_library_brief, digest_article
from ..errors import BriefingError
from .store import decode_analysis

if TYPE_CHECKING:
    from .store import Store as Library

BRIEF_VERSION = "1"  # bump when the brief of the same analysis can change (drops the cached digests)
_SPAN = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.I)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def since(when: str, now: datetime | None = None) -> datetime:
    """The UTC time ``WHEN`` stands for; a BriefingError naming it when it cannot be read."""
    now = now or datetime.now(timezone.utc)
    m = _SPAN.match(when)
    if m:
        return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    found = parse_date(when)
    if found is None:
        raise BriefingError(f"--since {when}: not a date (2026-12-01), a time (ISO 8601) or a span (24h, 7d)")
    return found


def parse_date(value: str | None) -> datetime | None:
    """A date as articles and feeds give it (ISO 8601 or RFC 2822), in UTC; None when unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        d = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        d = None
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            try:
                d = datetime.fromisoformat(text[:10])
            except ValueError:
                d = None
        if d is None:
            try:
                d = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.astimezone(timezone.utc)


def _iso(d: datetime) -> str:
    return d.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def article_brief(lib: Library, article_id: int) -> ArticleBrief:
    art = lib.article(article_id)
    analysis = lib.analysis(article_id, article=art)
    assert analysis is not None
    return brief_article(art.text, analysis)


def _brief_key(lib: Library) -> str:
    version, tax = lib.analysis_key()
    return f"{BRIEF_VERSION}|{version}|{tax}"


def library_brief(lib: Library, when: str, topic: str | None = None, now: datetime | None = None) -> LibraryBrief:
    """The morning brief: articles new since ``when``, grouped by topic. Each article's digest is read
    from the library's cache (made and cached here when missing)."""
    start = since(when, now)
    start_iso = _iso(start)
    key = _brief_key(lib)
    with lib.read() as conn:
        rows = conn.execute("SELECT id, date, imported, updated FROM articles ORDER BY id").fetchall()
    chosen = []
    changed: list[int] = []  # there before, with a new version since: only its new quotes are new
    for article_id, date, imported, updated in rows:
        if imported >= start_iso or updated >= start_iso:
            chosen.append(article_id)
            if imported < start_iso:
                changed.append(article_id)
            continue
        dated = parse_date(date)
        if dated is not None and dated >= start:
            chosen.append(article_id)
    earlier_quotes = _quotes_before(lib, changed, start_iso)
    articles: list[BriefArticle] = []
    made: list[tuple[str, bytes]] = []
    for lo in range(0, len(chosen), 500):
        batch = chosen[lo : lo + 500]
        marks = ",".join("?" * len(batch))
        with lib.read() as conn:
            found = conn.execute(
                f"SELECT a.id, a.title, a.source, a.date, a.updated, a.text_sha256, b.data FROM articles a "
                f"LEFT JOIN article_briefs b ON b.text_sha256 = a.text_sha256 AND b.brief_key = ? "
                f"WHERE a.id IN ({marks}) ORDER BY a.id",
                (key, *batch),
            ).fetchall()
        for article_id, title, source, date, updated, sha, data in found:
            if data is not None:
                digest = ArticleDigest.from_dict(json.loads(zlib.decompress(data)))
            else:
                art = lib.article(article_id)
                analysis = lib.analysis(article_id, article=art)
                assert analysis is not None
                digest = digest_article(art.text, analysis)
                made.append((sha, zlib.compress(json.dumps(digest.to_dict(), ensure_ascii=False).encode("utf-8", "surrogatepass"))))
            if article_id in earlier_quotes:
                known = earlier_quotes[article_id]
                digest = digest._replace(quotes=tuple(q for q in digest.quotes if q.text.casefold() not in known))
            articles.append(BriefArticle(article_id, title, source, date, updated, digest))
    if made and not lib.readonly:
        with contextlib.suppress(BriefingError), lib.write("caching briefs") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO article_briefs (text_sha256, brief_key, data) VALUES (?, ?, ?)",
                [(sha, key, data) for sha, data in made],
            )
    return build_library_brief(articles, start_iso, topic)


def _quotes_before(lib: Library, article_ids: list[int], start_iso: str) -> dict[int, set[str]]:
    """For articles changed since ``start_iso``: the quotes (whitespace-normalised, case-folded) of the
    version they had then, from its cached analysis (none when it is not cached any more)."""
    out: dict[int, set[str]] = {}
    for article_id in article_ids:
        with lib.read() as conn:
            row = conn.execute(
                "SELECT text_sha256 FROM article_versions WHERE article_id = ? AND replaced >= ? "
                "ORDER BY number LIMIT 1",
                (article_id, start_iso),
            ).fetchone()
        analysis = lib.cached_analysis(row[0]) if row else None
        if analysis is not None:
            out[article_id] = {" ".join(q.text.split()).casefold() for q in analysis.quotes}
    return out

