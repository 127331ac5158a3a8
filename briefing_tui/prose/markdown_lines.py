"""Markdown line structure, for reading Markdown as prose without analysing its markup as words.

Used by analysis (paragraphs of plain text) and ingest (a title from the first heading).

Plain regular expressions over single lines (fast, no parser): which lines are headings, list items,
block quotes, fences, rules or table rows, and where the prose of such a line starts. Offsets stay
offsets into the raw line, so callers can keep pointing into the source text.
"""

from __future__ import annotations

import re

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_TABLE = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_HTML_COMMENT = re.compile(r"^ {0,3}<!--.*-->[ \t]*$")


def heading_level(line: str) -> int:
    """1-6 for an ATX heading line (``# Title``), else 0."""
    m = _ATX.match(line)
    return len(m.group(1)) if m else 0


def heading_span(line: str) -> tuple[int, int] | None:
    """The (start, end) of an ATX heading's text within ``line``, or None when it is not a heading."""
    m = _ATX.match(line)
    if not m:
        return None
    end = len(line.rstrip())
    close = _ATX_CLOSE.search(line, m.end())
    if close:
        end = close.start()
    start = m.end()
    if start >= end:
        return (start, start)
    return (start, end)


def is_setext_underline(line: str) -> bool:
    """``===`` or ``---`` under a line of text (makes that line a heading)."""
    return bool(_SETEXT.match(line))


def is_fence(line: str) -> bool:
    """A code fence line (three or more backticks or tildes)."""
    return bool(_FENCE.match(line))


def fence_marker(line: str) -> str:
    m = _FENCE.match(line)
    return m.group(1) if m else ""


def is_rule(line: str) -> bool:
    """A thematic break (``---``, ``***``, ``___``)."""
    return bool(_RULE.match(line))


def is_table_row(line: str) -> bool:
    return bool(_TABLE.match(line))


def is_comment(line: str) -> bool:
    return bool(_HTML_COMMENT.match(line))


def is_list_item(line: str) -> bool:
    return bool(_BULLET.match(line))


def is_block_quote(line: str) -> bool:
    return bool(_QUOTE.match(line))


def starts_block(line: str) -> bool:
    """Whether ``line`` starts a new Markdown block even without a blank line before it."""
    return bool(
        _ATX.match(line) or _BULLET.match(line) or _FENCE.match(line) or _RULE.match(line) or _TABLE.match(line)
    )


def is_markup_only(line: str) -> bool:
    """Lines with no prose to analyse: rules, setext underlines, fences, table rows, HTML comments."""
    return bool(
        _RULE.match(line) or _SETEXT.match(line) or _FENCE.match(line) or _TABLE.match(line)
        or _HTML_COMMENT.match(line)
    )


def prose_start(line: str) -> int:
    """Where the prose of a line starts, after a heading, bullet or block-quote marker (0 if none)."""
    m = _ATX.match(line)
    if m:
        return m.end()
    pos = 0
    m = _QUOTE.match(line)
    if m:
        pos = m.end()
    m = _BULLET.match(line, pos)
    if m:
        pos = m.end()
    return pos
