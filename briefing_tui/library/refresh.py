"""Refreshing subscriptions, and importing one page or feed by URL.

``refresh(lib, names)`` fetches the feeds concurrently (a thread pool, a few at a time; the HTTP client
allows only a couple of requests per host at once), conditionally (an unchanged feed costs one 304).
Entries seen before with the same content are skipped without any further request; a new or changed
entry that carries only a summary gets its page fetched and the main text extracted (trafilatura),
keeping the summary when that fails. Documents go through the importer like files do (a changed entry
updates its article and re-anchors its notes), one feed at a time on the calling thread. A feed that
fails (network, HTTP status, not a feed, malformed, too large) is reported with its one-line reason
and the others carry on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from ..errors import BriefingError
from ..model import Document
from .feeds import Feed, find_feed, known_entries, list_feeds, name_after_title, record_entries, record_refresh
from .store import ImportReport

if TYPE_CHECKING:
    from ..fetch.http import Fetched, HttpClient
    from ..ingest.feed import FeedEntry
    from .store import Library

WORKERS = 4
TICK = 0.25  # seconds between progress calls while waiting for feeds
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
RETRY = "retry:"  # an entry digest with this prefix: its page could not be fetched, try again once
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class FeedOutcome(NamedTuple):
    feed: Feed
    error: str | None = None  # why the feed could not be refreshed
    not_modified: bool = False  # the server answered 304
    new: tuple[int, ...] = ()  # articles added
    updated: tuple[int, ...] = ()  # articles whose entry changed
    unchanged: int = 0  # entries seen before, skipped
    warnings: tuple[str, ...] = ()  # entries imported with a problem (their page could not be fetched)


@dataclass
class RefreshReport:
    outcomes: list[FeedOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FeedOutcome]:
        return [o for o in self.outcomes if o.error]

    @property
    def new(self) -> list[int]:
        return [i for o in self.outcomes for i in o.new]

    @property
    def updated(self) -> list[int]:
        return [i for o in self.outcomes for i in o.updated]


class _Fetched(NamedTuple):
    feed: Feed
    error: str | None = None
    response: Fetched | None = None
    items: tuple[tuple[FeedEntry, Document], ...] = ()  # new or changed entries, ready to import
    unchanged: int = 0
    warnings: tuple[str, ...] = ()
    title: str = ""  # the feed's own title


def entry_source(feed_url: str, key: str) -> str:
    """An article's source for a feed entry: its id when that is a URL or URN (unique on its own),
    else the id under the feed's URL (ids like ``1`` repeat across feeds)."""
    return key if _HAS_SCHEME.match(key) else f"{feed_url}#{key.lstrip('#')}"


def new_client(**kwargs: object) -> HttpClient:
    from ..fetch.http import HttpClient

    return HttpClient(**kwargs)  # type: ignore[arg-type]


def _reason(source: str, err: BaseException) -> str:
    msg = str(err)
    return msg[len(source) + 2 :] if msg.startswith(f"{source}: ") else msg


def full_text(client: HttpClient, entry: FeedEntry, doc: Document) -> tuple[Document, str | None]:
    """``doc`` with the main text of the entry's page when the feed gave only a summary (and the page
    has more); the summary is kept, with a warning, when the page cannot be had."""
    from ..fetch.http import FetchError, is_url
    from ..ingest.html import document_from_html

    if not entry.summary_only or not entry.link or not is_url(entry.link):
        return doc, None
    try:
        page = client.get(entry.link, accept=PAGE_ACCEPT)
        found = document_from_html(page.body, entry.link)
    except FetchError as err:
        return doc, f"{entry.link}: {err} (kept the summary)"
    except BriefingError as err:
        return doc, f"{entry.link}: {_reason(entry.link, err)} (kept the summary)"
    if len(found.text.strip()) <= len(doc.text.strip()):
        return doc, None
    meta = dict(found.metadata)
    meta.update(doc.metadata)  # the feed's title, date, author and link win over the page's guesses
    meta["Full text"] = "fetched from the entry's page"
    return replace(doc, text=found.text, body_start=found.body_start, metadata=meta), None


def _fetch(client: HttpClient, feed: Feed, known: dict[str, str]) -> _Fetched:
    """Runs on a worker thread: the feed, its new entries and their pages. No library access."""
    from ..fetch.http import FetchError
    from ..ingest.feed import parse_feed

    try:
        got = client.get(feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT)
    except FetchError as err:
        return _Fetched(feed, error=str(err))
    if got.status == 304:
        return _Fetched(feed, response=got)
    try:
        parsed = parse_feed(
            got.body, feed.url, strict=True, allow_empty=True, known=known, content_type=got.content_type
        )
    except BriefingError as err:
        return _Fetched(feed, error=_reason(feed.url, err))
    except Exception as err:  # noqa: BLE001 - a hostile feed must not stop the others
        return _Fetched(feed, error=f"cannot be read ({type(err).__name__})")
    items: list[tuple[FeedEntry, Document]] = []
    warnings: list[str] = []
    seen: set[str] = set()
    unchanged = parsed.unchanged  # seen before, the same: not even extracted
    for entry in parsed.entries:
        if entry.key in seen:
            continue  # the same entry twice in one feed: the first one wins
        seen.add(entry.key)
        doc = replace(entry.document, source=entry_source(feed.url, entry.key))
        doc, warning = full_text(client, entry, doc)
        if warning:
            warnings.append(warning)
            if known.get(entry.key) != RETRY + entry.digest:
                # remembered as changed: its page is tried once more on the next refresh
                entry = entry._replace(digest=RETRY + entry.digest)
        items.append((entry, doc))
    return _Fetched(
        feed, response=got, items=tuple(items), unchanged=unchanged, warnings=tuple(warnings), title=parsed.title
    )


