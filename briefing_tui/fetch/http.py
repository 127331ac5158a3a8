"""HTTP(S) GET with the limits a feed reader needs, on urllib3 (which trafilatura already brings).

``HttpClient.get(url, etag=..., last_modified=...)`` returns a ``Fetched`` (status 200, or 304 when the
server says the copy we have is current) or raises ``FetchError`` with a one-line reason. Only ``http``
and ``https`` URLs are fetched, redirects included (followed by hand, at most ``max_redirects``); gzip
and deflate bodies are decoded; every request has a connect and a read timeout and a total deadline;
the body is streamed and the transfer aborted as soon as it passes ``max_bytes`` (a declared
Content-Length over the limit is refused before reading anything; a compressed body is counted as
decoded and decoded a bounded piece at a time) or the deadline. Politeness: at most ``per_host``
requests to one host at a time, shared by all the threads using one client.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import BriefingError

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
USER_AGENT = f"briefing/{__version__} (terminal feed reader)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(BriefingError):
    """A fetch that failed; ``str(err)`` is the reason alone (the caller names the feed or page)."""


class Fetched(NamedTuple):
    url: str  # the final URL, after redirects
    status: int  # 200 (or another 2xx) or 304 (not modified: ``body`` is empty)
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else ``FetchError``."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError("not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a bare name'!r}")
    if not parts.hostname:
        raise FetchError("the URL has no host")
    return url


def is_url(text: str) -> bool:
    """Whether ``text`` looks like a URL (``scheme://``) rather than a file name."""
    head = text.split("://", 1)
    return len(head) == 2 and head[0].isalpha() and len(head[0]) > 1


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class HttpClient:
    """A pool of connections shared by threads; close it when done (or use it as a context manager)."""

    def __init__(
        self,
        *,
        timeout: float = 15.0,
        connect_timeout: float = 5.0,
        deadline: float = 60.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        per_host: int = 2,
    ) -> None:
        import urllib3

        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.per_host = per_host
        self._urllib3 = urllib3
        self._pool = urllib3.PoolManager(
            num_pools=64,
            maxsize=per_host,
            timeout=urllib3.Timeout(connect=connect_timeout, read=timeout),
            retries=False,
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self._pool.clear()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        host = host_of(url)
        with self._hosts_lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.BoundedSemaphore(self.per_host)
        with slot:
            yield

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
    ) -> Fetched:
        """GET ``url`` (following redirects); conditional when ``etag``/``last_modified`` are given."""
        url = check_url(url)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        for _hop in range(self.max_redirects + 1):
            with self._host_slot(url):
                resp = self._request(url, headers)
                try:
                    status = resp.status
                    if status in _REDIRECTS:
                        location = resp.headers.get("Location")
                        if not location:
                            raise FetchError(f"HTTP {status} redirect without a Location")
                        try:
                            url = check_url(urljoin(url, location.strip()))
                        except FetchError as err:
                            raise FetchError(f"redirected to a URL that is not fetched: {err}") from None
                        continue
                    if status == 304:
                        return Fetched(url, 304, b"", etag, last_modified, "")
                    if not 200 <= status < 300:
                        reason = (getattr(resp, "reason", "") or "").strip()
                        wait = (resp.headers.get("Retry-After") or "").strip()
                        later = f" (the server asks to wait {wait[:40]}{' s' * wait.isdigit()})" if wait else ""
                        raise FetchError(f"HTTP {status}{' ' + reason if reason else ''}{later}")
                    body = self._read(resp, started)
                    return Fetched(
                        url,
                        status,
                        body,
                        resp.headers.get("ETag"),
                        resp.headers.get("Last-Modified"),
                        resp.headers.get("Content-Type", ""),
                    )
                finally:
                    resp.close()  # an unread rest (a refused body, an abort) is dropped with its connection
                    resp.release_conn()
        raise FetchError(f"more than {self.max_redirects} redirects")

    def _request(self, url: str, headers: dict[str, str]):  # noqa: ANN202 - a urllib3 response
        exc = self._urllib3.exceptions
        try:
            return self._pool.request(
                "GET", url, headers=headers, redirect=False, retries=False, preload_content=False
            )
        except exc.NameResolutionError as err:
            raise FetchError(f"cannot resolve the host {getattr(err, 'host', '') or host_of(url)!r}") from None
        except exc.NewConnectionError as err:
            cause = re.sub(r"^\[Errno -?\d+\]\s*", "", str(err).rsplit(":", 1)[-1].strip()) or "refused"
            raise FetchError(f"cannot connect ({cause})") from None
        except exc.ConnectTimeoutError:
            raise FetchError("timed out connecting") from None
        except exc.ReadTimeoutError:
            raise FetchError(f"timed out (no answer within {self.timeout:g} s)") from None
        except exc.SSLError as err:
            raise FetchError(f"TLS error ({err})") from None
        except exc.LocationParseError:
            raise FetchError("not a valid URL") from None
        except (exc.ProtocolError, exc.HTTPError, OSError) as err:
            raise FetchError(f"connection failed ({type(err).__name__})") from None

    def _read(self, resp, started: float) -> bytes:  # noqa: ANN001
        exc = self._urllib3.exceptions
        declared = resp.headers.get("Content-Length")
        encoded = (resp.headers.get("Content-Encoding") or "").strip().lower()
        if declared and declared.strip().isdigit() and not encoded and int(declared) > self.max_bytes:
            raise FetchError(f"too large ({int(declared):,} bytes; the limit is {self.max_bytes:,})")
        chunks: list[bytes] = []
        total = 0
        try:
            while True:
                # read1: whatever has arrived (up to 64 KiB, decoded at most that much at a time), so
                # a server that drips bytes meets the deadline instead of filling a buffer for hours
                chunk = resp.read1(65536, decode_content=True)
                if not chunk:
                    break
                total += len(chunk)
                if total > self.max_bytes:
                    raise FetchError(f"too large (more than the limit of {self.max_bytes:,} bytes)")
                if time.monotonic() - started > self.deadline:
                    raise FetchError(f"too slow (not complete after {self.deadline:g} s)")
                chunks.append(chunk)
        except exc.ReadTimeoutError:
            raise FetchError(f"timed out (no data within {self.timeout:g} s)") from None
        except exc.DecodeError:
            raise FetchError("the compressed body is damaged") from None
        except (exc.ProtocolError, exc.HTTPError, OSError) as err:
            raise FetchError(f"connection broken while reading ({type(err).__name__})") from None
        return b"".join(chunks)
