"""HTML articles: the main text extracted by trafilatura, title / date / URL from the page's metadata.

``document_from_html(data, source)`` turns a whole web page into a ``Document`` (navigation, scripts,
styles and boilerplate dropped). ``html_to_text(markup)`` turns an HTML fragment (a feed entry's
content) into plain text with one line per block, using the standard library's HTML parser; script
and style contents never become text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..errors import BriefingError
from ..model import Document
from .text import decode_bytes, normalise_newlines

_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_SKIP = frozenset("script style template noscript head title svg math iframe object".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._skip = 0
        self._pre = 0

    def _flush(self) -> None:
        text = "".join(self._current)
        self._current = []
        if self._pre:
            lines = [ln.rstrip() for ln in text.split("\n")]
            text = "\n".join(ln for ln in lines if ln.strip())
        else:
            text = " ".join(text.split())
        if text.strip():
            self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip += 1
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def text(self) -> str:
        self._flush()
        return "\n".join(self.blocks)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: one line per block element, whitespace collapsed."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.text()


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
