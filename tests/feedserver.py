"""A local HTTP server for subscription tests and the refresh benchmark: 127.0.0.1 only, routes set by
the test (body, status, headers, ETag, delay, gzip, a streamed generator), requests recorded. And small
feed builders (RSS 2.0, Atom, RDF) with invented content."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    body: bytes | Callable[[], Iterable[bytes]] = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    gzip: bool = False


class FeedServer:
    """``with FeedServer() as server: server.route('/feed.xml', Route(...)); server.url('/feed.xml')``"""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sent: Counter[str] = Counter()  # bytes written per path
        self.not_modified: Counter[str] = Counter()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.hits[path] += 1
                    server.requests.append((path, dict(self.headers.items())))
                    route = server.routes.get(path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    with server._lock:
                        server.not_modified[path] += 1
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                try:
                    if callable(route.body):
                        self.end_headers()
                        for chunk in route.body():
                            self.wfile.write(chunk)
                            with server._lock:
                                server.sent[path] += len(chunk)
                        return
                    body = route.body
                    if route.gzip and "gzip" in (self.headers.get("Accept-Encoding") or ""):
                        body = gzip.compress(body)
                        self.send_header("Content-Encoding", "gzip")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    with server._lock:
                        server.sent[path] += len(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up (a size limit, a timeout)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, route: Route) -> str:
        with self._lock:
            self.routes[path] = route
        return self.url(path)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


# ---------------------------------------------------------------------------- feed builders


@dataclass
class Item:
    key: str
    title: str
    text: str = ""  # full content (content:encoded / Atom content); empty: summary only
    summary: str = ""
    link: str = ""
    author: str = "Mira Holt"
    date: str = "Tue, 03 Mar 2026 09:00:00 GMT"
    iso_date: str = "2026-03-03T09:00:00Z"


def rss(title: str, items: Iterable[Item]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{escape(title)}</title><link>http://example.invalid/</link><description>d</description>",
    ]
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it.title)}</title><guid isPermaLink=\"false\">{escape(it.key)}</guid>")
        if it.link:
            parts.append(f"<link>{escape(it.link)}</link>")
        parts.append(f"<dc:creator>{escape(it.author)}</dc:creator><pubDate>{it.date}</pubDate>")
        if it.summary:
            parts.append(f"<description>{escape(it.summary)}</description>")
        if it.text:
            parts.append(f"<content:encoded>{escape(it.text)}</content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def atom(title: str, items: Iterable[Item]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title><id>urn:uuid:feed-{escape(title)}</id><updated>2026-03-03T09:00:00Z</updated>",
    ]
    for it in items:
        parts.append("<entry>")
        parts.append(f"<title>{escape(it.title)}</title><id>{escape(it.key)}</id><updated>{it.iso_date}</updated>")
        parts.append(f"<author><name>{escape(it.author)}</name></author>")
        if it.link:
            parts.append(f'<link rel="alternate" href="{escape(it.link)}"/>')
        if it.summary:
            parts.append(f"<summary>{escape(it.summary)}</summary>")
        if it.text:
            parts.append(f'<content type="html">{escape(it.text)}</content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def rdf(title: str, items: Iterable[Item]) -> bytes:
    items = list(items)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f'<channel rdf:about="http://example.invalid/rdf"><title>{escape(title)}</title>'
        "<link>http://example.invalid/</link><description>d</description><items><rdf:Seq>",
    ]
    parts += [f'<rdf:li rdf:resource="{escape(it.link or it.key)}"/>' for it in items]
    parts.append("</rdf:Seq></items></channel>")
    for it in items:
        parts.append(f'<item rdf:about="{escape(it.link or it.key)}">')
        parts.append(f"<title>{escape(it.title)}</title><link>{escape(it.link or it.key)}</link>")
        parts.append(f"<dc:creator>{escape(it.author)}</dc:creator><dc:date>{it.iso_date}</dc:date>")
        if it.summary:
            parts.append(f"<description>{escape(it.summary)}</description>")
        if it.text:
            parts.append(f"<content:encoded>{escape(it.text)}</content:encoded>")
        parts.append("</item>")
    parts.append("</rdf:RDF>")
    return "\n".join(parts).encode("utf-8")


def page(title: str, paragraphs: Iterable[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article><footer>Footer text</footer></body></html>"
    ).encode("utf-8")


def paragraphs(topic: str, n: int = 6) -> list[str]:
    """Invented article text, distinct per ``topic``."""
    return [
        f"The {topic} council met on day {i} to weigh the proposal from Borvia, and the delegates argued "
        f"at length about the treaty's wording on {topic} while observers waited outside the hall."
        for i in range(1, n + 1)
    ]
