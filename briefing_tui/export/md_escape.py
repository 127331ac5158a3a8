"""Untrusted text made inert in Markdown: article text, titles, names and quotes come from files and
feeds, and a Markdown viewer that passes HTML through would run a ``<script>`` in them.

``md_text`` escapes ``&``, ``<`` and ``>`` as entities (no tag, comment or autolink can start) and
``[``, ``]`` and ``\\`` with a backslash (no link, image or reference definition can be formed);
``md_url`` gives an http(s) URL as an autolink with anything that could end it percent-encoded, and
any other URL as escaped text. Only the Markdown we write ourselves (headings, lists, rules, our notes'
quote blocks) stays live.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "[": "\\[", "]": "\\]"}
_SPECIAL = re.compile(r"[&<>\\\[\]]")


def md_text(text: str) -> str:
    """``text`` as literal Markdown text: no HTML, no links, no images."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text)


def md_url(url: str) -> str:
    """An http(s) URL as an autolink (``<``, ``>``, quotes, spaces and backticks percent-encoded); any
    other scheme as plain escaped text, never a link."""
    if re.match(r"(?i)https?://", url):
        return "<" + quote(url, safe=":/?#@!$&()*+,;=%~-._[]") + ">"
    return md_text(url)
