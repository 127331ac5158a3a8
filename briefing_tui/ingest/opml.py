"""OPML, the subscription lists feed readers exchange: reading the feeds out of one, writing one.

Reading uses the standard library's XML parser with DTDs and entities refused (an OPML file from
elsewhere is untrusted); outlines are read at any depth, a feed being an outline with an ``xmlUrl``.
"""

from __future__ import annotations

from collections.abc import Sequence
import re
from typing import NamedTuple
from xml.sax.saxutils import quoteattr

from ..errors import BriefingError


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # not allowed in XML 1.0


class Outline(NamedTuple):
    url: str
    title: str | None


def read_opml(data: bytes, source: str) -> list[Outline]:
    """The feeds (``xmlUrl`` outlines) of an OPML document; ``BriefingError`` for anything else."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise BriefingError(f"{source}: OPML with a DOCTYPE or entities is not read")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise BriefingError(f"{source}: not valid OPML ({err})") from None
    if root.tag.lower() != "opml":
        raise BriefingError(f"{source}: not an OPML file (its root is <{root.tag}>)")
    out: list[Outline] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            title = " ".join((outline.get("title") or outline.get("text") or "").split()) or None
            out.append(Outline(url, title))
    return out


def write_opml(feeds: Sequence[tuple[str, str]], title: str = "Briefing subscriptions") -> str:
    """An OPML 2.0 document of (name, url) pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    for name, url in feeds:
        name, url = _XML_UNSAFE.sub("", name), _XML_UNSAFE.sub("", url)
        lines.append(
            f"    <outline type=\"rss\" text={quoteattr(name)} title={quoteattr(name)} xmlUrl={quoteattr(url)}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(s: str) -> str:
    from xml.sax.saxutils import escape

    return escape(s)