def _store(lib: Library, fetched: _Fetched) -> FeedOutcome:
    """Runs on the calling thread: import the fetched entries and remember the feed's state."""
    feed = fetched.feed
    if fetched.error:
        record_refresh(lib, feed.id, error=fetched.error)
        return FeedOutcome(feed, error=fetched.error)
    got = fetched.response
    assert got is not None
    if got.status == 304:
        record_refresh(lib, feed.id, error=None)
        return FeedOutcome(feed, not_modified=True)
    report = ImportReport()
    if fetched.items:
        lib.import_documents([doc for _, doc in fetched.items], report)
    failed = {source for source, _ in report.failed}
    rows = [
        (entry.key, entry.digest, report.article_of.get(doc.source), entry.author)
        for entry, doc in fetched.items
        if doc.source not in failed  # not remembered: tried again next time
    ]
    record_entries(lib, feed.id, rows)
    if fetched.title:
        feed = name_after_title(lib, feed, fetched.title)
    record_refresh(lib, feed.id, error=None, etag=got.etag, last_modified=got.last_modified, validators=True)
    warnings = list(fetched.warnings) + [f"{source}: {reason}" for source, reason in report.failed]
    return FeedOutcome(
        feed,
        new=tuple(report.imported),
        updated=tuple(report.updated),
        unchanged=fetched.unchanged + len(report.unchanged),
        warnings=tuple(warnings),
    )


def refresh(
    lib: Library,
    names: Sequence[str] = (),
    *,
    client: HttpClient | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int = WORKERS,
) -> RefreshReport:
    """Refresh the named feeds (all when none are named). Unknown names are an error before any fetch."""
    if lib.readonly:
        raise BriefingError(f"{lib.path}: the library is read-only; feeds cannot be refreshed")
    feeds = [find_feed(lib, name) for name in names] if names else list_feeds(lib)
    feeds = list({f.id: f for f in feeds}.values())
    report = RefreshReport()
    if not feeds:
        return report
    known = {f.id: known_entries(lib, f.id) for f in feeds}
    own = client is None
    http = client if client is not None else new_client()
    total = len(feeds)
    if progress:
        progress(0, total, "")
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, total)), thread_name_prefix="refresh") as pool:
            futures = {pool.submit(_fetch, http, f, known[f.id]): f for f in feeds}
            pending = set(futures)
            done = 0
            while pending:
                # a tick now and then even when nothing completes: a progress bar shows on a slow feed
                finished, pending = wait(pending, timeout=TICK, return_when=FIRST_COMPLETED)
                for future in finished:
                    feed = futures[future]
                    try:
                        fetched = future.result()
                    except Exception as err:  # noqa: BLE001 - one feed's bug is that feed's line
                        fetched = _Fetched(feed, error=f"failed ({type(err).__name__}: {err})")
                    try:
                        outcome = _store(lib, fetched)
                    except BriefingError as err:  # the library busy or full: this feed's line, then the next
                        outcome = FeedOutcome(feed, error=str(err))
                    report.outcomes.append(outcome)
                    done += 1
                    if progress:
                        progress(done, total, feed.name)
                if progress and not finished:
                    progress(done, total, "")
    finally:
        if own:
            http.close()
    order = {f.id: i for i, f in enumerate(feeds)}
    report.outcomes.sort(key=lambda o: order[o.feed.id])
    return report


def import_url(lib: Library, url: str, *, client: HttpClient | None = None) -> ImportReport:
    """Import one web page (its main text) or every entry of one feed, by URL, without subscribing."""
    from ..fetch.http import FetchError
    from ..ingest.feed import feed_entries, looks_like_feed
    from ..ingest.html import document_from_html

    own = client is None
    http = client if client is not None else new_client()
    report = ImportReport()
    try:
        try:
            got = http.get(url, accept=PAGE_ACCEPT + ", " + FEED_ACCEPT.split(",")[0])
        except FetchError as err:
            raise BriefingError(f"{url}: {err}") from None
        kind = got.content_type.lower()
        if looks_like_feed(got.body) or any(k in kind for k in ("rss", "atom", "rdf")):
            docs = []
            for entry in feed_entries(got.body, url):
                doc = replace(entry.document, source=entry_source(url, entry.key))
                docs.append(full_text(http, entry, doc)[0])  # a page that fails: the summary is kept
        else:
            page = document_from_html(got.body, url)
            meta = dict(page.metadata)
            meta.setdefault("URL", got.url)
            docs = [replace(page, metadata=meta)]
        lib.import_documents(docs, report)
    finally:
        if own:
            http.close()
    report.articles_by_path[url] = list(dict.fromkeys(report.article_of[d.source] for d in docs if d.source in report.article_of))
    return report
