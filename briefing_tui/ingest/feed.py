"""RSS, Atom and RDF feeds (feedparser): each entry becomes one article ``Document``.

An entry's source is its id (or its link, or ``FEED#n``); title, date and URL come from the entry's
fields; the body is the entry's content (or summary) turned into plain text by ``html.html_to_text``.
Titles are plain text: markup in them (a hostile feed's ``<script>``) is dropped, never kept.
``parse_feed`` also says, per entry, whether it carries only a summary and a digest of the entry as
given (a subscription skips entries it has seen unchanged).
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import NamedTuple

from ..errors import BriefingError
from ..model import Document
from .html import html_to_text, safe_url
from .text import normalise_newlines

_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def looks_like_feed(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return any(m in head for m in _FEED_MARKERS)


def _date(entry) -> str | None:  # noqa: ANN001
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if value:
            return str(value)
    return None


_TAG = re.compile(r"<[A-Za-z!/?]")
SUMMARY_ONLY_CHARS = 800  # an entry without full content and shorter than this is a summary


class FeedEntry(NamedTuple):
    key: str  # the entry's id (or link, or a hash of its title and text) within its feed
    digest: str  # sha256 of the entry as the feed gave it
    document: Document
    summary_only: bool  # no full content: worth fetching the linked page
    link: str | None
    author: str | None


def plain_title(value: object) -> str:
    """A title as one line of plain text: tags (and a script's or style's content) dropped."""
    title = str(value or "")
    if _TAG.search(title):
        title = html_to_text(title)
    return " ".join(title.split())


def _has_content(entry) -> bool:  # noqa: ANN001
    return any((c.get("value") or "").strip() for c in entry.get("content") or ())


def _digest(entry) -> str:  # noqa: ANN001
    parts = [str(entry.get(k) or "") for k in ("id", "title", "link", "summary", "updated", "published", "author")]
    parts += [str(c.get("value") or "") for c in entry.get("content") or ()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _key(entry) -> str:  # noqa: ANN001
    """The entry's identity within its feed: its id, else its link, else a hash of its title and text
    (not its position: a new entry at the top would shift every position onto another entry)."""
    found = entry.get("id") or entry.get("link")
    if found:
        return str(found)
    parts = [str(entry.get("title") or ""), str(entry.get("summary") or "")]
    parts += [str(c.get("value") or "") for c in entry.get("content") or ()]
    return "#sha-" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _body(entry) -> str:  # noqa: ANN001
    candidates = []
    for content in entry.get("content") or ():
        candidates.append((content.get("type") or "", content.get("value") or ""))
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((detail.get("type") or "text/html", entry.get("summary") or ""))
    best = ""
    done: set[str] = set()
    for kind, value in candidates:
        if value in done:  # RSS: feedparser gives the content as the summary too
            continue
        done.add(value)
        text = html_to_text(value) if "html" in kind or "<" in value else " ".join(value.split())
        if len(text) > len(best):
            best = text
    return best


def documents_from_feed(data: bytes, source: str) -> list[Document]:
    """One ``Document`` per entry of an RSS/Atom/RDF feed. A file that is not a feed is an error."""
    return [e.document for e in feed_entries(data, source)]


def _broken_xml(parsed) -> str | None:  # noqa: ANN001
    """Why the feed's XML is cut short or badly nested (feedparser reads on, loosely), else None. An
    undefined entity and other slips feedparser gets around are not counted."""
    err = parsed.get("bozo_exception")
    if err is None or type(err).__name__ != "SAXParseException":
        return None
    message = str(err)
    if any(m in message for m in ("no element found", "unclosed token", "mismatched tag", "junk after")):
        return message
    return None


class ParsedFeed(NamedTuple):
    title: str
    entries: list[FeedEntry]
    unchanged: int  # entries left out because ``known`` had them with the same digest


def feed_entries(data: bytes, source: str, *, strict: bool = False, allow_empty: bool = False) -> list[FeedEntry]:
    """The entries of a feed with their documents (see ``parse_feed``)."""
    return parse_feed(data, source, strict=strict, allow_empty=allow_empty).entries


def parse_feed(
    data: bytes,
    source: str,
    *,
    strict: bool = False,
    allow_empty: bool = False,
    known: dict[str, str] | None = None,
    content_type: str | None = None,
) -> ParsedFeed:
    """The entries of a feed with their documents; ``BriefingError`` when ``data`` is not a feed.
    ``strict``: XML cut short or badly nested is an error even when some entries could be read;
    ``allow_empty``: a feed without entries is no error (a subscription with nothing new yet);
    ``known``: entry key -> digest of entries seen before: those still the same are left out (their
    text is not even extracted); ``content_type``: the HTTP header (its charset counts)."""
    import feedparser

    # our own html_to_text drops scripts and markup: feedparser's sanitiser and URL resolver would only
    # cost time (two thirds of the parse of a 10,000-entry feed)
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False, response_headers=headers)
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        raise BriefingError(f"{source}: not an RSS or Atom feed{detail}")
    broken = _broken_xml(parsed)
    if broken and (strict or not entries):
        raise BriefingError(f"{source}: malformed XML ({broken})")
    out: list[FeedEntry] = []
    unchanged = 0
    feed_title = plain_title((parsed.get("feed") or {}).get("title"))
    for index, entry in enumerate(entries):
        if known:
            key = _key(entry)
            if key in known and known[key] == _digest(entry):
                unchanged += 1
                continue
        title = plain_title(entry.get("title"))
        body = normalise_newlines(_body(entry)).strip("\n")
        if not body.strip():
            if not title:
                continue
            body = title
        key = _key(entry)
        entry_source = key if (entry.get("id") or entry.get("link")) else f"{source}#{index + 1}"
        meta: dict[str, str] = {}
        if title:
            meta["Title"] = title
        date = _date(entry)
        if date:
            meta["Date"] = date
        link = safe_url(entry.get("link"))
        if link:
            meta["URL"] = link
        author = plain_title(entry.get("author")) or None
        if author:
            meta["Author"] = author
        if feed_title:
            meta["Feed"] = feed_title
        meta["Feed file"] = source
        doc = Document(
            source=entry_source,
            text=body,
            title=title or body.split("\n", 1)[0][:200],
            body_start=0,
            metadata=meta,
        )
        summary_only = not _has_content(entry) and len(body) < SUMMARY_ONLY_CHARS
        out.append(FeedEntry(key, _digest(entry), doc, summary_only, link, author))
    if not out and not unchanged and not allow_empty:
        raise BriefingError(f"{source}: the feed has no entries with text")
    return ParsedFeed(feed_title, out, unchanged)
