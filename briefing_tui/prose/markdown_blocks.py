"""Markdown read by a real parser (markdown-it-py, CommonMark plus tables), for analysing it as prose.

``parse(text, start)`` gives the prose blocks of the Markdown in ``text[start:]`` — headings, and the
paragraphs of the body, of list items and of block quotes, each its own paragraph — as (start, end)
offsets into ``text`` (the parser's source map gives each block's lines), and ``text`` with the
Markdown syntax masked: heading marks, list bullets, block-quote marks, emphasis and code marks, link
brackets and destinations, images, autolinks and inline HTML become spaces (line breaks are kept), as
do code blocks, tables, rules and HTML blocks, which are not prose. The masked text has the same
length as the source, so every offset found in it is an offset into the source: analysis reads the
masked text and its names, topics and quotes carry no Markdown, while the reader and notes keep
pointing into the file as written.

Inline tokens have no source map, so each inline token's text is found in the block's source in
order; what lies between two pieces of text is syntax. Backslash escapes and character references
(``\\*``, ``&amp;``), whose text differs from the source, are matched character by character.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

_NOT_NEWLINE = re.compile(r"[^\n]")
_PROSE_OPENERS = frozenset({"paragraph_open", "heading_open"})
_ESCAPE_WINDOW = 12  # how far ahead a character of escaped or referenced text is looked for


class MarkdownProse(NamedTuple):
    paragraphs: list[tuple[int, int]]  # prose blocks in source order, trimmed of whitespace
    headings: frozenset[int]  # indices into ``paragraphs`` of the headings
    text: str  # the source with its Markdown syntax (and non-prose blocks) masked by spaces


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt  # imported on first use: reading a .txt file never needs it

    return MarkdownIt("commonmark").enable("table")


def _blank(s: str) -> str:
    return _NOT_NEWLINE.sub(" ", s)


def _close_paren(text: str, i: int, end: int) -> int:
    """Just past the ``)`` closing the ``(`` at ``i`` (nested parens and backslash escapes allowed),
    or ``i`` when there is none before ``end``."""
    depth = 0
    k = i
    while k < end:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return i


def _skip_destination(text: str, cur: int, end: int) -> int:
    """After a link's or image's text: past ``](destination "title")``, ``][label]`` or ``]``."""
    j = text.find("]", cur, end)
    if j < 0:
        return cur
    cur = j + 1
    if text.startswith("(", cur):
        return _close_paren(text, cur, end)
    if text.startswith("[", cur):
        k = text.find("]", cur, end)
        return k + 1 if k >= 0 else cur
    return cur


def _keep_text(text: str, content: str, cur: int, end: int, keep: list[tuple[int, int]]) -> int:
    """Record where ``content`` (an inline token's text) is in ``text[cur:end]``; the new cursor."""
    i = text.find(content, cur, end)
    if i >= 0:
        keep.append((i, i + len(content)))
        return i + len(content)
    for ch in content:  # an escape or a character reference: its text is not the source's
        j = text.find(ch, cur, min(end, cur + _ESCAPE_WINDOW))
        if j >= 0:
            keep.append((j, j + 1))
            cur = j + 1
    return cur


def _align(text: str, children: list[Any], start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of the prose of one inline token's children inside ``text[start:end]``."""
    keep: list[tuple[int, int]] = []
    cur = start
    autolinks = 0
    for tok in children:
        kind = tok.type
        if kind in ("text", "code_inline"):
            if tok.content and not autolinks:
                cur = _keep_text(text, tok.content, cur, end, keep)
        elif kind in ("softbreak", "hardbreak"):
            nl = text.find("\n", cur, end)
            if nl >= 0:
                cur = nl + 1
        elif kind == "link_open":
            if tok.markup == "autolink":
                autolinks += 1  # <https://...>: a URL, not prose
        elif kind == "link_close":
            if tok.markup == "autolink":
                autolinks = max(0, autolinks - 1)
                close = text.find(">", cur, end)
                cur = close + 1 if close >= 0 else cur
            else:
                cur = _skip_destination(text, cur, end)
        elif kind == "image":
            bang = text.find("![", cur, end)
            if bang >= 0:
                depth, k = 0, bang + 1
                while k < end:  # the alt text's closing bracket (alt text may hold brackets)
                    if text[k] == "\\":
                        k += 2
                        continue
                    depth += text[k] == "["
                    depth -= text[k] == "]"
                    if depth == 0:
                        break
                    k += 1
                cur = _skip_destination(text, k, end) if k < end else cur
    return keep


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def parse(text: str, start: int = 0) -> MarkdownProse:
    """The prose blocks of the Markdown in ``text[start:]`` and the masked text (module docstring)."""
    source = text[start:]
    line_starts = [0]
    pos = source.find("\n")
    while pos >= 0:
        line_starts.append(pos + 1)
        pos = source.find("\n", pos + 1)

    def offset(line: int) -> int:
        return start + (line_starts[line] if line < len(line_starts) else len(source))

    tokens = _parser().parse(source)
    paragraphs: list[tuple[int, int]] = []
    headings: set[int] = set()
    kept: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or i == 0 or tokens[i - 1].type not in _PROSE_OPENERS:
            continue
        opener = tokens[i - 1]
        lines = tok.map or opener.map
        if not lines:
            continue
        a, b = offset(lines[0]), offset(lines[1])
        keep = [span for span in _align(text, tok.children or [], a, b) if span[1] > span[0]]
        if not keep:
            continue
        ps, pe = _trimmed(text, keep[0][0], keep[-1][1])
        if pe <= ps:
            continue
        if opener.type == "heading_open":
            headings.add(len(paragraphs))
        paragraphs.append((ps, pe))
        kept.extend(keep)
    # the masked text: kept prose as is, everything else from ``start`` on blanked (line breaks kept)
    parts = [text[:start]]
    cur = start
    for a, b in sorted(kept):
        if a < cur:
            a = cur
        if b <= a:
            continue
        parts.append(_blank(text[cur:a]))
        parts.append(text[a:b])
        cur = b
    parts.append(_blank(text[cur:]))
    masked = "".join(parts)
    return MarkdownProse(paragraphs, frozenset(headings), masked)

