"""HTML articles: the main text extracted by trafilatura, title / date / URL from the page's metadata.

``document_from_html(data, source)`` turns a whole web page into a ``Document`` (navigation, scripts,
styles and boilerplate dropped). ``html_to_text(markup)`` turns an HTML fragment (a feed entry's
content, or a page trafilatura finds no text in) into plain text with one line per block, parsed by
lxml; script and style contents never become text.
"""

from __future__ import annotations

from ..errors import BriefingError
from ..model import Document
from .text import decode_bytes, normalise_newlines

_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_SKIP = frozenset("script style template noscript head title svg math iframe object".split())


class _TextTarget:
    """An lxml parser target: the parser's events (no tree, so no nesting limit) gathered into text
    block by block, whitespace collapsed except inside ``<pre>``."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.pre = 0
        self.skip = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre:
            lines = [ln.rstrip() for ln in text.split("\n")]
            text = "\n".join(ln for ln in lines if ln.strip())
        else:
            text = " ".join(text.split())
        if text.strip():
            self.blocks.append(text)

    def start(self, tag: str, attrib: object) -> None:
        tag = tag.lower()
        if tag in _SKIP or self.skip:
            self.skip += 1
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self.pre += 1

    def end(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        tag = tag.lower()
        if tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def data(self, text: str) -> None:
        if not self.skip:
            self.current.append(text)

    def comment(self, text: str) -> None:
        pass

    def close(self) -> str:
        self._flush()
        return "\n".join(self.blocks)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment or page: one line per block element, whitespace collapsed;
    scripts, styles and the page's head never become text. Parsed by lxml (libxml2's forgiving HTML
    parser: a missing ``</head>``, ``</p>`` or ``</body>`` is implied, as browsers do)."""
    from lxml import etree

    if not markup.strip():
        return ""
    target = _TextTarget()
    parser = etree.HTMLParser(target=target, encoding="utf-8")
    try:  # as UTF-8 bytes: lxml refuses a str that declares its own encoding
        parser.feed(markup.encode("utf-8", "replace"))
        return parser.close()
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return target.close()


_SAFE_SCHEMES = ("http://", "https://", "ftp://", "gopher://", "gemini://", "mailto:", "urn:", "tag:")


def safe_url(value: object) -> str | None:
    """``value`` as a URL worth keeping: web-like schemes (or none) only — a ``javascript:``,
    ``data:`` or ``vbscript:`` link from a hostile page or feed is dropped, not stored."""
    if not value:
        return None
    url = "".join(str(value).split())
    low = url.lower()
    if ":" in low.split("/", 1)[0] and not low.startswith(_SAFE_SCHEMES):
        return None
    return url or None


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<html" in head or "<body" in head


def document_from_html(data: bytes | str, source: str) -> Document:
    """A ``Document`` from a web page: the main text (trafilatura) and its title, date and URL."""
    import trafilatura

    if isinstance(data, bytes):
        decoded = decode_bytes(data, source)  # refuses binary and empty files
        markup: bytes | str = data  # trafilatura honours the page's declared charset
    else:
        decoded = markup = data
        if not decoded.strip():
            raise BriefingError(f"{source}: empty file")
    try:
        extracted = trafilatura.bare_extraction(
            markup, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception as err:  # trafilatura / lxml raise many kinds of errors on broken input
        extracted = None
        _ = err
    meta: dict[str, str] = {}
    text = ""
    if extracted is not None:
        found = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
        text = found.get("text") or ""
        for key, name in (("title", "Title"), ("date", "Date"), ("url", "URL"), ("author", "Author"),
                          ("sitename", "Site")):
            value = found.get(key)
            if key == "url":
                value = safe_url(value)
            if value and str(value).strip():
                meta[name] = " ".join(str(value).split())
    if not text.strip():
        text = html_to_text(decoded)
    text = normalise_newlines(text).strip("\n")
    if not text.strip():
        raise BriefingError(f"{source}: no article text found in the HTML")
    title = meta.get("Title") or text.split("\n", 1)[0][:200]
    return Document(source=source, text=text, title=title, body_start=0, metadata=meta)
